/* SPDX-License-Identifier: BSD-2-Clause */
/* The demo root task: greets, shows what the kernel handed over, halts (debug builds). */
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <tessera/print.h>

#if defined(__riscv)
#define ARCH_NAME "riscv64"
#elif defined(__aarch64__)
#define ARCH_NAME "aarch64"
#else
#error "unsupported architecture"
#endif

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const seL4_BootInfo *bootinfo = sel4runtime_bootinfo();
    tessera_printf("Hello from the Tessera root task on %s!\n", ARCH_NAME);
    tessera_printf("  ipcBuffer %p\n", (void *)bootinfo->ipcBuffer);
    tessera_printf("  nodeID %lu, numNodes %lu\n", bootinfo->nodeID, bootinfo->numNodes);
    tessera_printf("  extraLen %lu\n", bootinfo->extraLen);
    tessera_printf("  untyped slots [%lu, %lu), empty slots [%lu, %lu)\n", bootinfo->untyped.start,
                   bootinfo->untyped.end, bootinfo->empty.start, bootinfo->empty.end);
#ifdef CONFIG_DEBUG_BUILD
    seL4_DebugHalt();
#endif
    return 0; /* other configurations: sel4runtime suspends the thread */
}
