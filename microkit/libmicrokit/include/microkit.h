/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libmicrokit: what a Microkit protection domain (PD) programs against,
 * source compatible with Microkit 2.3.0 (Microkit manual, "libmicrokit";
 * microkit.md §2). A PD provides init() and notified() (and protected() /
 * fault() when it needs them); libmicrokit supplies _start, main and the
 * event loop that calls them.
 *
 * Nearly everything here is a static inline function over libsel4, so a PD
 * binary contains raw seL4 system calls on the fixed capability slots below:
 * the slot numbers, badge bits and patched symbols are ABI shared with the
 * microkit tool, not implementation details.
 *
 * Freestanding: only libsel4 headers are included (no libc), so the header
 * compiles with -ffreestanding -nostdlib, as C or C++, with GCC or clang.
 */
#ifndef MICROKIT_H
#define MICROKIT_H

#include <sel4/sel4.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int microkit_channel;
typedef unsigned int microkit_child;
typedef unsigned int microkit_ioport;
typedef seL4_MessageInfo_t microkit_msginfo;

/*
 * The PD's CSpace (microkit.md §2.4). Since 2.3.0 the TCB's CSpace root is a
 * 2^PD_ROOT_CAP_BITS-slot root CNode whose slot 0 holds the Microkit CNode, so
 * any CPtr below 512 names a slot of the Microkit CNode; <cspace> caps live in
 * the other root slots (microkit_cspace_root_slot_to_cptr).
 */
#define INPUT_CAP 1   /* the PD's endpoint if it has one (children, VM, PPC callee), else its notification */
#define REPLY_CAP 4   /* MCS reply object of the event loop */
#define MONITOR_EP 5  /* passive PDs: the monitor's endpoint, for the passive hand-shake */
#define TCB_CAP 6     /* benchmark configuration: the PD's own TCB */
#define ARM_SMC_CAP 7 /* smc="true": the SMC forwarding cap */
#define BASE_OUTPUT_NOTIFICATION_CAP 10 /* + channel id: the peer's notification (notify="true" ends) */
#define BASE_ENDPOINT_CAP 74            /* + channel id: the peer's endpoint (pp="true" ends) */
#define BASE_IRQ_CAP 138                /* + irq id: IRQ handler */
#define BASE_TCB_CAP 202                /* + child id: child PD's TCB */
#define BASE_VM_TCB_CAP 266             /* + vCPU id: the vCPU's thread */
#define BASE_VCPU_CAP 330               /* + vCPU id: the vCPU object */
#define BASE_IOPORT_CAP 394             /* + I/O port id (x86) */
#define BASE_USER_CAPS 458

#define MICROKIT_MAX_CHANNELS 62
#define MICROKIT_MAX_CHANNEL_ID (MICROKIT_MAX_CHANNELS - 1)
#define MICROKIT_MAX_IOPORT_ID MICROKIT_MAX_CHANNELS
#define MICROKIT_PD_NAME_LENGTH 64
#define MICROKIT_MAX_USER_CAPS 128
#define PD_ROOT_CAP_BITS 6

/*
 * Entry points the PD provides. protected() and fault() have weak defaults
 * that report and crash. `protected` is a C++ keyword, so C++ code cannot
 * name it: a C++ PD that serves PPCs defines protected() in a C file.
 */
void init(void);
void notified(microkit_channel ch);
#ifndef __cplusplus
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo);
#endif
seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo);

/* Written by the microkit tool into the ELF: the PD's name and whether it is passive. */
extern char microkit_name[MICROKIT_PD_NAME_LENGTH];
extern seL4_Bool microkit_passive;

/*
 * One deferred operation (a signal or an IRQ acknowledgement) that the event
 * loop issues together with its next receive. sDDF reads these directly.
 */
extern seL4_Bool microkit_have_signal;
extern seL4_CPtr microkit_signal_cap;
extern seL4_MessageInfo_t microkit_signal_msg;

/*
 * Bit i is set when id i is valid for that kind of use in this PD; written by
 * the microkit tool and used by the debug-build argument checks below.
 */
extern seL4_Word microkit_irqs;
extern seL4_Word microkit_notifications;
extern seL4_Word microkit_pps;
extern seL4_Word microkit_ioports;

