// SPDX-License-Identifier: BSD-2-Clause
// Sv39 page-table entries [riscv/priv 4.4.1, 4.3.1] (pure constexpr).
#pragma once

#include <cstdint>

#include <kern/bitfield.hpp>

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

}  // namespace arch::riscv
