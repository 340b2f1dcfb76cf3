// SPDX-License-Identifier: BSD-2-Clause
// Lazy FPU switching. The FP/SIMD registers belong to one thread at a time,
// the owner; every other thread runs with CPACR_EL1.FPEN = 0b01, so its first
// FP/SIMD instruction traps to EL1 with ESR EC 0x07 [arm/ARM DDI0487
// D17.2.30, D17.2.37]. The trap path then (unless the thread has
// seL4_TCBFlag_fpuDisabled) moves the registers to it here and retries the
// instruction (ELR_EL1 still points at it).
#include <cstddef>

#include <arch/fpu.hpp>
#include <arch/system_registers.hpp>
#include <kern/arch_contract.hpp>
#include <kern/object/tcb.hpp>

#include "../sysreg.hpp"
#include "activation.hpp"

extern "C" {
void aarch64_fpu_save(arch::FpuState* state);
void aarch64_fpu_restore(const arch::FpuState* state);
}

static_assert(offsetof(arch::FpuState, fpsr) == 512 && offsetof(arch::FpuState, fpcr) == 520, "fpu.S offsets");
static_assert(alignof(arch::FpuState) == 16, "fpu.S uses q-register pair stores");

namespace arch::platform {

kern::Tcb* fpu_owner = nullptr;
// What entry.S left in CPACR_EL1 (user access trapped).
std::uint64_t user_cpacr = cpacr_user_fpu_off.raw();

void fpu_switch_to(kern::Tcb& thread) {
    if (fpu_owner == &thread) return;
    if (fpu_owner != nullptr) aarch64_fpu_save(&fpu_owner->fpu);
    aarch64_fpu_restore(&thread.fpu);
    fpu_owner = &thread;
}

void write_user_cpacr(std::uint64_t value) {
    // The ERET to EL0 is a context synchronization event, so the new value
    // applies to the thread's first instruction [arm/ARM DDI0487, "Synchronization
    // requirements for AArch64 System registers"].
    AARCH64_WRITE_SYSREG(cpacr_el1, value);
    user_cpacr = value;
}

}  // namespace arch::platform

namespace arch {

void fpu_release(kern::Tcb& thread) {
    if (platform::fpu_owner == &thread) platform::fpu_owner = nullptr;
}

}  // namespace arch
