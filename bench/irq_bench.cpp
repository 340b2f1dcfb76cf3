// SPDX-License-Identifier: BSD-2-Clause
// IRQ-to-user latency: guest instructions from a device raising its
// interrupt to the driver thread running, under
// `qemu -icount shift=0,align=off,sleep=off` (see measure.hpp for the
// counter). The device is QEMU virt's UART: its "transmitter empty"
// interrupt rises at the store that writes a byte (FIFOs off), so the
// interrupt's instant is known to the instruction. A low-priority thread
// reads the counter, writes one byte (the dots of the progress line); the
// driver thread, above it and blocked in seL4_Wait on the notification the
// IRQ handler signals, reads the counter when it runs again, clears the
// UART's interrupt and acknowledges the IRQ. The measured path: interrupt
// entry, signal, switch to the driver, return from its Wait.
//
// Written only against libsel4 and sel4runtime (the same source builds for
// seL4). The UART's address and interrupt are QEMU virt's (its device tree
// says the same).
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "address_space.hpp"
#include "local_thread.hpp"
#include "measure.hpp"

namespace {

using namespace bench;

#if defined(__aarch64__)
constexpr seL4_Word uart_paddr = 0x09000000;
constexpr seL4_Word uart_irq = 33;  // SPI 1
// PL011 [Arm DDI0183]: DR 0x000, IMSC 0x038, ICR 0x044; TX interrupt bit 5. With
// FIFOs off (the kernel's console leaves LCR_H.FEN clear) the TX interrupt
// rises when the holding register empties, at once under QEMU.
constexpr unsigned reg_data = 0x000 / 4, reg_mask = 0x038 / 4, reg_clear = 0x044 / 4;
constexpr unsigned tx_interrupt = 1u << 5;
using Reg = unsigned;
void enable_tx_interrupt(volatile Reg* uart, bool on) {
    uart[reg_clear] = tx_interrupt;
    uart[reg_mask] = on ? tx_interrupt : 0;
}
void clear_tx_interrupt(volatile Reg* uart) { uart[reg_clear] = tx_interrupt; }
void write_byte(volatile Reg* uart, char c) { uart[reg_data] = static_cast<Reg>(c); }
#else
constexpr seL4_Word uart_paddr = 0x10000000;
constexpr seL4_Word uart_irq = 10;  // PLIC source
// 16550 [TI PC16550D]: THR 0, IER 1 (ETBEI bit 1), IIR 2 (reading it clears a
// THR-empty interrupt), FCR 2 (0: FIFOs off).
constexpr unsigned reg_data = 0, reg_enable = 1, reg_ident = 2;
using Reg = unsigned char;
void enable_tx_interrupt(volatile Reg* uart, bool on) {
    uart[reg_ident] = 0;  // FCR: FIFOs off
    uart[reg_enable] = on ? 0x02 : 0;
}
void clear_tx_interrupt(volatile Reg* uart) { (void)uart[reg_ident]; }
void write_byte(volatile Reg* uart, char c) { uart[reg_data] = static_cast<Reg>(c); }
#endif

constexpr seL4_Word uart_address = 0x50000000;
constexpr unsigned irq_warmup = 10;
constexpr unsigned irq_samples = 200;

const seL4_BootInfo* bootinfo;
seL4_CPtr untyped, next_slot;

seL4_CPtr retype(seL4_CPtr from, seL4_Word type, seL4_Word size_bits, seL4_Word count = 1) {
    const seL4_CPtr slot = next_slot;
    check(seL4_Untyped_Retype(from, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, count), "Untyped_Retype");
    next_slot += count;
    return slot;
}
seL4_CPtr make(seL4_Word type, seL4_Word size_bits) { return retype(untyped, type, size_bits); }

// The 4 KiB device frame at `paddr`: its device untyped halved down to the page.
seL4_CPtr device_frame(seL4_Word paddr) {
    for (seL4_Word i = 0; i < bootinfo->untyped.end - bootinfo->untyped.start; ++i) {
        const seL4_UntypedDesc& d = bootinfo->untypedList[i];
        if (!d.isDevice || paddr < d.paddr || paddr - d.paddr >= (seL4_Word{1} << d.sizeBits)) continue;
        seL4_CPtr cap = bootinfo->untyped.start + i;
        seL4_Word base = d.paddr;
        for (seL4_Word bits = d.sizeBits; bits > seL4_PageBits; --bits) {
            const seL4_CPtr halves = retype(cap, seL4_UntypedObject, bits - 1, 2);
            const bool upper = paddr - base >= (seL4_Word{1} << (bits - 1));
            cap = halves + (upper ? 1 : 0);
            base += upper ? seL4_Word{1} << (bits - 1) : 0;
        }
        return retype(cap, small_page_object, 0);
    }
    fail("finding the UART's device untyped", 0);
}

volatile Reg* uart;
seL4_CPtr notification, irq_handler;
volatile u64 written_at;
unsigned taken;

Page driver_ipc_buffer;
alignas(16) unsigned char driver_stack[16384];
alignas(64) unsigned char driver_tls[4096];

void driver_main() {
    for (;;) {
        seL4_Word badge;
        seL4_Wait(notification, &badge);
        const u64 now = counter();
        if (taken >= irq_warmup && taken < irq_warmup + irq_samples) sample[taken - irq_warmup] = now - written_at;
        ++taken;
        clear_tx_interrupt(uart);
        (void)seL4_IRQHandler_Ack(irq_handler);
    }
}

}  // namespace

