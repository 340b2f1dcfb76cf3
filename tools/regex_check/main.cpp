// SPDX-License-Identifier: BSD-2-Clause
// tessera-regex-check [--] PATTERN: exit 0 if the on-target suite accepts
// PATTERN as its filter (sel4test.filter=PATTERN), else one line on stderr.
#include <cstdio>
#include <cstring>
#include <string>

#include "filter_check.hpp"

namespace {

constexpr const char* usage =
    "usage: tessera-regex-check [--] PATTERN\n"
    "Checks PATTERN as the on-target suite reads its filter (sel4test.filter=PATTERN on the\n"
    "kernel command line): its boot-argument parser and its regex engine, a POSIX ERE subset\n"
    "(literals, ., [...], [^...], *, +, ?, |, (...), ^, $, backslash escapes).\n"
    "Exit status: 0 valid, 1 invalid (the reason on stderr), 2 usage error.\n";

}  // namespace

int main(int argc, char** argv) {
    int first = 1;
    if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (argc > 1 && std::strcmp(argv[1], "--") == 0) first = 2;
    if (argc - first != 1) {
        std::fputs("tessera-regex-check: error: expected one pattern (try --help)\n", stderr);
        return 2;
    }
    const std::string pattern = argv[first];
    const tessera_test::FilterVerdict verdict = tessera_test::check_filter(pattern);
    if (verdict.ok) return 0;
    std::fprintf(stderr, "tessera-regex-check: error: invalid filter '%s': %s\n", pattern.c_str(),
                 verdict.reason.c_str());
    return 1;
}
