// SPDX-License-Identifier: BSD-2-Clause
// The `microkit` command line, as Microkit 2.3.0's (reference/microkit.md
// §3.1): `microkit [-h] [OPTIONS] --board BOARD --config CONFIG
// [--search-path DIR ...] system`, plus `--graph FILE` (an SVG of the system).
// Every error is one line, "microkit: error: ...", and a non-zero status; on
// failure no output file is left behind.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace microkit {

// `args` excludes argv[0]; `sdk` is the SDK root (MICROKIT_SDK, or the
// directory above bin/). Returns the exit status: 0, 1 (bad input), 2 (usage).
int run_cli(const std::vector<std::string>& args, const std::string& sdk, std::ostream& out, std::ostream& err);

}  // namespace microkit