/* Debug console (seL4_DebugPutChar); they print nothing in a kernel built without printing. */
void microkit_dbg_putc(int c);
void microkit_dbg_puts(const char *s);
void microkit_dbg_put8(seL4_Uint8 x);   /* decimal */
void microkit_dbg_put32(seL4_Uint32 x); /* decimal */

/*
 * Stops the PD with a VM fault whose address is `err`, so that the monitor's
 * fault report shows the error code. The empty asm hides the constant from
 * the compiler, which would otherwise turn a store to a known-bad address
 * into a trap instruction.
 */
static inline void microkit_internal_crash(seL4_Error err)
{
    seL4_Word address = (seL4_Word)err;
    __asm__ __volatile__("" : "+r"(address));
    *(volatile seL4_Word *)address = 0;
}

/*
 * Debug builds check every id against the tool's masks before using it and
 * print "<pd> <function>: invalid channel given '<id>'" (microkit.md §2.2).
 */
static inline seL4_Bool microkit_internal_id_valid(const char *function, seL4_Word id, seL4_Word valid_mask)
{
#ifdef CONFIG_DEBUG_BUILD
    if (id > MICROKIT_MAX_CHANNEL_ID || (valid_mask & (1ull << id)) == 0) {
        microkit_dbg_puts(microkit_name);
        microkit_dbg_puts(" ");
        microkit_dbg_puts(function);
        microkit_dbg_puts(": invalid channel given '");
        microkit_dbg_put32((seL4_Uint32)id);
        microkit_dbg_puts("'\n");
        return seL4_False;
    }
#else
    (void)function;
    (void)id;
    (void)valid_mask;
#endif
    return seL4_True;
}

static inline void microkit_internal_check_error(const char *message, seL4_Error err)
{
    if (err != seL4_NoError) {
        microkit_dbg_puts(message);
        microkit_internal_crash(err);
    }
}

/* Channels ---------------------------------------------------------------------------------------- */

static inline void microkit_notify(microkit_channel ch)
{
    if (!microkit_internal_id_valid("microkit_notify", ch, microkit_notifications)) {
        return;
    }
    seL4_Signal(BASE_OUTPUT_NOTIFICATION_CAP + ch);
}

static inline void microkit_irq_ack(microkit_channel ch)
{
    if (!microkit_internal_id_valid("microkit_irq_ack", ch, microkit_irqs)) {
        return;
    }
    (void)seL4_IRQHandler_Ack(BASE_IRQ_CAP + ch);
}

/* Protected procedure call: the callee runs protected() on this PD's scheduling context. */
static inline microkit_msginfo microkit_ppcall(microkit_channel ch, microkit_msginfo msginfo)
{
    if (!microkit_internal_id_valid("microkit_ppcall", ch, microkit_pps)) {
        return seL4_MessageInfo_new(0, 0, 0, 0);
    }
    return seL4_Call(BASE_ENDPOINT_CAP + ch, msginfo);
}

/*
 * Deferred forms: recorded now, issued by the event loop with its next
 * receive (one system call instead of two). Only one can be pending: a later
 * call replaces an earlier one.
 */
static inline void microkit_deferred_notify(microkit_channel ch)
{
    if (!microkit_internal_id_valid("microkit_deferred_notify", ch, microkit_notifications)) {
        return;
    }
    microkit_have_signal = seL4_True;
    microkit_signal_msg = seL4_MessageInfo_new(0, 0, 0, 0);
    microkit_signal_cap = BASE_OUTPUT_NOTIFICATION_CAP + ch;
}

/* The acknowledgement is an IRQHandler invocation sent without waiting for the reply. */
static inline void microkit_deferred_irq_ack(microkit_channel ch)
{
    if (!microkit_internal_id_valid("microkit_deferred_irq_ack", ch, microkit_irqs)) {
        return;
    }
    microkit_have_signal = seL4_True;
    microkit_signal_msg = seL4_MessageInfo_new(IRQAckIRQ, 0, 0, 0);
    microkit_signal_cap = BASE_IRQ_CAP + ch;
}

