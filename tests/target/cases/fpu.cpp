// SPDX-License-Identifier: BSD-2-Clause
// sel4test fpu.c (sel4test.md §3.4: FPU0000, FPU0001, FPU0003, FPU0004; FPU0002
// is SMP only) and Tessera's own FPU check (TESSERA_FPU0001). The kernel hands the FP registers to a thread lazily,
// on its first FP instruction (AArch64: trapped FP/SIMD access, RISC-V:
// illegal instruction with sstatus.FS Off), and retries that instruction.
// With the root thread alone this checks that lazily enabling works and that
// a system call leaves every FP register and the FP control/status alone;
// the per-arch dump routine is in arch/<arch>/fpu.S.
#include <bit>
#include <cstdint>

#include "../framework/alloc.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

extern "C" void tessera_fpu_register_dump(std::uint64_t* out);
extern "C" std::uint64_t tessera_fpu_first_use(std::uint64_t bits);
extern "C" const char tessera_fpu_first_use_insn[];

namespace {

using namespace tessera_test;

constexpr std::uint64_t pattern = 0x5eed000000000000ull;

#if defined(__aarch64__)
constexpr unsigned fp_registers = 32;
constexpr unsigned words_per_register = 2;  // q0..q31
constexpr std::uint64_t fpcr_expected = 3u << 22;  // round towards zero
constexpr std::uint64_t fpsr_expected = 0x10;      // IXC
#elif defined(__riscv)
constexpr unsigned fp_registers = 32;
constexpr unsigned words_per_register = 1;  // f0..f31
constexpr std::uint64_t fcsr_expected = 0x21;  // frm = RTZ, fflags = NX
#endif
constexpr unsigned register_words = fp_registers * words_per_register;

Result fpu_is_enabled_lazily(Env&) {
    // Computed at run time through volatile variables, so the compiler must
    // emit the FP instructions.
    volatile double a = 1.5;
    volatile double b = -2.25;
    volatile double c = 3.0;
    volatile double sum = a + b;
    volatile double product = a * b;
    volatile double quotient = c / a;
    volatile double fused = a * c + b;
    volatile float narrow = static_cast<float>(quotient) * 0.5f;
    volatile long rounded = static_cast<long>(product * 1000.0);
    test_assert(sum == -0.75);
    test_assert(product == -3.375);
    test_assert(quotient == 2.0);
    test_assert(fused == 2.25);
    test_assert(narrow == 1.0f);
    test_eq(rounded, -3375l);

    std::uint64_t out[register_words + 2] = {};
    tessera_fpu_register_dump(out);
    for (unsigned n = 0; n < fp_registers; ++n) {
        for (unsigned half = 0; half < words_per_register; ++half) {
            const std::uint64_t expected = pattern + (n << 8) + half;
            const std::uint64_t got = out[n * words_per_register + half];
            if (got != expected)
                record_failure(__FILE__, __LINE__, "FP register %u word %u: 0x%llx, expected 0x%llx", n,
                                             half, static_cast<unsigned long long>(got),
                                             static_cast<unsigned long long>(expected));
        }
    }
#if defined(__aarch64__)
    test_eq(out[register_words], fpsr_expected);
    test_eq(out[register_words + 1], fpcr_expected);
#elif defined(__riscv)
    test_eq(out[register_words], fcsr_expected);
#endif
    // The arithmetic still works after the registers went through a trap.
    volatile double again = a * c;
    test_assert(again == 4.5);
    return test_result();
}

// ---- sel4test fpu.c --------------------------------------------------------

// Where fpu_calculation starts. Read through volatile at every call: the
// compiler sees that the calculation has no side effects and would
// otherwise compute it once for a whole loop of calls.
volatile double calculation_start = 2.718281828;

// A long double-precision calculation whose result is the same wherever it
// runs (not inlined: its FP instructions stay in one place).
[[gnu::noinline]] double fpu_calculation() {
    double x = calculation_start;
    for (int i = 0; i < 10000; ++i) {
        x = x * 1.0625 + x / 7.0;
        x /= 1.0471;
        while (x > 64.0) x /= 2.9;
        while (x < 3.0) x += 0.77;
    }
    return x;
}

// A short calculation, run both at compile time and (from a volatile
// start) at run time. One operation per statement, so that the compiler
// does not contract the run-time code into fused multiply-adds, which
// round differently from the compile-time evaluation.
constexpr double trivial_calculation(double a) {
    for (int i = 0; i < 100; ++i) {
        const double tripled = a * 3;
        const double third = a / 3;
        a = tripled + third;
    }
    return a;
}

// Upstream only checks that the arithmetic does not trap; the result must
// also be the one the compiler computed.
Result test_fpu_trivial(Env&) {
    volatile double start = 3.141592653589793;
    volatile double b = trivial_calculation(start);
    constexpr double expected = trivial_calculation(3.141592653589793);
    test_assert(b == expected);
    return test_result();
}

// Bumped by every worker after each calculation: a worker that sees it
// change during its own calculation was preempted in the middle of it.
volatile int calculations_done = 0;

seL4_Word fpu_worker(seL4_Word state, seL4_Word iterations, seL4_Word, seL4_Word) {
    auto* result = reinterpret_cast<volatile double*>(state);
    seL4_Word preemptions = 0;
    for (seL4_Word i = 0; i <= iterations; ++i) {
        const int before = calculations_done;
        *result = fpu_calculation();
        if (calculations_done != before) ++preemptions;
        calculations_done = calculations_done + 1;
    }
    return preemptions;
}

// Four workers at one priority, preempted by the round-robin budget in the
// middle of their calculations, must all get the test thread's result:
// each thread's FP registers survive the others (sel4test.md §3.4).
Result test_fpu_multithreaded(Env& env) {
    constexpr unsigned workers = 4;
    constexpr seL4_Word wanted_preemptions = 20;
    constexpr seL4_Word most_iterations = 1u << 12;
    const double expected = fpu_calculation();
    HelperThread thread[workers];
    volatile double state[workers];
    seL4_Word preemptions = 0;
    for (seL4_Word iterations = 1; preemptions < wanted_preemptions; iterations *= 2) {
        if (iterations > most_iterations) {
            record_failure(__FILE__, __LINE__, "only %lu preemptions seen in %lu calculations per worker",
                           static_cast<unsigned long>(preemptions), static_cast<unsigned long>(iterations / 2));
            break;
        }
        for (unsigned i = 0; i < workers; ++i) {
            state[i] = 0.0;
            test_assert_fatal(create_helper_thread(env, &thread[i]));
        }
        for (unsigned i = 0; i < workers; ++i)
            start_helper(env, &thread[i], fpu_worker, reinterpret_cast<seL4_Word>(&state[i]), iterations);
        preemptions = 0;
        for (unsigned i = 0; i < workers; ++i) {
            preemptions += wait_for_helper(&thread[i]);
            cleanup_helper(env, &thread[i]);
        }
        for (unsigned i = 0; i < workers; ++i) test_assert(state[i] == expected);
    }
    // The test thread's own FP state survived the workers as well.
    test_assert(fpu_calculation() == expected);
    return test_result();
}

Result test_fpu_set_flags(Env& env) {
    HelperThread t;
    test_assert_fatal(create_helper_thread(env, &t));
    seL4_TCB_SetFlags_t r = seL4_TCB_SetFlags(t.tcb, 0, 0);
    test_eq(r.error, seL4_NoError);
    test_eq(r.flags, seL4_Word{0});
    r = seL4_TCB_SetFlags(t.tcb, 0, seL4_TCBFlag_fpuDisabled);
    test_eq(r.error, seL4_NoError);
    test_eq(r.flags, static_cast<seL4_Word>(seL4_TCBFlag_fpuDisabled));
    r = seL4_TCB_SetFlags(t.tcb, seL4_TCBFlag_fpuDisabled, 0);
    test_eq(r.error, seL4_NoError);
    test_eq(r.flags, seL4_Word{0});
    // Bits the kernel does not know are dropped (flags & ~clear | set & mask).
    r = seL4_TCB_SetFlags(t.tcb, 0, ~seL4_Word{0});
    test_eq(r.error, seL4_NoError);
    test_eq(r.flags, static_cast<seL4_Word>(seL4_TCBFlag_MASK));
    r = seL4_TCB_SetFlags(t.tcb, ~seL4_Word{0}, 0);
    test_eq(r.flags, seL4_Word{0});
    cleanup_helper(env, &t);
    return test_result();
}

struct DisabledFpuRun {
    volatile double result = 0.0;
    std::uint64_t doubled = 0;
};

seL4_Word fpu_disabled_worker(seL4_Word run_address, seL4_Word, seL4_Word, seL4_Word) {
    auto* run = reinterpret_cast<DisabledFpuRun*>(run_address);
    // The thread's first FP instruction: with the FPU disabled it faults here.
    run->doubled = tessera_fpu_first_use(std::bit_cast<std::uint64_t>(1.5));
    run->result = fpu_calculation();
    return 0;
}

// A thread with seL4_TCBFlag_fpuDisabled gets a UserException on its first
// FP instruction; after the flag is cleared and the fault answered it
// re-executes that instruction with the FPU and computes the right result.
Result test_fpu_disabled(Env& env) {
    Allocator& a = allocator();
    const seL4_CPtr endpoint = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr reply = a.alloc_object(seL4_ReplyObject, 0);
    HelperThread t;
    if (endpoint == 0 || reply == 0 || !create_helper_thread(env, &t)) {
        record_failure(__FILE__, __LINE__, "out of objects");
    } else {
        const double expected = fpu_calculation();
        test_eq(seL4_TCB_SetSpace(t.tcb, endpoint, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0),
                seL4_NoError);
        seL4_TCB_SetFlags_t r = seL4_TCB_SetFlags(t.tcb, 0, seL4_TCBFlag_fpuDisabled);
        test_eq(r.error, seL4_NoError);
        test_eq(r.flags, static_cast<seL4_Word>(seL4_TCBFlag_fpuDisabled));
        DisabledFpuRun run;
        start_helper(env, &t, fpu_disabled_worker, reinterpret_cast<seL4_Word>(&run));

        seL4_Word badge = 1;
        const seL4_MessageInfo_t fault = seL4_Recv(endpoint, &badge, reply);
        test_eq(badge, seL4_Word{0});
        test_eq(seL4_MessageInfo_get_label(fault), static_cast<seL4_Word>(seL4_Fault_UserException));
        test_eq(seL4_MessageInfo_get_length(fault), static_cast<seL4_Word>(seL4_UserException_Length));
        test_eq(seL4_GetMR(seL4_UserException_FaultIP), reinterpret_cast<seL4_Word>(tessera_fpu_first_use_insn));
#if defined(__aarch64__)
        // ESR: exception class 0x07, trapped FP/SIMD access (Arm ARM D17.2.37).
        test_eq(seL4_GetMR(seL4_UserException_Number) >> 26, seL4_Word{0x07});
#elif defined(__riscv)
        // scause 2: illegal instruction (RISC-V privileged spec, Table 4.2).
        test_eq(seL4_GetMR(seL4_UserException_Number), seL4_Word{2});
#endif
        test_eq(seL4_GetMR(seL4_UserException_Code), seL4_Word{0});

        r = seL4_TCB_SetFlags(t.tcb, seL4_TCBFlag_fpuDisabled, 0);
        test_eq(r.error, seL4_NoError);
        test_eq(r.flags, seL4_Word{0});
        // An empty reply with label 0 restarts the thread at the FP instruction.
        seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));
        wait_for_helper(&t);
        test_eq(run.doubled, std::bit_cast<std::uint64_t>(3.0));
        test_assert(run.result == expected);
    }
    cleanup_helper(env, &t);
    a.free_object(reply);
    a.free_object(endpoint);
    return test_result();
}

}  // namespace

DEFINE_TEST(FPU0000, "Ensure that simple FPU operations work", test_fpu_trivial, true);
DEFINE_TEST(FPU0001, "Ensure multiple threads can use FPU simultaneously", test_fpu_multithreaded, true);
DEFINE_TEST(FPU0003, "Test seL4_TCB_SetFlags", test_fpu_set_flags, true);
DEFINE_TEST(FPU0004, "Test disabling and re-enabling FPU", test_fpu_disabled, true);
DEFINE_TEST(TESSERA_FPU0001, "Floating point works in the root task, lazily enabled, and survives a system call",
            fpu_is_enabled_lazily, true);
