// SPDX-License-Identifier: BSD-2-Clause
// See timer.hpp.
#include "timer.hpp"

#include <cstdint>

#include <fdt/fdt.hpp>

#include "alloc.hpp"

namespace tessera_test {

namespace {

// The driver thread: one loop per device interrupt.
seL4_Word timer_driver(seL4_Word arg, seL4_Word, seL4_Word, seL4_Word) {
    Timer::State& s = *reinterpret_cast<Timer::State*>(arg);
    for (;;) {
        (void)seL4_Wait(s.irq_notification, nullptr);
        if (s.stopping) break;
        s.timer->clear_interrupt();
        if (s.armed) {
            if (s.period_ns != 0) {
                // Re-arm from the deadline, not from now, so that periods do
                // not drift; skip the ones already missed.
                const std::uint64_t now = s.timer->now_ns();
                std::uint64_t next = s.next_ns + s.period_ns;
                if (next <= now) next = now + s.period_ns;
                s.next_ns = next;
                s.timer->arm_at(next);
            } else {
                s.armed = false;
                s.timer->disarm();
            }
            s.ticks = s.ticks + 1;
            seL4_Signal(s.signal);
        }
        (void)seL4_IRQHandler_Ack(s.handler);
    }
    return 0;
}

}  // namespace

#if defined(__aarch64__)

// The EL1 physical timer (Arm ARM D11.2): CNTPCT_EL0 counts at CNTFRQ_EL0;
// the timer condition is met when the counter reaches CNTP_CVAL_EL0 with
// CNTP_CTL_EL0.ENABLE set and IMASK clear. Its interrupt is PPI 30 on
// QEMU virt (INTID 30, the GIC's non-secure EL1 physical timer).
namespace {
constexpr seL4_Word physical_timer_ppi = 30;
std::uint64_t counter() {
    std::uint64_t v;
    asm volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v));
    return v;
}
}  // namespace

std::uint64_t Timer::now_ns() const {
    const std::uint64_t c = counter();
    return c / frequency_ * 1'000'000'000u + c % frequency_ * 1'000'000'000u / frequency_;
}

void Timer::arm_at(std::uint64_t deadline_ns) const {
    const std::uint64_t when =
        deadline_ns / 1'000'000'000u * frequency_ + deadline_ns % 1'000'000'000u * frequency_ / 1'000'000'000u;
    asm volatile("msr cntp_cval_el0, %0\n\tmsr cntp_ctl_el0, %1\n\tisb" ::"r"(when), "r"(std::uint64_t{1}));
}

void Timer::disarm() const { asm volatile("msr cntp_ctl_el0, %0\n\tisb" ::"r"(std::uint64_t{0})); }

// The timer's output is level: it stays high while the condition holds, so
// the handler re-arms or disables it before the Ack.
void Timer::clear_interrupt() const {}

bool Timer::init_device() {
    asm volatile("mrs %0, cntfrq_el0" : "=r"(frequency_));
    if (frequency_ == 0) {
        record_failure(__FILE__, __LINE__, "CNTFRQ_EL0 is 0");
        return false;
    }
    disarm();
    irq_ = physical_timer_ppi;
    return true;
}

void Timer::stop_device() { disarm(); }

#elif defined(__riscv)

// The goldfish RTC (QEMU hw/rtc/goldfish_rtc.c; Android emulator's
// goldfish virtual hardware): 32-bit registers, time in ns. Reading
// TIME_LOW latches the high half for TIME_HIGH; writing ALARM_LOW arms the
// alarm at (ALARM_HIGH << 32 | ALARM_LOW), firing at once if that is past.
namespace {
namespace rtc {
constexpr unsigned time_low = 0x00 / 4;
constexpr unsigned time_high = 0x04 / 4;
constexpr unsigned alarm_low = 0x08 / 4;
constexpr unsigned alarm_high = 0x0c / 4;
constexpr unsigned irq_enabled = 0x10 / 4;
constexpr unsigned clear_alarm = 0x14 / 4;
constexpr unsigned clear_interrupt = 0x1c / 4;
}  // namespace rtc

// Above free_window's root slot, so a test's own mappings never share the
// RTC's page tables.
constexpr seL4_Word rtc_window = 0x2040000000ul;
}  // namespace

