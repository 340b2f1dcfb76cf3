// SPDX-License-Identifier: BSD-2-Clause
// Faulting routines for the PAGEFAULT tests (cases/faults.cpp). Each marks
// its faulting instruction (..._insn) and the instruction after it
// (..._restart), where the fault handler makes the thread continue.

#define BAD_SYSCALL_NUMBER 0xc1

    .text

// uint64_t tessera_read_fault(uint64_t value, const void* address):
// a0 = value while loading a0 from address; returns a0.
    .globl tessera_read_fault, tessera_read_fault_insn, tessera_read_fault_restart
    .type tessera_read_fault, @function
tessera_read_fault:
tessera_read_fault_insn:
    ld a0, 0(a1)
tessera_read_fault_restart:
    ret
    .size tessera_read_fault, . - tessera_read_fault

// uint64_t tessera_write_fault(uint64_t value, void* address):
// stores a0 = value to address; returns a0.
    .globl tessera_write_fault, tessera_write_fault_insn, tessera_write_fault_restart
    .type tessera_write_fault, @function
tessera_write_fault:
tessera_write_fault_insn:
    sd a0, 0(a1)
tessera_write_fault_restart:
    ret
    .size tessera_write_fault, . - tessera_write_fault

// uint64_t tessera_execute_fault(uint64_t value, const void* address):
// jumps and links to address with a0 = value; returns a0.
    .globl tessera_execute_fault, tessera_execute_fault_restart
    .type tessera_execute_fault, @function
tessera_execute_fault:
    mv t1, ra
    jalr a1
tessera_execute_fault_restart:
    mv ra, t1
    ret
    .size tessera_execute_fault, . - tessera_execute_fault

// uint64_t tessera_bad_syscall(uint64_t value):
// ecall with a7 = 0xc1 (not a system call) and a0 = value; returns a0.
    .globl tessera_bad_syscall, tessera_bad_syscall_insn, tessera_bad_syscall_restart
    .type tessera_bad_syscall, @function
tessera_bad_syscall:
    li a7, BAD_SYSCALL_NUMBER
tessera_bad_syscall_insn:
    ecall
tessera_bad_syscall_restart:
    ret
    .size tessera_bad_syscall, . - tessera_bad_syscall

// void tessera_undefined_instruction(uint64_t* saved_sp, uint64_t* unused, void* new_sp):
// saves SP, points it at new_sp and executes an illegal instruction (all
// ones: a 32-bit encoding of no instruction [riscv/unpriv 1.5]).
    .globl tessera_undefined_instruction, tessera_undefined_instruction_insn
    .globl tessera_undefined_instruction_restart
    .type tessera_undefined_instruction, @function
tessera_undefined_instruction:
    sd sp, 0(a0)
    mv sp, a2
tessera_undefined_instruction_insn:
    .word 0xffffffff
tessera_undefined_instruction_restart:
    ret
    .size tessera_undefined_instruction, . - tessera_undefined_instruction
