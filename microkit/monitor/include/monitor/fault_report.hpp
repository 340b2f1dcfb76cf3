// SPDX-License-Identifier: BSD-2-Clause
// The monitor's report of a protection domain's fault, in the form Microkit
// 2.3.0's monitor prints it (microkit.md §3.6). The monitor receives every
// fault of a PD as seL4 fault IPC (MCS labels, sel4-mcs.md §8.1); this library
// turns one such message plus the thread's registers into text. It keeps no
// state and reads only the arrays it is given, so host tests drive it
// directly. Freestanding: <stdint.h> and <stddef.h> only.
//
// Output, one line each ("\n"-terminated; <x16> is "0x" and 16 hex digits,
// <x8> "0x" and at least 8):
//
//   MON|ERROR: received message <x8 label>  badge: <x16>  tcb cap: <x16>
//   MON|ERROR: faulting PD: <name>            ("(no name)" for a null name)
//   Registers:
//   <name> : <x16>                            every seL4_UserContext word, in
//                                             seL4's order (TCB_ReadRegisters,
//                                             sel4-abi.md §7.3)
//   then the fault itself:
//   CapFault (label 1):
//     MON|ERROR: CapFault: ip=<x16>  fault_addr=<x16>  in_recv_phase=true|false
//     MON|ERROR:    lookup failure: seL4_MissingCapability  bits_left=<dec>
//       (seL4_DepthMismatch adds depth_bits_found=<dec>; seL4_GuardMismatch
//       adds guard_found=<x16>  guard_bits_found=<dec>)
//   UnknownSyscall (label 2):
//     MON|ERROR: UnknownSyscall: ip=<x16>  sp=<x16>  syscall=<signed dec>
//   UserException (label 3):
//     MON|ERROR: UserException: ip=<x16>  sp=<x16>  flags=<x16>  number=<x16>  code=<x16>
//       (RISC-V has no flags word), then the number decoded: the ESR lines
//       below on AArch64, the scause line on RISC-V
//   Timeout (label 5, MCS):
//     MON|ERROR: Timeout: data=<x16>  consumed=<dec> us
//       (a one-word message means the thread has no scheduling context:
//       "consumed: not reported (the thread has no scheduling context)")
//   VMFault (label 6):
//     MON|ERROR: VMFault: ip=<x16>  fault_addr=<x16>  fsr=<x16>  (data fault|instruction fault)
//     AArch64, the FSR is the ESR [arm/ARM DDI0487 D17.2.37]:
//     MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000046
//     MON|ERROR:    dfsc: 0x06 (translation fault, level 2) -- write
//       (ifsc for instruction aborts, without read/write; for a BRK, as in
//       a UserException, "brk #<comment>", naming clang's UBSan traps)
//     RISC-V, the FSR is the scause seL4 reports [riscv/priv 4.1.9]:
//     MON|ERROR:    scause: 0x5 (load access fault; seL4 reports load page faults with this code too)
//     and, when the fault address is in [stack_bottom - 4096, stack_bottom)
//     (clamped at 0; a stack_bottom of 0 gives no range):
//     MON|ERROR: potential stack overflow: fault address <x16> is in the page below the stack (bottom <x16>)
//   any other label (this kernel is not a hypervisor and has no hardware
//   debug API, so labels 4, 7, 8, 9 never arrive):
//     MON|ERROR: Unknown fault: label <x8> (seL4_Fault_VCPUFault: this kernel is not a hypervisor)
//       (or "(not an seL4 fault label)")
//
// A field the message does not hold prints as "(missing)", followed by
//     MON|ERROR: <kind> message too short: <n> of <m> message registers given
// and a longer message by "... has <n> message registers, <m> expected; the
// last <k> ignored". Registers likewise: "MON|ERROR: registers <first>..<last>
// missing (<n> of <m> given)" or "... <n> register words given,
// seL4_UserContext has <m>; the last <k> not printed". A null array counts as
// empty; an Arch outside the enum stops the report after the header with
// "MON|ERROR: unknown architecture <n>; registers and fault not decoded".
// Values in a decode (EC, DFSC, scause, lookup failure type) that no table
// names print with their number as "reserved ..."/"unknown type ...", never
// as a guess.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace microkit_monitor {

enum class Arch { AArch64, RiscV64 };

// seL4_FaultType under MCS (sel4-mcs.md §8.1): the label of a fault IPC.
namespace fault_label {
inline constexpr uint64_t null_fault = 0;
inline constexpr uint64_t cap_fault = 1;
inline constexpr uint64_t unknown_syscall = 2;
inline constexpr uint64_t user_exception = 3;
inline constexpr uint64_t debug_exception = 4;
inline constexpr uint64_t timeout = 5;
inline constexpr uint64_t vm_fault = 6;
inline constexpr uint64_t vgic_maintenance = 7;
inline constexpr uint64_t vcpu_fault = 8;
inline constexpr uint64_t vppi_event = 9;
}  // namespace fault_label

// Number of seL4_UserContext words (sel4-abi.md §7.3).
inline constexpr size_t aarch64_user_context_words = 36;
inline constexpr size_t riscv64_user_context_words = 32;

struct FaultMessage {
    Arch arch;
    uint64_t label;            // seL4_MessageInfo label of the fault IPC (seL4_Fault_* number)
    uint64_t badge;            // as received
    uint64_t tcb_cap;          // the monitor's cap to the faulting TCB (printed)
    const uint64_t* mrs;       // the fault message registers, mr_count of them
    size_t mr_count;
    const uint64_t* registers; // the thread's seL4_UserContext words in seL4's order (TCB_ReadRegisters)
    size_t register_count;
    const char* pd_name;
    uint64_t stack_bottom;     // lowest address of the PD's stack: a fault within a page below it
                               // gets the "potential stack overflow" line
};

// Receives the report one character at a time.
using PutChar = void (*)(char c, void* context);

// Writes the whole report for one fault. A null `put` writes nothing.
void print_fault(const FaultMessage& fault, PutChar put, void* context);

// "MON|ERROR: unknown/invalid badge <x16>": a fault or request whose badge
// names no PD the monitor knows (microkit.md §3.6).
void print_unknown_badge(uint64_t badge, PutChar put, void* context);

// The name seL4 gives a fault label ("seL4_Fault_VMFault"), or nullptr when
// the label is none of seL4_FaultType's (MCS numbering).
const char* fault_label_name(uint64_t label);

}  // namespace microkit_monitor