std::uint64_t Timer::now_ns() const {
    const std::uint32_t low = rtc_[rtc::time_low];
    const std::uint32_t high = rtc_[rtc::time_high];
    return std::uint64_t{high} << 32 | low;
}

void Timer::arm_at(std::uint64_t deadline_ns) const {
    rtc_[rtc::alarm_high] = static_cast<std::uint32_t>(deadline_ns >> 32);
    rtc_[rtc::alarm_low] = static_cast<std::uint32_t>(deadline_ns);
}

void Timer::disarm() const { rtc_[rtc::clear_alarm] = 1; }

void Timer::clear_interrupt() const { rtc_[rtc::clear_interrupt] = 1; }

bool Timer::init_device() {
    const seL4_BootInfo* bi = env_.bootinfo;
    const auto* header = reinterpret_cast<const seL4_BootInfoHeader*>(reinterpret_cast<std::uintptr_t>(bi) +
                                                                      (seL4_Word{1} << seL4_PageBits));
    if (bi->extraLen < sizeof(*header) || header->id != SEL4_BOOTINFO_HEADER_FDT) {
        record_failure(__FILE__, __LINE__, "no device tree in the extra boot info");
        return false;
    }
    const auto tree = fdt::Tree::parse(header + 1, header->len - sizeof(*header));
    const auto node = tree.valid() ? tree.find_compatible("google,goldfish-rtc") : std::nullopt;
    const auto reg = node ? node->reg(0) : std::nullopt;
    const auto interrupts = node ? node->property("interrupts") : std::nullopt;
    if (!reg || !interrupts || !interrupts->u32()) {
        record_failure(__FILE__, __LINE__, "no goldfish RTC with reg and interrupts in the device tree");
        return false;
    }
    irq_ = *interrupts->u32();
    const seL4_Word paddr = reg->address & ~((seL4_Word{1} << seL4_PageBits) - 1);

    // The device untyped that holds the RTC, halved down to its page: each
    // Retype of a half-size untyped takes the next half (seL4-abi.md,
    // Untyped_Retype: objects are placed at the untyped's watermark).
    const seL4_Word count = bi->untyped.end - bi->untyped.start;
    for (seL4_Word i = 0; i < count && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; ++i) {
        const seL4_UntypedDesc& d = bi->untypedList[i];
        if (d.isDevice && paddr >= d.paddr && paddr - d.paddr < (seL4_Word{1} << d.sizeBits))
            device_untyped_ = bi->untyped.start + i;
    }
    if (device_untyped_ == 0) {
        record_failure(__FILE__, __LINE__, "no device untyped holds the RTC at 0x%lx", static_cast<unsigned long>(paddr));
        return false;
    }
    const seL4_UntypedDesc& desc = bi->untypedList[device_untyped_ - bi->untyped.start];
    seL4_CPtr untyped = device_untyped_;
    seL4_Word base = desc.paddr;
    for (unsigned bits = desc.sizeBits; bits > seL4_PageBits; --bits) {
        const seL4_Word half = seL4_Word{1} << (bits - 1);
        const unsigned halves = paddr >= base + half ? 2 : 1;
        seL4_CPtr child = 0;
        for (unsigned h = 0; h < halves; ++h) {
            child = device_slots_.slot();
            if (child == 0) return false;
            const seL4_Error e =
                seL4_Untyped_Retype(untyped, seL4_UntypedObject, bits - 1, root_cnode, 0, 0, child, 1);
            if (e != seL4_NoError) {
                record_failure(__FILE__, __LINE__, "Retype of a device untyped half: error %d", e);
                return false;
            }
        }
        if (halves == 2) base += half;
        untyped = child;
    }
    frame_ = device_slots_.slot();
    if (frame_ == 0) return false;
    seL4_Error e = seL4_Untyped_Retype(untyped, vm::small_page_object, 0, root_cnode, 0, 0, frame_, 1);
    if (e != seL4_NoError) {
        record_failure(__FILE__, __LINE__, "Retype of the RTC frame: error %d", e);
        return false;
    }
    if (!tables_.cover(rtc_window)) return false;
    // No cacheability attribute on RISC-V: device memory is uncached by
    // the platform's physical memory attributes.
    e = vm::page_map(frame_, seL4_CapInitThreadVSpace, rtc_window, seL4_ReadWrite,
                     vm::default_attributes | vm::execute_never);
    if (e != seL4_NoError) {
        record_failure(__FILE__, __LINE__, "Page_Map of the RTC frame: error %d", e);
        return false;
    }
    rtc_ = reinterpret_cast<volatile std::uint32_t*>(rtc_window + (reg->address - paddr));
    disarm();
    clear_interrupt();
    rtc_[rtc::irq_enabled] = 1;
    return true;
}

