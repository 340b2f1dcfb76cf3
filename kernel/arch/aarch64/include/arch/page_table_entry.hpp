// SPDX-License-Identifier: BSD-2-Clause
// VMSAv8-64 translation table descriptors, 4 KiB granule, 48-bit VA
// [arm/ARM DDI0487 D8.3]: four levels (0..3) of 512 entries; level 1 and 2
// may hold blocks, level 3 holds pages.
#pragma once

#include <cstdint>

#include "asm_defs.h"
#include <kern/bitfield.hpp>
#include <kern/cap.hpp>
#include <kern/page_permissions.hpp>

namespace arch {

struct Descriptor : kern::Register<Descriptor> {
    using Register::Register;
    using Valid = kern::Bit<0>;
    using TableOrPage = kern::Bit<1>;         // 1: table (levels 0-2) or page (level 3); 0: block
    using AttrIndex = kern::Bitfield<4, 2>;   // MAIR_EL1 attribute index
    using AccessPermissions = kern::Bitfield<7, 6>;  // AP[2:1]
    using Shareability = kern::Bitfield<9, 8>;
    using AccessFlag = kern::Bit<10>;
    using NotGlobal = kern::Bit<11>;
    using OutputAddress = kern::Bitfield<47, 12>;  // next table / page / block address >> 12
    using PrivilegedExecuteNever = kern::Bit<53>;
    using UserExecuteNever = kern::Bit<54>;

    static constexpr std::uint64_t ap_kernel_rw = 0b00;
    static constexpr std::uint64_t ap_user_rw = 0b01;
    static constexpr std::uint64_t ap_kernel_ro = 0b10;
    static constexpr std::uint64_t ap_user_ro = 0b11;
    static constexpr std::uint64_t inner_shareable = 0b11;

    constexpr bool valid() const { return test<Valid>(); }
    constexpr bool is_table() const { return valid() && test<TableOrPage>(); }
    constexpr std::uint64_t output_address() const { return get<OutputAddress>() << 12; }

    static constexpr Descriptor table(std::uint64_t next_table_paddr) {
        return Descriptor{}.with<Valid>(1).with<TableOrPage>(1).with<OutputAddress>(next_table_paddr >> 12);
    }

    // A 4 KiB user page (level 3): normal write-back memory, not global
    // (tagged with the address space's ASID), never executable by the kernel.
    // AArch64 cannot express write-only or no-access-but-present user pages,
    // so a writable page is also readable and every page is readable.
    static constexpr Descriptor user_page(std::uint64_t paddr, kern::PagePermissions perms) {
        return Descriptor{}
            .with<Valid>(1)
            .with<TableOrPage>(1)
            .with<AttrIndex>(MAIR_INDEX_NORMAL)
            .with<AccessPermissions>(perms.write ? ap_user_rw : ap_user_ro)
            .with<Shareability>(inner_shareable)
            .with<AccessFlag>(1)
            .with<NotGlobal>(1)
            .with<OutputAddress>(paddr >> 12)
            .with<PrivilegedExecuteNever>(1)
            .with<UserExecuteNever>(perms.execute ? 0 : 1);
    }

    // Level-1 (1 GiB) kernel-only blocks used by the boot page tables.
    static constexpr Descriptor kernel_block(std::uint64_t paddr, bool device) {
        const Descriptor d = Descriptor{}
                                 .with<Valid>(1)
                                 .with<AttrIndex>(device ? MAIR_INDEX_DEVICE : MAIR_INDEX_NORMAL)
                                 .with<AccessPermissions>(ap_kernel_rw)
                                 .with<AccessFlag>(1)
                                 .with<OutputAddress>(paddr >> 12)
                                 .with<UserExecuteNever>(1);
        return device ? d.with<PrivilegedExecuteNever>(1) : d.with<Shareability>(inner_shareable);
    }
};

static_assert(Descriptor::kernel_block(0, false).raw() == BLOCK_NORMAL_KERNEL);
static_assert(Descriptor::kernel_block(0, true).raw() == BLOCK_DEVICE_KERNEL);
static_assert(Descriptor::table(0).raw() == TABLE_DESCRIPTOR);

inline constexpr unsigned page_table_levels = 4;
inline constexpr unsigned entries_per_table = 512;

// Index into the level-`level` table for `va` (level 0 covers bits 47..39).
constexpr unsigned table_index(std::uint64_t va, unsigned level) {
    const unsigned shift = 12 + 9 * (3 - level);
    return static_cast<unsigned>((va >> shift) & (entries_per_table - 1));
}

// TTBR0_EL1/TTBR1_EL1 value: table base plus ASID in bits 63..48.
struct Ttbr : kern::Register<Ttbr> {
    using Register::Register;
    using BaseAddress = kern::Bitfield<47, 1>;
    using Asid = kern::Bitfield<63, 48>;
    static constexpr Ttbr make(std::uint64_t root_paddr, std::uint64_t asid) {
        return Ttbr{root_paddr & BaseAddress::mask}.with<Asid>(asid);
    }
};

// The VMSAv8-64 format as the core's VSpace code sees it (kern/vspace.hpp,
// PageTableFormat): depth = lookup level, 0 is the VSpace root; pages are
// level-3 page descriptors, 2 MiB and 1 GiB frames level-2 and level-1 blocks.
struct Aarch64Format {
    using Entry = std::uint64_t;
    static constexpr unsigned levels = page_table_levels;
    // seL4_ARM_VMAttributes (sel4-abi.md §11.2); ParityEnabled (2) means
    // nothing on AArch64.
    static constexpr std::uint64_t attribute_cacheable = 1;
    static constexpr std::uint64_t attribute_execute_never = 4;

