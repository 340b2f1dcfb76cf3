// SPDX-License-Identifier: BSD-2-Clause
// make_loader_image: loader ELF + tessera-image boot image -> loader.img,
// through microkit_loader_image, for the QEMU tests of the loader.
//
//   make_loader_image --arch A --loader ELF --boot-image IMG --output FILE
//                     [--type binary|elf|uimage] [--corrupt magic|overlap]
//
// --corrupt damages the payload before it is wrapped (the uImage CRCs stay
// right), so that the loader's own check is what must catch it: `magic`
// changes the payload magic, `overlap` moves region 0 onto the loader.
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <loader/payload.hpp>
#include <loader_image.hpp>

namespace li = microkit::loader_image;

namespace {

int usage_error(const std::string& message) {
    std::cerr << "make_loader_image: error: " << message << "\n";
    return 2;
}

bool read_file(const std::string& path, std::vector<std::uint8_t>& bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
    std::string arch_text, loader_path, boot_path, output_path, type_text, corrupt;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if (i + 1 >= argc) return usage_error("option '" + option + "' needs a value");
        const std::string value = argv[++i];
        if (option == "--arch") arch_text = value;
        else if (option == "--loader") loader_path = value;
        else if (option == "--boot-image") boot_path = value;
        else if (option == "--output") output_path = value;
        else if (option == "--type") type_text = value;
        else if (option == "--corrupt") corrupt = value;
        else return usage_error("unknown option '" + option + "'");
    }
    const auto arch = li::parse_arch(arch_text);
    if (!arch) return usage_error("--arch must be aarch64 or riscv64");
    if (loader_path.empty() || boot_path.empty() || output_path.empty())
        return usage_error("--loader, --boot-image and --output are required");
    const auto type = type_text.empty() ? li::default_image_type(*arch) : li::parse_image_type(type_text);
    if (!type) return usage_error("--type must be binary, elf or uimage");
    if (!corrupt.empty() && corrupt != "magic" && corrupt != "overlap")
        return usage_error("--corrupt must be magic or overlap");

    std::vector<std::uint8_t> loader_elf, boot_image;
    if (!read_file(loader_path, loader_elf)) return usage_error("cannot read '" + loader_path + "'");
    if (!read_file(boot_path, boot_image)) return usage_error("cannot read '" + boot_path + "'");

    std::vector<std::uint8_t> image;
    if (corrupt.empty()) {
        li::BuildResult result = li::build_loader_image(*arch, loader_elf, boot_image, *type);
        if (!result.ok()) {
            std::cerr << "make_loader_image: error: " << result.error << "\n";
            return 1;
        }
        image = std::move(result.image);
    } else {
        li::LoaderBinary loader = li::flatten_loader(*arch, loader_elf);
        li::Payload payload = loader.ok() ? li::make_payload(*arch, boot_image, loader) : li::Payload{};
        const std::string error = !loader.ok() ? loader.error : payload.error;
        if (!error.empty()) {
            std::cerr << "make_loader_image: error: " << error << "\n";
            return 1;
        }
        if (corrupt == "magic") {
            payload.bytes[0] ^= 0xff;
        } else {
            const std::uint64_t destination = loader.link_address;  // Region 0's first field
            std::memcpy(payload.bytes.data() + sizeof(microkit_loader::PayloadHeader), &destination,
                        sizeof destination);
        }
        loader.bytes.insert(loader.bytes.end(), payload.bytes.begin(), payload.bytes.end());
        const std::string wrap_error =
            li::wrap_output(*arch, *type, loader.link_address, loader.elf_flags, loader.bytes, image);
        if (!wrap_error.empty()) {
            std::cerr << "make_loader_image: error: " << wrap_error << "\n";
            return 1;
        }
    }
    std::ofstream out(output_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
    if (!out.flush()) {
        std::cerr << "make_loader_image: error: cannot write '" << output_path << "'\n";
        return 1;
    }
    return 0;
}
