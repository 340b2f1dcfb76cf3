/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The few trap shapes every libsel4 stub is built from, written once for
 * both architectures on top of the register names of
 * <sel4/arch/syscall_regs.h> (sel4-mcs.md §1.3). A register that is not an
 * output operand is promised to survive the trap, so the kernel must leave
 * it unchanged (sel4test SYSCALL0001-0018 check exactly that).
 *
 * The "memory" clobber makes every trap a compiler barrier: the kernel reads
 * and writes the IPC buffer behind the compiler's back.
 */
#ifndef SEL4_SYSCALL_PRIMITIVES_H
#define SEL4_SYSCALL_PRIMITIVES_H

#include <sel4/arch/syscall_regs.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>

/* Send phase only (Send, NBSend): cap, info, MR0-3 in; all six are clobbered. */
LIBSEL4_INLINE_FUNC void seL4_sys_send(seL4_Word sys, seL4_Word dest, seL4_Word info, seL4_Word mr0,
                                       seL4_Word mr1, seL4_Word mr2, seL4_Word mr3)
{
    register seL4_Word cap_reg __asm__(SEL4_REG_CAP) = dest;
    register seL4_Word info_reg __asm__(SEL4_REG_INFO) = info;
    register seL4_Word mr0_reg __asm__(SEL4_REG_MR0) = mr0;
    register seL4_Word mr1_reg __asm__(SEL4_REG_MR1) = mr1;
    register seL4_Word mr2_reg __asm__(SEL4_REG_MR2) = mr2;
    register seL4_Word mr3_reg __asm__(SEL4_REG_MR3) = mr3;
    register seL4_Word sys_reg __asm__(SEL4_REG_SYSNO) = sys;
    __asm__ __volatile__(SEL4_SYSCALL_TRAP
                         : "+r"(cap_reg), "+r"(info_reg), "+r"(mr0_reg), "+r"(mr1_reg), "+r"(mr2_reg),
                           "+r"(mr3_reg)
                         : "r"(sys_reg)
                         : "memory");
}

/* Send of cap and info alone (Signal): MR registers are preserved. */
LIBSEL4_INLINE_FUNC void seL4_sys_send_short(seL4_Word sys, seL4_Word dest, seL4_Word info)
{
    register seL4_Word cap_reg __asm__(SEL4_REG_CAP) = dest;
    register seL4_Word info_reg __asm__(SEL4_REG_INFO) = info;
    register seL4_Word sys_reg __asm__(SEL4_REG_SYSNO) = sys;
    __asm__ __volatile__(SEL4_SYSCALL_TRAP : "+r"(cap_reg), "+r"(info_reg) : "r"(sys_reg) : "memory");
}

/* Receive phase only (Recv, NBRecv, Wait, NBWait): src and reply in; badge, info, MR0-3 out. */
LIBSEL4_INLINE_FUNC void seL4_sys_recv(seL4_Word sys, seL4_Word src, seL4_Word reply, seL4_Word *badge,
                                       seL4_Word *info, seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                       seL4_Word *mr3)
{
    register seL4_Word cap_reg __asm__(SEL4_REG_CAP) = src;
    register seL4_Word info_reg __asm__(SEL4_REG_INFO);
    register seL4_Word mr0_reg __asm__(SEL4_REG_MR0);
    register seL4_Word mr1_reg __asm__(SEL4_REG_MR1);
    register seL4_Word mr2_reg __asm__(SEL4_REG_MR2);
    register seL4_Word mr3_reg __asm__(SEL4_REG_MR3);
    register seL4_Word reply_reg __asm__(SEL4_REG_REPLY) = reply;
    register seL4_Word sys_reg __asm__(SEL4_REG_SYSNO) = sys;
    __asm__ __volatile__(SEL4_SYSCALL_TRAP
                         : "+r"(cap_reg), "=r"(info_reg), "=r"(mr0_reg), "=r"(mr1_reg), "=r"(mr2_reg),
                           "=r"(mr3_reg)
                         : "r"(reply_reg), "r"(sys_reg)
                         : "memory");
    *badge = cap_reg;
    *info = info_reg;
    *mr0 = mr0_reg;
    *mr1 = mr1_reg;
    *mr2 = mr2_reg;
    *mr3 = mr3_reg;
}

