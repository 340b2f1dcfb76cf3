// SPDX-License-Identifier: BSD-2-Clause
// The build pipeline (build.hpp): parse and check the description, read and
// patch the program images, plan the system, embed the plan in the initial
// task, pack kernel + initial task, wrap them in the loader.
#include "build.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <image.hpp>

#include <elf/elf.hpp>

#include "loader_step.hpp"
#include "planner_detail.hpp"
#include "planner.hpp"
#include "report.hpp"
#include "sdf/parse.hpp"

namespace microkit {
namespace {

namespace fs = std::filesystem;

// The most the tool reads of one input. A system description is text of
// some kilobytes; an ELF file holds at most 256 MiB of program (ElfImage)
// plus its symbols and debug information. A file beyond these cannot be
// built into a bootable image, and reading it whole would take the host's
// memory and time first.
constexpr std::uint64_t max_description_bytes = std::uint64_t{16} << 20;
constexpr std::uint64_t max_elf_file_bytes = std::uint64_t{512} << 20;

// The bytes of the regular file `path`, refused by its size before it is
// read when it is larger than `limit`. On failure, `error` says why in a
// phrase that follows the file's name ("... 'x': <error>").
std::optional<std::vector<std::uint8_t>> read_file(const std::string& path, std::uint64_t limit, std::string& error) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        error = "is not a regular file";
        return std::nullopt;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = std::string("cannot be opened: ") + std::strerror(errno);
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || static_cast<std::uint64_t>(st.st_size) > limit) {
        error = "is " + std::to_string(st.st_size) + " bytes, more than the " + std::to_string(limit) +
                " the tool reads of such a file";
        ::close(fd);
        return std::nullopt;
    }
    std::vector<std::uint8_t> bytes;
    std::uint8_t buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = std::string("cannot be read: ") + std::strerror(errno);
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) break;
        // A file may grow while it is read (or report a size of 0, as /proc's do).
        if (static_cast<std::uint64_t>(n) > limit - bytes.size()) {
            error = "is more than the " + std::to_string(limit) + " bytes the tool reads of such a file";
            ::close(fd);
            return std::nullopt;
        }
        bytes.insert(bytes.end(), buffer, buffer + n);
    }
    ::close(fd);
    return bytes;
}

// A file named by the description: in the search paths, in order, then the
// current directory (Microkit manual "The microkit tool").
std::optional<std::string> find_file(const BuildRequest& request, const std::string& name) {
    std::error_code ec;
    for (const std::string& dir : request.search_paths) {
        const fs::path candidate = fs::path(dir) / name;
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    if (fs::is_regular_file(name, ec)) return name;
    return std::nullopt;
}

BuildResult failure(std::string message) {
    BuildResult result;
    result.error = std::move(message);
    return result;
}

constexpr std::uint64_t round_up(std::uint64_t value, std::uint64_t to) { return (value + to - 1) / to * to; }

// The kernel's boot takes RAM from the bottom up: the device tree (AArch64)
// or the firmware (RISC-V), the kernel image, the initial task's payload,
// then the initial task's memory, lowest free pages first
// (kernel/core/boot/page_allocator.cpp). A memory region fixed at a
// physical address there could never be handed out: refuse it now rather
// than at boot.
std::string check_boot_memory(const Board& board, const Plan& plan, const std::vector<std::uint8_t>& boot_image,
                              const std::vector<std::uint8_t>& initial_task, const tessera::image::Platform& platform) {
    // pack() wrote the image: its program headers are well formed and aligned.
    std::uint64_t end = board.ram_base;
    const std::uint8_t* file = boot_image.data();
    for (std::size_t i = 0; i < elf::header(file).e_phnum; ++i) {
        const elf::Phdr& p = elf::program_header(file, i);
        if (p.p_type == elf::PT_LOAD) end = std::max(end, p.p_paddr + p.p_memsz);
    }
    const auto arch = board.arch == Arch::AArch64 ? tessera::image::Arch::AArch64 : tessera::image::Arch::RiscV64;
    end = round_up(end + tessera::image::root_task_needs(arch, initial_task, platform).memory_bytes(), large_page);
    for (const PlannedRegion& region : plan.regions) {
        if (!region.paddr || *region.paddr >= end || region.frames == 0) continue;
        const std::uint64_t size = region.frames * (plan.spec.objects()[region.first_frame].size_bits == large_page_bits
                                                        ? large_page
                                                        : small_page);
        if (*region.paddr + size <= board.ram_base) continue;  // below RAM: a device
        return "memory region '" + region.name + "' at physical [" + detail::hex(*region.paddr) + ".." +
               detail::hex(*region.paddr + size) + ") overlaps the memory the kernel and the initial task use at " +
               "boot on " + board.name + ": [" + detail::hex(board.ram_base) + ".." + detail::hex(end) + ")";
    }
    return "";
}

}  // namespace

