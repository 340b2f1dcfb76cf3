// SPDX-License-Identifier: BSD-2-Clause
// The kernel timer (tickless, sel4-mcs.md §4.2): the clock is the `time` CSR
// [riscv/unpriv "Zicntr"; it mirrors the platform's mtime], the one-shot
// deadline is the stimecmp CSR where the hart has Sstc and the firmware lets
// S-mode use it [riscv/priv, Sstc], else SBI set_timer (the TIME extension,
// SBI §6, or the v0.1 legacy call on firmware without it; a call into M-mode
// costs hundreds of instructions). Either way the deadline raises the
// supervisor timer interrupt (sip.STIP). Nothing arms the timer at boot: the
// scheduler owns it.
#include <cstdint>

#include <fdt/fdt.hpp>

#include "csr_access.hpp"
#include "platform.hpp"
#include "sbi.hpp"
#include <arch/csr.hpp>
#include <arch/machine.hpp>
#include <kern/console.hpp>
#include <kern/trap.hpp>

extern "C" bool riscv_probe_stimecmp();  // trap.S

namespace arch::riscv {
namespace {

constexpr std::uint64_t never = ~std::uint64_t{0};

enum class DeadlineWriter : std::uint8_t { Stimecmp, SbiTime, SbiLegacy };
DeadlineWriter deadline_writer = DeadlineWriter::SbiTime;

// A new deadline also clears a pending sip.STIP once it lies in the future
// (SBI §6.1; with Sstc, STIP is stimecmp <= time [riscv/priv, Sstc]).
void write_deadline(std::uint64_t deadline) {
    switch (deadline_writer) {
    case DeadlineWriter::Stimecmp:
        asm volatile("csrw 0x14d, %0" ::"r"(deadline) : "memory");  // stimecmp
        break;
    case DeadlineWriter::SbiTime:
        sbi::set_timer(deadline, false);
        break;
    case DeadlineWriter::SbiLegacy:
        sbi::set_timer(deadline, true);
        break;
    }
}

}  // namespace

void init_timer(const fdt::Tree& tree) {
    // The tick conversions are compile-time constants (seL4's qemu-riscv-virt
    // values), so a machine with another timebase would run every budget and
    // period at the wrong speed: refuse to boot instead.
    const auto cpus = tree.find("/cpus");
    const auto property = cpus ? cpus->property("timebase-frequency") : std::nullopt;
    const auto frequency = property ? property->u32() : std::nullopt;
    if (!frequency)
        kern::panic("timer: the device tree has no /cpus timebase-frequency; the kernel clock needs %lu Hz",
                    arch::timer_frequency_hz);
    if (*frequency != arch::timer_frequency_hz)
        kern::panic("timer: /cpus timebase-frequency is %u Hz, but this kernel is built for a %lu Hz clock "
                    "(arch::timer_frequency_hz)",
                    *frequency, arch::timer_frequency_hz);

    if (riscv_probe_stimecmp()) {
        deadline_writer = DeadlineWriter::Stimecmp;
    } else if (sbi::probe_extension(sbi::eid_time)) {
        deadline_writer = DeadlineWriter::SbiTime;
    } else {
        deadline_writer = DeadlineWriter::SbiLegacy;
        kern::kprintf("Tessera: SBI has no TIME extension; using the legacy set_timer call\n");
    }
    write_deadline(never);
    // The timer interrupt stays enabled in sie; whether it fires is decided
    // by the deadline alone. wfi in the idle loop also needs it enabled
    // there to wake up [riscv/priv 3.3.3].
    RISCV_CSR_SET(sie, Sie{}.with<Sie::STIE>(1).raw());
}

void handle_timer_interrupt() {
    // Acknowledge: a deadline of never clears sip.STIP.
    write_deadline(never);
    kern::handle_timer_interrupt();
}

}  // namespace arch::riscv

namespace arch {

std::uint64_t timer_now() { return RISCV_CSR_READ(time); }

void timer_set_deadline(std::uint64_t deadline) { riscv::write_deadline(deadline); }

}  // namespace arch
