// SPDX-License-Identifier: BSD-2-Clause
// The initial task of a Microkit system: Tessera's root task that turns the
// specification the `microkit` tool embedded into the running system, then
// stays on as the monitor. Boot log (debug configuration):
//   MICROKIT|INITIAL TASK: <objects, caps, mappings, threads built>
//   MON|INFO: Microkit Monitor started!
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <tessera/print.h>

#include "builder.hpp"
#include "cspace.hpp"
#include "memory.hpp"
#include "monitor.hpp"
#include "spec_view.hpp"

// The virtual address of the specification blob, written by the tool into
// this ELF (it is in .data so that the tool finds file bytes to patch).
extern "C" {
__attribute__((used, section(".data"))) volatile uint64_t microkit_spec_address = 0;
}

namespace {

#if defined(__aarch64__)
constexpr uint64_t own_arch = microkit_spec::arch_aarch64;
#elif defined(__riscv)
constexpr uint64_t own_arch = microkit_spec::arch_riscv64;
#endif

initialiser::SpecView spec;
initialiser::Memory memory;
initialiser::CSpace cspace;
char message[256];

[[noreturn]] void stop(const char* reason) {
    tessera_printf("MICROKIT|ERROR: %s\n", reason);
    tessera_printf("MICROKIT|ERROR: the system was not started\n");
    // Nothing else can run: the kernel reports that no thread can ever run again.
    seL4_TCB_Suspend(seL4_CapInitThreadTCB);
    for (;;) {
    }
}

seL4_CPtr take_slot(void* context) { return static_cast<initialiser::CSpace*>(context)->take(); }

}  // namespace

int main() {
    const seL4_BootInfo* info = sel4runtime_bootinfo();
    if (info == nullptr) stop("no BootInfo");
    if (const char* error = spec.check(reinterpret_cast<const void*>(microkit_spec_address), own_arch)) stop(error);
    memory.init(info);
    if (const char* error = memory.check_ram(spec.header().ram_base, spec.header().ram_end, message, sizeof message))
        stop(error);
    cspace.init(info);
    memory.set_slot_source(take_slot, &cspace);
    initialiser::Builder builder(spec, info, memory, cspace);
    if (const char* error = builder.build(message, sizeof message)) stop(error);
    // The monitor's reply object, for its Recv (MCS).
    const seL4_CPtr reply = cspace.take();
    seL4_Error error = seL4_NoError;
    if (reply == 0 || memory.make(seL4_ReplyObject, 0, seL4_ReplyBits, reply, 1, &error) != 1)
        stop("no memory left for the monitor's reply object");
#if defined(CONFIG_DEBUG_BUILD)
    tessera_printf("MICROKIT|INITIAL TASK: %lu objects, %lu caps, %lu mappings, %lu threads; %lu KiB of RAM left\n",
                   static_cast<unsigned long>(spec.objects()), static_cast<unsigned long>(spec.caps()),
                   static_cast<unsigned long>(spec.mappings()), static_cast<unsigned long>(spec.tcbs()),
                   static_cast<unsigned long>(memory.free_ram() >> 10));
#endif
    initialiser::run_monitor(spec, builder, reply);
}
