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
#include <kern/object/tcb.hpp>
#include <kern/thread.hpp>
#include <kern/vspace.hpp>

extern "C" std::uint64_t boot_root_table[];  // entry.S

namespace arch::riscv {
namespace {

// The root a thread without a valid VSpace runs in: the kernel window and
// nothing else, so any user access faults (seL4 switches to its global
// kernel-only table in the same case).
alignas(kern::page_size) std::uint64_t kernel_only_root[pt_entries];
// The address space satp holds: its root and seL4's ASID in satp's PPN and
// ASID fields, MODE left 0, even where the hardware keeps no ASID bits (satp
// gets active_space & satp_kept | MODE). Two threads with the same value
// share the address space, so most exits (those resuming a thread of the
// same space) compare one word. 0 until the first thread runs (the boot
// table).
std::uint64_t active_space = 0;
// Whether satp.ASID holds all 16 bits of seL4's ASIDs (probed at boot,
// [riscv/priv 4.1.11]: ASIDLEN is what sticks when writing ones). Without
// them every space runs with ASID 0 and each switch flushes.
bool hardware_asids = false;
std::uint64_t satp_kept = ~Satp::ASID::mask;

kern::paddr_t kernel_only_root_paddr() {
    return reinterpret_cast<kern::vaddr_t>(kernel_only_root) - kernel_window_offset;
}

std::uint64_t space_of(const kern::vspace::ActiveRoot& root) {
    // The kernel-only root uses ASID 0, which no VSpace is given.
    if (root.root == 0) return Satp{}.with<Satp::PPN>(kernel_only_root_paddr() >> 12).raw();
    return Satp{}.with<Satp::ASID>(root.asid).with<Satp::PPN>(root.root >> 12).raw();
}

// TLB entries are tagged with the ASID and every change to a VSpace flushes
// its ASID (kernel/arch/riscv64/vspace_maintenance.cpp), so a switch needs no
// flush [riscv/priv 4.2.1]; the first one drops the boot table's entries.
void switch_address_space(const kern::Tcb& thread) {
    const std::uint64_t space = space_of(kern::vspace::thread_root(thread));
    if (space == active_space) return;
    const bool first = active_space == 0;
    RISCV_CSR_WRITE(satp, Satp{space & satp_kept}.with<Satp::MODE>(Satp::mode_sv39).raw());
    if (first || !hardware_asids) asm volatile("sfence.vma" ::: "memory");
    active_space = space;
}

// Whether `thread` may use the FPU when it runs next (owner, not disabled).
bool fpu_enabled_for(const kern::Tcb& thread) {
    return fpu_owner == &thread && (thread.flags & kern::tcb_flag_fpu_disabled) == 0;
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
    const std::uint64_t boot_satp = RISCV_CSR_READ(satp);
    RISCV_CSR_WRITE(satp, Satp{boot_satp}.with<Satp::ASID>(Satp::ASID::value_mask).raw());
    hardware_asids = Satp{RISCV_CSR_READ(satp)}.get<Satp::ASID>() == Satp::ASID::value_mask;
    satp_kept = hardware_asids ? ~std::uint64_t{0} : ~Satp::ASID::mask;
    RISCV_CSR_WRITE(satp, boot_satp);
    asm volatile("sfence.vma" ::: "memory");
}

bool uses_hardware_asids() { return hardware_asids; }

kern::paddr_t vspace_root_of(const kern::Tcb& thread) {
    const kern::vspace::ActiveRoot root = kern::vspace::thread_root(thread);
    return root.root != 0 ? root.root : kernel_only_root_paddr();
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
