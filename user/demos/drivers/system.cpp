// SPDX-License-Identifier: BSD-2-Clause
// The drivers demo's root task: builds a two-process system and steps
// aside. A UART driver process gets the UART's device frame (found through
// the device tree the kernel passes in BootInfo) and its IRQ; an echo
// client process gets neither, only two shared-memory rings and a
// notification each way (serial_system.h). Each process has its own CSpace
// and VSpace, loaded from an ELF file embedded in this program.
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <tessera/print.h>

#include <fdt/fdt.hpp>
#include <process/image.hpp>
#include <process/process.hpp>

#include "serial_system.h"

extern "C" {
extern const char uart_driver_elf[], uart_driver_elf_end[];
extern const char echo_client_elf[], echo_client_elf_end[];
}

namespace {

#if defined(__riscv)
constexpr const char* uart_compatible = "ns16550a";
#else
constexpr const char* uart_compatible = "arm,pl011";
#endif
constexpr seL4_Word driver_priority = 200;
constexpr seL4_Word client_priority = 100;
// A page of this task's address space the loader may map things at for a moment.
constexpr seL4_Word scratch_address = 0x80000000;

[[noreturn]] void stop(const char* what, seL4_Error error = seL4_NoError) {
    tessera_printf("drivers demo: cannot %s (seL4 error %d)\n", what, static_cast<int>(error));
    seL4_DebugHalt();
    for (;;) {
    }
}

// Objects from the largest non-device boot untyped, slots from BootInfo's empty range.
class BootObjects final : public process::ObjectSource {
public:
    explicit BootObjects(const seL4_BootInfo& bi) : next_slot_(bi.empty.start), end_slot_(bi.empty.end) {
        seL4_Word best_bits = 0;
        for (seL4_Word i = 0; i < bi.untyped.end - bi.untyped.start; ++i) {
            const seL4_UntypedDesc& d = bi.untypedList[i];
            if (!d.isDevice && d.sizeBits > best_bits) {
                best_bits = d.sizeBits;
                untyped_ = bi.untyped.start + i;
            }
        }
    }
    seL4_CPtr object(seL4_Word type, seL4_Word size_bits) override {
        return retype_from(untyped_, type, size_bits);
    }
    seL4_CPtr retype_from(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits, seL4_Word count = 1) {
        if (next_slot_ + count > end_slot_) return 0;
        const seL4_CPtr first = next_slot_;
        if (seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, first, count) !=
            seL4_NoError)
            return 0;
        next_slot_ += count;
        return first;
    }
    seL4_CPtr slot() override { return next_slot_ < end_slot_ ? next_slot_++ : 0; }
    void free(seL4_CPtr) override {}  // the demo never ends, so it never gives anything back
    seL4_CPtr cnode() const override { return seL4_CapInitThreadCNode; }
    seL4_Uint8 depth() const override { return seL4_WordBits; }

private:
    seL4_CPtr untyped_ = 0;
    seL4_CPtr next_slot_, end_slot_;
};

// The device tree the kernel put after BootInfo (sel4-abi.md §14.2, extra BootInfo).
fdt::Tree device_tree(const seL4_BootInfo& bi) {
    const char* at = reinterpret_cast<const char*>(&bi) + (seL4_Word{1} << seL4_PageBits);
    const char* end = at + bi.extraLen;
    while (at + sizeof(seL4_BootInfoHeader) <= end) {
        const auto* header = reinterpret_cast<const seL4_BootInfoHeader*>(at);
        if (header->len < sizeof *header || header->len > static_cast<seL4_Word>(end - at)) break;
        if (header->id == SEL4_BOOTINFO_HEADER_FDT)
            return fdt::Tree::parse(at + sizeof *header, header->len - sizeof *header);
        at += header->len;
    }
    stop("find the device tree in BootInfo");
}

struct Uart {
    seL4_Word paddr = 0;
    seL4_Word irq = 0;
};

Uart find_uart(const fdt::Tree& tree) {
    const auto node = tree.find_compatible(uart_compatible);
    if (!node) stop("find the UART in the device tree");
    const auto reg = node->reg(0);
    const auto interrupts = node->property("interrupts");
    if (!reg || !interrupts) stop("read the UART's registers and interrupt from the device tree");
    Uart uart;
    uart.paddr = reg->address;
#if defined(__riscv)
    uart.irq = interrupts->u32(0).value_or(0);  // a PLIC source number
#else
    // GIC cells: type (0 SPI, 1 PPI), number, flags; seL4 numbers IRQs by INTID.
    const std::uint32_t type = interrupts->u32(0).value_or(0);
    uart.irq = interrupts->u32(1).value_or(0) + (type == 0 ? 32 : 16);
#endif
    return uart;
}

// The 4 KiB device frame at `paddr`: the device untyped holding it is
// halved down to the page (each Retype into two halves costs two slots).
seL4_CPtr device_frame(const seL4_BootInfo& bi, BootObjects& objects, seL4_Word paddr) {
    for (seL4_Word i = 0; i < bi.untyped.end - bi.untyped.start; ++i) {
        const seL4_UntypedDesc& d = bi.untypedList[i];
        const seL4_Word size = seL4_Word{1} << d.sizeBits;
        if (!d.isDevice || paddr < d.paddr || paddr - d.paddr >= size) continue;
        seL4_CPtr untyped = bi.untyped.start + i;
        seL4_Word base = d.paddr;
        for (seL4_Word bits = d.sizeBits; bits > seL4_PageBits; --bits) {
            const seL4_CPtr halves = objects.retype_from(untyped, seL4_UntypedObject, bits - 1, 2);
            if (halves == 0) stop("split the UART's device untyped");
            const seL4_Word half = seL4_Word{1} << (bits - 1);
            const bool upper = paddr - base >= half;
            untyped = halves + (upper ? 1 : 0);
            base += upper ? half : 0;
        }
        const seL4_CPtr frame = objects.retype_from(untyped, process::small_page_object, 0);
        if (frame == 0) stop("make the UART's device frame");
        return frame;
    }
    stop("find a device untyped holding the UART");
}

