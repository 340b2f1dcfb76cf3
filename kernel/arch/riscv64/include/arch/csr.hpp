// SPDX-License-Identifier: BSD-2-Clause
// RISC-V supervisor CSR encodings used by the kernel, as constexpr
// Bitfield/Register definitions (pure: no inline asm, host-testable).
// References: The RISC-V Instruction Set Manual Vol. II (Privileged
// Architecture) 20211203, §4.1 [riscv/priv 4.1.x].
#pragma once

#include <cstdint>

#include <kern/bitfield.hpp>

namespace arch::riscv {

using kern::Bit;
using kern::Bitfield;
using kern::Register;

// sstatus [riscv/priv 4.1.1].
struct Sstatus : Register<Sstatus> {
    using Register::Register;
    using SIE = Bit<1>;             // supervisor interrupts enabled (in S-mode)
    using SPIE = Bit<5>;            // SIE before the last trap; restored by sret
    using SPP = Bit<8>;             // privilege before the last trap: 0 = U
    using FS = Bitfield<14, 13>;    // FPU state: 0 off, 1 initial, 2 clean, 3 dirty
    using SUM = Bit<18>;            // S-mode may access U pages
    using MXR = Bit<19>;
    using SD = Bit<63>;

    static constexpr std::uint64_t fs_off = 0, fs_initial = 1, fs_clean = 2, fs_dirty = 3;
};

// The sstatus a fresh user thread starts with (seL4 Arch_initContext: SPIE):
// sret goes to U-mode with interrupts enabled there. FS is Off: the FP
// registers are handed over lazily on the first FP instruction, and the
// trap path sets FS per thread before every return to U-mode.
inline constexpr Sstatus user_initial_sstatus =
    Sstatus{}.with<Sstatus::SPIE>(1).with<Sstatus::SPP>(0).with<Sstatus::FS>(Sstatus::fs_off);

// sie / sip [riscv/priv 4.1.3].
struct Sie : Register<Sie> {
    using Register::Register;
    using SSIE = Bit<1>;  // software
    using STIE = Bit<5>;  // timer
    using SEIE = Bit<9>;  // external
};

// satp for Sv39 [riscv/priv 4.1.11].
struct Satp : Register<Satp> {
    using Register::Register;
    using PPN = Bitfield<43, 0>;
    using ASID = Bitfield<59, 44>;
    using MODE = Bitfield<63, 60>;
    static constexpr std::uint64_t mode_bare = 0, mode_sv39 = 8;

    static constexpr Satp sv39(std::uint64_t root_paddr, std::uint64_t asid = 0) {
        return Satp{}.with<MODE>(mode_sv39).with<ASID>(asid).with<PPN>(root_paddr >> 12);
    }
};

// scause [riscv/priv 4.1.9, table 4.2].
struct Scause : Register<Scause> {
    using Register::Register;
    using Code = Bitfield<62, 0>;
    using Interrupt = Bit<63>;
    constexpr bool is_interrupt() const { return test<Interrupt>(); }
    constexpr std::uint64_t code() const { return get<Code>(); }
};

enum class Exception : std::uint64_t {
    InstructionMisaligned = 0,
    InstructionAccessFault = 1,
    IllegalInstruction = 2,
    Breakpoint = 3,
    LoadMisaligned = 4,
    LoadAccessFault = 5,
    StoreMisaligned = 6,
    StoreAccessFault = 7,
    EcallFromU = 8,
    EcallFromS = 9,
    InstructionPageFault = 12,
    LoadPageFault = 13,
    StorePageFault = 15,
};

enum class Interrupt : std::uint64_t {
    SupervisorSoftware = 1,
    SupervisorTimer = 5,
    SupervisorExternal = 9,
};

constexpr const char* exception_name(std::uint64_t code) {
    switch (static_cast<Exception>(code)) {
    case Exception::InstructionMisaligned: return "instruction address misaligned";
    case Exception::InstructionAccessFault: return "instruction access fault";
    case Exception::IllegalInstruction: return "illegal instruction";
    case Exception::Breakpoint: return "breakpoint";
    case Exception::LoadMisaligned: return "load address misaligned";
    case Exception::LoadAccessFault: return "load access fault";
    case Exception::StoreMisaligned: return "store/AMO address misaligned";
    case Exception::StoreAccessFault: return "store/AMO access fault";
    case Exception::EcallFromU: return "environment call from U-mode";
    case Exception::EcallFromS: return "environment call from S-mode";
    case Exception::InstructionPageFault: return "instruction page fault";
    case Exception::LoadPageFault: return "load page fault";
    case Exception::StorePageFault: return "store/AMO page fault";
    }
    return "reserved exception";
}

constexpr const char* interrupt_name(std::uint64_t code) {
    switch (static_cast<Interrupt>(code)) {
    case Interrupt::SupervisorSoftware: return "supervisor software interrupt";
    case Interrupt::SupervisorTimer: return "supervisor timer interrupt";
    case Interrupt::SupervisorExternal: return "supervisor external interrupt";
    }
    return "reserved interrupt";
}

constexpr const char* cause_name(Scause cause) {
    return cause.is_interrupt() ? interrupt_name(cause.code()) : exception_name(cause.code());
}

// seL4 reports RISC-V memory faults with the access-fault cause: page faults
// 12/13/15 become 1/5/7 (sel4-abi.md §10.3). Returns 0 for other causes.
constexpr std::uint64_t vm_fault_fsr(std::uint64_t exception_code) {
    switch (static_cast<Exception>(exception_code)) {
    case Exception::InstructionAccessFault:
    case Exception::InstructionPageFault: return 1;
    case Exception::LoadAccessFault:
    case Exception::LoadPageFault: return 5;
    case Exception::StoreAccessFault:
    case Exception::StorePageFault: return 7;
    default: return 0;
    }
}

}  // namespace arch::riscv
