// SPDX-License-Identifier: BSD-2-Clause
// sel4runtime's TLS (user/sel4runtime/src/tls.c) on the host: the initial
// thread's set-up (static area, IPC buffer, and in debug builds the
// seL4_DebugNameThread call, as seL4's sel4runtime does), and what a second
// thread needs: sel4runtime_get_tls_size() bytes, sel4runtime_write_tls_image()
// and writing one of its TLS variables. The image is a fake ELF header with a
// PT_TLS segment; the thread pointer and the trap are test doubles.
#include <cstdint>
#include <cstring>
#include <vector>

#include <sel4runtime.h>

#include "../libsel4/stub_fixture.hpp"

extern "C" {
sel4runtime_uintptr_t sel4runtime_fake_tp;
void __sel4runtime_init_tls(seL4_CPtr tcb, seL4_IPCBuffer* ipc_buffer, const char* name);

// What the linker provides in a real image: the ELF header, followed here by one
// PT_TLS program header. __ehdr_start names the whole block (an alias set below).
struct FakeImage {
    unsigned char e_ident[16];
    seL4_Uint16 e_type, e_machine;
    seL4_Uint32 e_version;
    seL4_Uint64 e_entry, e_phoff, e_shoff;
    seL4_Uint32 e_flags;
    seL4_Uint16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
    struct {
        seL4_Uint32 p_type, p_flags;
        seL4_Uint64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
    } tls;
};
FakeImage tessera_fake_image;
}
__asm__(".globl __ehdr_start\n.set __ehdr_start, tessera_fake_image");

namespace libsel4_test {
namespace {

// .tdata (8 bytes) followed by .tbss (24 bytes), aligned to 32.
alignas(32) const unsigned char tdata[8] = {1, 2, 3, 4, 5, 6, 7, 8};
constexpr seL4_Uint64 memsz = 32;
constexpr seL4_Uint64 align = 32;

class Tls : public StubTest {
protected:
    void SetUp() override {
        StubTest::SetUp();
        FakeImage& image = tessera_fake_image;
        std::memset(&image, 0, sizeof(image));
        image.e_phoff = offsetof(FakeImage, tls);
        image.e_phentsize = sizeof(image.tls);
        image.e_phnum = 1;
        image.tls.p_type = PT_TLS;
        image.tls.p_vaddr = reinterpret_cast<seL4_Uint64>(tdata);
        image.tls.p_filesz = sizeof(tdata);
        image.tls.p_memsz = memsz;
        image.tls.p_align = align;
        sel4runtime_fake_tp = 0;
    }
};

TEST_F(Tls, InitialThreadGetsTlsThenItsIpcBufferThenItsName) {
    seL4_IPCBuffer* const buffer = &ipc();
    __sel4_ipc_buffer = nullptr;
    __sel4runtime_init_tls(seL4_CapInitThreadTCB, buffer, "rootserver");
    EXPECT_TRUE(sel4runtime_initial_tls_enabled());
    EXPECT_NE(sel4runtime_fake_tp, 0u);
    EXPECT_EQ(sel4runtime_fake_tp % align, 0u);
    EXPECT_EQ(__sel4_ipc_buffer, buffer) << "the IPC buffer is set once the TLS exists";
    // The image is in place after the 16-byte TCB rounded up to the segment's alignment.
    const auto* block = reinterpret_cast<const unsigned char*>(sel4runtime_fake_tp + sel4runtime_get_tp_offset());
    EXPECT_EQ(sel4runtime_get_tp_offset(), 32u);
    EXPECT_EQ(std::memcmp(block, tdata, sizeof(tdata)), 0);
    for (seL4_Uint64 i = sizeof(tdata); i < memsz; ++i) EXPECT_EQ(block[i], 0) << i;
    // Debug build: named like seL4's sel4runtime names the root task.
    ASSERT_EQ(kernel().traps.size(), 1u);
    const KernelView& t = kernel().traps[0];
    EXPECT_EQ(static_cast<long>(t.regs.sys), -17);
    EXPECT_EQ(t.regs.cap, static_cast<seL4_Word>(seL4_CapInitThreadTCB));
    EXPECT_STREQ(reinterpret_cast<const char*>(&t.buffer.msg[0]), "rootserver");
}

TEST_F(Tls, ASecondThreadGetsItsOwnImageAndIpcBuffer) {
    __sel4runtime_init_tls(seL4_CapInitThreadTCB, &ipc(), "rootserver");
    const sel4runtime_size_t size = sel4runtime_get_tls_size();
    EXPECT_GE(size, sel4runtime_get_tp_offset() + memsz);
    // Any memory of that size works, whatever its alignment.
    std::vector<unsigned char> area(size + 1, 0xcc);
    unsigned char* const start = area.data() + 1;
    const sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(start);
    ASSERT_NE(tp, 0u);
    EXPECT_EQ(tp % align, 0u);
    EXPECT_GE(tp, reinterpret_cast<sel4runtime_uintptr_t>(start));
    EXPECT_LE(tp + sel4runtime_get_tp_offset() + memsz, reinterpret_cast<sel4runtime_uintptr_t>(start) + size);
    auto* block = reinterpret_cast<unsigned char*>(tp + sel4runtime_get_tp_offset());
    EXPECT_EQ(std::memcmp(block, tdata, sizeof(tdata)), 0);
    EXPECT_EQ(block[memsz - 1], 0);

    // A variable 16 bytes into the caller's TLS block lands 16 bytes into the new one.
    const sel4runtime_uintptr_t mine = sel4runtime_get_tls_base() + sel4runtime_get_tp_offset() + 16;
    seL4_Word value = 0x1234;
    EXPECT_EQ(__sel4runtime_write_tls_variable(tp, reinterpret_cast<unsigned char*>(mine),
                                               reinterpret_cast<unsigned char*>(&value), sizeof(value)),
              0);
    seL4_Word written;
    std::memcpy(&written, block + 16, sizeof(written));
    EXPECT_EQ(written, 0x1234u);
    // Outside the TLS block: refused.
    EXPECT_NE(__sel4runtime_write_tls_variable(tp, reinterpret_cast<unsigned char*>(mine + memsz),
                                               reinterpret_cast<unsigned char*>(&value), sizeof(value)),
              0);
    EXPECT_NE(__sel4runtime_write_tls_variable(tp, reinterpret_cast<unsigned char*>(sel4runtime_get_tls_base()),
                                               reinterpret_cast<unsigned char*>(&value), 1),
              0);
    EXPECT_EQ(sel4runtime_write_tls_image(nullptr), 0u);
}

TEST_F(Tls, MovingTheInitialThreadsTlsKeepsItsIpcBuffer) {
    __sel4runtime_init_tls(seL4_CapInitThreadTCB, &ipc(), "rootserver");
    std::vector<unsigned char> area(sel4runtime_get_tls_size());
    __sel4_ipc_buffer = nullptr;
    const sel4runtime_uintptr_t tp = sel4runtime_move_initial_tls(area.data());
    EXPECT_EQ(sel4runtime_fake_tp, tp);
    EXPECT_EQ(__sel4_ipc_buffer, &ipc());
    sel4runtime_fake_tp = 0;
}

}  // namespace
}  // namespace libsel4_test