void Timer::stop_device() {
    if (rtc_ == nullptr) return;
    disarm();
    rtc_[rtc::irq_enabled] = 0;
    clear_interrupt();
    (void)vm::page_unmap(frame_);
    rtc_ = nullptr;
}

#endif

bool Timer::init(seL4_Word badge) {
    if (!init_device()) return false;
    target_ = objects_.notification();
    state_.irq_notification = objects_.notification();
    state_.handler = objects_.slot();
    if (target_ == 0 || state_.irq_notification == 0 || state_.handler == 0) return false;
    state_.signal = objects_.mint(target_, badge);
    if (state_.signal == 0) return false;
    seL4_Error e = seL4_IRQControl_Get(seL4_CapIRQControl, irq_, root_cnode, state_.handler, root_depth);
    if (e != seL4_NoError) {
        record_failure(__FILE__, __LINE__, "IRQControl_Get(%lu): error %d", static_cast<unsigned long>(irq_), e);
        return false;
    }
    e = seL4_IRQHandler_SetNotification(state_.handler, state_.irq_notification);
    if (e != seL4_NoError) {
        record_failure(__FILE__, __LINE__, "IRQHandler_SetNotification: error %d", e);
        return false;
    }
    state_.timer = this;
    if (!driver_.create(env_, driver_priority)) return false;
    driver_.start(timer_driver, &state_);
    running_ = true;
    return true;
}

Timer::~Timer() {
    reset();
    if (running_) {
        state_.stopping = true;
        seL4_Signal(state_.irq_notification);
        (void)driver_.wait();
        driver_.cleanup();
        running_ = false;
    }
    stop_device();
    // The IRQ handler, notifications, frame and page tables go with the
    // members; the device untyped's halves go with its revoke.
#if defined(__riscv)
    if (device_untyped_ != 0) (void)seL4_CNode_Revoke(root_cnode, device_untyped_, root_depth);
#endif
}

bool Timer::oneshot_relative(std::uint64_t ns) {
    state_.armed = false;
    state_.period_ns = 0;
    state_.next_ns = now_ns() + ns;
    state_.armed = true;
    arm_at(state_.next_ns);
    return true;
}

bool Timer::periodic(std::uint64_t ns) {
    if (ns == 0) return false;
    state_.armed = false;
    state_.period_ns = ns;
    state_.next_ns = now_ns() + ns;
    state_.armed = true;
    arm_at(state_.next_ns);
    return true;
}

void Timer::reset() {
    if (target_ == 0) return;
    state_.armed = false;
    state_.period_ns = 0;
    disarm();
}

seL4_Word Timer::wait() {
    seL4_Word badge = 0;
    (void)seL4_Wait(target_, &badge);
    return badge;
}

}  // namespace tessera_test
