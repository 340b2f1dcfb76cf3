// SPDX-License-Identifier: BSD-2-Clause
#include <arch/machine.hpp>

namespace arch {

std::string& host_console() {
    static std::string output;
    return output;
}

void console_put_char(char c) { host_console().push_back(c); }

void machine_exit(int status) { throw MachineExit{status}; }

}  // namespace arch