/*
 * Send then receive through the same registers (Call, ReplyRecv, debug
 * calls): cap, info, MR0-3 in and out, reply register in.
 */
LIBSEL4_INLINE_FUNC void seL4_sys_send_recv(seL4_Word sys, seL4_Word dest, seL4_Word *badge, seL4_Word info,
                                            seL4_Word *out_info, seL4_Word *mr0, seL4_Word *mr1,
                                            seL4_Word *mr2, seL4_Word *mr3, seL4_Word reply)
{
    register seL4_Word cap_reg __asm__(SEL4_REG_CAP) = dest;
    register seL4_Word info_reg __asm__(SEL4_REG_INFO) = info;
    register seL4_Word mr0_reg __asm__(SEL4_REG_MR0) = *mr0;
    register seL4_Word mr1_reg __asm__(SEL4_REG_MR1) = *mr1;
    register seL4_Word mr2_reg __asm__(SEL4_REG_MR2) = *mr2;
    register seL4_Word mr3_reg __asm__(SEL4_REG_MR3) = *mr3;
    register seL4_Word reply_reg __asm__(SEL4_REG_REPLY) = reply;
    register seL4_Word sys_reg __asm__(SEL4_REG_SYSNO) = sys;
    __asm__ __volatile__(SEL4_SYSCALL_TRAP
                         : "+r"(cap_reg), "+r"(info_reg), "+r"(mr0_reg), "+r"(mr1_reg), "+r"(mr2_reg),
                           "+r"(mr3_reg)
                         : "r"(reply_reg), "r"(sys_reg)
                         : "memory");
    *badge = cap_reg;
    *out_info = info_reg;
    *mr0 = mr0_reg;
    *mr1 = mr1_reg;
    *mr2 = mr2_reg;
    *mr3 = mr3_reg;
}

/* As seL4_sys_send_recv plus the MCS NBSendRecv destination register (NBSendRecv, NBSendWait). */
LIBSEL4_INLINE_FUNC void seL4_sys_nb_send_recv(seL4_Word sys, seL4_Word nb_dest, seL4_Word src,
                                               seL4_Word *badge, seL4_Word info, seL4_Word *out_info,
                                               seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                               seL4_Word *mr3, seL4_Word reply)
{
    register seL4_Word cap_reg __asm__(SEL4_REG_CAP) = src;
    register seL4_Word info_reg __asm__(SEL4_REG_INFO) = info;
    register seL4_Word mr0_reg __asm__(SEL4_REG_MR0) = *mr0;
    register seL4_Word mr1_reg __asm__(SEL4_REG_MR1) = *mr1;
    register seL4_Word mr2_reg __asm__(SEL4_REG_MR2) = *mr2;
    register seL4_Word mr3_reg __asm__(SEL4_REG_MR3) = *mr3;
    register seL4_Word reply_reg __asm__(SEL4_REG_REPLY) = reply;
    register seL4_Word sys_reg __asm__(SEL4_REG_SYSNO) = sys;
    register seL4_Word dest_reg __asm__(SEL4_REG_NB_DEST) = nb_dest;
    __asm__ __volatile__(SEL4_SYSCALL_TRAP
                         : "+r"(cap_reg), "+r"(info_reg), "+r"(mr0_reg), "+r"(mr1_reg), "+r"(mr2_reg),
                           "+r"(mr3_reg)
                         : "r"(reply_reg), "r"(sys_reg), "r"(dest_reg)
                         : "memory");
    *badge = cap_reg;
    *out_info = info_reg;
    *mr0 = mr0_reg;
    *mr1 = mr1_reg;
    *mr2 = mr2_reg;
    *mr3 = mr3_reg;
}

/* Only the number (Yield, DebugHalt, ...): every register is preserved. */
LIBSEL4_INLINE_FUNC void seL4_sys_null(seL4_Word sys)
{
    register seL4_Word sys_reg __asm__(SEL4_REG_SYSNO) = sys;
    __asm__ __volatile__(SEL4_SYSCALL_TRAP : : "r"(sys_reg) : "memory");
}

#endif /* SEL4_SYSCALL_PRIMITIVES_H */
