// SPDX-License-Identifier: BSD-2-Clause
// The mapping-rule probes of the debug kernel (kern/mapping_probe.hpp). Each
// one makes a single access the kernel's mappings forbid; the arch's
// kernel-mode fault handler is expected to stop the machine with a panic
// naming the address and the rule (kern::broken_mapping_rule).
#include <cstdint>

#include <kern/console.hpp>
#include <kern/mapping_probe.hpp>

namespace kern::mapping_probe {
namespace {

Probe requested = Probe::None;
// The address the running probe accesses; 0 while none runs.
vaddr_t target = 0;

// A function whose code is copied into writable memory and called there; it
// only returns, so if the fetch is (wrongly) allowed the probe goes on to say
// that the rule is not enforced.
[[gnu::noinline]] void returns_at_once() { asm volatile("" ::: "memory"); }

constexpr std::size_t code_bytes = 32;
alignas(64) std::uint8_t data_code[code_bytes];  // .bss: read-write, never executable
// .rodata: read-only.
constexpr std::uint32_t rodata_word_value = 0x600dc0de;
const volatile std::uint32_t rodata_word = rodata_word_value;

using CodeFunction = void (*)();

void copy_returning_code(volatile std::uint8_t* to) {
    const auto* from = reinterpret_cast<const volatile std::uint8_t*>(reinterpret_cast<std::uintptr_t>(&returns_at_once));
    for (std::size_t i = 0; i < code_bytes; ++i) to[i] = from[i];
}

void call_at(const void* code) {
    target = reinterpret_cast<vaddr_t>(code);
    kprintf("Tessera: mapping probe %s: calling 0x%lx\n", probe_name(requested), reinterpret_cast<vaddr_t>(code));
    reinterpret_cast<CodeFunction>(reinterpret_cast<std::uintptr_t>(code))();
}

// Writes back the value already there, so a store that is wrongly allowed
// changes nothing before the probe reports it.
void rewrite_word(std::uintptr_t address) {
    target = address;
    kprintf("Tessera: mapping probe %s: writing 0x%lx\n", probe_name(requested), address);
    auto* word = reinterpret_cast<volatile std::uint32_t*>(address);
    const std::uint32_t value = *word;
    *word = value;
}

[[gnu::noinline]] void execute_from_stack() {
    alignas(64) volatile std::uint8_t stack_code[code_bytes];
    copy_returning_code(stack_code);
    call_at(const_cast<const std::uint8_t*>(stack_code));
}

const char* rule_of(Probe probe) {
    switch (probe) {
    case Probe::WriteText: return "W^X: kernel text is read-only";
    case Probe::WriteRodata: return "kernel rodata is read-only";
    case Probe::ExecData:
    case Probe::ExecStack: return "W^X: only kernel text is executable";
    case Probe::ExecUser: return "the kernel never executes user memory";
    case Probe::ReadUser: return "the kernel never accesses user memory through a user address";
    case Probe::None: break;
    }
    return "none";
}

}  // namespace

void request(const char* bootargs) {
    const ParsedOption option = parse_bootargs(bootargs);
    if (option.unknown) {
        kprintf("Tessera: unknown %s value ignored; the probes are:", option_key);
        for (const ProbeName& p : probe_names) kprintf(" %s", p.name);
        kprintf("\n");
        return;
    }
    requested = option.probe;
    if (requested != Probe::None)
        kprintf("Tessera: mapping probe %s requested: the kernel will break \"%s\" before entering user mode\n",
                probe_name(requested), rule_of(requested));
}

Probe requested_probe() { return requested; }

void report_fault(vaddr_t address) {
    if (target == 0) return;
    if (address == target)
        kprintf("Tessera: mapping probe %s faulted at its target 0x%lx\n", probe_name(requested), address);
    else
        kprintf("Tessera: mapping probe %s: fault at 0x%lx, not at its target 0x%lx\n", probe_name(requested),
                address, target);
}

void run_requested(vaddr_t user_address) {
    switch (requested) {
    case Probe::None: return;
    case Probe::WriteText: rewrite_word(reinterpret_cast<std::uintptr_t>(&returns_at_once)); break;
    case Probe::WriteRodata: rewrite_word(reinterpret_cast<std::uintptr_t>(&rodata_word)); break;
    case Probe::ExecData:
        copy_returning_code(data_code);
        call_at(data_code);
        break;
    case Probe::ExecStack: execute_from_stack(); break;
    case Probe::ExecUser: call_at(reinterpret_cast<const void*>(user_address)); break;
    case Probe::ReadUser: {
        target = user_address;
        kprintf("Tessera: mapping probe %s: reading 0x%lx\n", probe_name(requested), user_address);
        const std::uint8_t value = *reinterpret_cast<const volatile std::uint8_t*>(user_address);
        kprintf("Tessera: mapping probe %s: read 0x%x\n", probe_name(requested), value);
        break;
    }
    }
    // On AArch64 only PAN (ARMv8.1) can trap the read; the boot log says when the CPU has none.
    panic("mapping probe %s: the kernel did not fault, so \"%s\" is not enforced%s", probe_name(requested),
          rule_of(requested), requested == Probe::ReadUser ? " (AArch64: needs PAN)" : "");
}

}  // namespace kern::mapping_probe
