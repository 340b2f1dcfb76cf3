// SPDX-License-Identifier: BSD-2-Clause
// The command line (cli.hpp), parsed with CLI11; its errors are reworded as
// Microkit's argparse-style lines.
#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "board.hpp"
#include "build.hpp"

namespace microkit {
namespace {

namespace fs = std::filesystem;

std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

// The configurations the SDK has for a board: its board directory's subdirectories.
std::vector<std::string> configs_of(const fs::path& board_dir) {
    std::vector<std::string> configs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(board_dir, ec))
        if (entry.is_directory()) configs.push_back(entry.path().filename().string());
    std::sort(configs.begin(), configs.end());
    return configs;
}

// Writes `bytes` to `path` through a temporary file, so a failed write
// leaves nothing behind.
bool write_file(const std::string& path, const void* bytes, std::size_t size, std::string& error) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (out) out.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
        if (!out) {
            std::error_code ec;
            fs::remove(temporary, ec);
            error = "could not write '" + path + "'";
            return false;
        }
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        error = "could not write '" + path + "'";
        return false;
    }
    return true;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const std::string& sdk, std::ostream& out, std::ostream& err) {
    CLI::App app{"Build a Microkit system image for Tessera from a system description file.", "microkit"};
    std::string system, board_name, config, output = "loader.img", report = "report.txt", image_type, graph;
    std::vector<std::string> search_paths;
    app.add_option("system", system, "the system description file (.system)");
    app.add_option("--board", board_name, "the board to build for (" + join(board_names()) + ")");
    app.add_option("--config", config, "the SDK configuration: debug, release or benchmark");
    app.add_option("--search-path", search_paths, "directories to look for program images and prefill files in")
        ->expected(1, -1);
    app.add_option("-o,--output", output, "the image to write (default loader.img)");
    app.add_option("-r,--report", report, "the report to write (default report.txt)");
    app.add_option("--image-type", image_type, "binary, elf or uimage (default: binary on AArch64, uimage on RISC-V)");
    app.add_option("--graph", graph, "also write the system graph (PDs, channels, PPCs, shared memory, IRQs) as SVG");
    app.allow_extras(true);
    const auto usage_error = [&](const std::string& message) {
        err << "usage: microkit [-h] [OPTIONS] --board BOARD --config CONFIG [--search-path DIR ...] system\n"
            << "microkit: error: " << message << "\n";
        return 2;
    };
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return 0;
    } catch (const CLI::ParseError& e) {
        return usage_error(e.what());
    }
    if (!app.remaining().empty()) return usage_error("unrecognized argument '" + app.remaining().front() + "'");
    std::vector<std::string> missing;
    if (board_name.empty()) missing.push_back("--board");
    if (config.empty()) missing.push_back("--config");
    if (system.empty()) missing.push_back("system");
    if (!missing.empty()) return usage_error("the following arguments are required: " + join(missing));
    const Board* board = find_board(board_name);
    if (board == nullptr)
        return usage_error("argument --board: unknown parameter '" + board_name + "' (choose from: " +
                           join(board_names()) + ")");
    const fs::path board_dir = fs::path(sdk) / "board" / board_name;
    std::error_code ec;
    if (!fs::is_directory(board_dir, ec))
        return usage_error("board directory '" + board_dir.string() + "' does not exist (is MICROKIT_SDK '" + sdk +
                           "' an SDK?)");
    const std::vector<std::string> configs = configs_of(board_dir);
    if (std::find(configs.begin(), configs.end(), config) == configs.end())
        return usage_error("argument --config: invalid choice '" + config + "' (choose from: " + join(configs) + ")");

    BuildRequest request;
    request.board = board;
    request.config = config;
    request.system_path = system;
    request.search_paths = search_paths;
    const fs::path elf_dir = board_dir / config / "elf";
    request.kernel_path = (elf_dir / "sel4.elf").string();
    request.loader_path = (elf_dir / "loader.elf").string();
    request.initialiser_path = (elf_dir / "initialiser.elf").string();
    request.image_type = board->arch == Arch::AArch64 ? ImageType::Binary : ImageType::UImage;
    if (image_type == "binary") request.image_type = ImageType::Binary;
    else if (image_type == "elf") request.image_type = ImageType::Elf;
    else if (image_type == "uimage") request.image_type = ImageType::UImage;
    else if (!image_type.empty())
        return usage_error("argument --image-type: invalid choice '" + image_type + "' (choose from: binary, elf, uimage)");
    if (request.image_type == ImageType::UImage && board->arch == Arch::AArch64)
        return usage_error("building the output image as 'uimage' is unsupported for target architecture 'aarch64'");
    request.want_graph = !graph.empty();
    // Each output is replaced through a temporary file (or removed on
    // failure): it must be a file of its own, not a device such as
    // /dev/null, not the description, and not another output.
    const std::pair<const char*, const std::string*> outputs[] = {
        {"--output", &output}, {"--report", &report}, {"--graph", &graph}};
    for (std::size_t i = 0; i < std::size(outputs); ++i) {
        const auto& [option, path] = outputs[i];
        if (path->empty()) continue;
        std::error_code status_error;
        const fs::file_status status = fs::status(*path, status_error);
        if (fs::is_directory(status))
            return usage_error("argument " + std::string(option) + ": '" + *path + "' is a directory");
        if (fs::exists(status) && !fs::is_regular_file(status))
            return usage_error("argument " + std::string(option) + ": '" + *path + "' exists and is not a regular file");
        std::error_code same_error;
        if (fs::exists(status) && fs::equivalent(*path, system, same_error))
            return usage_error("argument " + std::string(option) + ": '" + *path + "' is the system description file");
        const fs::path where = fs::weakly_canonical(*path, same_error);
        for (std::size_t j = 0; j < i && !same_error; ++j) {
            const auto& [other_option, other_path] = outputs[j];
            std::error_code other_error;
            if (!other_path->empty() && fs::weakly_canonical(*other_path, other_error) == where && !other_error)
                return usage_error("arguments " + std::string(other_option) + " and " + option +
                                   " name the same file '" + *path + "'");
        }
    }

    const BuildResult result = build_system(request);
    if (!result.ok()) {
        // Messages in Microkit's own words start "Error: " or "ERROR: ";
        // one prefix is enough.
        std::string message = result.error;
        for (const char* prefix : {"Error: ", "ERROR: "})
            if (message.rfind(prefix, 0) == 0) message.erase(0, std::string(prefix).size());
        err << "microkit: error: " << message << "\n";
        return 1;
    }
    for (const std::string& line : result.messages) out << line << "\n";
    std::string error;
    if (!write_file(output, result.image.data(), result.image.size(), error) ||
        !write_file(report, result.report.data(), result.report.size(), error) ||
        (!graph.empty() && !write_file(graph, result.graph.data(), result.graph.size(), error))) {
        err << "microkit: error: " << error << "\n";
        std::error_code ignored;
        fs::remove(output, ignored);
        return 1;
    }
    return 0;
}

}  // namespace microkit
