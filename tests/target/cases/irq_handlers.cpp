// SPDX-License-Identifier: BSD-2-Clause
// Interrupts as capabilities (sel4-abi.md §12, §15.3), Tessera's own tests:
// sel4test's INTERRUPT tests (interrupt.cpp) use the framework's timer service.
//  TESSERA_IRQ0001  IRQControl and IRQHandler errors, in seL4's order, and
//                   the life cycle of a handler cap (both arches).
//  TESSERA_IRQ0002  AArch64: a device interrupt end to end, with no device
//                   memory: the EL1 physical timer, exported to EL0 in the
//                   suite's (debug) kernel, fires its PPI 30 through an
//                   IRQHandler cap into a notification; the line stays quiet
//                   until Ack, also an Ack sent with seL4_Send.
#include <cstdint>

#include <autoconf.h>

#include "../framework/caps.hpp"
#include "../framework/objects.hpp"
#include "../framework/test.hpp"

namespace {

using namespace tessera_test;

#if defined(CONFIG_ARCH_AARCH64)
constexpr seL4_Word first_irq = 0;
constexpr seL4_Word max_irq = 159;   // seL4's maxIRQ for qemu-arm-virt
constexpr seL4_Word free_irq = 100;  // an SPI no QEMU virt device uses
constexpr seL4_Word other_irq = 101;
#else
constexpr seL4_Word first_irq = 1;   // PLIC source 0 means "none"
constexpr seL4_Word max_irq = 128;   // seL4's PLIC_MAX_IRQ for qemu-riscv-virt
constexpr seL4_Word free_irq = 40;   // a PLIC source no QEMU virt device uses
constexpr seL4_Word other_irq = 41;
#endif

seL4_Error get(seL4_Word irq, seL4_CPtr slot, seL4_Word depth = root_depth) {
    return seL4_IRQControl_Get(seL4_CapIRQControl, irq, root_cnode, slot, depth);
}

Result test_irq_control_errors(Env&) {
    Owned objects;
    const seL4_CPtr handler = objects.slot();
    const seL4_CPtr other = objects.slot();
    const seL4_CPtr ntfn = objects.notification();
    const seL4_CPtr ep = objects.endpoint();
    test_assert_fatal(handler != 0 && other != 0 && ntfn != 0 && ep != 0);
    const seL4_CPtr read_only = objects.mint(ntfn, 0, seL4_CanRead);
    test_assert_fatal(read_only != 0);

    // Out of range: RangeError with the bounds.
    test_eq(get(max_irq + 1, handler), seL4_RangeError);
    test_eq(seL4_GetMR(0), first_irq);
    test_eq(seL4_GetMR(1), max_irq);
    if (first_irq > 0) test_eq(get(0, handler), seL4_RangeError);
#if defined(CONFIG_ARCH_AARCH64)
    // The kernel's timer (virtual timer PPI 27) is never handed out.
    test_eq(get(27, handler), seL4_RevokeFirst);
#endif
    // Destination: lookup failure (wrong depth), then an occupied slot.
    test_eq(get(free_irq, handler, 1), seL4_FailedLookup);
    test_eq(get(free_irq, ep), seL4_DeleteFirst);
    test_assert(slot_is_empty(handler));

    test_eq(get(free_irq, handler), seL4_NoError);
    test_assert(slot_is_occupied(handler));
    // Active IRQ: RevokeFirst, checked before the destination.
    test_eq(get(free_irq, other), seL4_RevokeFirst);
    test_eq(get(free_irq, handler), seL4_RevokeFirst);
    test_eq(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, free_irq, 1, root_cnode, other, root_depth),
            seL4_RevokeFirst);

    // SetNotification wants a notification cap with Write; a wrong cap is cap number 0.
    test_eq(seL4_IRQHandler_SetNotification(handler, ep), seL4_InvalidCapability);
    test_eq(seL4_GetMR(0), seL4_Word{0});
    test_eq(seL4_IRQHandler_SetNotification(handler, read_only), seL4_InvalidCapability);
    test_eq(seL4_GetMR(0), seL4_Word{0});
    test_eq(seL4_IRQHandler_SetNotification(handler, ntfn), seL4_NoError);
    test_eq(seL4_IRQHandler_SetNotification(handler, ntfn), seL4_NoError);  // replaces it
    test_eq(seL4_IRQHandler_Ack(handler), seL4_NoError);
    test_eq(seL4_IRQHandler_Clear(handler), seL4_NoError);
    test_eq(seL4_IRQHandler_Clear(handler), seL4_NoError);
    // IRQControl / IRQHandler invoked with a label they do not have.
    test_eq(seL4_CNode_Delete(handler, 0, 0), seL4_IllegalOperation);

