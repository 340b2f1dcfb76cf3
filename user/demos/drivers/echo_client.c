/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The echo client process: it has no access to the UART, only to the two
 * rings it shares with the driver and a notification each way. It writes
 * a greeting, then echoes every byte it receives (a carriage return as a
 * new line), until it reads Ctrl-D.
 */
#include <ring/byte_ring.h>
#include <sel4/sel4.h>

#include "serial_system.h"

static byte_ring_t rx, tx;

static void attach(byte_ring_t *ring, unsigned long address)
{
    (void)byte_ring_attach(ring, (byte_ring_control_t *)address, (char *)(address + SERIAL_RING_DATA_OFFSET),
                           SERIAL_RING_CAPACITY);
}

/* Queues `n` bytes for the driver, waiting for room when the ring is full. */
static void write_bytes(const char *bytes, unsigned long n)
{
    while (n > 0) {
        const unsigned long done = byte_ring_enqueue(&tx, bytes, n);
        bytes += done;
        n -= done;
        if (done > 0) {
            seL4_Signal(SERIAL_SLOT_PEER);
            continue;
        }
        byte_ring_request_consumer_signal(&tx);
        if (!byte_ring_full(&tx)) {
            byte_ring_cancel_consumer_signal(&tx);
            continue;
        }
        seL4_Word badge;
        seL4_Wait(SERIAL_SLOT_NOTIFICATION, &badge);
    }
}

static void write_text(const char *text)
{
    unsigned long n = 0;
    while (text[n] != '\0') {
        n++;
    }
    write_bytes(text, n);
}

int main(void)
{
    attach(&rx, SERIAL_RX_RING_ADDRESS);
    attach(&tx, SERIAL_TX_RING_ADDRESS);
    write_text("echo client: type, and the driver hands each key to me and my echo back to the UART.\r\n"
               "echo client: Ctrl-D stops the system.\r\n");
    for (;;) {
        char byte;
        while (byte_ring_dequeue(&rx, &byte, 1) == 1) {
            if (byte == SERIAL_END_OF_INPUT) {
                write_text("\r\necho client: end of input, stopping.\r\n");
                /* Let the driver write everything out before the machine stops. */
                while (!byte_ring_empty(&tx)) {
                    seL4_Yield();
                }
                seL4_DebugHalt();
            }
            if (byte == '\r') {
                write_text("\r\n");
            } else {
                write_bytes(&byte, 1);
            }
        }
        seL4_Word badge;
        seL4_Wait(SERIAL_SLOT_NOTIFICATION, &badge);
    }
}
