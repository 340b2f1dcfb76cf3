// SPDX-License-Identifier: BSD-2-Clause
// sel4runtime's reading of a loaded process's start-up stack
// (user/sel4runtime/src/process_stack.c): arguments, environment and the
// auxiliary vector in the System V layout, the IPC buffer given directly
// or through a pointer, the TCB cap and the BootInfo.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include <sel4runtime.h>
#include <sel4runtime/auxv.h>

extern "C" {
#include "../../user/sel4runtime/src/runtime_internal.h"
}

namespace {

// Builds a stack the way a loader does: words, each auxv entry two words.
struct StackBuilder {
    std::vector<seL4_Word> words;
    void push(seL4_Word w) { words.push_back(w); }
    void push_pointer(const void* p) { words.push_back(reinterpret_cast<seL4_Word>(p)); }
    void aux(int type, seL4_Word value) {
        push(static_cast<seL4_Word>(type));
        push(value);
    }
};

TEST(ProcessStack, ArgumentsEnvironmentAndSeL4Entries) {
    char name[] = "uart-driver";
    char arg[] = "--verbose";
    char env[] = "seL4=1";
    alignas(1024) static seL4_IPCBuffer buffer;
    seL4_BootInfo bootinfo{};
    StackBuilder s;
    s.push(2);
    s.push_pointer(name);
    s.push_pointer(arg);
    s.push(0);
    s.push_pointer(env);
    s.push(0);
    s.aux(AT_PAGESZ, 4096);
    s.aux(AT_SEL4_IPC_BUFFER, reinterpret_cast<seL4_Word>(&buffer));
    s.aux(AT_SEL4_TCB, 7);
    s.aux(AT_SEL4_BOOT_INFO, reinterpret_cast<seL4_Word>(&bootinfo));
    s.aux(AT_NULL, 0);

    sel4runtime_process p{};
    seL4_IPCBuffer* ipc = nullptr;
    seL4_CPtr tcb = 99;
    __sel4runtime_parse_process_stack(s.words.data(), &p, &ipc, &tcb);
    EXPECT_EQ(p.argc, 2);
    EXPECT_STREQ(p.argv[0], "uart-driver");
    EXPECT_STREQ(p.argv[1], "--verbose");
    EXPECT_EQ(p.argv[2], nullptr);
    EXPECT_STREQ(p.name, "uart-driver");
    EXPECT_STREQ(p.envp[0], "seL4=1");
    EXPECT_EQ(p.envp[1], nullptr);
    EXPECT_EQ(p.auxv[0].a_type, AT_PAGESZ);
    EXPECT_EQ(ipc, &buffer);
    EXPECT_EQ(tcb, 7u);
    EXPECT_EQ(p.bootinfo, &bootinfo);
}

TEST(ProcessStack, BufferThroughAPointerAndDefaults) {
    alignas(1024) static seL4_IPCBuffer buffer;
    seL4_IPCBuffer* where = &buffer;
    StackBuilder s;
    s.push(0);  // no arguments
    s.push(0);
    s.push(0);  // no environment
    s.aux(AT_SEL4_IPC_BUFFER_PTR, reinterpret_cast<seL4_Word>(&where));
    s.aux(AT_NULL, 0);
    sel4runtime_process p{};
    seL4_IPCBuffer* ipc = nullptr;
    seL4_CPtr tcb = 99;
    __sel4runtime_parse_process_stack(s.words.data(), &p, &ipc, &tcb);
    EXPECT_EQ(p.argc, 0);
    EXPECT_STREQ(p.name, "process");
    EXPECT_EQ(p.envp[0], nullptr);
    EXPECT_EQ(ipc, &buffer);
    EXPECT_EQ(tcb, seL4_CapNull);  // no AT_SEL4_TCB: the runtime will not name the thread
    EXPECT_EQ(p.bootinfo, nullptr);
}

}  // namespace
