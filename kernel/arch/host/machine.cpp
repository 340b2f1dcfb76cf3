// SPDX-License-Identifier: BSD-2-Clause
#include <utility>

#include <arch/machine.hpp>

namespace arch {

std::string& host_console() {
    static std::string output;
    return output;
}

void console_put_char(char c) { host_console().push_back(c); }

void machine_exit(int status) { throw MachineExit{status}; }

namespace {
std::vector<kern::PhysRange>& host_kernel_devices() {
    static std::vector<kern::PhysRange> regions;
    return regions;
}
}  // namespace

void set_host_kernel_devices(std::vector<kern::PhysRange> regions) { host_kernel_devices() = std::move(regions); }

unsigned kernel_device_regions(kern::PhysRange* out, unsigned max) {
    unsigned n = 0;
    for (const kern::PhysRange& r : host_kernel_devices()) {
        if (n == max) break;
        out[n++] = r;
    }
    return n;
}

bool interrupt_pending() { return false; }  // the host fake never has one

}  // namespace arch
