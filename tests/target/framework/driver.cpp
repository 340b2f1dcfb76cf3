// SPDX-License-Identifier: BSD-2-Clause
// The suite root task: selects the registered tests (filter, enabled,
// self-checks), runs them in name order as sel4test does, and reports.
// The kernel has no other threads and no address-space objects yet, so every
// test runs inside the root task itself, one after the other; isolation is
// what the kernel allows.
#include <cstdarg>
#include <cstdint>

#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>
#include <format/format.hpp>
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "alloc.hpp"
#include "bootargs.hpp"
#include "regex.hpp"
#include "report.hpp"
#include "test.hpp"
#include "thread.hpp"

extern "C" const tessera_test::TestCase __start__test_case[];
extern "C" const tessera_test::TestCase __stop__test_case[];

namespace tessera_test {
namespace {

void print(const char* text) {
    for (const char* p = text; *p != '\0'; ++p) seL4_DebugPutChar(*p);
}

Reporter reporter(print);

// The device tree the kernel passed in the extra boot info, or null.
const char* find_bootargs(const seL4_BootInfo* bootinfo) {
    const auto base = reinterpret_cast<std::uintptr_t>(bootinfo) + (std::uintptr_t{1} << seL4_PageBits);
    std::uintptr_t offset = 0;
    while (offset + sizeof(seL4_BootInfoHeader) <= bootinfo->extraLen) {
        const auto* header = reinterpret_cast<const seL4_BootInfoHeader*>(base + offset);
        if (header->len < sizeof(seL4_BootInfoHeader) || header->len > bootinfo->extraLen - offset) break;
        if (header->id == SEL4_BOOTINFO_HEADER_FDT) {
            const auto tree = fdt::Tree::parse(header + 1, header->len - sizeof(seL4_BootInfoHeader));
            return tree.valid() ? fdt::bootargs(tree) : nullptr;
        }
        offset += header->len;
    }
    return nullptr;
}

int compare_names(const char* a, const char* b) {
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

}  // namespace

void record_failure(const char* file, int line, const char* fmt, ...) {
    char message[512];
    std::size_t prefix = static_cast<std::size_t>(format::format_to_buffer(message, sizeof(message), "%s:%d: ", file, line));
    if (prefix > sizeof(message) - 1) prefix = sizeof(message) - 1;
    std::va_list args;
    va_start(args, fmt);
    format::vformat_to_buffer(message + prefix, sizeof(message) - prefix, fmt, args);
    va_end(args);
    if (reporter.current_failed()) reporter.failure_text("; ");
    reporter.failure_text(message);
}

bool current_test_failed() { return reporter.current_failed(); }

}  // namespace tessera_test

int main() {
    using namespace tessera_test;
    const seL4_BootInfo* bootinfo = sel4runtime_bootinfo();
    Options options;
    parse_bootargs(bootinfo != nullptr ? find_bootargs(bootinfo) : nullptr, options);

    const Regex filter(options.filter);
    if (!filter.valid()) {
        print("sel4test: bad filter regex '");
        print(options.filter);
        print("': ");
        print(filter.error());
        print("\n");
        seL4_DebugHalt();
    }

    // Selected tests, sorted by name (sel4test sorts its test table).
    constexpr unsigned max_tests = 1024;
    static const TestCase* selected[max_tests];
    unsigned count = 0;
    unsigned disabled = 0;
    for (const TestCase* test = __start__test_case; test != __stop__test_case; ++test) {
        if (test->selftest && !options.selftest) continue;
        if (!filter.search(test->name)) continue;
        if (!test->enabled) {
            ++disabled;
            continue;
        }
        if (count < max_tests) selected[count++] = test;
    }
    for (unsigned i = 1; i < count; ++i)
        for (unsigned j = i; j > 0 && compare_names(selected[j - 1]->name, selected[j]->name) > 0; --j) {
            const TestCase* t = selected[j];
            selected[j] = selected[j - 1];
            selected[j - 1] = t;
        }

    Env env{bootinfo};
    (void)allocator().init(bootinfo);
    // Tests run below the root task's boot priority, so helper threads can
    // be made above and below them (test_priority, thread.hpp).
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, test_priority);
    reporter.begin_suite();
    for (unsigned i = 0; i < count; ++i) {
        reporter.begin_test(i, selected[i]->name);
        const unsigned slots_before = allocator().slots_in_use();
        const Result result = selected[i]->run(env);
        if (result == Result::Fail && !reporter.current_failed())
            reporter.failure_text("test returned failure without a recorded reason");
        // Tests share the root task (sel4test gives each a fresh process):
        // one that keeps slots would change what the next one sees.
        if (allocator().slots_in_use() != slots_before) {
            if (reporter.current_failed()) reporter.failure_text("; ");
            reporter.failure_text("test did not free every slot it allocated");
        }
        reporter.end_test();
    }
    reporter.end_suite(disabled);
    seL4_DebugHalt();
    return 0;
}
