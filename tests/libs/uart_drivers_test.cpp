// SPDX-License-Identifier: BSD-2-Clause
// The user-level UART drivers (user/lib/drivers) against register blocks in
// plain memory: what initialisation programs, and how receive and transmit
// read the status bits.
#include <drivers/ns16550.h>
#include <drivers/pl011.h>

#include <gtest/gtest.h>

#include <cstdint>

namespace {

TEST(Ns16550, InitEnablesOnlyTheReceiveInterruptAfterSettingTheLine) {
    volatile std::uint8_t regs[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    ns16550_t uart;
    ns16550_init(&uart, regs);
    EXPECT_EQ(regs[NS16550_IER], NS16550_IER_RX_AVAILABLE);
    EXPECT_EQ(regs[NS16550_LCR], NS16550_LCR_8N1);  // DLAB clear: offsets 0/1 are data and IER
    EXPECT_EQ(regs[NS16550_FCR], NS16550_FCR_ENABLE_FIFOS);
    EXPECT_EQ(regs[NS16550_MCR] & 0x08, 0x08);  // OUT2
}

TEST(Ns16550, GetcReadsOnlyWhenDataIsReady) {
    volatile std::uint8_t regs[8] = {};
    ns16550_t uart;
    ns16550_init(&uart, regs);
    regs[NS16550_RBR] = 'q';
    regs[NS16550_LSR] = 0;
    EXPECT_EQ(ns16550_getc(&uart), -1);
    regs[NS16550_LSR] = NS16550_LSR_DATA_READY;
    EXPECT_EQ(ns16550_getc(&uart), 'q');
}

TEST(Ns16550, PutcWritesTheHoldingRegisterWhenEmpty) {
    volatile std::uint8_t regs[8] = {};
    ns16550_t uart;
    ns16550_init(&uart, regs);
    regs[NS16550_LSR] = 0;
    EXPECT_FALSE(ns16550_can_put(&uart));
    regs[NS16550_LSR] = NS16550_LSR_THR_EMPTY;
    ns16550_putc(&uart, 'z');
    EXPECT_EQ(regs[NS16550_RBR], 'z');
}

TEST(Pl011, InitEnablesTheUartAndTheReceiveInterrupts) {
    volatile std::uint32_t regs[0x50 / 4] = {};
    pl011_t uart;
    pl011_init(&uart, regs);
    EXPECT_EQ(regs[PL011_CR], PL011_CR_ENABLE);
    EXPECT_EQ(regs[PL011_IMSC], PL011_INT_RX | PL011_INT_RX_TIMEOUT);
    EXPECT_EQ(regs[PL011_LCR_H] & (1u << 4), 0u);  // FIFOs off
    EXPECT_EQ(regs[PL011_ICR], PL011_INT_ALL);     // pending interrupts cleared
}

TEST(Pl011, ReceiveAndTransmitFollowTheFlagRegister) {
    volatile std::uint32_t regs[0x50 / 4] = {};
    pl011_t uart;
    pl011_init(&uart, regs);
    regs[PL011_FR] = PL011_FR_RX_EMPTY;
    EXPECT_EQ(pl011_getc(&uart), -1);
    regs[PL011_FR] = 0;
    regs[PL011_DR] = 0x100 | 'k';  // error bits above the byte are dropped
    EXPECT_EQ(pl011_getc(&uart), 'k');
    regs[PL011_FR] = PL011_FR_TX_FULL;
    EXPECT_FALSE(pl011_can_put(&uart));
    regs[PL011_FR] = 0;
    pl011_putc(&uart, 'p');
    EXPECT_EQ(regs[PL011_DR], static_cast<std::uint32_t>('p'));
    pl011_clear_rx_interrupt(&uart);
    EXPECT_EQ(regs[PL011_ICR], PL011_INT_RX | PL011_INT_RX_TIMEOUT);
}

}  // namespace
