// SPDX-License-Identifier: BSD-2-Clause
// Run-time checker of seL4's kernel invariants (invariants.md §2.1–2.4) over
// what exists so far: object store, caps, CDT, untyped memory. Each check is
// named after its l4v invariant. Objects are enumerated without a registry:
// every CNode and TCB reachable from the current thread's CSpace (through
// CNode and TCB caps) is walked, and every CDT list met there is followed
// from its head, which also finds slots of unreachable CNodes.
//
// check() returns the first violation (host tests call it directly after
// corrupting state); check_at_kernel_exit() prints
// "INVARIANT VIOLATION: <name>: <what, where>" and panics.
#pragma once

#include <kern/types.hpp>

namespace kern::invariants {

struct Violation {
    const char* check = nullptr;  // l4v name of the violated invariant; null when all hold
    char detail[200] = {};
    explicit operator bool() const { return check != nullptr; }
};

enum class ZeroScan {
    // untyped_ranges_zero only for untypeds whose (base, free index) changed
    // since the previous check, and for big free parts only the first
    // 16 KiB after the watermark plus one word every 64 KiB (bounded cost).
    ChangedSampled,
    Full,  // every byte of every free part (host tests)
};

struct Options {
    ZeroScan zero_scan = ZeroScan::ChangedSampled;
};

struct Stats {
    word_t containers = 0;  // CNodes and TCBs walked
    word_t caps = 0;        // non-null slots checked
    word_t chains = 0;      // CDT lists followed
    word_t zero_bytes_scanned = 0;
};

[[nodiscard]] Violation check(const Options& options = {}, Stats* stats = nullptr);

// Called at the end of every kernel entry when config::invariant_checks.
void check_at_kernel_exit();

namespace testing {
void forget_zero_scan_history();
}  // namespace testing

}  // namespace kern::invariants
