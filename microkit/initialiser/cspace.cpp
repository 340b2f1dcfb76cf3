// SPDX-License-Identifier: BSD-2-Clause
// The initial task's CSpace (cspace.hpp).
#include "cspace.hpp"

#include <tessera/print.h>

namespace initialiser {

void CSpace::init(const seL4_BootInfo* info) {
    next_ = info->empty.start;
    end_ = info->empty.end;
    boot_caps_end_ = info->empty.start;
    size_bits_ = CONFIG_ROOT_CNODE_SIZE_BITS;
}

seL4_CPtr CSpace::take(seL4_Word count) {
    if (count > end_ - next_) return 0;
    const seL4_CPtr first = next_;
    next_ += count;
    return first;
}

const char* CSpace::reserve(seL4_Word needed, Memory& memory, char* message, seL4_Word size) {
    if (needed <= end_ - next_) return nullptr;
    unsigned bits = size_bits_ + 1;
    while ((seL4_Word{1} << bits) < next_ + needed + 1) ++bits;
    if (bits > 24) {
        tessera_snprintf(message, size, "the system needs %lu capability slots; more than this initial task can hold",
                         static_cast<unsigned long>(needed));
        return message;
    }
    return grow(bits, memory, message, size);
}

// The switch (seL4 manual §3.1: a CSpace root is any CNode cap; its guard
// makes CPtrs resolve with all 64 bits):
//   1. make the new CNode N in a free slot of the current root;
//   2. move every cap the initial task holds to the same index in N, except
//      its TCB, CNode and VSpace caps, which the switch itself still
//      invokes (copies of the TCB and VSpace caps go to N instead);
//   3. put a cap to N itself, guarded to 64 - bits, at the CNode's index;
//   4. TCB_SetSpace to N.
const char* CSpace::grow(unsigned bits, Memory& memory, char* message, seL4_Word size) {
    const seL4_CPtr new_root = take();
    seL4_Error error = seL4_NoError;
    if (new_root == 0 || memory.make(seL4_CapTableObject, bits, bits + seL4_SlotBits, new_root, 1, &error) != 1) {
        tessera_snprintf(message, size, "cannot make a root CNode of %lu slots (error %d)",
                         static_cast<unsigned long>(seL4_Word{1} << bits), static_cast<int>(error));
        return message;
    }
    const seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - bits).words[0];
    for (seL4_Word slot = 1; slot < next_; ++slot) {
        if (slot == seL4_CapInitThreadCNode || slot == new_root) continue;
        if (slot == seL4_CapInitThreadTCB || slot == seL4_CapInitThreadVSpace) {
            error = seL4_CNode_Copy(new_root, slot, bits, seL4_CapInitThreadCNode, slot, seL4_WordBits,
                                    seL4_AllRights);
        } else {
            error = seL4_CNode_Move(new_root, slot, bits, seL4_CapInitThreadCNode, slot, seL4_WordBits);
            // Slots inside BootInfo's ranges may be empty (seL4_FailedLookup):
            // nothing to move.
            if (error == seL4_FailedLookup) error = seL4_NoError;
        }
        if (error != seL4_NoError) {
            tessera_snprintf(message, size, "moving slot %lu to the new root CNode failed: error %d",
                             static_cast<unsigned long>(slot), static_cast<int>(error));
            return message;
        }
    }
    error = seL4_CNode_Mint(new_root, seL4_CapInitThreadCNode, bits, seL4_CapInitThreadCNode, new_root, seL4_WordBits,
                            seL4_AllRights, guard);
    if (error == seL4_NoError)
        error = seL4_TCB_SetSpace(seL4_CapInitThreadTCB, seL4_CapNull, new_root, guard, seL4_CapInitThreadVSpace, 0);
    if (error != seL4_NoError) {
        tessera_snprintf(message, size, "switching to the new root CNode failed: error %d", static_cast<int>(error));
        return message;
    }
    // The old root's last slots are not in the new one; the new root's slots
    // from the old free pointer on are all free.
    size_bits_ = bits;
    end_ = seL4_Word{1} << bits;
    return nullptr;
}

}  // namespace initialiser
