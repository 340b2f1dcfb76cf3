/* SPDX-License-Identifier: BSD-2-Clause */
/* AArch64 fault message layouts (sel4-abi.md §10.3). */
#ifndef SEL4_ARCH_FAULTS_H
#define SEL4_ARCH_FAULTS_H

typedef enum {
    seL4_UnknownSyscall_X0 = 0,
    seL4_UnknownSyscall_X1 = 1,
    seL4_UnknownSyscall_X2 = 2,
    seL4_UnknownSyscall_X3 = 3,
    seL4_UnknownSyscall_X4 = 4,
    seL4_UnknownSyscall_X5 = 5,
    seL4_UnknownSyscall_X6 = 6,
    seL4_UnknownSyscall_X7 = 7,
    seL4_UnknownSyscall_FaultIP = 8,
    seL4_UnknownSyscall_SP = 9,
    seL4_UnknownSyscall_LR = 10,
    seL4_UnknownSyscall_SPSR = 11,
    seL4_UnknownSyscall_Syscall = 12,
    seL4_UnknownSyscall_Length = 13
} seL4_UnknownSyscall_Msg;

typedef enum {
    seL4_UserException_FaultIP = 0,
    seL4_UserException_SP = 1,
    seL4_UserException_SPSR = 2,
    seL4_UserException_Number = 3,
    seL4_UserException_Code = 4,
    seL4_UserException_Length = 5
} seL4_UserException_Msg;

#endif /* SEL4_ARCH_FAULTS_H */
