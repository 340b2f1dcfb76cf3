// SPDX-License-Identifier: BSD-2-Clause
// The deliberate faults the differential-test generator (generator.cpp)
// puts into a small share of its calls, one error path each.
#pragma once

namespace model {

// Deliberate faults, each aimed at one error path (sel4-abi.md §5.5, §6.3, §15.3).
enum class Fault {
    None,
    Truncated,       // length below what the label needs: TruncatedMessage
    MissingCap,      // fewer extra caps than needed: TruncatedMessage
    WrongLabel,      // IllegalOperation
    DepthRange,      // depth 0 or > 64: RangeError
    DepthOff,        // depth off by a few bits: FailedLookup (depth/guard mismatch)
    BadIndex,        // a random address: mostly FailedLookup
    InvalidRoot,     // a root argument that is no CNode: FailedLookup InvalidRoot
    DestOccupied,    // DeleteFirst
    SrcEmpty,        // FailedLookup MissingCapability
    BadType,         // InvalidArgument 0
    BadSize,         // RangeError
    SmallSize,       // InvalidArgument 1
    BadOffset,       // RangeError
    BadCount,        // RangeError
    WindowTooSmall,  // count past the end of the destination CNode: RangeError
    TooBig,          // NotEnoughMemory
    DeviceType,      // non-frame object from device memory: InvalidArgument 1
    NodeNotCNode,    // Retype destination slot without a CNode: FailedLookup
    UntypedChildren, // Copy/Mint of an untyped with children: RevokeFirst
    Badged,          // Mint of a badged cap, Mutate/Rotate of a badgeable one: IllegalOperation
    BadGuard,        // guard size + radix > 64: IllegalOperation
    PivotClash,      // Rotate pivot = source or destination: IllegalOperation
    NotEndpoint,     // CancelBadgedSends on something else: IllegalOperation
    InvokeNull,      // InvalidCapability
    InvokeOther,     // a TCB, frame or zombie invoked: IllegalOperation / InvalidCapability
};

inline const char* fault_name(Fault f) {
    static constexpr const char* names[] = {
        nullptr,      "Truncated",   "MissingCap", "WrongLabel", "DepthRange",     "DepthOff",  "BadIndex",
        "InvalidRoot", "DestOccupied", "SrcEmpty",  "BadType",    "BadSize",        "SmallSize", "BadOffset",
        "BadCount",   "WindowTooSmall", "TooBig",   "DeviceType", "NodeNotCNode",   "UntypedChildren",
        "Badged",     "BadGuard",    "PivotClash", "NotEndpoint", "InvokeNull",     "InvokeOther"};
    return names[static_cast<int>(f)];
}

}  // namespace model
