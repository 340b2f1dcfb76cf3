/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V 64 fault message layouts (sel4-abi.md §10.3). */
#ifndef SEL4_ARCH_FAULTS_H
#define SEL4_ARCH_FAULTS_H

typedef enum {
    seL4_UnknownSyscall_FaultIP = 0,
    seL4_UnknownSyscall_SP = 1,
    seL4_UnknownSyscall_RA = 2,
    seL4_UnknownSyscall_A0 = 3,
    seL4_UnknownSyscall_A1 = 4,
    seL4_UnknownSyscall_A2 = 5,
    seL4_UnknownSyscall_A3 = 6,
    seL4_UnknownSyscall_A4 = 7,
    seL4_UnknownSyscall_A5 = 8,
    seL4_UnknownSyscall_A6 = 9,
    seL4_UnknownSyscall_Syscall = 10,
    seL4_UnknownSyscall_Length = 11
} seL4_UnknownSyscall_Msg;

typedef enum {
    seL4_UserException_FaultIP = 0,
    seL4_UserException_SP = 1,
    seL4_UserException_Number = 2,
    seL4_UserException_Code = 3,
    seL4_UserException_Length = 4
} seL4_UserException_Msg;

#endif /* SEL4_ARCH_FAULTS_H */
