// SPDX-License-Identifier: BSD-2-Clause
// Debug-kernel probes of the mapping rules (kern/kernel_mappings.hpp): asked
// for on the kernel command line (/chosen/bootargs, QEMU -append) as
//   tessera.mapping_probe=NAME
// the kernel breaks one rule on purpose just before it first enters the root
// task, with the root task's address space active. Each probe must end in a
// kernel-mode fault whose panic names the address and the rule; a probe that
// returns is itself a panic saying the rule is not enforced. The QEMU tests
// (tests/target/kernel_mappings.cmake) boot once per probe.
//
// Debug-only code: the release and benchmark kernels do not link it
// (kernel.<arch>.mapping_probe_debug_only); callers test
// kern::config::debug_build. The parser is pure and host-tested.
#pragma once

#include <kern/types.hpp>

namespace kern::mapping_probe {

enum class Probe {
    None,
    WriteText,    // store to kernel text
    WriteRodata,  // store to kernel rodata
    ExecData,     // call into a .bss buffer
    ExecStack,    // call into a buffer on the kernel stack
    ExecUser,     // call the root task's entry point
    ReadUser,     // load from the root task's entry point
};

struct ProbeName {
    Probe probe;
    const char* name;
};

inline constexpr ProbeName probe_names[] = {
    {Probe::WriteText, "write-text"}, {Probe::WriteRodata, "write-rodata"}, {Probe::ExecData, "exec-data"},
    {Probe::ExecStack, "exec-stack"}, {Probe::ExecUser, "exec-user"},       {Probe::ReadUser, "read-user"},
};

inline constexpr char option_key[] = "tessera.mapping_probe=";

constexpr const char* probe_name(Probe probe) {
    for (const ProbeName& p : probe_names)
        if (p.probe == probe) return p.name;
    return "none";
}

struct ParsedOption {
    Probe probe = Probe::None;
    bool unknown = false;  // the option is present with a name not in probe_names
};

// Finds the option among the space-separated words of `bootargs` (may be
// null); the last occurrence wins, other words are ignored.
constexpr ParsedOption parse_bootargs(const char* bootargs) {
    ParsedOption result;
    if (bootargs == nullptr) return result;
    const char* p = bootargs;
    while (*p != '\0') {
        while (*p == ' ') ++p;
        const char* word = p;
        while (*p != '\0' && *p != ' ') ++p;
        const char* key = option_key;
        const char* value = word;
        while (*key != '\0' && value != p && *value == *key) ++key, ++value;
        if (*key != '\0') continue;
        result = {Probe::None, true};
        for (const ProbeName& candidate : probe_names) {
            const char* a = candidate.name;
            const char* b = value;
            while (*a != '\0' && b != p && *a == *b) ++a, ++b;
            if (*a == '\0' && b == p) result = {candidate.probe, false};
        }
    }
    return result;
}

// Debug kernel only (kernel/core/debug/mapping_probe.cpp).
// Remembers the probe `bootargs` asks for; says so on the console.
void request(const char* bootargs);
// Called by the arch's kernel-mode fault handler before its panic: says
// whether the fault is the running probe's own access (at the address it
// targets), so a test can tell it from a fault somewhere else.
void report_fault(vaddr_t address);
// The probe request() found (Probe::None if none).
Probe requested_probe();
// Runs the requested probe, if any, with `user_address` a mapped user
// address (the root task's entry point). Returns only if none was requested.
void run_requested(vaddr_t user_address);

}  // namespace kern::mapping_probe
