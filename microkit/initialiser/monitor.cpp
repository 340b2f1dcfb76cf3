// SPDX-License-Identifier: BSD-2-Clause
// The monitor loop (monitor.hpp).
#include "monitor.hpp"

#include <monitor/fault_report.hpp>
#include <tessera/print.h>

namespace initialiser {

using namespace microkit_spec;

namespace {

#if defined(__aarch64__)
constexpr microkit_monitor::Arch own_arch = microkit_monitor::Arch::AArch64;
#elif defined(__riscv)
constexpr microkit_monitor::Arch own_arch = microkit_monitor::Arch::RiscV64;
#endif

void put(char c, void*) { seL4_DebugPutChar(c); }

// A passive PD's first message after init: its scheduling context moves to
// its notification, so from now on it runs only on time lent by a caller
// (PPC) or by a signal (Microkit manual "Passive protection domains").
// The PD is blocked receiving on its endpoint when this runs; unbinding
// first keeps the SC from being bound to two objects even for an instant.
void make_passive(const SpecView& spec, const Builder& builder, uint64_t index) {
    const Pd& pd = spec.pd(index);
    const seL4_CPtr sc = builder.object_cap(pd.sched_context);
    seL4_Error error = seL4_SchedContext_Unbind(sc);
    if (error == seL4_NoError) error = seL4_SchedContext_Bind(sc, builder.object_cap(pd.notification));
    if (error != seL4_NoError) {
        tessera_printf("MON|ERROR: could not make PD '%s' passive: seL4 error %d\n", spec.string(pd.name),
                       static_cast<int>(error));
        return;
    }
#if defined(CONFIG_DEBUG_BUILD)
    tessera_printf("MON|INFO: PD '%s' is now passive!\n", spec.string(pd.name));
#endif
}

void report_fault(const SpecView& spec, const Builder& builder, seL4_MessageInfo_t tag, seL4_Word badge,
                  uint64_t index) {
    const Pd& pd = spec.pd(index);
    seL4_Word mrs[seL4_MsgMaxLength];
    const seL4_Word length = seL4_MessageInfo_get_length(tag);
    for (seL4_Word i = 0; i < length && i < seL4_MsgMaxLength; ++i) mrs[i] = seL4_GetMR(static_cast<int>(i));
    seL4_UserContext registers = {};
    const seL4_CPtr tcb = builder.object_cap(pd.tcb);
    const seL4_Word count = sizeof registers / sizeof(seL4_Word);
    const bool have_registers = seL4_TCB_ReadRegisters(tcb, 0, 0, count, &registers) == seL4_NoError;
    microkit_monitor::FaultMessage fault{};
    fault.arch = own_arch;
    fault.label = seL4_MessageInfo_get_label(tag);
    fault.badge = badge;
    fault.tcb_cap = tcb;
    fault.mrs = mrs;
    fault.mr_count = length;
    fault.registers = reinterpret_cast<const uint64_t*>(&registers);
    fault.register_count = have_registers ? count : 0;
    fault.pd_name = spec.string(pd.name);
    fault.stack_bottom = pd.stack_bottom;
    microkit_monitor::print_fault(fault, put, nullptr);
    // The PD stays stopped. Suspending it also ends its wait for a reply,
    // so the monitor's reply object is free for the next message.
    (void)seL4_TCB_Suspend(tcb);
}

}  // namespace

void run_monitor(const SpecView& spec, const Builder& builder, seL4_CPtr reply) {
    const seL4_CPtr endpoint = builder.object_cap(spec.header().monitor_endpoint);
#if defined(CONFIG_DEBUG_BUILD)
    tessera_printf("MON|INFO: Microkit Monitor started!\n");
#endif
    for (;;) {
        seL4_Word badge = 0;
        const seL4_MessageInfo_t tag = seL4_Recv(endpoint, &badge, reply);
        if (badge == 0 || badge > spec.pds()) {
            tessera_printf("MON|ERROR: unknown/invalid badge 0x%lx (label 0x%lx)\n", static_cast<unsigned long>(badge),
                           static_cast<unsigned long>(seL4_MessageInfo_get_label(tag)));
            continue;
        }
        const uint64_t index = badge - 1;
        if (seL4_MessageInfo_get_label(tag) == seL4_Fault_NullFault && spec.pd(index).passive != 0 &&
            spec.pd(index).sched_context != none) {
            make_passive(spec, builder, index);
            continue;
        }
        report_fault(spec, builder, tag, badge, index);
    }
}

}  // namespace initialiser
