/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A user-level driver for the Arm PL011 UART of QEMU's AArch64 `virt`
 * machine (device tree: compatible "arm,pl011"). The driver maps the device
 * frame uncached (Device-nGnRnE) and is interrupted through the GIC when a
 * byte was received. Registers [Arm DDI0183 PL011 TRM, 3.2 "Summary of
 * registers"]: DR 0x000, FR 0x018, LCR_H 0x02C, CR 0x030, IMSC 0x038,
 * MIS 0x040, ICR 0x044, all 32 bits wide.
 */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    PL011_DR = 0x000 / 4,
    PL011_FR = 0x018 / 4,
    PL011_LCR_H = 0x02C / 4,
    PL011_CR = 0x030 / 4,
    PL011_IMSC = 0x038 / 4,
    PL011_MIS = 0x040 / 4,
    PL011_ICR = 0x044 / 4,
};
#define PL011_FR_RX_EMPTY (1u << 4)
#define PL011_FR_TX_FULL (1u << 5)
#define PL011_LCR_H_8BITS (3u << 5) /* WLEN = 8 bits; FEN (bit 4) clear: one-byte holding registers */
#define PL011_CR_ENABLE ((1u << 0) | (1u << 8) | (1u << 9)) /* UARTEN, TXE, RXE */
#define PL011_INT_RX (1u << 4)       /* RXIM / RXRIS / RXIC */
#define PL011_INT_RX_TIMEOUT (1u << 6)
#define PL011_INT_ALL 0x7FFu

typedef struct pl011 {
    volatile uint32_t *regs; /* the mapped register block */
} pl011_t;

/* 8 bits without FIFOs, so that every received byte raises the receive
 * interrupt at once; only receive interrupts enabled. */
static inline void pl011_init(pl011_t *uart, volatile void *regs)
{
    uart->regs = (volatile uint32_t *)regs;
    uart->regs[PL011_CR] = 0;
    uart->regs[PL011_IMSC] = 0;
    uart->regs[PL011_ICR] = PL011_INT_ALL;
    uart->regs[PL011_LCR_H] = PL011_LCR_H_8BITS;
    uart->regs[PL011_CR] = PL011_CR_ENABLE;
    uart->regs[PL011_IMSC] = PL011_INT_RX | PL011_INT_RX_TIMEOUT;
}

/* One received byte, or -1 when none is waiting. */
static inline int pl011_getc(const pl011_t *uart)
{
    if ((uart->regs[PL011_FR] & PL011_FR_RX_EMPTY) != 0) {
        return -1;
    }
    return (int)(uart->regs[PL011_DR] & 0xFFu);
}

/* Acknowledges the receive interrupts in the UART (the GIC line is acked
 * separately with seL4_IRQHandler_Ack). */
static inline void pl011_clear_rx_interrupt(const pl011_t *uart)
{
    uart->regs[PL011_ICR] = PL011_INT_RX | PL011_INT_RX_TIMEOUT;
}

static inline bool pl011_can_put(const pl011_t *uart) { return (uart->regs[PL011_FR] & PL011_FR_TX_FULL) == 0; }

/* Writes one byte, waiting for room in the transmitter. */
static inline void pl011_putc(const pl011_t *uart, char c)
{
    while (!pl011_can_put(uart)) {
    }
    uart->regs[PL011_DR] = (uint8_t)c;
}

#ifdef __cplusplus
}
#endif

#endif /* DRIVERS_PL011_H */
