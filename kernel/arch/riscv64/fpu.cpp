// SPDX-License-Identifier: BSD-2-Clause
// Lazy FPU switching. The FP registers belong to one thread at a time, the
// owner; every other thread runs with sstatus.FS = Off, so its first FP
// instruction raises an illegal-instruction exception [riscv/priv 3.1.6.6].
// The trap path then (unless the thread has seL4_TCBFlag_fpuDisabled) moves
// the registers to it here and retries the instruction with FS on; an
// illegal-instruction exception taken with FS on is a real one.
#include <cstddef>

#include "activation.hpp"
#include "csr_access.hpp"
#include <arch/csr.hpp>
#include <arch/fpu.hpp>
#include <kern/arch_contract.hpp>
#include <kern/object/tcb.hpp>

extern "C" {
void riscv_fpu_save(arch::FpuState* state);
void riscv_fpu_restore(const arch::FpuState* state);
}

static_assert(offsetof(arch::FpuState, fcsr) == 256, "fpu.S FCSR_OFFSET");

namespace arch::riscv {

kern::Tcb* fpu_owner = nullptr;

void fpu_switch_to(kern::Tcb& thread) {
    if (fpu_owner == &thread) return;
    // Let S-mode execute the FP loads and stores; restoring the thread's
    // sstatus on the way out sets FS to what the thread may use.
    RISCV_CSR_SET(sstatus, Sstatus::FS::mask);
    if (fpu_owner != nullptr) riscv_fpu_save(&fpu_owner->fpu);
    riscv_fpu_restore(&thread.fpu);
    fpu_owner = &thread;
}

}  // namespace arch::riscv

namespace arch {

void fpu_release(kern::Tcb& thread) {
    if (riscv::fpu_owner == &thread) riscv::fpu_owner = nullptr;
}

}  // namespace arch