    // A copy of the handler cap is not the last one; deleting the last one
    // makes the IRQ free again.
    const seL4_CPtr copy = objects.copy(handler);
    test_assert_fatal(copy != 0);
    test_eq(seL4_CNode_Delete(root_cnode, handler, root_depth), seL4_NoError);
    test_eq(get(free_irq, handler), seL4_RevokeFirst);
    test_eq(seL4_CNode_Delete(root_cnode, copy, root_depth), seL4_NoError);
    test_eq(get(free_irq, handler), seL4_NoError);

    // GetTrigger, edge and level.
    test_eq(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, other_irq, 1, root_cnode, other, root_depth),
            seL4_NoError);
    test_eq(seL4_CNode_Delete(root_cnode, other, root_depth), seL4_NoError);
    test_eq(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, other_irq, 0, root_cnode, other, root_depth),
            seL4_NoError);
    // Revoking IRQControl's children would take every handler the system
    // has; deleting ours is enough (Owned does it).
    return test_result();
}

}  // namespace

DEFINE_TEST(TESSERA_IRQ0001, "IRQControl and IRQHandler errors and the handler cap life cycle",
            test_irq_control_errors, true);

#if defined(CONFIG_ARCH_AARCH64)
namespace {

// The EL1 physical timer from EL0 (CONFIG_EXPORT_PCNT_USER, _PTMR_USER)
// [arm/ARM DDI0487 D11.2.4]: CNTP_CTL_EL0 ENABLE (bit 0), IMASK (bit 1).
constexpr seL4_Word physical_timer_irq = 30;
constexpr seL4_Word badge = 0x10;

std::uint64_t counter() {
    std::uint64_t v;
    asm volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v));
    return v;
}
std::uint64_t frequency() {
    std::uint64_t v;
    asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}
void timer_fire_at(std::uint64_t when) {
    asm volatile("msr cntp_cval_el0, %0\n\tmsr cntp_ctl_el0, %1\n\tisb" ::"r"(when), "r"(std::uint64_t{1}));
}
void timer_stop() { asm volatile("msr cntp_ctl_el0, %0\n\tisb" ::"r"(std::uint64_t{0})); }

Result test_physical_timer_interrupt(Env&) {
    Owned objects;
    const seL4_CPtr handler = objects.slot();
    const seL4_CPtr ntfn = objects.notification();
    test_assert_fatal(handler != 0 && ntfn != 0);
    const seL4_CPtr badged = objects.mint(ntfn, badge);
    test_assert_fatal(badged != 0);
    test_eq(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, physical_timer_irq, 0, root_cnode, handler, root_depth),
            seL4_NoError);
    test_eq(seL4_IRQHandler_SetNotification(handler, badged), seL4_NoError);

    const std::uint64_t ms = frequency() / 1000;
    seL4_Word got = 0;
    // 1: the root task is the only thread and blocks: the kernel must idle
    // (a device may wake it), and the timer's interrupt wakes it.
    timer_fire_at(counter() + ms);
    (void)seL4_Wait(ntfn, &got);
    test_eq(got, badge);
    // 2: held until Ack: the timer condition still holds (level-triggered)
    // but nothing arrives.
    for (int i = 0; i < 1000; ++i) asm volatile("" ::: "memory");
    got = 0xff;
    (void)seL4_Poll(ntfn, &got);
    test_eq(got, seL4_Word{0});
    // 3: Ack with seL4_Send (no reply, as libmicrokit does): the still
    // pending level interrupt comes in again.
    seL4_Send(handler, seL4_MessageInfo_new(IRQAckIRQ, 0, 0, 0));
    (void)seL4_Wait(ntfn, &got);
    test_eq(got, badge);
    // 4: stopped timer, Ack, then a fresh deadline: one more interrupt.
    timer_stop();
    test_eq(seL4_IRQHandler_Ack(handler), seL4_NoError);
    got = 0xff;
    (void)seL4_Poll(ntfn, &got);
    test_eq(got, seL4_Word{0});
    timer_fire_at(counter() + ms);
    (void)seL4_Wait(ntfn, &got);
    test_eq(got, badge);
    timer_stop();
    test_eq(seL4_IRQHandler_Ack(handler), seL4_NoError);
    return test_result();
}

}  // namespace

DEFINE_TEST(TESSERA_IRQ0002, "A device interrupt end to end: the physical timer's PPI from EL0",
            test_physical_timer_interrupt, true);
#endif
