// SPDX-License-Identifier: BSD-2-Clause
// The contract between the architecture-independent core and each arch
// layer (kernel/arch/{riscv64,aarch64,host}/include/arch/...), checked at
// compile time (style.md §8.1). Generic code includes <arch/...> headers
// only through the names required here.
//
// Each arch provides:
//   <arch/user_context.hpp>  class arch::UserContext satisfying UserContextRegs
//   <arch/machine.hpp>       the free functions and constants below
//   <arch/vspace_arch.hpp>   struct arch::VSpaceArch satisfying
//                            kern::vspace::VSpaceArch (kern/vspace.hpp; checked
//                            in kernel/core/vspace/invocations.cpp)
#pragma once

#include <concepts>

#include <arch/machine.hpp>
#include <arch/user_context.hpp>
#include <kern/page_allocator.hpp>
#include <kern/page_permissions.hpp>
#include <kern/types.hpp>

namespace kern {

// The saved user register file, seen through seL4's register roles
// (sel4-abi.md §2.1): capRegister/badgeRegister, msgInfoRegister, the four
// message registers, the MCS reply register, the NBSendRecv destination
// register, and the PC bookkeeping (FaultIP = the trapping instruction,
// NextIP = where a Running thread resumes).
//
// And through seL4's register orders, each in the arch's own order:
//  * seL4_UserContext (sel4-abi.md §7.3; ReadRegisters/WriteRegisters, the
//    timeout-fault reply): user_register(i) / set_user_register(i, w) for
//    i < frame_register_count + gp_register_count (AArch64 17 + 19, RISC-V
//    16 + 16). Word 0 is `pc` = FaultIP; writing it sets FaultIP and NextIP.
//    An SPSR written from user is sanitised (NZCV kept, PSTATE_USER ORed in).
//    A timeout reply writes user_register(i) for i < min(length,
//    timeout_reply_registers) (AArch64 34, RISC-V 32; sel4-mcs.md §8.5).
//  * UnknownSyscall fault (sel4-abi.md §10.3): unknown_syscall_message(mr)
//    writes the message and returns its length (AArch64 13: x0-x7, FaultIP,
//    SP, ELR, SPSR, number; RISC-V 11: FaultIP, SP, RA, a0-a6, number);
//    set_unknown_syscall_reply(mr, n) writes back the first min(n, 12 / 10)
//    in the same order (§10.4).
//  * UserException fault: user_exception_message(mr, number, code) (AArch64
//    5: FaultIP, SP, SPSR, number, code; RISC-V 4: FaultIP, SP, number, code)
//    and set_user_exception_reply(mr, n): the first min(n, 3 / 2).
//  `mr` holds at least the message length; replies read n words.
template <typename C>
concept UserContextRegs = requires(C& ctx, const C& cctx, word_t w, unsigned i, word_t* mr, const word_t* cmr) {
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
    ctx.set_fault_ip(w);
    ctx.set_next_ip(w);  // Restart: set back to fault_ip() so the syscall re-executes
    ctx.set_tls_base(w);  // seL4_SetTLSBase: TPIDR_EL0 / tp
    // Fresh thread state: all registers 0, PC = entry, first argument
    // register = arg0 (the BootInfo pointer for the root task, §14.3).
    ctx.init_user(w, w);

    { C::frame_register_count } -> std::convertible_to<unsigned>;
    { C::gp_register_count } -> std::convertible_to<unsigned>;
    { C::timeout_reply_registers } -> std::convertible_to<unsigned>;
    { C::unknown_syscall_message_length } -> std::convertible_to<unsigned>;
    { C::user_exception_message_length } -> std::convertible_to<unsigned>;
    { cctx.user_register(i) } -> std::same_as<word_t>;
    ctx.set_user_register(i, w);
    { cctx.unknown_syscall_message(mr) } -> std::same_as<unsigned>;
    ctx.set_unknown_syscall_reply(cmr, i);
    { cctx.user_exception_message(mr, w, w) } -> std::same_as<unsigned>;
    ctx.set_user_exception_reply(cmr, i);
};

static_assert(UserContextRegs<arch::UserContext>);
static_assert(arch::message_registers_in_cpu == 4, "seL4_FastMessageRegisters is 4 on every 64-bit arch");
// A buffer of this many words holds any fault message built from registers
// (the AArch64 UnknownSyscall message is the longest).
inline constexpr unsigned max_register_fault_message = 13;
static_assert(arch::UserContext::unknown_syscall_message_length <= max_register_fault_message);
static_assert(arch::UserContext::user_exception_message_length <= max_register_fault_message);
static_assert(arch::UserContext::timeout_reply_registers <=
              arch::UserContext::frame_register_count + arch::UserContext::gp_register_count);

// Free functions every arch provides (namespace arch):
static_assert(std::same_as<decltype(&arch::console_put_char), void (*)(char)>);
static_assert(std::same_as<decltype(&arch::machine_exit), void (*)(int)>);
static_assert(std::same_as<decltype(arch::kernel_window_offset), const vaddr_t>);
static_assert(std::same_as<decltype(arch::user_top), const vaddr_t>);
// The physical regions (page-aligned) of the devices the kernel drives,
// written to `out` (at most `max`); returns how many. Valid after
// init_platform(); generic boot keeps them out of the device untypeds
// (kern::KernelDeviceRegions in kern/boot.hpp says why). The host arch
// returns what a test set with arch::set_host_kernel_devices().
static_assert(std::same_as<decltype(&arch::kernel_device_regions), unsigned (*)(PhysRange*, unsigned)>);

// Interrupts (kern/irq.hpp, sel4-abi.md §12): the IRQ numbers IRQControl
// hands out are irq_first..irq_max (seL4's RangeError bounds: AArch64
// 0..maxIRQ, RISC-V 1..PLIC_MAX_IRQ), and the arch's IRQControl GetTrigger
// label (ARMIRQIssueIRQHandlerTrigger / RISCVIRQIssueIRQHandlerTrigger).
static_assert(std::same_as<decltype(arch::irq_first), const word_t>);
static_assert(std::same_as<decltype(arch::irq_max), const word_t>);
static_assert(std::same_as<decltype(arch::irq_issue_trigger_label), const word_t>);
static_assert(arch::irq_first <= arch::irq_max);
static_assert(std::same_as<decltype(&arch::irq_enable), void (*)(word_t, bool)>);
static_assert(std::same_as<decltype(&arch::irq_hold), void (*)(word_t)>);
static_assert(std::same_as<decltype(&arch::irq_enabled), bool (*)(word_t)>);

// ---------------------------------------------------------------------------
// Boot-time services each arch provides (declared in <arch/machine.hpp> and
// implementing kern/boot_address_space.hpp; the host arch need not provide
// the boot ones):
//
//   namespace arch {
//   // Discover and initialise the console (/chosen stdout-path), interrupt
//   // controller, timer and exit device from the validated device tree.
//   // Before this runs console_put_char may use a firmware/early console.
//   void init_platform(const fdt::Tree& tree);
//
//   // ELF e_machine of user images (243 RISC-V, 183 AArch64), passed to
//   // elf::check_executable by generic boot.
//   inline constexpr std::uint16_t elf_machine;
//   // Bytes of physical address space the kernel window maps from 0; generic
//   // boot ignores RAM above it.
//   inline constexpr kern::paddr_t kernel_window_size;
//
//   // Instructions retired so far on this core (RISC-V instret, AArch64 PMU
//   // cycle counter, which under QEMU -icount shift=0 counts instructions).
//   std::uint64_t read_instruction_counter();
//
//   // arch::AddressSpace and arch::enter_user(): declared in
//   // kern/boot_address_space.hpp, implemented per arch.
//   }
//
// Notes for implementers (agreed between the riscv64 and aarch64 ports):
//  * The arch entry code fills kern::BootHandoff (kern/boot.hpp), including
//    entry_instruction_count = read_instruction_counter() at entry, and calls
//    kern::boot_kernel() on the kernel stack with the window mapped.
//  * AddressSpace::init() must make the kernel window reachable from the new
//    root (e.g. copy the kernel half of the boot table on RISC-V; on AArch64
//    TTBR1 already covers it). map_page() allocates intermediate tables from
//    `pages` and returns false when out of memory or va >= arch::user_top.
//  * Every return to user mode, boot's enter_user() included, resumes
//    kern::current_thread() through one activation path per arch: the
//    address space of the thread's VTable cap as kern::vspace::thread_root()
//    finds it (RISC-V: a mapped PageTable cap, AArch64: a VSpace cap, whose
//    ASID still names that root; anything else runs in a kernel-only root
//    without user mappings) tagged with its ASID, FP access only for the FPU
//    owner, and for the idle thread a wait for interrupts in the kernel
//    (dispatching them, the timer to kern::handle_timer_interrupt()) until
//    current_thread() is another thread.
//  * FPU registers are switched lazily: the first FP instruction of a thread
//    that does not own them traps, the arch saves the owner's registers into
//    its Tcb::fpu, loads the thread's, and retries the instruction; with
//    seL4_TCBFlag_fpuDisabled the trap is a UserException instead. The core
//    calls arch::fpu_release() when it destroys a TCB.
//
// Physical memory is reached through the kernel window:
//   virt = phys + arch::kernel_window_offset   (kern::phys_to_virt below).
// ---------------------------------------------------------------------------

template <typename T = void>
inline T* phys_to_virt(paddr_t paddr) {
    return reinterpret_cast<T*>(paddr + arch::kernel_window_offset);
}

}  // namespace kern
