// SPDX-License-Identifier: BSD-2-Clause
// The host arch's record of VSpace hardware maintenance.
#include <arch/vspace_arch.hpp>

namespace arch {

std::vector<HostTlbFlush>& host_tlb_flushes() {
    static std::vector<HostTlbFlush> flushes;
    return flushes;
}

std::vector<kern::paddr_t>& host_initialised_roots() {
    static std::vector<kern::paddr_t> roots;
    return roots;
}

}  // namespace arch
