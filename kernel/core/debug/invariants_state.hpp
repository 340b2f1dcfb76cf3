// SPDX-License-Identifier: BSD-2-Clause
// Internal state of the invariant checker (kern/invariants.hpp), shared by
// its translation units: enumeration and the object store (invariants.cpp),
// the checks on one cap (invariants_caps.cpp), the CDT / untyped checks (invariants_cdt.cpp) and the thread and scheduling
// checks (invariants_sched.cpp, which keeps its own object table).
// All storage is static (.bss): the kernel has no heap, and a fixed
// capacity bounds the cost of one check.
#pragma once

#include <cstdint>

#include <arch/machine.hpp>
#include <kern/cap.hpp>
#include <kern/cte.hpp>
#include <kern/invariants.hpp>

namespace kern::invariants::detail {

inline constexpr unsigned max_caps = 4096;        // non-null slots per check
inline constexpr unsigned max_containers = 1024;  // CNodes + TCBs walked
inline constexpr unsigned cap_hash_size = 8192;   // power of two, > 1.5 * max_caps
inline constexpr unsigned container_hash_size = 2048;
inline constexpr std::uint32_t none = 0xffffffffu;

// Objects must lie in the kernel window (cap_refs_in_kernel_window). The
// host fake arch maps host addresses 1:1, i.e. the x86-64 user half.
#if __STDC_HOSTED__
inline constexpr paddr_t window_limit = paddr_t{1} << 47;
#else
inline constexpr paddr_t window_limit = arch::kernel_window_size;
#endif

// What a cap names: a physical region (objects and untyped) or nothing.
struct Region {
    bool physical = false;
    paddr_t base = 0;
    unsigned bits = 0;
    paddr_t end() const { return base + (paddr_t{1} << bits); }  // exclusive
};

struct CapRecord {
    Cte* slot;
    std::uint32_t hash_slot;  // where cap_hash points at it (cleared after the check)
    std::uint32_t chain;     // CDT list this slot is in (none until walked)
    std::uint32_t position;  // index in list order over all lists
    std::uint32_t parent;    // record index of the CDT parent, or none
    Region region;           // region_of(slot->cap), computed once
};

struct Container {
    paddr_t object;
    unsigned slot_count;
    bool is_tcb;
};

struct State {
    Violation* violation = nullptr;
    const Options* options = nullptr;
    Stats stats{};
    bool overflow = false;

    CapRecord caps[max_caps];
    std::uint32_t cap_count = 0;
    std::uint32_t cap_hash[cap_hash_size];  // record index + 1, 0 = free

    Container containers[max_containers];
    std::uint32_t container_count = 0;
    std::uint32_t containers_walked = 0;
    std::uint32_t chained = 0;  // caps whose CDT list has been looked at
    std::uint32_t container_hash[container_hash_size];
    std::uint32_t container_hash_slot[max_containers];

    std::uint32_t order[max_caps];  // record indices in list order (by position)
    std::uint32_t scratch[max_caps];
    // Physical caps by address (by_address_less), and the rest by kind and
    // number; built once by sort_caps() and shared by the object-store,
    // mdb_chunked and untyped sweeps.
    std::uint32_t by_address[max_caps];
    std::uint32_t by_address_count = 0;
    std::uint32_t unnamed[max_caps];
    std::uint32_t unnamed_count = 0;
    std::uint32_t sort_buffer[max_caps];
    std::uint32_t position_count = 0;
    std::uint32_t chain_count = 0;
};

State& state();

// Records the first violation; always returns false so checks can
// `return fail(...)`.
bool fail(const char* check, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

Region region_of(const Cap& cap);
// The checks on the cap in one slot by itself (invariants_caps.cpp).
bool check_cap(const Cte& slot);
const char* cap_type_name(CapType type);
// The object class of a cap for "same object" questions (a Zombie counts as
// the CNode or TCB it destroys).
CapType object_class(const Cap& cap);
// Independent restatement of seL4 sameRegionAs / isMDBParentOf (sel4-abi.md
// §5.4), so that the checker does not trust kernel/core/cdt.
bool same_region_as(const Cap& a, const Cap& b);
bool is_mdb_parent_of(const Cte& parent, const Cte& child);
bool is_descendant(std::uint32_t record, std::uint32_t ancestor);

// Stable natural merge sort of record indices with a strict-weak-order
// `less`, using `buffer` (n entries). Enumeration meets caps mostly in
// address order (boot fills the root CNode in order), so the input has few
// runs and the sort is close to linear.
template <typename Less>
void sort_indices(std::uint32_t* items, std::uint32_t n, std::uint32_t* buffer, Less less) {
    auto run_end = [&](const std::uint32_t* a, std::uint32_t from) {
        while (from + 1 < n && !less(a[from + 1], a[from])) ++from;
        return from + 1;
    };
    std::uint32_t* from = items;
    std::uint32_t* to = buffer;
    for (;;) {
        std::uint32_t i = 0, runs = 0;
        while (i < n) {
            ++runs;
            const std::uint32_t mid = run_end(from, i);
            const std::uint32_t end = mid < n ? (++runs, run_end(from, mid)) : n;
            std::uint32_t a = i, b = mid, k = i;
            while (a < mid && b < end) to[k++] = less(from[b], from[a]) ? from[b++] : from[a++];
            while (a < mid) to[k++] = from[a++];
            while (b < end) to[k++] = from[b++];
            i = end;
        }
        if (runs <= 1) break;  // `from` is sorted (and was copied to `to`)
        std::uint32_t* t = from;
        from = to;
        to = t;
    }
    if (from != items)
        for (std::uint32_t i = 0; i < n; ++i) items[i] = from[i];
}

// Orders physical caps by base, then larger regions first, then untypeds
// before objects of the same region, so that every cap follows the untypeds
// containing it (the nesting the untyped sweep relies on).
bool by_address_less(std::uint32_t a, std::uint32_t b);
// Fills by_address and unnamed (once per check).
void sort_caps();

// The CDT and untyped checks (invariants_cdt.cpp), run after enumeration.
bool check_cdt_and_untyped();

// Interrupts in hardware and the VSpace objects (invariants_vspace.cpp,
// invariants.md §2.6 valid_irq_states and §2.7), after sort_caps().
bool check_vspace_and_irq();

// Enumeration (invariants.cpp): queue a TCB's slots for walking, and walk
// every queued container and the CDT lists of the caps met so far. A
// pointer the checker follows must name memory inside the kernel window.
void add_thread_container(paddr_t tcb_object);
bool walk_pending();
bool in_kernel_window(paddr_t base, word_t bytes);

// Threads and scheduling (invariants_sched.cpp, invariants.md §2.5); both do
// nothing before sched::init() (host tests of CSpaces alone).
// discover_sched_objects: find every thread, SC, endpoint, notification and
// reply object from the caps enumerated so far, the scheduler's queues and
// the objects' links (walking the CSpace of each thread met when
// `with_caps`); without caps it extends the table of the last full check.
bool discover_sched_objects(bool with_caps);
// The named §2.5 checks; `caps_sorted`: sort_caps() ran, so objects found
// only through links can be checked against the caps naming their memory.
bool check_sched(bool caps_sorted);

}  // namespace kern::invariants::detail