BuildResult build_system(const BuildRequest& request) {
    const Board& board = *request.board;
    for (const auto& [what, path] : {std::pair{"kernel ELF", request.kernel_path},
                                     std::pair{"loader ELF", request.loader_path},
                                     std::pair{"initial task ELF", request.initialiser_path},
                                     std::pair{"system description file", request.system_path}}) {
        std::error_code ec;
        if (!fs::exists(path, ec)) return failure(std::string(what) + " '" + path + "' does not exist");
        if (!fs::is_regular_file(path, ec)) return failure(std::string(what) + " '" + path + "' is not a regular file");
    }
    std::string problem;
    const auto xml = read_file(request.system_path, max_description_bytes, problem);
    if (!xml) return failure("system description file '" + request.system_path + "' " + problem);

    sdf::Target target;
    target.arch = board.arch;
    target.ipc_buffer_vaddr = board.ipc_buffer_vaddr;
    const sdf::FileLookup lookup = [&](const std::string& name) -> std::optional<sdf::FoundFile> {
        const std::optional<std::string> path = find_file(request, name);
        if (!path) return std::nullopt;
        std::error_code ec;
        const std::uint64_t size = fs::file_size(*path, ec);
        if (ec) return std::nullopt;
        return sdf::FoundFile{*path, size};
    };
    const std::string_view text(reinterpret_cast<const char*>(xml->data()), xml->size());
    const sdf::ParseResult parsed = sdf::parse(text, request.system_path, target, lookup);
    if (!parsed.ok()) return failure(parsed.error);
    const sdf::SystemDescription& system = *parsed.system;

    BuildResult result;
    result.messages = parsed.warnings;
    std::vector<ElfImage> images;
    std::vector<std::string> paths;
    // Every PD's image is held at its full memory size, and all of them
    // must fit in the board's RAM: stop reading once they cannot.
    std::uint64_t images_memory = 0;
    for (const sdf::ProtectionDomain& pd : system.pds) {
        const std::optional<std::string> path = find_file(request, pd.program_image);
        if (!path) return failure("unable to find program image: '" + pd.program_image + "'");
        const auto bytes = read_file(*path, max_elf_file_bytes, problem);
        if (!bytes) return failure("program image '" + *path + "' of PD '" + pd.name + "' " + problem);
        std::optional<ElfImage> image = ElfImage::read(*bytes, board.arch, board.user_top, problem);
        if (!image) return failure("program image '" + *path + "' of PD '" + pd.name + "' is not usable: " + problem);
        if (pd.path_for_symbols) {
            const std::optional<std::string> symbols_path = find_file(request, *pd.path_for_symbols);
            if (!symbols_path) return failure("unable to find program image: '" + *pd.path_for_symbols + "'");
            const auto symbol_bytes = read_file(*symbols_path, max_elf_file_bytes, problem);
            if (!symbol_bytes)
                return failure("path_for_symbols '" + *symbols_path + "' of PD '" + pd.name + "' " + problem);
            const std::optional<ElfImage> symbols =
                ElfImage::read(*symbol_bytes, board.arch, board.user_top, problem);
            if (!symbols)
                return failure("path_for_symbols '" + *symbols_path + "' of PD '" + pd.name + "' is not usable: " +
                               problem);
            image->use_symbols_of(*symbols);
        }
        for (const Segment& segment : image->segments()) images_memory += segment.bytes.size();
        if (images_memory > board.ram_end - board.ram_base)
            return failure("the program images of the PDs up to '" + pd.name + "' occupy " +
                           std::to_string(images_memory) + " bytes of memory, more than the " +
                           std::to_string(board.ram_end - board.ram_base) + " bytes of RAM of " + board.name);
        images.push_back(std::move(*image));
        paths.push_back(*path);
    }

    PlanInput input{board, system, images, paths, {}, request.config == "benchmark"};
    for (const sdf::MemoryRegion& mr : system.mrs) {
        if (!mr.prefill_file) continue;
        // The description was checked against the size the file had then
        // (sdf/memory_region.cpp). The contents travel in the initial task,
        // in RAM, even for a region at a fixed (device) address.
        const auto bytes = read_file(*mr.prefill_file, std::min(mr.size, board.ram_end - board.ram_base), problem);
        if (!bytes) return failure("prefill file '" + *mr.prefill_file + "' " + problem);
        if (bytes->size() != mr.prefill_size)
            return failure("prefill file '" + *mr.prefill_file + "' changed size while the tool read it (" +
                           std::to_string(mr.prefill_size) + " bytes, then " + std::to_string(bytes->size()) + ")");
        input.prefill[mr.name] = *bytes;
    }
    std::string error;
    std::optional<Plan> plan = microkit::plan(input, error);
    if (!plan) return failure(error);

    // The initial task carries the plan in a segment of its own, above its image.
    const auto initialiser_bytes = read_file(request.initialiser_path, max_elf_file_bytes, error);
    if (!initialiser_bytes) return failure("initial task ELF '" + request.initialiser_path + "' " + error);
    std::optional<ElfImage> initialiser = ElfImage::read(*initialiser_bytes, board.arch, board.user_top, error);
    if (!initialiser) return failure("initial task ELF '" + request.initialiser_path + "' is not usable: " + error);
    const std::vector<std::uint8_t> blob = plan->spec.write(
        board.arch == Arch::AArch64 ? microkit_spec::arch_aarch64 : microkit_spec::arch_riscv64,
        {board.ram_base, board.ram_end}, plan->monitor_endpoint);
    const std::uint64_t blob_vaddr = round_up(initialiser->end(), small_page);
    if (const std::string patch_problem = initialiser->patch_word("microkit_spec_address", blob_vaddr);
        !patch_problem.empty())
        return failure("initial task ELF '" + request.initialiser_path + "': " + patch_problem);
    const auto initial_task = initialiser->write(blob, blob_vaddr, error);
    if (!initial_task) return failure("initial task ELF '" + request.initialiser_path + "': " + error);

    const auto kernel = read_file(request.kernel_path, max_elf_file_bytes, error);
    if (!kernel) return failure("kernel ELF '" + request.kernel_path + "' " + error);
    tessera::image::Platform platform;
    platform.ram_size = board.ram_end - board.ram_base;
    const tessera::image::PackResult packed =
        tessera::image::pack(board.arch == Arch::AArch64 ? tessera::image::Arch::AArch64 : tessera::image::Arch::RiscV64,
                             *kernel, request.kernel_path, *initial_task, "the initial task", platform);
    if (!packed.ok()) return failure(packed.error_file + ": " + packed.error);
    result.boot_image = packed.image;
    if (const std::string clash = check_boot_memory(board, *plan, packed.image, *initial_task, platform); !clash.empty())
        return failure(clash);

    const auto loader = read_file(request.loader_path, max_elf_file_bytes, error);
    if (!loader) return failure("loader ELF '" + request.loader_path + "' " + error);
    std::string loader_error;
    std::optional<std::vector<std::uint8_t>> image =
        wrap_in_loader(board, *loader, packed.image, request.image_type, loader_error);
    if (!image) return failure(loader_error);
    result.image = std::move(*image);

    result.report = write_report(board, system, *plan, blob.size(), initial_task->size());
    if (request.want_graph) result.graph = write_graph(system);
    result.messages.push_back("MICROKIT|SPEC: objects = " + std::to_string(plan->spec.objects().size()) +
                              ", caps = " + std::to_string(plan->spec.caps().size()) +
                              ", spec size = " + std::to_string(blob.size()));
    result.messages.push_back("MICROKIT|INITIAL TASK: memory size = " + std::to_string(initial_task->size()));
    result.messages.push_back("MICROKIT|LOADER: image file size = " + std::to_string(result.image.size()));
    return result;
}

}  // namespace microkit
