// SPDX-License-Identifier: BSD-2-Clause
// The saved user register file of a RISC-V thread (arch/user_registers.hpp
// has the layout and the seL4 register orders).
#pragma once

#include <arch/user_registers.hpp>

namespace arch {

class UserContext : public riscv::UserRegisters {};

static_assert(sizeof(UserContext) == sizeof(riscv::UserRegisters));

}  // namespace arch
