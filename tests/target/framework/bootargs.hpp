// SPDX-License-Identifier: BSD-2-Clause
// Reading the suite's options. The root task gets no command line in seL4;
// the kernel passes the device tree in the extra boot info (chunk id
// SEL4_BOOTINFO_HEADER_FDT, sel4-abi.md §14.2), and QEMU's -append puts its
// text into /chosen/bootargs. Options are space-separated key=value words:
//   sel4test.filter=REGEX   run only the tests whose name matches REGEX
//   tessera.selftest=1      also run the harness self-checks (expected to fail)
#pragma once

#include <cstddef>

namespace tessera_test {

struct Options {
    static constexpr std::size_t max_value = 256;
    char filter[max_value] = ".*";
    bool selftest = false;
};

// Parses `text` (may be null) into `options`. Unknown words are ignored, as a
// kernel ignores unknown command-line words.
inline void parse_bootargs(const char* text, Options& options) {
    if (text == nullptr) return;
    auto starts_with = [](const char* s, const char* prefix) {
        while (*prefix != '\0')
            if (*s++ != *prefix++) return false;
        return true;
    };
    const char* p = text;
    while (*p != '\0') {
        while (*p == ' ') ++p;
        const char* word = p;
        while (*p != '\0' && *p != ' ') ++p;
        const std::size_t len = static_cast<std::size_t>(p - word);
        if (starts_with(word, "sel4test.filter=")) {
            const std::size_t key = sizeof("sel4test.filter=") - 1;
            std::size_t n = len - key;
            if (n >= Options::max_value) n = Options::max_value - 1;
            for (std::size_t i = 0; i < n; ++i) options.filter[i] = word[key + i];
            options.filter[n] = '\0';
        } else if (len == sizeof("tessera.selftest=1") - 1 && starts_with(word, "tessera.selftest=1")) {
            options.selftest = true;
        }
    }
}

}  // namespace tessera_test
