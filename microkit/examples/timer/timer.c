/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A PD that drives a hardware timer itself: it programs a deadline every
 * TICK_NS, prints a line on each timer interrupt, and stops after TICKS.
 *
 *   AArch64: the EL1 physical timer of the generic timer, used from EL0
 *            (Arm ARM D11: CNTPCT_EL0 counts at CNTFRQ_EL0; the timer fires
 *            when the count reaches CNTP_CVAL_EL0 with CNTP_CTL_EL0.ENABLE
 *            set and IMASK clear). Its interrupt is PPI 30 on QEMU virt.
 *   RISC-V:  the goldfish RTC of QEMU virt (hw/rtc/goldfish_rtc.c): time in
 *            ns; writing ALARM_LOW arms the alarm at ALARM_HIGH:ALARM_LOW,
 *            which fires at once if that time has passed. PLIC IRQ 11.
 */
#include <microkit.h>

#define TIMER_IRQ 0
#define TICK_NS 100000000ull /* 100 ms */
#define TICKS 5
#define NS_PER_S 1000000000ull
#define NS_PER_MS 1000000ull

#if defined(CONFIG_ARCH_AARCH64)

/* The kernel must let EL0 use the counter and the timer (CNTKCTL_EL1.EL0PCTEN, EL0PTEN). */
#if defined(CONFIG_EXPORT_PCNT_USER) && defined(CONFIG_EXPORT_PTMR_USER)
#define TIMER_AVAILABLE 1

static seL4_Word counter_frequency(void)
{
    seL4_Word frequency;
    __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(frequency));
    return frequency;
}

static seL4_Word counter_value(void)
{
    seL4_Word value;
    __asm__ __volatile__("isb\n\tmrs %0, cntpct_el0" : "=r"(value));
    return value;
}

static void timer_init(void)
{
}

static seL4_Word now_ns(void)
{
    seL4_Word frequency = counter_frequency();
    seL4_Word ticks = counter_value();
    return ticks / frequency * NS_PER_S + ticks % frequency * NS_PER_S / frequency;
}

/* The level output of the timer drops once the deadline is in the future again or the timer is off. */
static void timer_set_alarm(seL4_Word deadline_ns)
{
    seL4_Word frequency = counter_frequency();
    seL4_Word deadline = deadline_ns / NS_PER_S * frequency + deadline_ns % NS_PER_S * frequency / NS_PER_S;
    __asm__ __volatile__("msr cntp_cval_el0, %0\n\tmsr cntp_ctl_el0, %1\n\tisb" ::"r"(deadline), "r"(1ul));
}

static void timer_clear_interrupt(void)
{
}

static void timer_stop(void)
{
    __asm__ __volatile__("msr cntp_ctl_el0, %0\n\tisb" ::"r"(0ul));
}
#endif /* CONFIG_EXPORT_PCNT_USER && CONFIG_EXPORT_PTMR_USER */

#elif defined(CONFIG_ARCH_RISCV64)

#define TIMER_AVAILABLE 1
#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_CLEAR_ALARM 0x14
#define RTC_CLEAR_INTERRUPT 0x1c

/* Where timer-qemu_virt_riscv64.system maps the RTC's registers (setvar_vaddr). */
seL4_Word rtc_base;

static volatile seL4_Uint32 *rtc_register(seL4_Word offset)
{
    return (volatile seL4_Uint32 *)(rtc_base + offset);
}

static void timer_init(void)
{
    *rtc_register(RTC_IRQ_ENABLED) = 1;
}

/* Reading TIME_LOW latches the high half for the following TIME_HIGH read. */
static seL4_Word now_ns(void)
{
    seL4_Word low = *rtc_register(RTC_TIME_LOW);
    seL4_Word high = *rtc_register(RTC_TIME_HIGH);
    return high << 32 | low;
}

static void timer_set_alarm(seL4_Word deadline_ns)
{
    *rtc_register(RTC_ALARM_HIGH) = (seL4_Uint32)(deadline_ns >> 32);
    *rtc_register(RTC_ALARM_LOW) = (seL4_Uint32)deadline_ns;
}

static void timer_clear_interrupt(void)
{
    *rtc_register(RTC_CLEAR_INTERRUPT) = 1;
}

static void timer_stop(void)
{
    *rtc_register(RTC_CLEAR_ALARM) = 1;
    *rtc_register(RTC_IRQ_ENABLED) = 0;
}

#else
#error "the timer example knows the timers of AArch64 and RISC-V 64 QEMU virt only"
#endif

#ifdef TIMER_AVAILABLE
static seL4_Word start_ns;
static unsigned int ticks;
#endif

void init(void)
{
#ifndef TIMER_AVAILABLE
    microkit_dbg_puts("timer: this kernel configuration does not give EL0 the physical counter and timer "
                      "(KernelArmExportPCNTUser, KernelArmExportPTMRUser); no ticks\n");
#else
    timer_init();
    start_ns = now_ns();
    microkit_dbg_puts("timer: started; ");
    microkit_dbg_put32(TICKS);
    microkit_dbg_puts(" ticks, one every ");
    microkit_dbg_put32(TICK_NS / NS_PER_MS);
    microkit_dbg_puts(" ms\n");
    timer_set_alarm(start_ns + TICK_NS);
#endif
}

void notified(microkit_channel ch)
{
    if (ch != TIMER_IRQ) {
        microkit_dbg_puts("timer: unexpected notification on channel ");
        microkit_dbg_put32(ch);
        microkit_dbg_puts("\n");
        return;
    }
#ifdef TIMER_AVAILABLE
    timer_clear_interrupt();
    ++ticks;
    seL4_Word deadline_ns = start_ns + ticks * TICK_NS;
    microkit_dbg_puts("timer: tick ");
    microkit_dbg_put32(ticks);
    microkit_dbg_puts(" at +");
    microkit_dbg_put32((seL4_Uint32)(ticks * TICK_NS / NS_PER_MS));
    microkit_dbg_puts(" ms");
    if (now_ns() < deadline_ns) {
        microkit_dbg_puts(", EARLY: the deadline has not passed yet");
    }
    microkit_dbg_puts("\n");
    if (ticks < TICKS) {
        timer_set_alarm(deadline_ns + TICK_NS);
    } else {
        timer_stop();
        microkit_dbg_puts("timer: done\n");
    }
#endif
    /* After re-arming or stopping: the interrupt line is low again, so the IRQ can be unmasked. */
    microkit_irq_ack(ch);
}
