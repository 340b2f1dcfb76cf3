/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RISC-V 64 system-call registers (sel4-abi.md §2.1, sel4-mcs.md §1.3).
 * The primitives in <sel4/syscall_primitives.h> are written once in terms
 * of these names.
 */
#ifndef SEL4_ARCH_SYSCALL_REGS_H
#define SEL4_ARCH_SYSCALL_REGS_H

#define SEL4_SYSCALL_TRAP "ecall"
#define SEL4_REG_CAP "a0"       /* CPtr in, badge out */
#define SEL4_REG_INFO "a1"      /* message info in and out */
#define SEL4_REG_MR0 "a2"
#define SEL4_REG_MR1 "a3"
#define SEL4_REG_MR2 "a4"
#define SEL4_REG_MR3 "a5"
#define SEL4_REG_REPLY "a6"     /* MCS reply object (NBSendWait: destination) */
#define SEL4_REG_SYSNO "a7"
#define SEL4_REG_NB_DEST "t0"   /* MCS NBSendRecv destination */

#endif /* SEL4_ARCH_SYSCALL_REGS_H */
