// SPDX-License-Identifier: BSD-2-Clause
// Writes small valid inputs for one fuzz target into a directory (the seed
// corpus, besides the files checked in under tests/fuzz/corpus/<target>):
//   fuzz_seeds <target> <directory>
// Made with the test builders so they follow the formats as the tests do.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "support/elf_builder.hpp"
#include "support/fdt_samples.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;
using test_support::ElfBuilder;
using test_support::put_le;

constexpr std::uint16_t em_riscv = 243, em_aarch64 = 183;
constexpr std::uint32_t pf_x = 1, pf_w = 2, pf_r = 4;
constexpr std::uint32_t pt_gnu_stack = 0x6474e551;

// A root task: code and data pages in user space, a PT_GNU_STACK header.
Bytes user_program(std::uint16_t machine) {
    test_support::SegmentSpec stack;
    stack.type = pt_gnu_stack;
    stack.flags = pf_r | pf_w;
    stack.align = 16;
    return ElfBuilder(machine)
        .entry(0x200000)
        .segment(0x200000, 64, pf_r | pf_x)
        .segment(0x201000, 16, pf_r | pf_w, 64)
        .segment(std::move(stack))
        .build();
}

// user_program() with a symbol table (gABI "Sections", "Symbol Table"):
// section headers null, .symtab, .strtab; symbols in .data and .bss.
Bytes user_program_with_symbols(std::uint16_t machine) {
    Bytes file = user_program(machine);
    const char names[] = "\0microkit_name\0initialised_variable\0in_bss";
    const std::uint64_t strtab = file.size();
    file.insert(file.end(), names, names + sizeof names);
    while (file.size() % 8 != 0) file.push_back(0);
    const std::uint64_t symtab = file.size();
    struct Sym {
        std::uint32_t name;
        std::uint64_t value, size;
    };
    const Sym symbols[] = {{0, 0, 0}, {1, 0x201000, 8}, {15, 0x201008, 8}, {36, 0x201010, 32}};
    for (const Sym& s : symbols) {
        const std::size_t at = file.size();
        file.resize(at + 24, 0);
        put_le(file, at, s.name, 4);
        put_le(file, at + 4, 0x11, 1);  // STB_GLOBAL, STT_OBJECT
        put_le(file, at + 8, s.value, 8);
        put_le(file, at + 16, s.size, 8);
    }
    const std::uint64_t shoff = file.size();
    file.resize(shoff + 3 * 64, 0);
    const std::uint64_t symtab_header = shoff + 64, strtab_header = shoff + 128;
    put_le(file, symtab_header + 4, 2, 4);  // SHT_SYMTAB
    put_le(file, symtab_header + 24, symtab, 8);
    put_le(file, symtab_header + 32, sizeof symbols / sizeof symbols[0] * 24, 8);
    put_le(file, symtab_header + 40, 2, 4);  // sh_link: the string table
    put_le(file, symtab_header + 56, 24, 8);
    put_le(file, strtab_header + 4, 3, 4);  // SHT_STRTAB
    put_le(file, strtab_header + 24, strtab, 8);
    put_le(file, strtab_header + 32, sizeof names, 8);
    put_le(file, test_support::elf_offsets::shoff, shoff, 8);
    put_le(file, test_support::elf_offsets::shnum, 3, 2);
    return file;
}

// A kernel-shaped or boot-image-shaped file: segments at physical RAM addresses.
Bytes physical_program(std::uint16_t machine, std::uint64_t base) {
    return ElfBuilder(machine)
        .entry(base)
        .segment(base, 128, pf_r | pf_x)
        .segment(base + 0x1000, 32, pf_r | pf_w, 0x2000)
        .build();
}

