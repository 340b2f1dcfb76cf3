// SPDX-License-Identifier: BSD-2-Clause
// The monitor: once the system is built, the initial task waits on the
// fault endpoint every root protection domain (PD) has as its fault
// handler (badge = PD index + 1, Microkit manual "Faults") and on the
// passive PDs' hand-shake (a message with label 0 on the same endpoint).
// A fault is printed as Microkit's monitor prints it and never answered:
// the faulting PD stays stopped (suspended) while the rest of the system runs.
#pragma once

#include <sel4/sel4.h>

#include "builder.hpp"
#include "spec_view.hpp"

namespace initialiser {

[[noreturn]] void run_monitor(const SpecView& spec, const Builder& builder, seL4_CPtr reply);

}  // namespace initialiser
