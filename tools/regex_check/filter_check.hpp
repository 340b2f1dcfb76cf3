// SPDX-License-Identifier: BSD-2-Clause
// Whether the on-target suite accepts a pattern as its filter, decided with
// the suite's own code: the boot-argument parser (bootargs.hpp: words split
// at spaces, values cut to Options::max_value - 1 characters) and the regex
// engine (regex.hpp). Nothing here may add or relax a rule of its own.
#pragma once

#include <cstring>
#include <string>

#include "bootargs.hpp"
#include "regex.hpp"

namespace tessera_test {

struct FilterVerdict {
    bool ok = false;
    std::string reason;  // one line, when !ok
};

inline FilterVerdict check_filter(const std::string& pattern) {
    // The filter travels as the word "sel4test.filter=PATTERN" of the kernel
    // command line; the suite reads back whatever its parser makes of it.
    const std::string word = "sel4test.filter=" + pattern;
    Options options;
    parse_bootargs(word.c_str(), options);
    if (pattern != options.filter) {
        // The suite would run with a different filter than the one given.
        if (pattern.find(' ') != std::string::npos)
            return {false, "it contains a space, and the suite splits its options at spaces (it would read '" +
                               std::string(options.filter) + "')"};
        if (pattern.size() >= Options::max_value)
            return {false, "it has " + std::to_string(pattern.size()) + " characters, the suite keeps the first " +
                               std::to_string(Options::max_value - 1)};
        return {false, "the suite would read it as '" + std::string(options.filter) + "'"};
    }
    const Regex regex(options.filter);
    if (!regex.valid()) return {false, regex.error()};
    return {true, {}};
}

}  // namespace tessera_test