// A loader payload (microkit/loader/include/loader/payload.hpp): one region.
Bytes loader_payload() {
    Bytes payload(40 + 32 + 8, 0);
    put_le(payload, 0, 0x44414f4c53534554ull, 8);  // "TESSLOAD"
    put_le(payload, 8, 1, 4);
    put_le(payload, 12, 40, 4);
    put_le(payload, 16, payload.size(), 8);
    put_le(payload, 24, 0x80200000, 8);
    put_le(payload, 32, 1, 8);
    put_le(payload, 40, 0x80200000, 8);
    put_le(payload, 48, 8, 8);
    put_le(payload, 56, 0x1000, 8);
    put_le(payload, 64, 72, 8);
    return payload;
}

bool write_file(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: fuzz_seeds <target> <directory>\n");
        return 2;
    }
    const std::string target = argv[1];
    const std::string dir = std::string(argv[2]) + "/";
    std::vector<std::pair<std::string, Bytes>> seeds;
    if (target == "elf_check" || target == "image_pack" || target == "microkit_elf") {
        seeds.emplace_back("user-riscv64.elf", user_program(em_riscv));
        seeds.emplace_back("user-aarch64.elf", user_program(em_aarch64));
    }
    if (target == "microkit_elf") {
        seeds.emplace_back("symbols-riscv64.elf", user_program_with_symbols(em_riscv));
        seeds.emplace_back("symbols-aarch64.elf", user_program_with_symbols(em_aarch64));
    }
    if (target == "image_pack" || target == "loader_payload") {
        seeds.emplace_back("physical-riscv64.elf", physical_program(em_riscv, 0x80200000));
        seeds.emplace_back("physical-aarch64.elf", physical_program(em_aarch64, 0x40200000));
    }
    if (target == "image_cli") {
        // A control byte (bit 0: AArch64, bit 1: the file is the kernel), a line of options, the file.
        const auto cli = [](std::uint8_t control, const std::string& options, const Bytes& file) {
            Bytes input{control};
            input.insert(input.end(), options.begin(), options.end());
            input.push_back('\n');
            input.insert(input.end(), file.begin(), file.end());
            return input;
        };
        seeds.emplace_back("root-riscv64", cli(0, "", user_program(em_riscv)));
        seeds.emplace_back("root-aarch64", cli(1, "", user_program(em_aarch64)));
        seeds.emplace_back("kernel-riscv64", cli(2, "", physical_program(em_riscv, 0x80200000)));
        seeds.emplace_back("kernel-aarch64", cli(3, "", physical_program(em_aarch64, 0x40200000)));
        seeds.emplace_back("options", cli(0, "--ram 64M --device-tree-size=4096", user_program(em_riscv)));
    }
    if (target == "microkit_cli") {
        // A description naming pd.elf, then the image (a RISC-V one selects the RISC-V board).
        const std::string system = "<system><protection_domain name=\"a\" priority=\"1\">"
                                   "<program_image path=\"pd.elf\"/></protection_domain></system>\n";
        for (const auto& [name, machine] : {std::pair{"riscv64", em_riscv}, std::pair{"aarch64", em_aarch64}}) {
            Bytes input(system.begin(), system.end());
            const Bytes image = user_program_with_symbols(machine);
            input.insert(input.end(), image.begin(), image.end());
            seeds.emplace_back(std::string("builder-") + name, input);
        }
    }
    if (target == "loader_payload") seeds.emplace_back("payload.bin", loader_payload());
    if (target == "fdt") {
        seeds.emplace_back("sample.dtb", test_support::sample());
        seeds.emplace_back("minimal.dtb", test_support::minimal().end_node().end().build());
    }
    if (target == "sdf") return 0;  // its seeds are the checked-in .system files
    if (seeds.empty()) {
        std::fprintf(stderr, "fuzz_seeds: unknown target '%s'\n", target.c_str());
        return 2;
    }
    for (const auto& [name, bytes] : seeds) {
        if (!write_file(dir + name, bytes)) {
            std::fprintf(stderr, "fuzz_seeds: cannot write %s%s\n", dir.c_str(), name.c_str());
            return 1;
        }
    }
    return 0;
}
