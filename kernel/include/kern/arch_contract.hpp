// SPDX-License-Identifier: BSD-2-Clause
// The contract between the architecture-independent core and each arch
// layer (kernel/arch/{riscv64,aarch64,host}/include/arch/...), checked at
// compile time (style.md §8.1). Generic code includes <arch/...> headers
// only through the names required here.
//
// Each arch provides:
//   <arch/user_context.hpp>  class arch::UserContext satisfying UserContextRegs
//   <arch/machine.hpp>       the free functions and constants below
#pragma once

#include <concepts>

#include <arch/machine.hpp>
#include <arch/user_context.hpp>
#include <kern/types.hpp>

namespace kern {

// The saved user register file, seen through seL4's register roles
// (sel4-abi.md §2.1): capRegister/badgeRegister, msgInfoRegister, the four
// message registers, the MCS reply register, the NBSendRecv destination
// register, and the PC bookkeeping (FaultIP = the trapping instruction,
// NextIP = where a Running thread resumes).
template <typename C>
concept UserContextRegs = requires(C& ctx, const C& cctx, word_t w, unsigned i) {
    { cctx.syscall_number() } -> std::same_as<sword_t>;
    { cctx.cap_register() } -> std::same_as<word_t>;
    { cctx.info_register() } -> std::same_as<word_t>;
    { cctx.message_register(i) } -> std::same_as<word_t>;
    { cctx.reply_register() } -> std::same_as<word_t>;
    { cctx.nbsendrecv_dest_register() } -> std::same_as<word_t>;
    { cctx.fault_ip() } -> std::same_as<vaddr_t>;
    { cctx.next_ip() } -> std::same_as<vaddr_t>;
    ctx.set_badge_register(w);
    ctx.set_info_register(w);
    ctx.set_message_register(i, w);
    // Fresh thread state: all registers 0, PC = entry, first argument
    // register = arg0 (the BootInfo pointer for the root task, §14.3).
    ctx.init_user(w, w);
};

static_assert(UserContextRegs<arch::UserContext>);
static_assert(arch::message_registers_in_cpu == 4, "seL4_FastMessageRegisters is 4 on every 64-bit arch");

// Free functions every arch provides (namespace arch):
static_assert(std::same_as<decltype(&arch::console_put_char), void (*)(char)>);
static_assert(std::same_as<decltype(&arch::machine_exit), void (*)(int)>);
static_assert(std::same_as<decltype(arch::kernel_window_offset), const vaddr_t>);
static_assert(std::same_as<decltype(arch::user_top), const vaddr_t>);

}  // namespace kern
