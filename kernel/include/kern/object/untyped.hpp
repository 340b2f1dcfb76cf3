// SPDX-License-Identifier: BSD-2-Clause
// Untyped memory: Untyped_Retype (sel4-abi.md §6.3, sel4-mcs.md §2.3), the
// lazy reset of childless untypeds (§16 item 10), and object creation.
// Decode checks everything in seL4's order and changes nothing; perform
// resets (preemptibly), places the objects and inserts their caps as CDT
// children of the untyped.
#pragma once

#include <kern/cap.hpp>
#include <kern/cte.hpp>
#include <kern/invocation.hpp>
#include <kern/object_type.hpp>
#include <kern/syscall_error.hpp>

namespace kern {

// seL4_UntypedRetypeMaxObjects (CONFIG_RETYPE_FAN_OUT_LIMIT, default 256).
inline constexpr word_t retype_fan_out_limit = 256;
// CONFIG_RESET_CHUNK_BITS: an untyped is zeroed in chunks of this size,
// with a preemption point after each.
inline constexpr unsigned reset_chunk_bits = 8;

struct RetypeOperation {
    Cte* untyped_slot = nullptr;
    ObjectTypeInfo type{ObjectKind::Untyped};
    word_t user_size_bits = 0;  // the caller's size_bits argument
    unsigned object_bits = 0;   // log2 bytes of one object
    bool reset = false;         // the untyped has no children: reset before allocating
    word_t first_offset = 0;    // offset of the first object from the untyped's base (aligned)
    Cte* dest_slots = nullptr;  // first destination slot; `count` consecutive slots
    word_t count = 0;
    bool device = false;
};

// seL4 decodeUntypedInvocation: `target` holds an untyped cap.
[[nodiscard]] Result<RetypeOperation> decode_untyped_retype(const InvocationMessage& msg, const InvocationTarget& target);
// seL4 invokeUntyped_Retype. Preempted only while resetting; the restarted
// syscall decodes again and the reset continues where it stopped.
Completion perform(const RetypeOperation& op);

// seL4 resetUntypedCap: zero (non-device) memory below the watermark from
// the top in 2^reset_chunk_bits chunks, lowering the free index as it goes.
Completion reset_untyped(Cte& slot);

// seL4 createObject: initialises the object of kind `type` at `paddr`
// (which lies above the watermark and is therefore zero; device memory is
// never touched) and returns the cap with its initial rights.
[[nodiscard]] Cap create_object(const ObjectTypeInfo& type, word_t user_size_bits, paddr_t paddr, bool device);
// The objects of `op` from `first` on, each inserted into its destination
// slot as a child of the untyped (seL4 createNewObjects).
void create_objects(const RetypeOperation& op, paddr_t first);

}  // namespace kern
