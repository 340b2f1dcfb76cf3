/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The drivers demo's contract between the root task that builds it and the
 * two processes it starts: where each process finds its caps and the
 * shared memory, and what the notification badges mean.
 *
 *   UART --IRQ--> driver --rx ring--> client
 *   UART <-------- driver <--tx ring-- client
 *
 * Each ring is one shared page: the control block at its start, the bytes
 * in the rest. Both processes map both pages at the same addresses.
 */
#ifndef SERIAL_SYSTEM_H
#define SERIAL_SYSTEM_H

/* Slots of each process's CSpace (1 is its own TCB: the loader's slot_tcb). */
#define SERIAL_SLOT_NOTIFICATION 8  /* the process waits on it */
#define SERIAL_SLOT_PEER 9          /* signals the other process */
#define SERIAL_SLOT_IRQ_HANDLER 10  /* driver only: the UART's IRQ */

/* Badges on the driver's notification. */
#define SERIAL_BADGE_IRQ 0x1u       /* the UART interrupted */
#define SERIAL_BADGE_CLIENT 0x2u    /* the client queued output or made room */
/* Badge on the client's notification. */
#define SERIAL_BADGE_DRIVER 0x1u    /* the driver queued input or made room */

/* Shared pages and the device page, the same in both processes. */
#define SERIAL_RX_RING_ADDRESS 0x20000000ul
#define SERIAL_TX_RING_ADDRESS 0x20001000ul
#define SERIAL_UART_ADDRESS 0x30000000ul  /* driver only: the UART registers, uncached */
#define SERIAL_RING_PAGE_SIZE 4096u
#define SERIAL_RING_DATA_OFFSET 64u
#define SERIAL_RING_CAPACITY 2048u  /* a power of two that fits after the control block */

/* The client stops the machine when it reads this (Ctrl-D, end of transmission). */
#define SERIAL_END_OF_INPUT 0x04

#endif /* SERIAL_SYSTEM_H */
