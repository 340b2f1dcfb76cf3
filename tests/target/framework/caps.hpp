// SPDX-License-Identifier: BSD-2-Clause
// Observing slots of the root CNode the way sel4test's cnode tests do.
#pragma once

#include <sel4/sel4.h>

#include "alloc.hpp"
#include "cap_tags.hpp"

namespace tessera_test {

// Moving a slot onto itself: the destination is checked first, so an
// occupied slot gives DeleteFirst and an empty one FailedLookup (the source
// lookup finds nothing). Nothing changes either way.
inline seL4_Error move_onto_itself(seL4_CPtr slot) {
    return seL4_CNode_Move(root_cnode, slot, root_depth, root_cnode, slot, root_depth);
}
inline bool slot_is_occupied(seL4_CPtr slot) { return move_onto_itself(slot) == seL4_DeleteFirst; }
inline bool slot_is_empty(seL4_CPtr slot) { return move_onto_itself(slot) == seL4_FailedLookup; }

inline seL4_Uint32 cap_tag(seL4_CPtr slot) { return seL4_DebugCapIdentify(slot); }

}  // namespace tessera_test