/* Messages ---------------------------------------------------------------------------------------- */

static inline microkit_msginfo microkit_msginfo_new(seL4_Word label, seL4_Uint16 count)
{
    return seL4_MessageInfo_new(label, 0, 0, count);
}

static inline seL4_Word microkit_msginfo_get_label(microkit_msginfo msginfo)
{
    return seL4_MessageInfo_get_label(msginfo);
}

static inline seL4_Word microkit_msginfo_get_count(microkit_msginfo msginfo)
{
    return seL4_MessageInfo_get_length(msginfo);
}

static inline void microkit_mr_set(seL4_Uint8 mr, seL4_Word value)
{
    seL4_SetMR(mr, value);
}

static inline seL4_Word microkit_mr_get(seL4_Uint8 mr)
{
    return seL4_GetMR(mr);
}

/* Child PDs --------------------------------------------------------------------------------------- */

/*
 * TCB_WriteRegisters with resume and only the PC (count 1): a message of
 * flags, count and one register, so no full seL4_UserContext has to be
 * built (which compilers may zero with a call to memset, absent here).
 */
static inline seL4_Error microkit_internal_restart_thread(seL4_CPtr tcb, seL4_Word pc)
{
    seL4_Word resume_flags = 1;
    seL4_Word register_count = 1;
    seL4_Word unused = 0;
    seL4_MessageInfo_t reply = seL4_CallWithMRs(tcb, seL4_MessageInfo_new(TCBWriteRegisters, 0, 0, 3),
                                                &resume_flags, &register_count, &pc, &unused);
    return (seL4_Error)seL4_MessageInfo_get_label(reply);
}

/* Restarts a (faulted or stopped) child at entry_point, e.g. 0x200000 to run it from _start again. */
static inline void microkit_pd_restart(microkit_child pd, seL4_Word entry_point)
{
    microkit_internal_check_error("microkit_pd_restart: error writing TCB registers\n",
                                  microkit_internal_restart_thread(BASE_TCB_CAP + pd, entry_point));
}

static inline void microkit_pd_stop(microkit_child pd)
{
    microkit_internal_check_error("microkit_pd_stop: error suspending TCB\n", seL4_TCB_Suspend(BASE_TCB_CAP + pd));
}

static inline void microkit_pd_resume(microkit_child pd)
{
    microkit_internal_check_error("microkit_pd_resume: error resuming TCB\n", seL4_TCB_Resume(BASE_TCB_CAP + pd));
}

/*
 * A CPtr for slot `slot` of the PD's root CNode (<cspace> caps): the slot
 * index sits in the top PD_ROOT_CAP_BITS bits. Slot 0 holds the Microkit
 * CNode itself, so only 1..2^PD_ROOT_CAP_BITS-1 name a user cap.
 */
static inline seL4_CPtr microkit_cspace_root_slot_to_cptr(seL4_Word slot)
{
    if (slot == 0 || slot >= (1ull << PD_ROOT_CAP_BITS)) {
        return seL4_CapNull;
    }
    return slot << (64 - PD_ROOT_CAP_BITS);
}

/* Virtual machines -------------------------------------------------------------------------------- */

/* The vCPU's thread is an ordinary TCB: these work wherever a VM TCB cap was given. */
static inline void microkit_vcpu_restart(microkit_child vcpu, seL4_Word entry_point)
{
    microkit_internal_check_error("microkit_vcpu_restart: error writing registers\n",
                                  microkit_internal_restart_thread(BASE_VM_TCB_CAP + vcpu, entry_point));
}

static inline void microkit_vcpu_stop(microkit_child vcpu)
{
    microkit_internal_check_error("microkit_vcpu_stop: error suspending vCPU thread\n",
                                  seL4_TCB_Suspend(BASE_VM_TCB_CAP + vcpu));
}

#if defined(CONFIG_ARCH_AARCH64)
/*
 * The ARM vCPU operations. Tessera's kernel is not a hypervisor (no
 * KernelArmHypervisorSupport, so no VCPU objects or invocations): these keep
 * VMM sources compiling and stop the PD with a report if they are reached.
 */
