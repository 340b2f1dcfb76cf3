// SPDX-License-Identifier: BSD-2-Clause
// System-call numbers (from libsel4's one table) and the architecture-
// independent syscall dispatch.
#pragma once

#include <kern/types.hpp>
#include <sel4/syscall_list.h>

namespace kern {

enum class Syscall : sword_t {
#define TESSERA_SYSCALL_ENUM(name, number, kind) name = number,
    SEL4_SYSCALL_LIST(TESSERA_SYSCALL_ENUM)
#undef TESSERA_SYSCALL_ENUM
};

// seL4 dispatch rule (sel4-mcs.md §1.1): API syscalls are SYSCALL_MIN..SYSCALL_MAX.
inline constexpr sword_t syscall_min = static_cast<sword_t>(Syscall::Yield);
inline constexpr sword_t syscall_max = static_cast<sword_t>(Syscall::Call);

// "seL4_SysCall" etc., or nullptr for a number libsel4 does not define.
[[nodiscard]] const char* syscall_name(sword_t number);

// What the arch trap handler does after the core handled a trap.
struct TrapOutcome {
    enum class Kind { ResumeUser, Halt };
    Kind kind = Kind::ResumeUser;
    int exit_status = 0;  // for Halt: the machine's exit status (0 = success)

    static constexpr TrapOutcome resume() { return {}; }
    static constexpr TrapOutcome halt(int status) { return {Kind::Halt, status}; }
    friend constexpr bool operator==(const TrapOutcome&, const TrapOutcome&) = default;
};

// Exit status used when the kernel stops because user code did something it
// cannot handle yet (an unimplemented syscall) or because of a kernel panic.
inline constexpr int exit_status_unimplemented = 2;
inline constexpr int exit_status_panic = 3;
inline constexpr int exit_status_user_fault = 4;
// No thread can ever run again: every thread is stopped or blocked, none
// waits for a refill, and no interrupt can reach user level.
inline constexpr int exit_status_nothing_runnable = 5;

}  // namespace kern
