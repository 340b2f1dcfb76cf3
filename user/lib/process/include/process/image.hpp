// SPDX-License-Identifier: BSD-2-Clause
// What a new process is made of: the loadable segments of a program image,
// either an ELF file held in memory (embedded in the loading program) or the
// running program's own loaded segments (a snapshot of their current
// contents, as sel4test shares its own image with the processes it starts).
#pragma once

#include <sel4/sel4.h>

namespace process {

struct Segment {
    seL4_Word vaddr = 0;
    seL4_Word memsz = 0;
    const void* data = nullptr;  // the first `filesz` bytes; the rest are zero
    seL4_Word filesz = 0;
    bool writable = false;
    bool executable = false;
};

struct Image {
    static constexpr unsigned max_segments = 8;
    seL4_Word entry = 0;
    Segment segments[max_segments];
    unsigned count = 0;
};

// Reads the PT_LOAD segments of the ELF executable `file` (`size` bytes)
// after checking it as the kernel checks a root task (libs/elf). Returns
// null, or one line saying what is wrong (in `message`, which it fills).
const char* image_from_elf(const void* file, seL4_Word size, Image& out, char* message, seL4_Word message_size);

// The running program's own PT_LOAD segments, read from its program
// headers (__ehdr_start) and its memory, and `entry` as the entry point.
void image_of_self(Image& out, seL4_Word entry);

}  // namespace process