seL4_CPtr must(seL4_CPtr cap, const char* what) {
    if (cap == 0) stop(what);
    return cap;
}

void check(seL4_Error error, const char* what) {
    if (error != seL4_NoError) stop(what, error);
}

void load(process::Process& p, const process::Config& config, BootObjects& objects, const char* elf,
          const char* elf_end) {
    process::Image image;
    char message[160];
    if (const char* problem = process::image_from_elf(elf, static_cast<seL4_Word>(elf_end - elf), image, message,
                                                      sizeof message)) {
        tessera_printf("drivers demo: %s: %s\n", config.name, problem);
        stop("load a program");
    }
    if (p.create(config, objects) != seL4_NoError || p.load(image) != seL4_NoError) {
        tessera_printf("drivers demo: %s: cannot %s\n", config.name, p.failed_step());
        stop("build a process");
    }
}

}  // namespace

int main() {
    const seL4_BootInfo& bi = *sel4runtime_bootinfo();
    BootObjects objects(bi);
    const Uart uart = find_uart(device_tree(bi));
    tessera_printf("drivers demo: UART at 0x%lx, IRQ %lu; starting the driver and the echo client\n", uart.paddr,
                   uart.irq);

    // Shared rings, notifications, the device frame and the IRQ.
    const seL4_CPtr rx_page = must(objects.object(process::small_page_object, 0), "make the rx ring");
    const seL4_CPtr tx_page = must(objects.object(process::small_page_object, 0), "make the tx ring");
    const seL4_CPtr driver_ntfn = must(objects.object(seL4_NotificationObject, 0), "make a notification");
    const seL4_CPtr client_ntfn = must(objects.object(seL4_NotificationObject, 0), "make a notification");
    const seL4_CPtr uart_frame = device_frame(bi, objects, uart.paddr);
    const seL4_CPtr irq_handler = must(objects.slot(), "find a slot");
    check(seL4_IRQControl_Get(seL4_CapIRQControl, uart.irq, seL4_CapInitThreadCNode, irq_handler, seL4_WordBits),
          "get the UART's IRQ");
    const seL4_CPtr irq_badged = must(objects.slot(), "find a slot");
    check(seL4_CNode_Mint(seL4_CapInitThreadCNode, irq_badged, seL4_WordBits, seL4_CapInitThreadCNode, driver_ntfn,
                          seL4_WordBits, seL4_AllRights, SERIAL_BADGE_IRQ),
          "badge the IRQ notification");
    check(seL4_IRQHandler_SetNotification(irq_handler, irq_badged), "connect the IRQ to the driver");

    process::Config config;
    config.sched_control = bi.schedcontrol.start;
    config.scratch_address = scratch_address;

    // Each process record remembers its pages: too big for the stack.
    static process::Process driver;
    config.name = "uart-driver";
    config.priority = driver_priority;
    load(driver, config, objects, uart_driver_elf, uart_driver_elf_end);
    static process::Process client;
    config.name = "echo-client";
    config.priority = client_priority;
    load(client, config, objects, echo_client_elf, echo_client_elf_end);

    const seL4_CapRights_t rw = seL4_ReadWrite;
    for (process::Process* p : {&driver, &client}) {
        check(p->map_frame_copy(rx_page, SERIAL_RX_RING_ADDRESS, rw, process::default_attributes | process::execute_never),
              "share the rx ring");
        check(p->map_frame_copy(tx_page, SERIAL_TX_RING_ADDRESS, rw, process::default_attributes | process::execute_never),
              "share the tx ring");
    }
    check(driver.map_frame_copy(uart_frame, SERIAL_UART_ADDRESS, rw,
                                process::uncached_attributes | process::execute_never),
          "map the UART into the driver");
    check(driver.mint_cap(driver_ntfn, SERIAL_SLOT_NOTIFICATION, seL4_AllRights), "give the driver its notification");
    check(driver.mint_cap(client_ntfn, SERIAL_SLOT_PEER, seL4_AllRights, SERIAL_BADGE_DRIVER),
          "let the driver signal the client");
    check(driver.mint_cap(irq_handler, SERIAL_SLOT_IRQ_HANDLER, seL4_AllRights), "give the driver the IRQ");
    check(client.mint_cap(client_ntfn, SERIAL_SLOT_NOTIFICATION, seL4_AllRights), "give the client its notification");
    check(client.mint_cap(driver_ntfn, SERIAL_SLOT_PEER, seL4_AllRights, SERIAL_BADGE_CLIENT),
          "let the client signal the driver");

    if (driver.start(0, nullptr) != seL4_NoError) stop(driver.failed_step());
    if (client.start(0, nullptr) != seL4_NoError) stop(client.failed_step());
    // The two processes are the system now; this thread has nothing left to do.
    check(seL4_TCB_Suspend(seL4_CapInitThreadTCB), "step aside");
    return 0;
}
