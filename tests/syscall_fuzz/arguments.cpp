// SPDX-License-Identifier: BSD-2-Clause
// Random and near-valid arguments for invocations: mostly values a kernel
// must accept (a free slot at depth 64, a priority under the MCP, a budget
// under the period), often values one step off (depth 63, a slot in use,
// the largest size bits plus one), sometimes any word at all.
#include "labels.hpp"

extern "C" const char __ehdr_start[];
extern "C" const char _end[];

namespace fuzz {
namespace {

// A user address a worker may give the kernel as a TLS base, IPC buffer or
// register value: never inside this image (whose code and data the
// supervisor runs on), so a thread steered there only faults.
seL4_Word outside_image(seL4_Word a) {
    const auto lo = reinterpret_cast<seL4_Word>(__ehdr_start) & ~seL4_Word{0xfffff};
    const auto hi = (reinterpret_cast<seL4_Word>(_end) + 0x200000) & ~seL4_Word{0xfffff};
    return (a >= lo && a < hi) ? a + (hi - lo) : a;
}

seL4_Word slot_index(Rng& rng) {
    const u64 r = rng.below(100);
    if (r < 60) return first_free_slot + rng.below(worker_slots - first_free_slot);
    if (r < 86) return first_world_slot + rng.below(WorldCapCount);
    if (r < 87) return own_tcb_slot + rng.below(2);
    if (r < 98) return rng.below(worker_slots * 2);
    return rng.next();
}

seL4_Word depth(Rng& rng) {
    const u64 r = rng.below(100);
    if (r < 85) return seL4_WordBits;
    if (r < 95) return rng.below(seL4_WordBits + 3);
    return rng.next() & 0xff;
}

seL4_Word time_us(Rng& rng) {
    const u64 r = rng.below(100);
    if (r < 70) return 100 + rng.below(20000);  // up to 20 ms
    if (r < 85) return rng.below(200);           // near the minimum budget
    if (r < 95) return rng.below(1000000);
    return rng.next();
}

seL4_Word object_type(Rng& rng) {
    if (rng.percent(95)) return rng.below(seL4_ObjectTypeCount);
    return rng.below(seL4_ObjectTypeCount + 4) + (rng.percent(50) ? 0 : rng.next());
}

seL4_Word size_bits(Rng& rng) {
    const u64 r = rng.below(100);
    if (r < 50) return 0;  // fixed-size objects ignore it
    if (r < 80) return 4 + rng.below(12);
    if (r < 95) return rng.below(64);
    return rng.next();
}

seL4_Word vaddr(Rng& rng) {
    const u64 r = rng.below(100);
    if (r < 70) return world_map_base + rng.below(16) * 4096;
    if (r < 80) return world_map_base + rng.below(8) * 0x200000;
    if (r < 85) return world_map_base + rng.below(0x10000);  // unaligned
    if (r < 90) return seL4_Word{1} << (12 + rng.below(52));
    return rng.next();
}

seL4_Word address(Rng& rng) {
    const u64 r = rng.below(100);
    if (r < 40) return outside_image(world_map_base + rng.below(16) * 4096 + rng.below(8) * 512);
    if (r < 55) return 0;
    if (r < 70) return rng.below(0x10000);
    return outside_image(rng.next());
}

seL4_Word word(Rng& rng, char kind) {
    switch (kind) {
    case 'i': return slot_index(rng);
    case 'I': return rng.percent(85) ? 0 : slot_index(rng);
    case 'j': return rng.percent(80) ? 0 : depth(rng);
    case 'd': return depth(rng);
    case 'r': return rng.percent(90) ? rng.below(16) : rng.next();
    case 'b': return rng.percent(40) ? 0 : (rng.percent(80) ? rng.below(64) : rng.next());
    case 'P': return rng.percent(85) ? rng.below(200) : (rng.percent(50) ? rng.below(300) : rng.next());
    case 'T': return object_type(rng);
    case 'z': return size_bits(rng);
    case 'c': return rng.percent(90) ? 1 + rng.below(3) : rng.below(300);
    case 'V': return vaddr(rng);
    case 'A': return rng.percent(80) ? rng.below(8) : rng.next();
    case 'm': return time_us(rng);
    case 'E': return rng.percent(90) ? rng.below(8) : rng.next();
    case 'F': return rng.percent(90) ? rng.below(8) : rng.next();
    case 'q': return rng.percent(80) ? rng.below(64) : (rng.percent(70) ? rng.below(1024) : rng.next());
    case 'D': return rng.percent(80) ? 0 : rng.below(4);
    case 'k': return rng.percent(80) ? rng.below(3) : rng.next();
    case 'R': return rng.percent(85) ? rng.below(40) : rng.below(200);
    case 'B': return address(rng) & (rng.percent(80) ? ~seL4_Word{1023} : ~seL4_Word{0});
    case 'x': return address(rng);
    case 'g': return rng.percent(80) ? seL4_CNode_CapData_new(0, seL4_WordBits - worker_cnode_bits).words[0]
                                     : rng.below(1024);
    case '0': return rng.percent(90) ? 0 : rng.next();
    case 'o': return rng.below(8192);
    default: return rng.next();
    }
}

// A slot holding a cap of the kind an argument wants, mostly.
seL4_CPtr cap_of_kind(Rng& rng, char kind) {
    if (rng.percent(8)) return slot_index(rng);
    auto world = [](unsigned index) { return seL4_CPtr{first_world_slot + index}; };
    switch (kind) {
    case 'n': return rng.percent(50) ? own_cnode_slot : world(WCNode);
    case 't': return rng.percent(5) ? own_tcb_slot : world(WThread0 + rng.below(2));
    case 'e': return world(rng.percent(80) ? WEndpoint0 + rng.below(2) : WNotification0);
    case 'N': return world(WNotification0 + rng.below(2));
    case 's': return world(WSchedContext0 + rng.below(2));
    case 'v': return world(WVSpace);
    case 'f': return world(WFrame0 + rng.below(2));
    case 'u': return world(WUntypedBig + rng.below(2));
    default: return world(rng.below(WorldCapCount));
    }
}

}  // namespace

seL4_MessageInfo_t build_invocation(Rng& rng, const LabelSpec* spec, seL4_Word label, seL4_Word* args_out,
                                    bool& self) {
    unsigned caps = 0;
    unsigned length = 0;
    auto note = [&](seL4_CPtr c) {
        if (c == own_tcb_slot || c == own_cnode_slot) self = true;
    };
    auto note_cap = [&](seL4_CPtr c) {
        if (c == own_tcb_slot) self = true;
    };
    if (spec != nullptr) {
        for (const char* k = spec->caps; *k != '\0'; ++k) {
            const seL4_CPtr c = cap_of_kind(rng, *k);
            note_cap(c);
            seL4_SetCap(static_cast<int>(caps++), c);
        }
        for (const char* k = spec->words; *k != '\0'; ++k) {
            if (*k == 'X') {  // the register values of WriteRegisters
                const unsigned n = static_cast<unsigned>(rng.below(seL4_MsgMaxLength - length));
                for (unsigned i = 0; i < n; ++i) seL4_SetMR(static_cast<int>(length++), word(rng, 'x'));
                continue;
            }
            const seL4_Word w = word(rng, *k);
            if (*k == 'i') note(w);
            seL4_SetMR(static_cast<int>(length++), w);
        }
    } else {
        caps = static_cast<unsigned>(rng.below(seL4_MsgMaxExtraCaps + 1));
        for (unsigned i = 0; i < caps; ++i) {
            const seL4_CPtr c = slot_index(rng);
            note(c);
            seL4_SetCap(static_cast<int>(i), c);
        }
        length = static_cast<unsigned>(rng.below(8));
        static constexpr char kinds[] = "idrbPTzVmwx";
        for (unsigned i = 0; i < length; ++i) seL4_SetMR(static_cast<int>(i), word(rng, kinds[rng.below(11)]));
    }
    // Now and then a message whose length or cap count does not fit the method.
    if (rng.percent(4)) length = static_cast<unsigned>(rng.below(seL4_MsgMaxLength + 8));
    if (rng.percent(3)) caps = static_cast<unsigned>(rng.below(seL4_MsgMaxExtraCaps + 2));
    for (unsigned i = 0; i < 4; ++i) args_out[i] = seL4_GetMR(static_cast<int>(i));
    return seL4_MessageInfo_new(label, 0, caps, length);
}

}  // namespace fuzz
