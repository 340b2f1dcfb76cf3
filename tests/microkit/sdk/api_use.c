/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A PD that uses every function and macro of <microkit.h>, compiled by
 * check_sdk.sh as C and as C++ with -Werror against each board and
 * configuration of the SDK, with no system include directory at all.
 */
#include <microkit.h>

static seL4_Word channel_bases[] = {INPUT_CAP, REPLY_CAP, MONITOR_EP, TCB_CAP, ARM_SMC_CAP,
                                    BASE_OUTPUT_NOTIFICATION_CAP, BASE_ENDPOINT_CAP, BASE_IRQ_CAP,
                                    BASE_TCB_CAP, BASE_VM_TCB_CAP, BASE_VCPU_CAP, BASE_IOPORT_CAP,
                                    BASE_USER_CAPS, MICROKIT_MAX_CHANNELS, MICROKIT_MAX_CHANNEL_ID,
                                    MICROKIT_MAX_IOPORT_ID, MICROKIT_PD_NAME_LENGTH, MICROKIT_MAX_USER_CAPS,
                                    PD_ROOT_CAP_BITS};

void init(void)
{
    microkit_dbg_puts(microkit_name);
    microkit_dbg_putc('\n');
    microkit_dbg_put8(microkit_passive ? 1 : 0);
    microkit_dbg_put32((seL4_Uint32)(microkit_irqs | microkit_notifications | microkit_pps | microkit_ioports));
    microkit_dbg_put32((seL4_Uint32)channel_bases[0]);
    if (microkit_have_signal) {
        microkit_dbg_put32((seL4_Uint32)(microkit_signal_cap + microkit_msginfo_get_label(microkit_signal_msg)));
    }
}

void notified(microkit_channel ch)
{
    microkit_notify(ch);
    microkit_irq_ack(ch);
    microkit_deferred_notify(ch);
    microkit_deferred_irq_ack(ch);
    microkit_mr_set(0, ch);
    microkit_msginfo reply = microkit_ppcall(ch, microkit_msginfo_new(1, 1));
    microkit_dbg_put32((seL4_Uint32)(microkit_msginfo_get_count(reply) + microkit_mr_get(0)));
    microkit_pd_restart(1, 0x200000);
    microkit_pd_stop(1);
    microkit_pd_resume(1);
    microkit_vcpu_restart(0, 0x40000000);
    microkit_vcpu_stop(0);
    microkit_dbg_put32((seL4_Uint32)microkit_cspace_root_slot_to_cptr(1));
#if defined(CONFIG_ARCH_AARCH64)
    microkit_vcpu_arm_inject_irq(0, 27, 0, 1, 0);
    microkit_vcpu_arm_ack_vppi(0, 27);
    microkit_vcpu_arm_write_reg(0, 0, microkit_vcpu_arm_read_reg(0, 0));
    seL4_ARM_SMCContext args = {0, 0, 0, 0, 0, 0, 0, 0};
    seL4_ARM_SMCContext response;
    microkit_arm_smc_call(&args, &response);
#endif
    microkit_internal_crash(seL4_InvalidArgument);
}

#ifndef __cplusplus
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    return msginfo;
}
#endif

seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo)
{
    *reply_msginfo = microkit_msginfo_new(child, 0);
    return microkit_msginfo_get_label(msginfo) == seL4_Fault_VMFault;
}
