// SPDX-License-Identifier: BSD-2-Clause
// Faulting routines for the PAGEFAULT tests (cases/faults.cpp). Each marks
// its faulting instruction (..._insn) and the instruction after it
// (..._restart), where the fault handler makes the thread continue.

#define BAD_SYSCALL_NUMBER 0xc1
#define NZCV_TEST 0xa0000000  // N and C set

    .text

// uint64_t tessera_read_fault(uint64_t value, const void* address):
// x0 = value while loading x0 from address; returns x0.
    .globl tessera_read_fault, tessera_read_fault_insn, tessera_read_fault_restart
    .type tessera_read_fault, %function
tessera_read_fault:
tessera_read_fault_insn:
    ldr x0, [x1]
tessera_read_fault_restart:
    ret
    .size tessera_read_fault, . - tessera_read_fault

// uint64_t tessera_write_fault(uint64_t value, void* address):
// stores x0 = value to address; returns x0.
    .globl tessera_write_fault, tessera_write_fault_insn, tessera_write_fault_restart
    .type tessera_write_fault, %function
tessera_write_fault:
tessera_write_fault_insn:
    str x0, [x1]
tessera_write_fault_restart:
    ret
    .size tessera_write_fault, . - tessera_write_fault

// uint64_t tessera_execute_fault(uint64_t value, const void* address):
// branches with link to address with x0 = value; returns x0.
    .globl tessera_execute_fault, tessera_execute_fault_restart
    .type tessera_execute_fault, %function
tessera_execute_fault:
    mov x9, x30
    blr x1
tessera_execute_fault_restart:
    mov x30, x9
    ret
    .size tessera_execute_fault, . - tessera_execute_fault

// uint64_t tessera_bad_syscall(uint64_t value):
// svc with x7 = 0xc1 (not a system call) and x0 = value; returns x0.
    .globl tessera_bad_syscall, tessera_bad_syscall_insn, tessera_bad_syscall_restart
    .type tessera_bad_syscall, %function
tessera_bad_syscall:
    mov x7, #BAD_SYSCALL_NUMBER
tessera_bad_syscall_insn:
    svc #0
tessera_bad_syscall_restart:
    ret
    .size tessera_bad_syscall, . - tessera_bad_syscall

// void tessera_undefined_instruction(uint64_t* saved_sp, uint64_t* saved_nzcv, void* new_sp):
// sets NZCV to NZCV_TEST, saves SP and NZCV, points SP at new_sp and
// executes an undefined instruction: 0xe7f000f0, which sel4test uses on
// both Arm states, is UDF in A32 and unallocated in A64 (op0 = 0b0011 in
// the top-level encoding table [arm/ARM DDI0487 C4.1]).
    .globl tessera_undefined_instruction, tessera_undefined_instruction_insn
    .globl tessera_undefined_instruction_restart
    .type tessera_undefined_instruction, %function
tessera_undefined_instruction:
    mov x9, sp
    str x9, [x0]
    mov x9, #NZCV_TEST
    msr nzcv, x9
    mrs x9, nzcv
    str x9, [x1]
    mov sp, x2
tessera_undefined_instruction_insn:
    .word 0xe7f000f0
tessera_undefined_instruction_restart:
    ret
    .size tessera_undefined_instruction, . - tessera_undefined_instruction
