/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libmicrokit's start-up and event loop (Microkit manual, "libmicrokit";
 * microkit.md §2.6-2.7), and the symbols the microkit tool writes into every
 * PD image (§2.3).
 */
#include <microkit.h>
#include <microkit_pd_layout.h>

/*
 * Microkit builds libsel4 with LibSel4UseThreadLocals=OFF: a PD has no TLS,
 * so the IPC-buffer pointer must be a plain global (the SDK's
 * <sel4/gen_config.h> leaves CONFIG_LIB_SEL4_USE_THREAD_LOCALS undefined).
 */
#ifdef CONFIG_LIB_SEL4_USE_THREAD_LOCALS
#error "libmicrokit needs libsel4 without thread locals: build it against the SDK's <sel4/gen_config.h>"
#endif

/* The IPC buffer's address for the architecture of the SDK's libsel4 configuration. */
#if defined(CONFIG_ARCH_AARCH64)
#define IPC_BUFFER_VADDR MICROKIT_PD_IPC_BUFFER_VADDR_AARCH64
SEL4_STATIC_ASSERT(IPC_BUFFER_VADDR == (seL4_UserTop & ~(MICROKIT_PD_PAGE_SIZE - 1)),
                   "the IPC buffer is the page holding the inclusive seL4_UserTop");
#elif defined(CONFIG_ARCH_RISCV64)
#define IPC_BUFFER_VADDR MICROKIT_PD_IPC_BUFFER_VADDR_RISCV64
SEL4_STATIC_ASSERT(IPC_BUFFER_VADDR == seL4_UserTop - MICROKIT_PD_PAGE_SIZE,
                   "the IPC buffer is the page below the exclusive seL4_UserTop");
#else
#error "libmicrokit knows the PD layout of AArch64 and RISC-V 64 only"
#endif

/* Badge bits the tool gives the PD's endpoint caps (microkit.md §2.5). */
#define BADGE_FAULT (1ull << 62)  /* a child's (or vCPU's) fault: low bits = child id */
#define BADGE_PPC (1ull << 63)    /* a protected procedure call: low bits = channel id */
#define BADGE_CHILD_MASK 0xffull
#define BADGE_CHANNEL_MASK 0x3full

/*
 * The symbols the tool patches are kept (used) and placed in .data, so they
 * have bytes in the image's loaded data segment whatever their initial value.
 */
#define TOOL_PATCHED __attribute__((used, section(".data")))

char microkit_name[MICROKIT_PD_NAME_LENGTH] TOOL_PATCHED;
seL4_Bool microkit_passive TOOL_PATCHED;
seL4_Word microkit_irqs TOOL_PATCHED;
seL4_Word microkit_notifications TOOL_PATCHED;
seL4_Word microkit_pps TOOL_PATCHED;
seL4_Word microkit_ioports TOOL_PATCHED;

seL4_Bool microkit_have_signal = seL4_False;
seL4_CPtr microkit_signal_cap;
seL4_MessageInfo_t microkit_signal_msg;

/* The tool maps the PD's IPC buffer at a fixed address (microkit_pd_layout.h). */
seL4_IPCBuffer *__sel4_ipc_buffer = (seL4_IPCBuffer *)IPC_BUFFER_VADDR;

/* Static constructors (C++ globals, __attribute__((constructor))), collected by microkit.ld. */
typedef void (*microkit_constructor)(void);
extern microkit_constructor __init_array_start[];
extern microkit_constructor __init_array_end[];

int main(void);

__attribute__((weak)) microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    (void)msginfo;
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts(" is missing the 'protected' entry point\n");
    microkit_internal_crash(seL4_NoError);
    return seL4_MessageInfo_new(0, 0, 0, 0);
}

__attribute__((weak)) seL4_Bool fault(microkit_child child, microkit_msginfo msginfo,
                                      microkit_msginfo *reply_msginfo)
{
    (void)child;
    (void)msginfo;
    (void)reply_msginfo;
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts(" is missing the 'fault' entry point\n");
    microkit_internal_crash(seL4_NoError);
    return seL4_False;
}

static void run_constructors(void)
{
    for (microkit_constructor *constructor = __init_array_start; constructor != __init_array_end; ++constructor) {
        (*constructor)();
    }
}

/* One notified() call per set bit, lowest channel first. */
static void deliver_notifications(seL4_Word badge)
{
    for (microkit_channel ch = 0; badge != 0; ++ch, badge >>= 1) {
        if (badge & 1) {
            notified(ch);
        }
    }
}

/*
 * Receive on INPUT_CAP (endpoint or notification; the PD's notification is
 * bound to its TCB, so notifications arrive on the endpoint too) and
 * dispatch on the badge. A reply owed to a PPC or an answered fault goes out
 * with the next receive (ReplyRecv); a deferred signal goes out with it too
 * (NBSendRecv), or just before it when a reply is also due.
 */
static __attribute__((noreturn)) void event_loop(void)
{
    seL4_Bool reply_owed = seL4_False;
    microkit_msginfo reply = seL4_MessageInfo_new(0, 0, 0, 0);

    for (;;) {
        seL4_Word badge = 0;
        microkit_msginfo received;

        if (reply_owed) {
            if (microkit_have_signal) {
                microkit_have_signal = seL4_False;
                seL4_Send(microkit_signal_cap, microkit_signal_msg);
            }
            received = seL4_ReplyRecv(INPUT_CAP, reply, &badge, REPLY_CAP);
        } else if (microkit_have_signal) {
            microkit_have_signal = seL4_False;
            received = seL4_NBSendRecv(microkit_signal_cap, microkit_signal_msg, INPUT_CAP, &badge, REPLY_CAP);
        } else {
            received = seL4_Recv(INPUT_CAP, &badge, REPLY_CAP);
        }

        reply_owed = seL4_False;
        if (badge & BADGE_FAULT) {
            reply_owed = fault((microkit_child)(badge & BADGE_CHILD_MASK), received, &reply) ? seL4_True : seL4_False;
        } else if (badge & BADGE_PPC) {
            reply = protected((microkit_channel)(badge & BADGE_CHANNEL_MASK), received);
            reply_owed = seL4_True;
        } else {
            deliver_notifications(badge);
        }
    }
}

int main(void)
{
    run_constructors();
    init();

    if (microkit_passive) {
        /*
         * The hand-shake: an empty message to the monitor, sent with the
         * first receive, after which the monitor moves this PD's scheduling
         * context to its notification (microkit.md §2.7). A signal init()
         * deferred goes out first, while the PD still runs on its own time.
         */
        if (microkit_have_signal) {
            seL4_Send(microkit_signal_cap, microkit_signal_msg);
        }
        microkit_have_signal = seL4_True;
        microkit_signal_cap = MONITOR_EP;
        microkit_signal_msg = seL4_MessageInfo_new(0, 0, 0, 0);
    }

    /*
     * Acknowledge every IRQ once before waiting, as Microkit does: an IRQ the
     * kernel delivered before the PD ran would otherwise stay masked.
     */
    for (microkit_channel ch = 0; ch <= MICROKIT_MAX_CHANNEL_ID; ++ch) {
        if (microkit_irqs & (1ull << ch)) {
            (void)seL4_IRQHandler_Ack(BASE_IRQ_CAP + ch);
        }
    }

    event_loop();
}
