/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The UART driver process: the only code that touches the UART. It owns
 * the device frame and the UART's IRQ, moves received bytes into the rx
 * ring for the client and writes the bytes the client put in the tx ring.
 * It blocks in seL4_Wait on its notification, which the IRQ handler and
 * the client both signal with their own badge bits.
 */
#include <drivers/ns16550.h>
#include <drivers/pl011.h>
#include <ring/byte_ring.h>
#include <sel4/sel4.h>

#include "serial_system.h"

#if defined(__riscv)
typedef ns16550_t uart_t;
#define uart_init ns16550_init
#define uart_getc ns16550_getc
#define uart_can_put ns16550_can_put
#define uart_put ns16550_putc
#define uart_clear_rx_interrupt(u) ((void)(u)) /* reading the byte clears it */
#else
typedef pl011_t uart_t;
#define uart_init pl011_init
#define uart_getc pl011_getc
#define uart_can_put pl011_can_put
#define uart_put pl011_putc
#define uart_clear_rx_interrupt pl011_clear_rx_interrupt
#endif

static uart_t uart;
static byte_ring_t rx, tx;
static unsigned long dropped;

static void attach(byte_ring_t *ring, unsigned long address)
{
    (void)byte_ring_attach(ring, (byte_ring_control_t *)address, (char *)(address + SERIAL_RING_DATA_OFFSET),
                           SERIAL_RING_CAPACITY);
}

/* Everything the UART received goes to the rx ring (what does not fit is
 * dropped: a UART cannot be paused). */
static void receive(void)
{
    int c;
    int moved = 0;
    while ((c = uart_getc(&uart)) >= 0) {
        const char byte = (char)c;
        if (byte_ring_enqueue(&rx, &byte, 1) == 1) {
            moved = 1;
        } else {
            dropped++;
        }
    }
    uart_clear_rx_interrupt(&uart);
    if (moved) {
        seL4_Signal(SERIAL_SLOT_PEER);
    }
}

/* Everything the client queued goes out. */
static void transmit(void)
{
    char byte;
    int moved = 0;
    while (byte_ring_dequeue(&tx, &byte, 1) == 1) {
        uart_put(&uart, byte);
        moved = 1;
    }
    if (moved && byte_ring_require_consumer_signal(&tx)) {
        byte_ring_cancel_consumer_signal(&tx);
        seL4_Signal(SERIAL_SLOT_PEER);
    }
}

int main(void)
{
    uart_init(&uart, (volatile void *)SERIAL_UART_ADDRESS);
    attach(&rx, SERIAL_RX_RING_ADDRESS);
    attach(&tx, SERIAL_TX_RING_ADDRESS);
    /* Bytes may have arrived before the interrupt was enabled. */
    receive();
    for (;;) {
        seL4_Word badge;
        seL4_Wait(SERIAL_SLOT_NOTIFICATION, &badge);
        if (badge & SERIAL_BADGE_IRQ) {
            receive();
            /* The line stays masked until acknowledged (sel4-abi.md §12); a
             * Send-style invocation as libmicrokit uses. */
            (void)seL4_IRQHandler_Ack(SERIAL_SLOT_IRQ_HANDLER);
        }
        if (badge & SERIAL_BADGE_CLIENT) {
            transmit();
            /* The client may also have made room in the rx ring. */
            receive();
        }
    }
}
