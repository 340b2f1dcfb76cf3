// SPDX-License-Identifier: BSD-2-Clause
// Resuming kern::current_thread() after any kernel entry: its address space
// (the root page table named by its VTable cap), its FPU access, or, for the
// idle thread, waiting in the kernel for the next interrupt.
#include "activation.hpp"

#include "csr_access.hpp"
#include "platform.hpp"
#include <arch/csr.hpp>
#include <arch/pte.hpp>
#include <kern/arch_contract.hpp>
#include <kern/cap.hpp>
#include <kern/console.hpp>
#include <kern/thread.hpp>

extern "C" std::uint64_t boot_root_table[];  // entry.S

namespace arch::riscv {
namespace {

// The root a thread without a valid VSpace runs in: the kernel window and
// nothing else, so any user access faults (seL4 switches to its global
// kernel-only table in the same case).
alignas(kern::page_size) std::uint64_t kernel_only_root[pt_entries];
// The root satp points at; 0 until the first thread runs (the boot table).
kern::paddr_t active_root = 0;

kern::paddr_t kernel_only_root_paddr() {
    return reinterpret_cast<kern::vaddr_t>(kernel_only_root) - kernel_window_offset;
}

void switch_address_space(const kern::Tcb& thread) {
    const kern::paddr_t root = vspace_root_of(thread);
    if (root == active_root) return;
    // Every address space uses ASID 0 for now, so the switch flushes all
    // non-global translations [riscv/priv 4.2.1 sfence.vma, 4.1.11 satp].
    RISCV_CSR_WRITE(satp, Satp::sv39(root, 0).raw());
    asm volatile("sfence.vma" ::: "memory");
    active_root = root;
}

// FPU access is in the thread's saved sstatus, which sret loads: FS = Off
// makes every FP instruction trap; the owner keeps its FS (Initial, Clean or
// Dirty as the hardware tracked it), at least Clean after a load.
void set_fpu_access(kern::Tcb& thread) {
    Sstatus status{thread.context.regs[UserContext::sstatus]};
    if (!fpu_enabled_for(thread)) status = status.with<Sstatus::FS>(Sstatus::fs_off);
    else if (status.get<Sstatus::FS>() == Sstatus::fs_off) status = status.with<Sstatus::FS>(Sstatus::fs_clean);
    thread.context.regs[UserContext::sstatus] = status.raw();
}

// The kernel runs with sstatus.SIE = 0, and wfi still resumes once an
// interrupt enabled in sie is pending [riscv/priv 3.3.3]; no trap is taken,
// so the kernel looks at sip itself.
void wait_for_interrupt() {
    asm volatile("wfi" ::: "memory");
    dispatch_pending_interrupts();
}

}  // namespace

void init_kernel_only_root() {
    for (unsigned i = pt_entries / 2; i < pt_entries; ++i) kernel_only_root[i] = boot_root_table[i];
}

// A valid root is a page-table cap that is mapped (assigned an ASID, as
// seL4's isValidVTableRoot for RISC-V).
kern::paddr_t vspace_root_of(const kern::Tcb& thread) {
    const kern::Cap& cap = thread.slot(kern::TcbSlot::VTable).cap;
    if (cap.type() == kern::CapType::PageTable && cap.as<kern::PageTableCap>().is_mapped()) return cap.object();
    return kernel_only_root_paddr();
}

void dispatch_pending_interrupts() {
    const Sie pending{RISCV_CSR_READ(sip) & RISCV_CSR_READ(sie)};
    if (pending.test<Sie::STIE>()) handle_timer_interrupt();  // sip.STIP has sie.STIE's position
    if (pending.test<Sie::SEIE>()) handle_external_interrupt();
}

UserContext* activate_current_thread() {
    for (;;) {
        kern::Tcb* thread = kern::current_thread();
        if (thread == nullptr) kern::panic("no current thread to resume");
        if (!kern::is_idle_thread(*thread)) {
            switch_address_space(*thread);
            set_fpu_access(*thread);
            return &thread->context;
        }
        wait_for_interrupt();
    }
}

}  // namespace arch::riscv
