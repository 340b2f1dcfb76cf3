// SPDX-License-Identifier: BSD-2-Clause
// Program images for the process loader (process/image.hpp).
#include <process/image.hpp>

#include <elf/elf.hpp>

extern "C" const elf::Ehdr __ehdr_start;  // the linker script loads the headers (user/link/root_task.ld)

namespace process {
namespace {

#if defined(__aarch64__)
constexpr elf::Machine this_machine = elf::Machine::AArch64;
#else
constexpr elf::Machine this_machine = elf::Machine::RiscV64;
#endif
// Every address a process may use lies below this (the smaller user space
// of the two arches: Sv39's lower half).
constexpr seL4_Word user_top = seL4_Word{1} << 38;

void copy_text(const char* text, char* out, seL4_Word size) {
    if (size == 0) return;
    seL4_Word i = 0;
    for (; text[i] != '\0' && i + 1 < size; ++i) out[i] = text[i];
    out[i] = '\0';
}

Segment segment_of(const elf::Phdr& p, const void* data) {
    Segment s;
    s.vaddr = p.p_vaddr;
    s.memsz = p.p_memsz;
    s.data = data;
    s.filesz = p.p_filesz;
    s.writable = (p.p_flags & elf::PF_W) != 0;
    s.executable = (p.p_flags & elf::PF_X) != 0;
    return s;
}

}  // namespace

const char* image_from_elf(const void* file, seL4_Word size, Image& out, char* message, seL4_Word message_size) {
    const auto* bytes = static_cast<const std::uint8_t*>(file);
    const elf::Diagnosis d = elf::check_executable(bytes, size, this_machine, user_top);
    if (!d.ok()) {
        elf::describe(d, bytes, message, message_size);
        return message;
    }
    const elf::Ehdr h = elf::detail::read_ehdr(bytes);
    out = Image{};
    out.entry = h.e_entry;
    for (unsigned i = 0; i < h.e_phnum; ++i) {
        const elf::Phdr p = elf::detail::read_phdr(bytes, h.e_phoff, i);
        if (p.p_type != elf::PT_LOAD || p.p_memsz == 0) continue;
        if (out.count == Image::max_segments) {
            copy_text("too many loadable segments for the process loader", message, message_size);
            return message;
        }
        out.segments[out.count++] = segment_of(p, bytes + p.p_offset);
    }
    return nullptr;
}

void image_of_self(Image& out, seL4_Word entry) {
    const auto* base = reinterpret_cast<const std::uint8_t*>(&__ehdr_start);
    out = Image{};
    out.entry = entry;
    for (unsigned i = 0; i < __ehdr_start.e_phnum && out.count < Image::max_segments; ++i) {
        const elf::Phdr p = elf::detail::read_phdr(base, __ehdr_start.e_phoff, i);
        if (p.p_type != elf::PT_LOAD || p.p_memsz == 0) continue;
        // In memory every byte of the segment is there (bss included).
        Segment s = segment_of(p, reinterpret_cast<const void*>(p.p_vaddr));
        s.filesz = p.p_memsz;
        out.segments[out.count++] = s;
    }
}

}  // namespace process
