// SPDX-License-Identifier: BSD-2-Clause
// CSR access (inline asm; kept out of include/arch so those headers stay
// host-testable).
#pragma once

#include <cstdint>

#define RISCV_CSR_READ(name)                                   \
    ([] {                                                      \
        std::uint64_t value_;                                  \
        asm volatile("csrr %0, " #name : "=r"(value_));        \
        return value_;                                         \
    }())
#define RISCV_CSR_WRITE(name, value) asm volatile("csrw " #name ", %0" ::"r"(static_cast<std::uint64_t>(value)) : "memory")
#define RISCV_CSR_SET(name, bits) asm volatile("csrs " #name ", %0" ::"r"(static_cast<std::uint64_t>(bits)) : "memory")
#define RISCV_CSR_CLEAR(name, bits) asm volatile("csrc " #name ", %0" ::"r"(static_cast<std::uint64_t>(bits)) : "memory")
