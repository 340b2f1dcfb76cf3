// SPDX-License-Identifier: BSD-2-Clause
// Calls into OpenSBI (RISC-V SBI specification v1.0: a7 = EID, a6 = FID,
// a0..a5 arguments; a0 = error, a1 = value on return).
#pragma once

#include <cstdint>

namespace arch::sbi {

inline constexpr std::uint64_t eid_legacy_set_timer = 0x00;  // SBI §5.1 (legacy)
inline constexpr std::uint64_t eid_legacy_putchar = 0x01;    // SBI §5.2 (legacy)
inline constexpr std::uint64_t eid_base = 0x10;              // SBI §4
inline constexpr std::uint64_t fid_base_probe_extension = 3; // SBI §4.4
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

// Whether the SBI implementation provides extension `eid` (SBI §4.4: the
// value is 0 when it does not; an error means a pre-0.2 SBI, which has only
// the legacy extensions).
inline bool probe_extension(std::uint64_t eid) {
    const Result r = call(eid_base, fid_base_probe_extension, eid);
    return r.error == 0 && r.value != 0;
}

// Programs the next timer event; a value in the past fires at once, ~0
// effectively stops the timer. Either call clears a pending supervisor timer
// interrupt (SBI §6.1, §5.1). `legacy` selects the v0.1 call for firmware
// without the TIME extension.
inline void set_timer(std::uint64_t stime_value, bool legacy = false) {
    if (legacy) call(eid_legacy_set_timer, 0, stime_value);
    else call(eid_time, 0, stime_value);
}

// type 0 = shutdown; reason 0 = none, 1 = system failure (SBI §10.1).
inline void system_reset(std::uint64_t type, std::uint64_t reason) { call(eid_system_reset, 0, type, reason); }

}  // namespace arch::sbi
