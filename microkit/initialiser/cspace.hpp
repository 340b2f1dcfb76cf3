// SPDX-License-Identifier: BSD-2-Clause
// The initial task's own CSpace: a bump allocator of free slots, and growth
// beyond the 2^12 slots of the root CNode the kernel gives it. A large
// system holds far more caps than that (every frame of every protection
// domain), so the initial task moves all its caps into a bigger root CNode
// and switches to it; CPtrs keep their values, so BootInfo's slot numbers
// stay valid.
#pragma once

#include <sel4/sel4.h>

#include "memory.hpp"

namespace initialiser {

class CSpace {
public:
    // Takes the free slots BootInfo reports.
    void init(const seL4_BootInfo* info);
    // Makes sure `needed` more slots are free, moving to a new root CNode
    // (made from `memory`) when the current one is too small. Returns null
    // or a line in `message`.
    const char* reserve(seL4_Word needed, Memory& memory, char* message, seL4_Word size);
    // `count` consecutive free slots (the first), or 0 when none are left.
    seL4_CPtr take(seL4_Word count = 1);
    unsigned size_bits() const { return size_bits_; }

private:
    const char* grow(unsigned bits, Memory& memory, char* message, seL4_Word size);

    seL4_Word next_ = 0;
    seL4_Word end_ = 0;
    seL4_Word boot_caps_end_ = 0;  // slots below hold the kernel's initial caps
    unsigned size_bits_ = CONFIG_ROOT_CNODE_SIZE_BITS;
};

}  // namespace initialiser
