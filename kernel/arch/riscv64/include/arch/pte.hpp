// SPDX-License-Identifier: BSD-2-Clause
// Sv39 page-table entries [riscv/priv 4.4.1, 4.3.1] (pure constexpr).
#pragma once

#include <cstdint>

#include <kern/bitfield.hpp>
#include <kern/cap.hpp>

namespace arch::riscv {

inline constexpr unsigned sv39_levels = 3;
inline constexpr unsigned pt_index_bits = 9;
inline constexpr unsigned pt_entries = 1u << pt_index_bits;

// Index of `va` in the table of `level` (2 = root, covers 1 GiB per entry).
constexpr unsigned pt_index(std::uint64_t va, unsigned level) {
    return static_cast<unsigned>((va >> (12 + pt_index_bits * level)) & (pt_entries - 1));
}

struct Pte : kern::Register<Pte> {
    using Register::Register;
    using V = kern::Bit<0>;
    using R = kern::Bit<1>;
    using W = kern::Bit<2>;
    using X = kern::Bit<3>;
    using U = kern::Bit<4>;
    using G = kern::Bit<5>;
    using A = kern::Bit<6>;
    using D = kern::Bit<7>;
    using PPN = kern::Bitfield<53, 10>;

    constexpr bool valid() const { return test<V>(); }
    // A valid entry with none of R/W/X points to the next-level table.
    constexpr bool is_leaf() const { return test<R>() || test<W>() || test<X>(); }
    constexpr std::uint64_t paddr() const { return get<PPN>() << 12; }

    static constexpr Pte table(std::uint64_t table_paddr) {
        return Pte{}.with<V>(1).with<PPN>(table_paddr >> 12);
    }
    // A/D are preset so no access/dirty-update faults are taken [riscv/priv 4.3.1].
    static constexpr Pte leaf(std::uint64_t paddr, bool read, bool write, bool execute, bool user, bool global) {
        return Pte{}
            .with<V>(1)
            .with<R>(read)
            .with<W>(write)
            .with<X>(execute)
            .with<U>(user)
            .with<G>(global)
            .with<A>(1)
            .with<D>(1)
            .with<PPN>(paddr >> 12);
    }
};

// Boot-time kernel window entry: a global RWX gigapage. entry.S builds the
// same value by hand; a host test pins it (kernel_gigapage_flags).
inline constexpr std::uint64_t kernel_gigapage_flags = Pte::leaf(0, true, true, true, false, true).raw();
static_assert(kernel_gigapage_flags == 0xef);

// The Sv39 format as the core's VSpace code sees it (kern/vspace.hpp,
// PageTableFormat): depth 0 is the root table (level 2 in the privileged
// spec's numbering), depth 2 holds 4 KiB pages.
struct Sv39Format {
    using Entry = std::uint64_t;
    static constexpr unsigned levels = sv39_levels;
    // seL4_RISCV_ExecuteNever (sel4-abi.md §11.2); no other attribute exists.
    static constexpr std::uint64_t attribute_execute_never = 1;

    static constexpr unsigned bits_mapped(unsigned depth) { return 12 + pt_index_bits * (levels - 1 - depth); }
    static constexpr unsigned index(std::uint64_t va, unsigned depth) { return pt_index(va, levels - 1 - depth); }
    static constexpr bool is_valid(Entry e) { return Pte{e}.valid(); }
    static constexpr bool is_table(Entry e, unsigned) { return Pte{e}.valid() && !Pte{e}.is_leaf(); }
    static constexpr bool is_page(Entry e, unsigned) { return Pte{e}.valid() && Pte{e}.is_leaf(); }
    static constexpr std::uint64_t address(Entry e) { return Pte{e}.paddr(); }
    static constexpr Entry invalid() { return 0; }
    static constexpr Entry table(std::uint64_t table_paddr) { return Pte::table(table_paddr).raw(); }
    // seL4 makeUserPTE: R for any right but KernelOnly, W for ReadWrite, X
    // unless ExecuteNever, U, A and D set, never global; with none of R/W/X
    // the entry is invalid (a valid PTE without them would be a table
    // pointer [riscv/priv 4.3.1]). Sv39 has no memory types, so device
    // frames differ only in the PMAs the platform gives their addresses.
    static constexpr Entry page(std::uint64_t paddr, unsigned, kern::VmRights rights, std::uint64_t attributes, bool) {
        const bool read = rights != kern::VmRights::KernelOnly;
        const bool write = rights == kern::VmRights::ReadWrite;
        const bool execute = (attributes & attribute_execute_never) == 0;
        if (!read && !write && !execute) return invalid();
        return Pte::leaf(paddr, read, write, execute, /*user=*/true, /*global=*/false).raw();
    }
    static constexpr bool page_is_writable(Entry e) { return Pte{e}.test<Pte::W>(); }
};

}  // namespace arch::riscv
