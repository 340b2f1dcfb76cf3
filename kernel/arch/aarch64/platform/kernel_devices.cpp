// SPDX-License-Identifier: BSD-2-Clause
// The device regions the AArch64 kernel keeps to itself (the GIC
// distributor and CPU interface or redistributors), reported to generic boot so they are kept
// out of the root task's device untypeds (kern/arch_contract.hpp).
#include <arch/machine.hpp>
#include <kern/boot.hpp>

#include "platform.hpp"

namespace arch {
namespace {
kern::KernelDeviceRegions kernel_devices;
}  // namespace

namespace platform {
void note_kernel_device(kern::paddr_t base, std::uint64_t size) { kernel_devices.add(base, size); }
}  // namespace platform

unsigned kernel_device_regions(kern::PhysRange* out, unsigned max) { return kernel_devices.copy_to(out, max); }

}  // namespace arch
