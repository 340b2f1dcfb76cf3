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

namespace {
HostIrqLine host_irqs[irq_max + 1];
}  // namespace

HostIrqLine& host_irq_line(kern::word_t irq) { return host_irqs[irq]; }
bool host_irq_deliverable(kern::word_t irq) { return host_irqs[irq].enabled && !host_irqs[irq].held; }
void reset_host_irqs() {
    for (HostIrqLine& line : host_irqs) line = HostIrqLine{};
}
bool irq_enabled(kern::word_t irq) { return irq <= irq_max && host_irqs[irq].enabled; }
void irq_enable(kern::word_t irq, bool enabled) {
    if (irq > irq_max) return;
    host_irqs[irq].enabled = enabled;
    if (!enabled) host_irqs[irq].held = false;
}
void irq_set_trigger(kern::word_t irq, bool edge) { host_irqs[irq].edge = edge; }
void irq_hold(kern::word_t irq) { host_irqs[irq].held = true; }
void irq_ack(kern::word_t irq) {
    host_irqs[irq].held = false;
    ++host_irqs[irq].acks;
}

namespace {
std::uint64_t host_time = 0;
std::uint64_t deadline = host_no_deadline;
kern::Tcb* fpu_owner = nullptr;
}  // namespace

void set_host_time(std::uint64_t ticks) { host_time = ticks; }
std::uint64_t host_deadline() { return deadline; }
void reset_host_timer() {
    host_time = 0;
    deadline = host_no_deadline;
}
std::uint64_t timer_now() { return host_time; }
void timer_set_deadline(std::uint64_t ticks) { deadline = ticks; }

kern::Tcb* host_fpu_owner() { return fpu_owner; }
void set_host_fpu_owner(kern::Tcb* thread) { fpu_owner = thread; }
void fpu_release(kern::Tcb& thread) {
    if (fpu_owner == &thread) fpu_owner = nullptr;
}

}  // namespace arch