int main() {
    bootinfo = sel4runtime_bootinfo();
    const bench::BootResources resources = bench::boot_resources(*bootinfo);
    untyped = resources.untyped;
    next_slot = resources.next_slot;

    // The UART mapped uncached (AArch64: no PageCacheable, so Device-nGnRnE).
    const seL4_CPtr frame = device_frame(uart_paddr);
    check(map_with_tables(frame, seL4_CapInitThreadVSpace, uart_address, seL4_ReadWrite,
                          [] { return make(page_table_object, 0); }, device_attributes),
          "Page_Map");
    uart = reinterpret_cast<volatile Reg*>(uart_address);

    notification = make(seL4_NotificationObject, 0);
    irq_handler = next_slot++;
    check(seL4_IRQControl_Get(seL4_CapIRQControl, uart_irq, seL4_CapInitThreadCNode, irq_handler, seL4_WordBits),
          "IRQControl_Get");
    check(seL4_IRQHandler_SetNotification(irq_handler, notification), "IRQHandler_SetNotification");

    // The driver above this thread, on its own scheduling context.
    const seL4_CPtr driver = make(seL4_TCBObject, 0);
    const seL4_CPtr driver_sc = make(seL4_SchedContextObject, seL4_MinSchedContextBits);
    check(seL4_SchedControl_Configure(bootinfo->schedcontrol.start, driver_sc, 5000, 5000, 0, 0),
          "SchedControl_Configure");
    check(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100), "TCB_SetPriority");
    prepare_thread(driver, seL4_CapInitThreadVSpace, &driver_main, driver_stack + sizeof driver_stack, driver_tls,
                   &driver_ipc_buffer, image_frame(*bootinfo, &driver_ipc_buffer));
    check(seL4_TCB_SetSchedParams(driver, seL4_CapInitThreadTCB, 200, 200, driver_sc, seL4_CapNull),
          "TCB_SetSchedParams");
    check(seL4_TCB_Resume(driver), "TCB_Resume");

    put("bench: IRQ to user: one interrupt per dot: ");
    enable_tx_interrupt(uart, true);
    // Enabling may raise the interrupt for the byte the line above left:
    // the warm-up takes it.
    for (unsigned i = 0; i < irq_warmup + irq_samples; ++i) {
        const unsigned before = taken;
        written_at = counter();
        write_byte(uart, '.');
        while (taken == before) seL4_Yield();  // the driver runs first; only a lost IRQ would spin here
    }
    enable_tx_interrupt(uart, false);
    put("\n");
    report("IRQ to the driver thread (UART TX empty)", irq_samples);
    put("bench: done\n");
    seL4_DebugHalt();
    return 0;
}
