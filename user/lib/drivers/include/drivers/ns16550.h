/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A user-level driver for the 16550-compatible UART of QEMU's RISC-V
 * `virt` machine (device tree: compatible "ns16550a", reg-shift 0, one
 * byte per register). The driver maps the device frame uncached and is
 * interrupted through the PLIC when a received byte is waiting.
 * Registers [TI PC16550D datasheet, "Register Summary"]: RBR/THR 0, IER 1,
 * IIR/FCR 2, LCR 3, MCR 4, LSR 5.
 */
#ifndef DRIVERS_NS16550_H
#define DRIVERS_NS16550_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    NS16550_RBR = 0, /* receive buffer (read) / transmit holding (write) */
    NS16550_IER = 1,
    NS16550_FCR = 2,
    NS16550_LCR = 3,
    NS16550_MCR = 4,
    NS16550_LSR = 5,
};
#define NS16550_IER_RX_AVAILABLE 0x01u /* ERBFI: interrupt while received data is available */
#define NS16550_FCR_ENABLE_FIFOS 0x01u
#define NS16550_LCR_8N1 0x03u
#define NS16550_MCR_DTR_RTS_OUT2 0x0Bu /* OUT2 gates the interrupt line on PC-style boards */
#define NS16550_LSR_DATA_READY 0x01u
#define NS16550_LSR_THR_EMPTY 0x20u

typedef struct ns16550 {
    volatile uint8_t *regs; /* the mapped register block */
} ns16550_t;

static inline uint8_t ns16550_read(const ns16550_t *uart, unsigned reg) { return uart->regs[reg]; }
static inline void ns16550_write(const ns16550_t *uart, unsigned reg, uint8_t value) { uart->regs[reg] = value; }

/* 8N1 with FIFOs, the receive interrupt on (the baud rate is QEMU's). */
static inline void ns16550_init(ns16550_t *uart, volatile void *regs)
{
    uart->regs = (volatile uint8_t *)regs;
    ns16550_write(uart, NS16550_IER, 0);
    ns16550_write(uart, NS16550_LCR, NS16550_LCR_8N1);
    ns16550_write(uart, NS16550_FCR, NS16550_FCR_ENABLE_FIFOS);
    ns16550_write(uart, NS16550_MCR, NS16550_MCR_DTR_RTS_OUT2);
    ns16550_write(uart, NS16550_IER, NS16550_IER_RX_AVAILABLE);
}

/* One received byte, or -1 when none is waiting. Reading it also clears
 * the receive interrupt once the FIFO is empty. */
static inline int ns16550_getc(const ns16550_t *uart)
{
    if ((ns16550_read(uart, NS16550_LSR) & NS16550_LSR_DATA_READY) == 0) {
        return -1;
    }
    return ns16550_read(uart, NS16550_RBR);
}

/* Whether a byte can be written now. */
static inline bool ns16550_can_put(const ns16550_t *uart)
{
    return (ns16550_read(uart, NS16550_LSR) & NS16550_LSR_THR_EMPTY) != 0;
}

/* Writes one byte, waiting for room in the transmitter. */
static inline void ns16550_putc(const ns16550_t *uart, char c)
{
    while (!ns16550_can_put(uart)) {
    }
    ns16550_write(uart, NS16550_RBR, (uint8_t)c);
}

#ifdef __cplusplus
}
#endif

#endif /* DRIVERS_NS16550_H */
