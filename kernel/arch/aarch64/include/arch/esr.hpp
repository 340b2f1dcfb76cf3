// SPDX-License-Identifier: BSD-2-Clause
// ESR_ELx, the exception syndrome register [arm/ARM DDI0487 D17.2.37]:
// exception class (EC), instruction length and the class-specific syndrome.
// Pure definitions (no inline asm) so host tests can check them.
#pragma once

#include <cstdint>

#include <kern/bitfield.hpp>

namespace arch {

struct Esr : kern::Register<Esr> {
    using Register::Register;
    using Iss = kern::Bitfield<24, 0>;
    using InstructionLength32 = kern::Bit<25>;
    using ExceptionClass = kern::Bitfield<31, 26>;
    // Abort syndromes (EC 0x20..0x25): fault status code and write-not-read.
    using FaultStatus = kern::Bitfield<5, 0>;
    using WriteNotRead = kern::Bit<6>;

    constexpr std::uint64_t exception_class() const { return get<ExceptionClass>(); }
    // seL4 delivers only ESR bits 31..0 to user fault handlers (sel4-abi.md §10.3).
    constexpr std::uint32_t low32() const { return static_cast<std::uint32_t>(raw()); }
};

// Exception classes used by the trap path [arm/ARM DDI0487 D17.2.37, "EC"].
namespace ec {
inline constexpr std::uint64_t unknown = 0x00;
inline constexpr std::uint64_t wfi_wfe = 0x01;
inline constexpr std::uint64_t fp_simd_access = 0x07;
inline constexpr std::uint64_t branch_target = 0x0d;
inline constexpr std::uint64_t illegal_state = 0x0e;
inline constexpr std::uint64_t svc32 = 0x11;
inline constexpr std::uint64_t svc64 = 0x15;
inline constexpr std::uint64_t hvc64 = 0x16;
inline constexpr std::uint64_t smc64 = 0x17;
inline constexpr std::uint64_t system_register = 0x18;
inline constexpr std::uint64_t sve_access = 0x19;
inline constexpr std::uint64_t pointer_auth = 0x1c;
inline constexpr std::uint64_t instruction_abort_lower = 0x20;
inline constexpr std::uint64_t instruction_abort_same = 0x21;
inline constexpr std::uint64_t pc_alignment = 0x22;
inline constexpr std::uint64_t data_abort_lower = 0x24;
inline constexpr std::uint64_t data_abort_same = 0x25;
inline constexpr std::uint64_t sp_alignment = 0x26;
inline constexpr std::uint64_t fp_exception64 = 0x2c;
inline constexpr std::uint64_t serror = 0x2f;
inline constexpr std::uint64_t breakpoint_lower = 0x30;
inline constexpr std::uint64_t breakpoint_same = 0x31;
inline constexpr std::uint64_t software_step_lower = 0x32;
inline constexpr std::uint64_t software_step_same = 0x33;
inline constexpr std::uint64_t watchpoint_lower = 0x34;
inline constexpr std::uint64_t watchpoint_same = 0x35;
inline constexpr std::uint64_t brk64 = 0x3c;
}  // namespace ec

// Human-readable name of an exception class, for panics and fault reports.
constexpr const char* exception_class_name(std::uint64_t exception_class) {
    switch (exception_class) {
    case ec::unknown: return "unknown reason (undefined instruction)";
    case ec::wfi_wfe: return "trapped WFI/WFE";
    case ec::fp_simd_access: return "trapped FP/SIMD access";
    case ec::branch_target: return "branch target exception";
    case ec::illegal_state: return "illegal execution state";
    case ec::svc32: return "SVC from AArch32";
    case ec::svc64: return "SVC";
    case ec::hvc64: return "HVC";
    case ec::smc64: return "SMC";
    case ec::system_register: return "trapped MSR/MRS/system instruction";
    case ec::sve_access: return "trapped SVE access";
    case ec::pointer_auth: return "pointer authentication failure";
    case ec::instruction_abort_lower: return "instruction abort from a lower EL";
    case ec::instruction_abort_same: return "instruction abort from the same EL";
    case ec::pc_alignment: return "PC alignment fault";
    case ec::data_abort_lower: return "data abort from a lower EL";
    case ec::data_abort_same: return "data abort from the same EL";
    case ec::sp_alignment: return "SP alignment fault";
    case ec::fp_exception64: return "floating-point exception";
    case ec::serror: return "SError interrupt";
    case ec::breakpoint_lower: return "breakpoint from a lower EL";
    case ec::breakpoint_same: return "breakpoint from the same EL";
    case ec::software_step_lower: return "software step from a lower EL";
    case ec::software_step_same: return "software step from the same EL";
    case ec::watchpoint_lower: return "watchpoint from a lower EL";
    case ec::watchpoint_same: return "watchpoint from the same EL";
    case ec::brk64: return "BRK instruction";
    default: return "reserved exception class";
    }
}

// Which of seL4's user fault kinds a synchronous exception from EL0 becomes
// (seL4 c_handle_synchronous: aborts are VM faults, SVC is a syscall,
// everything else a UserException carrying the ESR). A trapped FP/SIMD
// access (CPACR_EL1.FPEN) is first a request for the FPU: the kernel hands
// the registers over lazily and the instruction is retried; only a thread
// with seL4_TCBFlag_fpuDisabled sees it as a UserException.
enum class UserTrapKind { Syscall, InstructionAbort, DataAbort, FpuAccess, Other };

constexpr UserTrapKind classify_user_trap(Esr esr) {
    switch (esr.exception_class()) {
    case ec::svc64: return UserTrapKind::Syscall;
    case ec::instruction_abort_lower: return UserTrapKind::InstructionAbort;
    case ec::data_abort_lower: return UserTrapKind::DataAbort;
    case ec::fp_simd_access: return UserTrapKind::FpuAccess;
    default: return UserTrapKind::Other;
    }
}

}  // namespace arch
