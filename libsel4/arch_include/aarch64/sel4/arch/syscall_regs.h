/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 system-call registers (sel4-abi.md §2.1, sel4-mcs.md §1.3).
 * The primitives in <sel4/syscall_primitives.h> are written once in terms
 * of these names.
 */
#ifndef SEL4_ARCH_SYSCALL_REGS_H
#define SEL4_ARCH_SYSCALL_REGS_H

#define SEL4_SYSCALL_TRAP "svc #0"
#define SEL4_REG_CAP "x0"       /* CPtr in, badge out */
#define SEL4_REG_INFO "x1"      /* message info in and out */
#define SEL4_REG_MR0 "x2"
#define SEL4_REG_MR1 "x3"
#define SEL4_REG_MR2 "x4"
#define SEL4_REG_MR3 "x5"
#define SEL4_REG_REPLY "x6"     /* MCS reply object (NBSendWait: destination) */
#define SEL4_REG_SYSNO "x7"
#define SEL4_REG_NB_DEST "x8"   /* MCS NBSendRecv destination */

#endif /* SEL4_ARCH_SYSCALL_REGS_H */
