// SPDX-License-Identifier: BSD-2-Clause
// A thread's pending fault (seL4 seL4_Fault_t), MCS labels (sel4-mcs.md §8.1).
// The message a fault becomes is built when it is sent (kern/ipc.hpp).
#pragma once

#include <kern/syscall_error.hpp>
#include <kern/types.hpp>

namespace kern {

enum class FaultType : word_t {
    Null = 0,
    CapFault = 1,
    UnknownSyscall = 2,
    UserException = 3,
    Timeout = 5,
    VMFault = 6,
};

// All fields are words: the record lives in the TCB and is copied whole,
// so it has no padding whose contents could differ between copies.
struct Fault {
    FaultType type = FaultType::Null;
    // CapFault: the CPtr, whether in the receive phase, and the lookup failure.
    word_t address = 0;
    word_t in_receive_phase = 0;
    LookupFailure lookup{};
    // UnknownSyscall: the syscall number. UserException: number and code.
    // VMFault: FSR, and whether it was an instruction fetch. Timeout: the SC badge.
    word_t number = 0;
    word_t code = 0;
    word_t instruction = 0;

    static Fault cap_fault(word_t cptr, bool in_receive_phase, const LookupFailure& lf) {
        Fault f;
        f.type = FaultType::CapFault;
        f.address = cptr;
        f.in_receive_phase = in_receive_phase ? 1 : 0;
        f.lookup = lf;
        return f;
    }
    static Fault unknown_syscall(word_t number) {
        Fault f;
        f.type = FaultType::UnknownSyscall;
        f.number = number;
        return f;
    }
    static Fault user_exception(word_t number, word_t code) {
        Fault f;
        f.type = FaultType::UserException;
        f.number = number;
        f.code = code;
        return f;
    }
    static Fault vm_fault(word_t address, word_t fsr, bool instruction) {
        Fault f;
        f.type = FaultType::VMFault;
        f.address = address;
        f.code = fsr;
        f.instruction = instruction ? 1 : 0;
        return f;
    }
    static Fault timeout(word_t sc_badge) {
        Fault f;
        f.type = FaultType::Timeout;
        f.number = sc_badge;
        return f;
    }
    bool pending() const { return type != FaultType::Null; }
};
static_assert(sizeof(Fault) == 10 * sizeof(word_t), "no padding");

}  // namespace kern
