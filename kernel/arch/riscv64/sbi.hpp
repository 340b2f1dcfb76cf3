// SPDX-License-Identifier: BSD-2-Clause
// Calls into OpenSBI (RISC-V SBI specification v1.0: a7 = EID, a6 = FID,
// a0..a5 arguments; a0 = error, a1 = value on return).
#pragma once

#include <cstdint>

namespace arch::sbi {

inline constexpr std::uint64_t eid_legacy_putchar = 0x01;    // SBI §5.2 (legacy)
inline constexpr std::uint64_t eid_time = 0x54494d45;        // "TIME", SBI §6
inline constexpr std::uint64_t eid_system_reset = 0x53525354;  // "SRST", SBI §10

struct Result {
    std::int64_t error;
    std::uint64_t value;
};

inline Result call(std::uint64_t eid, std::uint64_t fid, std::uint64_t arg0 = 0, std::uint64_t arg1 = 0,
                   std::uint64_t arg2 = 0) {
    register std::uint64_t a0 asm("a0") = arg0;
    register std::uint64_t a1 asm("a1") = arg1;
    register std::uint64_t a2 asm("a2") = arg2;
    register std::uint64_t a6 asm("a6") = fid;
    register std::uint64_t a7 asm("a7") = eid;
    asm volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
    return {static_cast<std::int64_t>(a0), a1};
}

inline void legacy_putchar(char c) { call(eid_legacy_putchar, 0, static_cast<unsigned char>(c)); }

// Programs the next timer event; a value in the past fires at once, ~0
// effectively stops the timer (and clears a pending one, SBI §6.1).
inline void set_timer(std::uint64_t stime_value) { call(eid_time, 0, stime_value); }

// type 0 = shutdown; reason 0 = none, 1 = system failure (SBI §10.1).
inline void system_reset(std::uint64_t type, std::uint64_t reason) { call(eid_system_reset, 0, type, reason); }

}  // namespace arch::sbi
