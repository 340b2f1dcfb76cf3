// SPDX-License-Identifier: BSD-2-Clause
// Field layouts of the AArch64 system registers the kernel programs
// [arm/ARM DDI0487 D17.2], as constexpr Register definitions. The values the
// boot assembly uses (arch/asm_defs.h) are rebuilt here from named fields and
// checked, so the magic numbers in the .S files cannot drift.
#pragma once

#include <cstdint>

#include <arch/asm_defs.h>
#include <kern/bitfield.hpp>
#include <kern/config.hpp>

namespace arch {

// Translation control [arm/ARM DDI0487 D17.2.131].
struct Tcr : kern::Register<Tcr> {
    using Register::Register;
    using T0sz = kern::Bitfield<5, 0>;
    using Epd0 = kern::Bit<7>;
    using Irgn0 = kern::Bitfield<9, 8>;
    using Orgn0 = kern::Bitfield<11, 10>;
    using Sh0 = kern::Bitfield<13, 12>;
    using Tg0 = kern::Bitfield<15, 14>;
    using T1sz = kern::Bitfield<21, 16>;
    using A1 = kern::Bit<22>;
    using Epd1 = kern::Bit<23>;
    using Irgn1 = kern::Bitfield<25, 24>;
    using Orgn1 = kern::Bitfield<27, 26>;
    using Sh1 = kern::Bitfield<29, 28>;
    using Tg1 = kern::Bitfield<31, 30>;
    using Ips = kern::Bitfield<34, 32>;
    using AsidSize16 = kern::Bit<36>;

