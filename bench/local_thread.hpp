// SPDX-License-Identifier: BSD-2-Clause
// A second thread of a benchmark, running a function of this program with
// its own stack, TLS block (holding its IPC-buffer pointer, as sel4runtime
// sets it up) and IPC buffer page, written against libsel4 and sel4runtime
// alone. The caller sets its priority and scheduling context and resumes it.
#pragma once

#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "measure.hpp"

namespace bench {

struct alignas(4096) Page {
    unsigned char bytes[4096];
};

// Points the (stopped) thread `tcb` at entry() in `vspace`, with the stack
// ending at stack_top, TLS in `tls` (sel4runtime_get_tls_size() bytes) and
// `ipc_buffer`, a page of this image whose frame cap is `ipc_frame`.
inline void prepare_thread(seL4_CPtr tcb, seL4_CPtr vspace, void (*entry)(), unsigned char* stack_top,
                           unsigned char* tls, Page* ipc_buffer, seL4_CPtr ipc_frame) {
    check(seL4_TCB_Configure(tcb, seL4_CapInitThreadCNode, 0, vspace, 0, reinterpret_cast<seL4_Word>(ipc_buffer),
                             ipc_frame),
          "TCB_Configure");
    const sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(tls);
    sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, reinterpret_cast<seL4_IPCBuffer*>(ipc_buffer));
    seL4_UserContext regs{};
    regs.pc = reinterpret_cast<seL4_Word>(entry);
    regs.sp = reinterpret_cast<seL4_Word>(stack_top);
#if defined(__riscv)
    regs.tp = tp;
#else
    regs.tpidr_el0 = tp;
#endif
    check(seL4_TCB_WriteRegisters(tcb, 0, 0, sizeof regs / sizeof(seL4_Word), &regs), "TCB_WriteRegisters");
}

}  // namespace bench