    static constexpr unsigned bits_mapped(unsigned depth) { return 12 + 9 * (levels - 1 - depth); }
    static constexpr unsigned index(std::uint64_t va, unsigned depth) { return table_index(va, depth); }
    static constexpr bool is_valid(Entry e) { return Descriptor{e}.valid(); }
    // bits[1:0] = 0b11 is a table at levels 0-2 and a page at level 3.
    static constexpr bool is_table(Entry e, unsigned depth) { return depth + 1 < levels && Descriptor{e}.is_table(); }
    static constexpr bool is_page(Entry e, unsigned depth) {
        const Descriptor d{e};
        if (!d.valid()) return false;
        if (depth + 1 == levels) return d.test<Descriptor::TableOrPage>();
        return (depth == 1 || depth == 2) && !d.test<Descriptor::TableOrPage>();
    }
    static constexpr std::uint64_t address(Entry e) { return Descriptor{e}.output_address(); }
    static constexpr Entry invalid() { return 0; }
    static constexpr Entry table(std::uint64_t table_paddr) { return Descriptor::table(table_paddr).raw(); }
    // seL4 makeUserPagePTE: AP from the rights (KernelOnly: EL1 only), the
    // access flag set, not global (tagged with the ASID), UXN from
    // ExecuteNever, PXN always (the kernel never executes user memory);
    // Cacheable selects Normal write-back, otherwise Device-nGnRnE, and
    // device frames are always Device-nGnRnE [arm/ARM DDI0487 D8.3, D8.5].
    static constexpr Entry page(std::uint64_t paddr, unsigned depth, kern::VmRights rights, std::uint64_t attributes,
                                bool device) {
        const bool cacheable = (attributes & attribute_cacheable) != 0 && !device;
        const std::uint64_t ap = rights == kern::VmRights::ReadWrite  ? Descriptor::ap_user_rw
                                 : rights == kern::VmRights::ReadOnly ? Descriptor::ap_user_ro
                                                                      : Descriptor::ap_kernel_rw;
        return Descriptor{}
            .with<Descriptor::Valid>(1)
            .with<Descriptor::TableOrPage>(depth + 1 == levels ? 1 : 0)
            .with<Descriptor::AttrIndex>(cacheable ? MAIR_INDEX_NORMAL : MAIR_INDEX_DEVICE)
            .with<Descriptor::AccessPermissions>(ap)
            .with<Descriptor::Shareability>(cacheable ? Descriptor::inner_shareable : 0)
            .with<Descriptor::AccessFlag>(1)
            .with<Descriptor::NotGlobal>(1)
            .with<Descriptor::OutputAddress>(paddr >> 12)
            .with<Descriptor::PrivilegedExecuteNever>(1)
            .with<Descriptor::UserExecuteNever>((attributes & attribute_execute_never) != 0 ? 1 : 0)
            .raw();
    }
    static constexpr bool page_is_writable(Entry e) {
        return Descriptor{e}.get<Descriptor::AccessPermissions>() == Descriptor::ap_user_rw;
    }
};

// The kernel window occupies the last level-0 slot of TTBR1.
static_assert(table_index(KERNEL_WINDOW_OFFSET, 0) == 511);

}  // namespace arch
