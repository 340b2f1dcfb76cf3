/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host test double of libsel4's <sel4/syscall_primitives.h> (this directory
 * comes first on the include path of the stub tests): the same primitives,
 * but instead of trapping they hand the registers the real primitive loads
 * to seL4_fake_trap(), which the test implements as "the kernel", and copy
 * back only the registers the real primitive declares as outputs. So a test
 * sees exactly what the kernel would see: the syscall number, the cap,
 * info, MR0-MR3, reply and NBSendRecv-destination registers, and the IPC
 * buffer.
 */
#ifndef SEL4_SYSCALL_PRIMITIVES_H
#define SEL4_SYSCALL_PRIMITIVES_H

#include <sel4/macros.h>
#include <sel4/simple_types.h>

/* Which real primitive (register shape) a stub used. */
typedef enum {
    SEL4_FAKE_SEND,         /* in: cap, info, MR0-3 */
    SEL4_FAKE_SEND_SHORT,   /* in: cap, info */
    SEL4_FAKE_RECV,         /* in: cap, reply; out: cap, info, MR0-3 */
    SEL4_FAKE_SEND_RECV,    /* in: cap, info, MR0-3, reply; out: cap, info, MR0-3 */
    SEL4_FAKE_NB_SEND_RECV, /* in: cap, info, MR0-3, reply, NBSendRecv dest; out: as SEND_RECV */
    SEL4_FAKE_NULL          /* in: the number only */
} seL4_FakeShape;

/* Registers at the trap. Inputs the shape does not load are left at SEL4_FAKE_UNSET. */
typedef struct {
    seL4_FakeShape shape;
    seL4_Word sys;
    seL4_Word cap;
    seL4_Word info;
    seL4_Word mr[4];
    seL4_Word reply;
    seL4_Word nb_dest;
} seL4_FakeRegisters;

#define SEL4_FAKE_UNSET 0xbadbadbadbadbad0ul

SEL4_BEGIN_DECLS
/* The test's kernel: reads the inputs, writes the outputs into *regs. */
void seL4_fake_trap(seL4_FakeRegisters *regs);
SEL4_END_DECLS

LIBSEL4_INLINE_FUNC seL4_FakeRegisters seL4_fake_registers_(seL4_FakeShape shape, seL4_Word sys)
{
    seL4_FakeRegisters regs;
    regs.shape = shape;
    regs.sys = sys;
    regs.cap = regs.info = regs.reply = regs.nb_dest = SEL4_FAKE_UNSET;
    regs.mr[0] = regs.mr[1] = regs.mr[2] = regs.mr[3] = SEL4_FAKE_UNSET;
    return regs;
}

LIBSEL4_INLINE_FUNC void seL4_sys_send(seL4_Word sys, seL4_Word dest, seL4_Word info, seL4_Word mr0,
                                       seL4_Word mr1, seL4_Word mr2, seL4_Word mr3)
{
    seL4_FakeRegisters regs = seL4_fake_registers_(SEL4_FAKE_SEND, sys);
    regs.cap = dest;
    regs.info = info;
    regs.mr[0] = mr0;
    regs.mr[1] = mr1;
    regs.mr[2] = mr2;
    regs.mr[3] = mr3;
    seL4_fake_trap(&regs);
}

LIBSEL4_INLINE_FUNC void seL4_sys_send_short(seL4_Word sys, seL4_Word dest, seL4_Word info)
{
    seL4_FakeRegisters regs = seL4_fake_registers_(SEL4_FAKE_SEND_SHORT, sys);
    regs.cap = dest;
    regs.info = info;
    seL4_fake_trap(&regs);
}

LIBSEL4_INLINE_FUNC void seL4_sys_recv(seL4_Word sys, seL4_Word src, seL4_Word reply, seL4_Word *badge,
                                       seL4_Word *info, seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                       seL4_Word *mr3)
{
    seL4_FakeRegisters regs = seL4_fake_registers_(SEL4_FAKE_RECV, sys);
    regs.cap = src;
    regs.reply = reply;
    seL4_fake_trap(&regs);
    *badge = regs.cap;
    *info = regs.info;
    *mr0 = regs.mr[0];
    *mr1 = regs.mr[1];
    *mr2 = regs.mr[2];
    *mr3 = regs.mr[3];
}

LIBSEL4_INLINE_FUNC void seL4_sys_send_recv(seL4_Word sys, seL4_Word dest, seL4_Word *badge, seL4_Word info,
                                            seL4_Word *out_info, seL4_Word *mr0, seL4_Word *mr1,
                                            seL4_Word *mr2, seL4_Word *mr3, seL4_Word reply)
{
    seL4_FakeRegisters regs = seL4_fake_registers_(SEL4_FAKE_SEND_RECV, sys);
    regs.cap = dest;
    regs.info = info;
    regs.mr[0] = *mr0;
    regs.mr[1] = *mr1;
    regs.mr[2] = *mr2;
    regs.mr[3] = *mr3;
    regs.reply = reply;
    seL4_fake_trap(&regs);
    *badge = regs.cap;
    *out_info = regs.info;
    *mr0 = regs.mr[0];
    *mr1 = regs.mr[1];
    *mr2 = regs.mr[2];
    *mr3 = regs.mr[3];
}

LIBSEL4_INLINE_FUNC void seL4_sys_nb_send_recv(seL4_Word sys, seL4_Word nb_dest, seL4_Word src,
                                               seL4_Word *badge, seL4_Word info, seL4_Word *out_info,
                                               seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                               seL4_Word *mr3, seL4_Word reply)
{
    seL4_FakeRegisters regs = seL4_fake_registers_(SEL4_FAKE_NB_SEND_RECV, sys);
    regs.cap = src;
    regs.info = info;
    regs.mr[0] = *mr0;
    regs.mr[1] = *mr1;
    regs.mr[2] = *mr2;
    regs.mr[3] = *mr3;
    regs.reply = reply;
    regs.nb_dest = nb_dest;
    seL4_fake_trap(&regs);
    *badge = regs.cap;
    *out_info = regs.info;
    *mr0 = regs.mr[0];
    *mr1 = regs.mr[1];
    *mr2 = regs.mr[2];
    *mr3 = regs.mr[3];
}

LIBSEL4_INLINE_FUNC void seL4_sys_null(seL4_Word sys)
{
    seL4_FakeRegisters regs = seL4_fake_registers_(SEL4_FAKE_NULL, sys);
    seL4_fake_trap(&regs);
}

#endif /* SEL4_SYSCALL_PRIMITIVES_H */
