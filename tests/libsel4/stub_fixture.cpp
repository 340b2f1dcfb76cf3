// SPDX-License-Identifier: BSD-2-Clause
#include "stub_fixture.hpp"

#include <cstring>

// libsel4's thread-local IPC-buffer pointer; sel4runtime defines it on the target.
LIBSEL4_THREAD_LOCAL seL4_IPCBuffer* __sel4_ipc_buffer;

namespace libsel4_test {

FakeKernel& kernel() {
    static FakeKernel instance;
    return instance;
}

void reply_with(seL4_Word label, std::vector<seL4_Word> words, seL4_Word badge) {
    kernel().respond = [label, words, badge](seL4_FakeRegisters& regs, seL4_IPCBuffer& buffer) {
        for (unsigned i = 0; i < words.size(); ++i) {
            if (i < seL4_FastMessageRegisters) regs.mr[i] = words[i];
            else buffer.msg[i] = words[i];
        }
        regs.cap = badge;
        regs.info = seL4_MessageInfo_new(label, 0, 0, words.size()).words[0];
    };
}

void StubTest::SetUp() {
    buffer_ = new seL4_IPCBuffer;  // over-aligned new: 1024-byte aligned as the ABI requires
    // A pattern that no stub writes by accident: every word says where it is.
    auto* words = reinterpret_cast<seL4_Word*>(buffer_);
    for (unsigned i = 0; i < sizeof(seL4_IPCBuffer) / sizeof(seL4_Word); ++i) words[i] = 0x5a5a000000000000ul + i;
    __sel4_ipc_buffer = buffer_;
    kernel() = FakeKernel{};
}

void StubTest::TearDown() {
    __sel4_ipc_buffer = nullptr;
    delete buffer_;
    kernel() = FakeKernel{};
}

const KernelView& StubTest::only_trap() const {
    EXPECT_EQ(kernel().traps.size(), 1u);
    return kernel().traps.back();
}

}  // namespace libsel4_test

extern "C" void seL4_fake_trap(seL4_FakeRegisters* regs) {
    using libsel4_test::kernel;
    libsel4_test::KernelView view{};
    view.regs = *regs;
    std::memcpy(&view.buffer, __sel4_ipc_buffer, sizeof(seL4_IPCBuffer));
    kernel().traps.push_back(view);
    if (kernel().respond) {
        auto respond = kernel().respond;
        kernel().respond = nullptr;  // one answer per scripted reply
        respond(*regs, *__sel4_ipc_buffer);
    } else if (regs->shape != SEL4_FAKE_SEND && regs->shape != SEL4_FAKE_SEND_SHORT &&
               regs->shape != SEL4_FAKE_NULL) {
        regs->cap = 0;
        regs->info = seL4_MessageInfo_new(0, 0, 0, 0).words[0];
    }
}
