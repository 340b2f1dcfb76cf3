// SPDX-License-Identifier: BSD-2-Clause
// Untyped memory as the initial task hands it out: the BootInfo untypeds,
// with each one's next free byte tracked the way Untyped_Retype places
// objects (aligned to their size, sel4-abi.md §9), so that an object can be
// put at an exact physical address and many same-sized objects can be made
// by one Retype call.
#pragma once

#include <sel4/sel4.h>

namespace initialiser {

class Memory {
public:
    void init(const seL4_BootInfo* info);

    // Checks that the RAM the plan assumed, [ram_base, ram_end), is what the
    // kernel reports: every RAM untyped inside it and one ending at ram_end.
    // Returns null, or a line in `message`.
    const char* check_ram(seL4_Word ram_base, seL4_Word ram_end, char* message, seL4_Word size) const;

    // Makes one object of 2^bits bytes at physical address `paddr` (`type`,
    // `api_size` as Untyped_Retype takes them) in slot `slot`. The gap below
    // it in its untyped becomes child untypeds; RAM ones join the pool.
    // Objects at fixed addresses must be placed before any other and in
    // ascending order. Returns null or a line in `message`.
    const char* place_at(seL4_Word paddr, unsigned bits, seL4_Word type, seL4_Word api_size, seL4_CPtr slot,
                         char* message, seL4_Word size);

    // Makes up to `count` objects of 2^bits bytes from one RAM untyped into
    // consecutive slots from `slot`; returns how many (0: no memory left, or
    // `*error` says why the kernel refused).
    seL4_Word make(seL4_Word type, seL4_Word api_size, unsigned bits, seL4_CPtr slot, seL4_Word count,
                   seL4_Error* error);

    // Slots for the child untypeds place_at() makes: the caller's allocator.
    using SlotSource = seL4_CPtr (*)(void* context);
    void set_slot_source(SlotSource source, void* context) {
        slot_source_ = source;
        slot_context_ = context;
    }
    // After the initial task moved its caps to a new root CNode, the
    // untypeds' slots are the same numbers: nothing to update.

    seL4_Word free_ram() const;

private:
    struct Untyped {
        seL4_CPtr cap;
        seL4_Word base;
        seL4_Word end;   // one past the last byte
        seL4_Word next;  // the next free byte, as the kernel tracks it
        bool device;
    };
    static constexpr unsigned max_untypeds = 1024;
    void add(seL4_CPtr cap, seL4_Word base, unsigned bits, bool device);
    const char* fill_gap(Untyped& untyped, seL4_Word up_to, char* message, seL4_Word size);

    Untyped list_[max_untypeds] = {};
    unsigned count_ = 0;
    SlotSource slot_source_ = nullptr;
    void* slot_context_ = nullptr;
};

}  // namespace initialiser
