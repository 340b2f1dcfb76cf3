/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * serial_server: the only PD that touches the UART. What the client puts in
 * the client_to_serial ring goes out on the UART; what the UART receives goes
 * into the serial_to_client ring, and the client is notified.
 *
 *   AArch64: PL011 at 0x9000000, GIC SPI 1 = IRQ 33 (Arm PrimeCell UART PL011 TRM).
 *   RISC-V:  NS16550A at 0x10000000, byte registers, PLIC IRQ 10.
 */
#include <microkit.h>
#include "serial_ring.h"

#define UART_IRQ 0
#define CLIENT 1

/* Written by the microkit tool (setvar_vaddr in the system file). */
seL4_Word uart_base;
seL4_Word client_to_serial_vaddr;
seL4_Word serial_to_client_vaddr;

#if defined(CONFIG_ARCH_AARCH64)

#define PL011_DR 0x000
#define PL011_FR 0x018
#define PL011_FR_RX_EMPTY (1u << 4)
#define PL011_FR_TX_FULL (1u << 5)
#define PL011_CR 0x030
#define PL011_CR_ENABLE ((1u << 0) | (1u << 8) | (1u << 9)) /* UARTEN, TXE, RXE */
#define PL011_IMSC 0x038
#define PL011_ICR 0x044
#define PL011_INT_RX ((1u << 4) | (1u << 6)) /* receive, receive timeout */

static volatile seL4_Uint32 *uart_register(seL4_Word offset)
{
    return (volatile seL4_Uint32 *)(uart_base + offset);
}

static void uart_init(void)
{
    *uart_register(PL011_CR) = PL011_CR_ENABLE;
    *uart_register(PL011_IMSC) = PL011_INT_RX;
}

static void uart_put(char c)
{
    while (*uart_register(PL011_FR) & PL011_FR_TX_FULL) {
    }
    *uart_register(PL011_DR) = (unsigned char)c;
}

static seL4_Bool uart_get(char *c)
{
    if (*uart_register(PL011_FR) & PL011_FR_RX_EMPTY) {
        return seL4_False;
    }
    *c = (char)(*uart_register(PL011_DR) & 0xff);
    return seL4_True;
}

/* Before draining: a byte that arrives afterwards raises the interrupt again. */
static void uart_clear_rx_interrupt(void)
{
    *uart_register(PL011_ICR) = PL011_INT_RX;
}

#elif defined(CONFIG_ARCH_RISCV64)

#define NS16550_RBR_THR 0
#define NS16550_IER 1
#define NS16550_IER_RX_AVAILABLE (1u << 0)
#define NS16550_MCR 4
#define NS16550_MCR_OUT2 (1u << 3) /* gates the interrupt output on PC-style wiring */
#define NS16550_LSR 5
#define NS16550_LSR_DATA_READY (1u << 0)
#define NS16550_LSR_THR_EMPTY (1u << 5)

static volatile seL4_Uint8 *uart_register(seL4_Word offset)
{
    return (volatile seL4_Uint8 *)(uart_base + offset);
}

static void uart_init(void)
{
    *uart_register(NS16550_MCR) |= NS16550_MCR_OUT2;
    *uart_register(NS16550_IER) = NS16550_IER_RX_AVAILABLE;
}

static void uart_put(char c)
{
    while (!(*uart_register(NS16550_LSR) & NS16550_LSR_THR_EMPTY)) {
    }
    *uart_register(NS16550_RBR_THR) = (unsigned char)c;
}

static seL4_Bool uart_get(char *c)
{
    if (!(*uart_register(NS16550_LSR) & NS16550_LSR_DATA_READY)) {
        return seL4_False;
    }
    *c = (char)*uart_register(NS16550_RBR_THR);
    return seL4_True;
}

/* The receive interrupt lasts while data is ready: draining the receiver clears it. */
static void uart_clear_rx_interrupt(void)
{
}

#else
#error "the demo's serial server knows the UARTs of AArch64 and RISC-V 64 QEMU virt only"
#endif

static struct serial_ring *client_output(void)
{
    return (struct serial_ring *)client_to_serial_vaddr;
}

static struct serial_ring *client_input(void)
{
    return (struct serial_ring *)serial_to_client_vaddr;
}

void init(void)
{
    uart_init();
}

/* Terminals want "\r\n" for a new line. */
static void transmit_client_output(void)
{
    char c;
    while (serial_ring_get(client_output(), &c)) {
        if (c == '\n') {
            uart_put('\r');
        }
        uart_put(c);
    }
}

/* Bytes the client has no room for are dropped: it is behind by a full ring. */
static void receive_input(void)
{
    seL4_Bool received = seL4_False;
    char c;
    uart_clear_rx_interrupt();
    while (uart_get(&c)) {
        received |= serial_ring_put(client_input(), c);
    }
    if (received) {
        microkit_notify(CLIENT);
    }
}

void notified(microkit_channel ch)
{
    switch (ch) {
    case UART_IRQ:
        receive_input();
        microkit_irq_ack(ch);
        break;
    case CLIENT:
        transmit_client_output();
        break;
    default:
        microkit_dbg_puts("serial_server: unexpected notification on channel ");
        microkit_dbg_put32(ch);
        microkit_dbg_puts("\n");
        break;
    }
}
