// SPDX-License-Identifier: BSD-2-Clause
// Untyped memory bookkeeping (memory.hpp).
#include "memory.hpp"

#include <tessera/print.h>

namespace initialiser {

namespace {

constexpr seL4_Word align_up(seL4_Word value, unsigned bits) {
    const seL4_Word mask = (seL4_Word{1} << bits) - 1;
    return (value + mask) & ~mask;
}

// Untyped_Retype makes at most this many objects per call (seL4's
// CONFIG_RETYPE_FAN_OUT_LIMIT).
constexpr seL4_Word fan_out_limit = 256;

}  // namespace

void Memory::add(seL4_CPtr cap, seL4_Word base, unsigned bits, bool device) {
    if (count_ == max_untypeds) return;  // a lost filler only costs memory
    list_[count_++] = Untyped{cap, base, base + (seL4_Word{1} << bits), base, device};
}

void Memory::init(const seL4_BootInfo* info) {
    count_ = 0;
    for (seL4_Word i = 0; i < info->untyped.end - info->untyped.start; ++i) {
        const seL4_UntypedDesc& d = info->untypedList[i];
        add(info->untyped.start + i, d.paddr, d.sizeBits, d.isDevice != 0);
    }
}

const char* Memory::check_ram(seL4_Word ram_base, seL4_Word ram_end, char* message, seL4_Word size) const {
    seL4_Word top = 0;
    for (unsigned i = 0; i < count_; ++i) {
        const Untyped& u = list_[i];
        if (u.device) continue;
        if (u.base < ram_base || u.end > ram_end) {
            tessera_snprintf(message, size,
                             "the kernel reports RAM at [0x%lx..0x%lx), outside the RAM [0x%lx..0x%lx) the system "
                             "was planned for",
                             u.base, u.end, ram_base, ram_end);
            return message;
        }
        if (u.end > top) top = u.end;
    }
    if (top != ram_end) {
        tessera_snprintf(message, size,
                         "the system was planned for RAM up to 0x%lx but the kernel's RAM ends at 0x%lx "
                         "(give QEMU the memory size the board has: -m size=2G)",
                         ram_end, top);
        return message;
    }
    return nullptr;
}

seL4_Word Memory::free_ram() const {
    seL4_Word total = 0;
    for (unsigned i = 0; i < count_; ++i)
        if (!list_[i].device) total += list_[i].end - list_[i].next;
    return total;
}

const char* Memory::fill_gap(Untyped& u, seL4_Word up_to, char* message, seL4_Word size) {
    while (u.next < up_to) {
        // The largest naturally aligned block that starts at `next` and ends by `up_to`.
        unsigned bits = seL4_MinUntypedBits;
        while (bits + 1 <= seL4_MaxUntypedBits && (u.next & ((seL4_Word{2} << bits) - 1)) == 0 &&
               u.next + (seL4_Word{2} << bits) <= up_to)
            ++bits;
        const seL4_CPtr slot = slot_source_ ? slot_source_(slot_context_) : 0;
        if (slot == 0) {
            tessera_snprintf(message, size, "out of capability slots while reaching physical address 0x%lx", up_to);
            return message;
        }
        const seL4_Error error =
            seL4_Untyped_Retype(u.cap, seL4_UntypedObject, bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
        if (error != seL4_NoError) {
            tessera_snprintf(message, size, "Untyped_Retype of a %u-bit untyped at 0x%lx failed: error %d", bits,
                             u.next, static_cast<int>(error));
            return message;
        }
        const bool device = u.device;
        const seL4_Word base = u.next;
        u.next += seL4_Word{1} << bits;
        if (!device) add(slot, base, bits, false);
    }
    return nullptr;
}

const char* Memory::place_at(seL4_Word paddr, unsigned bits, seL4_Word type, seL4_Word api_size, seL4_CPtr slot,
                             char* message, seL4_Word size) {
    const seL4_Word end = paddr + (seL4_Word{1} << bits);
    for (unsigned i = 0; i < count_; ++i) {
        if (paddr < list_[i].base || end > list_[i].end) continue;
        if (list_[i].next > paddr) {
            tessera_snprintf(message, size, "physical address 0x%lx is already in use", paddr);
            return message;
        }
        if (const char* error = fill_gap(list_[i], paddr, message, size)) return error;
        Untyped& u = list_[i];
        const seL4_Error error = seL4_Untyped_Retype(u.cap, type, api_size, seL4_CapInitThreadCNode, 0, 0, slot, 1);
        if (error != seL4_NoError) {
            tessera_snprintf(message, size, "Untyped_Retype at physical address 0x%lx failed: error %d", paddr,
                             static_cast<int>(error));
            return message;
        }
        u.next = end;
        return nullptr;
    }
    tessera_snprintf(message, size,
                     "physical range [0x%lx..0x%lx) is not free memory on this kernel (no untyped covers it)", paddr,
                     end);
    return message;
}

seL4_Word Memory::make(seL4_Word type, seL4_Word api_size, unsigned bits, seL4_CPtr slot, seL4_Word count,
                       seL4_Error* error) {
    *error = seL4_NoError;
    for (unsigned i = 0; i < count_; ++i) {
        Untyped& u = list_[i];
        if (u.device) continue;
        const seL4_Word start = align_up(u.next, bits);
        if (start >= u.end) continue;
        seL4_Word fit = (u.end - start) >> bits;
        if (fit == 0) continue;
        if (fit > count) fit = count;
        if (fit > fan_out_limit) fit = fan_out_limit;
        *error = seL4_Untyped_Retype(u.cap, type, api_size, seL4_CapInitThreadCNode, 0, 0, slot, fit);
        if (*error != seL4_NoError) return 0;
        u.next = start + (fit << bits);
        return fit;
    }
    return 0;
}

}  // namespace initialiser