    static constexpr std::uint64_t tg0_4k = 0b00;
    static constexpr std::uint64_t tg1_4k = 0b10;  // TG1 encodes granules differently from TG0
    static constexpr std::uint64_t cache_wbwa = 0b01;
    static constexpr std::uint64_t inner_shareable = 0b11;
    static constexpr unsigned va_bits = 48;
};

inline constexpr Tcr tcr_boot_value = Tcr{}
                                          .with<Tcr::T0sz>(64 - Tcr::va_bits)
                                          .with<Tcr::Irgn0>(Tcr::cache_wbwa)
                                          .with<Tcr::Orgn0>(Tcr::cache_wbwa)
                                          .with<Tcr::Sh0>(Tcr::inner_shareable)
                                          .with<Tcr::Tg0>(Tcr::tg0_4k)
                                          .with<Tcr::T1sz>(64 - Tcr::va_bits)
                                          .with<Tcr::Irgn1>(Tcr::cache_wbwa)
                                          .with<Tcr::Orgn1>(Tcr::cache_wbwa)
                                          .with<Tcr::Sh1>(Tcr::inner_shareable)
                                          .with<Tcr::Tg1>(Tcr::tg1_4k)
                                          .with<Tcr::AsidSize16>(1);
static_assert(tcr_boot_value.raw() == TCR_EL1_BASE);
static_assert(Tcr::Ips::lo == TCR_EL1_IPS_SHIFT);

// System control, EL1 [arm/ARM DDI0487 D17.2.118].
struct Sctlr : kern::Register<Sctlr> {
    using Register::Register;
    using Mmu = kern::Bit<0>;
    using AlignmentCheck = kern::Bit<1>;
    using DataCache = kern::Bit<2>;
    using StackAlignCheck = kern::Bit<3>;
    using StackAlignCheckEl0 = kern::Bit<4>;
    using InstructionCache = kern::Bit<12>;
    using El0DcZva = kern::Bit<14>;       // DZE
    using El0CtrRead = kern::Bit<15>;     // UCT
    using El0NoTrapWfi = kern::Bit<16>;   // nTWI
    using El0NoTrapWfe = kern::Bit<18>;   // nTWE
    using El0CacheMaint = kern::Bit<26>;  // UCI
    using BigEndian = kern::Bit<25>;
    // RES1 in ARMv8.0; later revisions give them meanings whose "1" is the
    // ARMv8.0 behaviour (EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE).
    static constexpr std::uint64_t res1 = (1u << 11) | (1u << 20) | (1u << 22) | (1u << 23) | (1u << 28) | (1u << 29);
};

inline constexpr Sctlr sctlr_mmu_off = Sctlr{Sctlr::res1};
inline constexpr Sctlr sctlr_mmu_on = sctlr_mmu_off.with<Sctlr::Mmu>(1)
                                          .with<Sctlr::DataCache>(1)
                                          .with<Sctlr::StackAlignCheck>(1)
                                          .with<Sctlr::StackAlignCheckEl0>(1)
                                          .with<Sctlr::InstructionCache>(1)
                                          .with<Sctlr::El0DcZva>(1)
                                          .with<Sctlr::El0CtrRead>(1)
                                          .with<Sctlr::El0NoTrapWfi>(1)
                                          .with<Sctlr::El0NoTrapWfe>(1)
                                          .with<Sctlr::El0CacheMaint>(1);
static_assert(sctlr_mmu_off.raw() == SCTLR_EL1_MMU_OFF);
static_assert(sctlr_mmu_on.raw() == SCTLR_EL1_MMU_ON);

// Memory attribute indirection [arm/ARM DDI0487 D17.2.97]: eight 8-bit attributes.
namespace mair {
inline constexpr std::uint64_t device_ngnrne = 0x00;
inline constexpr std::uint64_t device_ngnre = 0x04;
inline constexpr std::uint64_t normal_noncacheable = 0x44;
inline constexpr std::uint64_t normal_write_back = 0xff;
constexpr std::uint64_t attribute(unsigned index, std::uint64_t value) { return value << (8 * index); }
inline constexpr std::uint64_t value = attribute(MAIR_INDEX_DEVICE, device_ngnrne) |
                                       attribute(MAIR_INDEX_NORMAL, normal_write_back) |
                                       attribute(2, normal_noncacheable) | attribute(3, device_ngnre);
static_assert(value == MAIR_EL1_VALUE);
}  // namespace mair

// Saved program status [arm/ARM DDI0487 C5.2.19].
struct Spsr : kern::Register<Spsr> {
    using Register::Register;
    using Mode = kern::Bitfield<3, 0>;  // M[3:0]: EL and SP selection
    using Aarch32 = kern::Bit<4>;
    using FiqMask = kern::Bit<6>;
    using IrqMask = kern::Bit<7>;
    using SErrorMask = kern::Bit<8>;
    using DebugMask = kern::Bit<9>;
    using Nzcv = kern::Bitfield<31, 28>;

