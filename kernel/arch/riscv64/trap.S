// SPDX-License-Identifier: BSD-2-Clause
// Trap entry and exit. While a thread runs in U-mode, sscratch holds its
// arch::UserContext; while the kernel runs, sscratch is 0. A trap with
// sscratch == 0 therefore came from S-mode (a kernel bug): it goes to a
// separate stack and panics. [riscv/priv 4.1.6 sscratch, 4.1.7 sepc]
//
// Context layout (arch/user_context.hpp, seL4 order, sel4-abi.md §2.1):
// x1..x31 at 8*(n-1), scause 31 (not written for ecalls), sstatus 32, FaultIP 33, NextIP 34.

#define REG(n) ((n) - 1) * 8
#define CTX_SCAUSE 31 * 8
#define CTX_SSTATUS 32 * 8
#define CTX_FAULT_IP 33 * 8
#define CTX_NEXT_IP 34 * 8

    .text
    .balign 4
    .globl riscv_trap_vector
riscv_trap_vector:
    csrrw t0, sscratch, t0    // t0 = context, sscratch = user t0
    beqz t0, kernel_trap

    sd x1, REG(1)(t0)
    sd x2, REG(2)(t0)
    sd x3, REG(3)(t0)
    sd x4, REG(4)(t0)
    sd x6, REG(6)(t0)
    sd x7, REG(7)(t0)
    sd x8, REG(8)(t0)
    sd x9, REG(9)(t0)
    sd x10, REG(10)(t0)
    sd x11, REG(11)(t0)
    sd x12, REG(12)(t0)
    sd x13, REG(13)(t0)
    sd x14, REG(14)(t0)
    sd x15, REG(15)(t0)
    sd x16, REG(16)(t0)
    sd x17, REG(17)(t0)
    sd x18, REG(18)(t0)
    sd x19, REG(19)(t0)
    sd x20, REG(20)(t0)
    sd x21, REG(21)(t0)
    sd x22, REG(22)(t0)
    sd x23, REG(23)(t0)
    sd x24, REG(24)(t0)
    sd x25, REG(25)(t0)
    sd x26, REG(26)(t0)
    sd x27, REG(27)(t0)
    sd x28, REG(28)(t0)
    sd x29, REG(29)(t0)
    sd x30, REG(30)(t0)
    sd x31, REG(31)(t0)
    csrr t1, sscratch
    sd t1, REG(5)(t0)         // user t0
    csrw sscratch, zero       // from now on a trap is a kernel trap
    csrr t1, sepc
    sd t1, CTX_FAULT_IP(t0)
    csrr t2, sstatus
    sd t2, CTX_SSTATUS(t0)
    csrr t3, scause
    lla sp, boot_stack_top    // the one kernel stack
    mv a0, t0
    // A system call (scause 8, environment call from U-mode) goes straight
    // to the syscall handler, with NextIP past the ecall and FaultIP on it
    // (sel4-abi.md §2.1); anything else, with its scause, to the generic
    // dispatch, with NextIP = FaultIP, the instruction to retry.
    li t4, 8
    bne t3, t4, 1f
    addi t1, t1, 4
    sd t1, CTX_NEXT_IP(t0)
    call riscv_handle_user_syscall  // returns the context to resume
    j riscv_restore_user
1:  sd t3, CTX_SCAUSE(t0)
    sd t1, CTX_NEXT_IP(t0)
    call riscv_handle_user_trap     // returns the context to resume: the activated current thread's
    // fall through

// [[noreturn]] void riscv_restore_user(arch::UserContext* ctx)
// The only way to U-mode: after every trap and at boot (arch::enter_user),
// always with a context from riscv::activate_current_thread().
    .globl riscv_restore_user
riscv_restore_user:
    mv t0, a0
    ld t1, CTX_NEXT_IP(t0)
    csrw sepc, t1
    ld t1, CTX_SSTATUS(t0)
    csrw sstatus, t1          // SPP = U, SPIE, FS as saved; SIE stays 0
    csrw sscratch, t0
    ld x1, REG(1)(t0)
    ld x2, REG(2)(t0)
    ld x3, REG(3)(t0)
    ld x4, REG(4)(t0)
    ld x6, REG(6)(t0)
    ld x7, REG(7)(t0)
    ld x8, REG(8)(t0)
    ld x9, REG(9)(t0)
    ld x10, REG(10)(t0)
    ld x11, REG(11)(t0)
    ld x12, REG(12)(t0)
    ld x13, REG(13)(t0)
    ld x14, REG(14)(t0)
    ld x15, REG(15)(t0)
    ld x16, REG(16)(t0)
    ld x17, REG(17)(t0)
    ld x18, REG(18)(t0)
    ld x19, REG(19)(t0)
    ld x20, REG(20)(t0)
    ld x21, REG(21)(t0)
    ld x22, REG(22)(t0)
    ld x23, REG(23)(t0)
    ld x24, REG(24)(t0)
    ld x25, REG(25)(t0)
    ld x26, REG(26)(t0)
    ld x27, REG(27)(t0)
    ld x28, REG(28)(t0)
    ld x29, REG(29)(t0)
    ld x30, REG(30)(t0)
    ld x31, REG(31)(t0)
    ld x5, REG(5)(t0)         // t0 last
    sret

kernel_trap:
    lla sp, kernel_trap_stack_top
    call riscv_handle_kernel_trap  // panics
1:  wfi
    j 1b

    .section .bss.kernel_trap_stack, "aw", @nobits
    .balign 16
    .skip 8192
kernel_trap_stack_top:

// bool riscv_probe_stimecmp(): whether S-mode may access stimecmp (Sstc,
// enabled by the firmware through menvcfg.STCE [riscv/priv 3.1.18, Sstc]).
// Without it the csrr raises an illegal-instruction exception, which lands
// on the label below through a temporary stvec (direct mode, 4-byte
// aligned) with a0 still 0. Called at boot with interrupts off; the trap
// changes only sepc, scause, stval and sstatus.SPP/SPIE, which nothing reads
// afterwards (every exit to U-mode writes sepc and sstatus from the thread's
// context).
    .text
    .balign 4
    .globl riscv_probe_stimecmp
riscv_probe_stimecmp:
    lla t1, 1f
    csrrw t2, stvec, t1
    li a0, 0
    csrr t3, 0x14d            // stimecmp
    li a0, 1
    .balign 4
1:  csrw stvec, t2
    ret
