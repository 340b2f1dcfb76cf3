// SPDX-License-Identifier: BSD-2-Clause
// sel4test regressions.c (sel4test.md §3.4: REGRESSIONS0001, and
// REGRESSIONS0002 on AArch64). REGRESSIONS0001 checks more registers than
// upstream: every one seL4_UserContext holds (the AArch64 flags and TLS
// registers, and on RISC-V a0, a7, tp, s2-s11 and t3-t6 as well).
#include "../framework/alloc.hpp"
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

extern "C" {
void tessera_check_written_registers();
seL4_CPtr tessera_regressions_endpoint;
seL4_Word tessera_regressions_gp;
}

namespace {

using namespace tessera_test;

seL4_UserContext registers_to_check() {
    seL4_UserContext c{};
    c.pc = reinterpret_cast<seL4_Word>(&tessera_check_written_registers);
#if defined(__aarch64__)
    c.sp = 1;
    c.spsr = (1ul << 30) | (1ul << 29);  // Z and C: NZCV survives the kernel's sanitising
    seL4_Word* x[] = {&c.x0,  &c.x1,  &c.x2,  &c.x3,  &c.x4,  &c.x5,  &c.x6,  &c.x7,  &c.x8,  &c.x9,  &c.x10,
                      &c.x11, &c.x12, &c.x13, &c.x14, &c.x15, &c.x16, &c.x17, &c.x18, &c.x19, &c.x20, &c.x21,
                      &c.x22, &c.x23, &c.x24, &c.x25, &c.x26, &c.x27, &c.x28, &c.x29, &c.x30};
    for (seL4_Word n = 0; n < 31; ++n) *x[n] = n + 2;
    c.tpidr_el0 = 33;
    c.tpidrro_el0 = 34;
#else
    c.ra = 1;
    c.sp = 2;
    c.t0 = 4, c.t1 = 5, c.t2 = 6;
    c.s0 = 7, c.s1 = 8;
    c.a0 = 9, c.a1 = 10, c.a2 = 11, c.a3 = 12, c.a4 = 13, c.a5 = 14, c.a6 = 15, c.a7 = 16;
    c.s2 = 17, c.s3 = 18, c.s4 = 19, c.s5 = 20, c.s6 = 21, c.s7 = 22, c.s8 = 23, c.s9 = 24, c.s10 = 25, c.s11 = 26;
    c.t3 = 27, c.t4 = 28, c.t5 = 29, c.t6 = 30;
    c.tp = 31;
    asm volatile("mv %0, gp" : "=r"(c.gp));
    tessera_regressions_gp = c.gp;
#endif
    return c;
}

// WriteRegisters with resume on an unstarted thread: it must start at the
// written PC with every written register.
Result test_write_registers(Env& env) {
    Owned objects;
    const seL4_CPtr endpoint = objects.endpoint();
    test_assert_fatal(endpoint != 0);
    HelperThread helper;
    test_assert_fatal(create_helper_thread(env, &helper));
    tessera_regressions_endpoint = endpoint;
    seL4_UserContext context = registers_to_check();
    test_eq(seL4_TCB_WriteRegisters(helper.tcb, 1, 0, sizeof context / sizeof(seL4_Word), &context), seL4_NoError);
    seL4_Word badge = 0;
    const seL4_MessageInfo_t info = seL4_Wait(endpoint, &badge);
    test_eq(seL4_MessageInfo_get_label(info), 0u);
    cleanup_helper(env, &helper);
    return test_result();
}

#if defined(__aarch64__)
// A load-exclusive, then a system call that switches to another thread
// and back: the store-exclusive after it must fail, because the kernel
// clears the exclusive monitor when it switches threads.
seL4_Word exclusive_across_switch(seL4_Word endpoint, seL4_Word, seL4_Word, seL4_Word) {
    seL4_Word word = 0;
    seL4_Word loaded;
    asm volatile("ldxr %0, [%1]" : "=r"(loaded) : "r"(&word) : "memory");
    seL4_Signal(endpoint);  // wakes the higher-priority test thread: a switch away and back
    unsigned status;
    asm volatile("stxr %w0, %2, [%1]" : "=&r"(status) : "r"(&word), "r"(loaded + 1) : "memory");
    return status;
}

Result test_exclusive_monitor_cleared(Env& env) {
    Owned objects;
    const seL4_CPtr endpoint = objects.endpoint();
    test_assert_fatal(endpoint != 0);
    HelperThread helper;
    test_assert_fatal(create_helper_thread(env, &helper));
    start_helper(env, &helper, exclusive_across_switch, endpoint);
    seL4_Word badge = 0;
    (void)seL4_Wait(endpoint, &badge);
    test_eq(wait_for_helper(&helper), 1u);  // the store-exclusive failed
    cleanup_helper(env, &helper);
    return test_result();
}
#endif

}  // namespace

DEFINE_TEST(REGRESSIONS0001, "Ensure WriteRegisters functions correctly", test_write_registers, true);
#if defined(__aarch64__)
DEFINE_TEST(REGRESSIONS0002, "Test the load-exclusive monitor is cleared on context switch",
            test_exclusive_monitor_cleared, true);
#endif