    static constexpr std::uint64_t mode_el0t = 0b0000;
    static constexpr std::uint64_t mode_el1h = 0b0101;
};

// seL4 masks SError for user mode in non-debug kernels only (KernelDebugBuild).
inline constexpr bool debug_kernel = kern::config::debug_build;

// seL4's initial user PSTATE (PSTATE_USER, sel4-abi.md §7.3 and its
// Verification log): EL0t with FIQ masked, in non-debug kernels SError
// masked too. Every SPSR value taken from user (WriteRegisters, fault and
// timeout replies) keeps only NZCV and gets this value ORed in.
inline constexpr Spsr spsr_user_debug = Spsr{}.with<Spsr::Mode>(Spsr::mode_el0t).with<Spsr::FiqMask>(1);
inline constexpr Spsr spsr_user_non_debug = spsr_user_debug.with<Spsr::SErrorMask>(1);
static_assert(spsr_user_debug.raw() == 0x40);
static_assert(spsr_user_non_debug.raw() == 0x140);
inline constexpr Spsr spsr_user_initial = debug_kernel ? spsr_user_debug : spsr_user_non_debug;

constexpr std::uint64_t sanitise_user_spsr(std::uint64_t value) {
    return (value & Spsr::Nzcv::mask) | spsr_user_initial.raw();
}
static_assert(sanitise_user_spsr(~std::uint64_t{0}) == (0xf0000000ull | spsr_user_initial.raw()));
static_assert(sanitise_user_spsr(0x3c5) == spsr_user_initial.raw(), "no way into EL1 or unmasked FIQ");

inline constexpr Spsr spsr_el1h_masked = Spsr{}
                                             .with<Spsr::Mode>(Spsr::mode_el1h)
                                             .with<Spsr::FiqMask>(1)
                                             .with<Spsr::IrqMask>(1)
                                             .with<Spsr::SErrorMask>(1)
                                             .with<Spsr::DebugMask>(1);
static_assert(spsr_el1h_masked.raw() == SPSR_EL1H_MASKED);

// Architectural feature access control, EL1 [arm/ARM DDI0487 D17.2.30].
// FPEN (bits 21:20) traps FP/SIMD register accesses with ESR EC 0x07:
// 0b00 and 0b10 trap EL0 and EL1, 0b01 traps EL0 only, 0b11 traps nothing.
// The kernel keeps 0b01 while the thread about to run does not own the FP
// registers (so EL1 can still save and load them) and 0b11 while it does.
struct Cpacr : kern::Register<Cpacr> {
    using Register::Register;
    using Fpen = kern::Bitfield<21, 20>;
    static constexpr std::uint64_t fpen_trap_el0_el1 = 0b00;
    static constexpr std::uint64_t fpen_trap_el0 = 0b01;
    static constexpr std::uint64_t fpen_no_trap = 0b11;
};
inline constexpr Cpacr cpacr_user_fpu_off = Cpacr{}.with<Cpacr::Fpen>(Cpacr::fpen_trap_el0);
inline constexpr Cpacr cpacr_user_fpu_on = Cpacr{}.with<Cpacr::Fpen>(Cpacr::fpen_no_trap);
static_assert(cpacr_user_fpu_off.raw() == CPACR_EL1_FPEN_TRAP_EL0);
static_assert(cpacr_user_fpu_on.raw() == CPACR_EL1_FPEN_NO_TRAP);

// Hypervisor configuration [arm/ARM DDI0487 D17.2.48]: only RW (EL1 is AArch64).
struct Hcr : kern::Register<Hcr> {
    using Register::Register;
    using El1Aarch64 = kern::Bit<31>;
};
static_assert(Hcr{}.with<Hcr::El1Aarch64>(1).raw() == HCR_EL2_RW);

// Counter-timer hypervisor control (non-VHE layout) [arm/ARM DDI0487, CNTHCTL_EL2]:
// EL1 may read the physical counter and use the physical timer.
struct Cnthctl : kern::Register<Cnthctl> {
    using Register::Register;
    using El1PhysicalCounter = kern::Bit<0>;  // EL1PCTEN
    using El1PhysicalTimer = kern::Bit<1>;    // EL1PCEN
};
static_assert(Cnthctl{}.with<Cnthctl::El1PhysicalCounter>(1).with<Cnthctl::El1PhysicalTimer>(1).raw() ==
              CNTHCTL_EL2_EL1_ACCESS);

// Architectural feature trap register, EL2 (non-VHE) [arm/ARM DDI0487 D17.2.31].
struct Cptr : kern::Register<Cptr> {
    using Register::Register;
    using TrapSve = kern::Bit<8>;   // TZ (RES1 without SVE)
    using TrapFp = kern::Bit<10>;   // TFP
    using TrapTrace = kern::Bit<20>;
    static constexpr std::uint64_t res1 = 0x3000 | 0x200 | 0xff;
};
static_assert(Cptr{Cptr::res1}.raw() == CPTR_EL2_NO_TRAPS);

// Generic timer control, CNTV_CTL_EL0 (and the same layout in CNTP_CTL_EL0)
// [arm/ARM DDI0487 D11.2.4, D17.10 CNTV_CTL_EL0]. The timer condition is
// CNTVCT_EL0 >= CNTV_CVAL_EL0; while ENABLE is set and IMASK clear it drives
// the (level-sensitive) timer PPI.
struct TimerControl : kern::Register<TimerControl> {
    using Register::Register;
    using Enable = kern::Bit<0>;
    using InterruptMask = kern::Bit<1>;
    using Status = kern::Bit<2>;
};

// Counter-timer kernel control, CNTKCTL_EL1 [arm/ARM DDI0487 D17.10]: which
// counters and timers EL0 may use (seL4's KernelArmExport*User options,
// sel4-abi.md §2.4).
struct Cntkctl : kern::Register<Cntkctl> {
    using Register::Register;
    using El0PhysicalCounter = kern::Bit<0>;  // EL0PCTEN: CNTPCT_EL0 (and CNTFRQ_EL0)
    using El0VirtualCounter = kern::Bit<1>;   // EL0VCTEN: CNTVCT_EL0 (and CNTFRQ_EL0)
    using EventStream = kern::Bit<2>;         // EVNTEN
    using El0VirtualTimer = kern::Bit<8>;     // EL0VTEN: CNTV_*
    using El0PhysicalTimer = kern::Bit<9>;    // EL0PTEN: CNTP_*
};

// Performance monitors control (PMCR_EL0) [arm/ARM DDI0487, PMCR_EL0].
struct Pmcr : kern::Register<Pmcr> {
    using Register::Register;
    using Enable = kern::Bit<0>;
    using CounterCount = kern::Bitfield<15, 11>;  // N, event counters implemented
};
inline constexpr std::uint64_t pmcntenset_cycle_counter = std::uint64_t{1} << 31;

// Performance monitors user enable, PMUSERENR_EL0 [arm/ARM DDI0487 D17.5]:
// EN lets EL0 use the whole PMU (including PMCCNTR_EL0); the other bits
// grant narrower subsets.
struct Pmuserenr : kern::Register<Pmuserenr> {
    using Register::Register;
    using Enable = kern::Bit<0>;        // EN
    using SoftwareIncrement = kern::Bit<1>;  // SW
    using CycleCounterRead = kern::Bit<2>;   // CR
    using EventCounterRead = kern::Bit<3>;   // ER
};

// What EL0 may read without a system call (sel4-abi.md §2.4). seL4's
// defaults export nothing; its benchmark configurations export the PMU
// (KernelArmExportPMUUser: the IPC benchmark reads PMCCNTR_EL0, which counts
// instructions under QEMU -icount) and the virtual counter
// (KernelArmExportVCNTUser), and so does the benchmark kernel here.
inline constexpr Cntkctl cntkctl_default{};
inline constexpr Cntkctl cntkctl_benchmark = Cntkctl{}.with<Cntkctl::El0VirtualCounter>(1);
inline constexpr Pmuserenr pmuserenr_default{};
inline constexpr Pmuserenr pmuserenr_benchmark = Pmuserenr{}.with<Pmuserenr::Enable>(1);

// The registers for any choice of seL4's export options (PCNT, VCNT, PTMR,
// VTMR; PMU).
constexpr Cntkctl cntkctl_exporting(bool pcnt, bool vcnt, bool ptmr, bool vtmr) {
    return Cntkctl{}
        .with<Cntkctl::El0PhysicalCounter>(pcnt)
        .with<Cntkctl::El0VirtualCounter>(vcnt)
        .with<Cntkctl::El0PhysicalTimer>(ptmr)
        .with<Cntkctl::El0VirtualTimer>(vtmr);
}
constexpr Pmuserenr pmuserenr_exporting(bool pmu) { return Pmuserenr{}.with<Pmuserenr::Enable>(pmu); }
static_assert(cntkctl_exporting(false, true, false, false).raw() == cntkctl_benchmark.raw());

}  // namespace arch