static inline void microkit_internal_no_vcpu(const char *function)
{
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts(" ");
    microkit_dbg_puts(function);
    microkit_dbg_puts(": the kernel has no ARM hypervisor support (no vCPUs)\n");
    microkit_internal_crash(seL4_IllegalOperation);
}

static inline void microkit_vcpu_arm_inject_irq(microkit_child vcpu, seL4_Uint16 irq, seL4_Uint8 priority,
                                                seL4_Uint8 group, seL4_Uint8 index)
{
    (void)vcpu;
    (void)irq;
    (void)priority;
    (void)group;
    (void)index;
    microkit_internal_no_vcpu("microkit_vcpu_arm_inject_irq");
}

static inline void microkit_vcpu_arm_ack_vppi(microkit_child vcpu, seL4_Word irq)
{
    (void)vcpu;
    (void)irq;
    microkit_internal_no_vcpu("microkit_vcpu_arm_ack_vppi");
}

static inline seL4_Word microkit_vcpu_arm_read_reg(microkit_child vcpu, seL4_Word reg)
{
    (void)vcpu;
    (void)reg;
    microkit_internal_no_vcpu("microkit_vcpu_arm_read_reg");
    return 0;
}

static inline void microkit_vcpu_arm_write_reg(microkit_child vcpu, seL4_Word reg, seL4_Word value)
{
    (void)vcpu;
    (void)reg;
    (void)value;
    microkit_internal_no_vcpu("microkit_vcpu_arm_write_reg");
}

/* Forwards an SMC to the secure monitor through the PD's SMC cap (smc="true"). */
static inline void microkit_arm_smc_call(seL4_ARM_SMCContext *args, seL4_ARM_SMCContext *response)
{
    microkit_internal_check_error("microkit_arm_smc_call: error making SMC call\n",
                                  seL4_ARM_SMC_Call(ARM_SMC_CAP, args, response));
}
#endif /* CONFIG_ARCH_AARCH64 */

#if defined(CONFIG_ARCH_X86_64)
/* x86 I/O ports (<ioport id=...>): the port cap for `ioport_id` covers port_addr. */
static inline seL4_Bool microkit_internal_ioport_valid(const char *function, microkit_ioport ioport_id)
{
    return microkit_internal_id_valid(function, ioport_id, microkit_ioports);
}

#define MICROKIT_X86_IOPORT_ACCESSORS_(bits)                                                                 \
    static inline void microkit_x86_ioport_write_##bits(microkit_ioport ioport_id, seL4_Word port_addr,      \
                                                        seL4_Word data)                                      \
    {                                                                                                        \
        if (microkit_internal_ioport_valid("microkit_x86_ioport_write_" #bits, ioport_id)) {                 \
            microkit_internal_check_error("microkit_x86_ioport_write_" #bits ": error writing port\n",       \
                                          seL4_X86_IOPort_Out##bits(BASE_IOPORT_CAP + ioport_id, port_addr,  \
                                                                    data));                                  \
        }                                                                                                    \
    }                                                                                                        \
    static inline seL4_Uint##bits microkit_x86_ioport_read_##bits(microkit_ioport ioport_id,                 \
                                                                  seL4_Word port_addr)                       \
    {                                                                                                        \
        if (!microkit_internal_ioport_valid("microkit_x86_ioport_read_" #bits, ioport_id)) {                 \
            return 0;                                                                                        \
        }                                                                                                    \
        seL4_X86_IOPort_In##bits##_t result = seL4_X86_IOPort_In##bits(BASE_IOPORT_CAP + ioport_id,          \
                                                                       port_addr);                           \
        microkit_internal_check_error("microkit_x86_ioport_read_" #bits ": error reading port\n",            \
                                      (seL4_Error)result.error);                                             \
        return result.result;                                                                                \
    }

MICROKIT_X86_IOPORT_ACCESSORS_(8)
MICROKIT_X86_IOPORT_ACCESSORS_(16)
MICROKIT_X86_IOPORT_ACCESSORS_(32)
#undef MICROKIT_X86_IOPORT_ACCESSORS_
#endif /* CONFIG_ARCH_X86_64 */

#ifdef __cplusplus
}
#endif

#endif /* MICROKIT_H */
