// SPDX-License-Identifier: BSD-2-Clause
// Shared by the libsel4 stub and fault host tests: an IPC buffer for the
// calling thread and a scripted "kernel" behind the test double of
// <sel4/syscall_primitives.h> (tests/libsel4/fake), which records every trap
// with the registers the stub loaded.
#pragma once

#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include <sel4/sel4.h>

namespace libsel4_test {

struct KernelView {
    seL4_FakeRegisters regs;  // at the trap, as the kernel sees them
    seL4_IPCBuffer buffer;    // the caller's IPC buffer at the trap

    // Message register i as the kernel reads it: MR0-MR3 from registers, the rest from the buffer.
    seL4_Word mr(unsigned i) const { return i < seL4_FastMessageRegisters ? regs.mr[i] : buffer.msg[i]; }
    seL4_Word cap(unsigned i) const { return buffer.caps_or_badges[i]; }
    seL4_MessageInfo_t info() const { return seL4_MessageInfo_t{{regs.info}}; }
    seL4_Word label() const { return seL4_MessageInfo_get_label(info()); }
    seL4_Word length() const { return seL4_MessageInfo_get_length(info()); }
    seL4_Word extra_caps() const { return seL4_MessageInfo_get_extraCaps(info()); }
};

// The scripted kernel: what the traps saw, and how to answer the next one.
struct FakeKernel {
    std::vector<KernelView> traps;
    // Called with the registers after they were recorded; writes the outputs.
    // Default: a kernel reply with label 0 and length 0 (badge 0, MR registers unchanged).
    std::function<void(seL4_FakeRegisters&, seL4_IPCBuffer&)> respond;
};

FakeKernel& kernel();

// Replies to the next Call with `label` and the given message words (MR0-3 in registers, the rest in the buffer).
void reply_with(seL4_Word label, std::vector<seL4_Word> words, seL4_Word badge = 0);

class StubTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    const KernelView& only_trap() const;
    seL4_IPCBuffer& ipc() { return *buffer_; }

private:
    seL4_IPCBuffer* buffer_ = nullptr;
};

}  // namespace libsel4_test
