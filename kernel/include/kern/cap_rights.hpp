// SPDX-License-Identifier: BSD-2-Clause
// seL4_CapRights_t (sel4-abi.md §5.1): one word, low four bits used.
#pragma once

#include <kern/bitfield.hpp>
#include <kern/types.hpp>

namespace kern {

struct CapRights : Register<CapRights> {
    using Register::Register;
    using Write = Bit<0>;
    using Read = Bit<1>;
    using Grant = Bit<2>;
    using GrantReply = Bit<3>;

    static constexpr word_t mask = 0xf;
    static constexpr CapRights all() { return CapRights{mask}; }
    static constexpr CapRights none() { return CapRights{0}; }
    static constexpr CapRights make(bool grant_reply, bool grant, bool read, bool write) {
        return CapRights{(grant_reply ? 8u : 0u) | (grant ? 4u : 0u) | (read ? 2u : 0u) | (write ? 1u : 0u)};
    }

    constexpr bool can_write() const { return test<Write>(); }
    constexpr bool can_read() const { return test<Read>(); }
    constexpr bool can_grant() const { return test<Grant>(); }
    constexpr bool can_grant_reply() const { return test<GrantReply>(); }

    // maskCapRights: rights only ever shrink (§5.1).
    constexpr CapRights masked_by(CapRights other) const { return CapRights{raw() & other.raw() & mask}; }
};

static_assert(CapRights::make(true, false, true, false).raw() == 0xa);

}  // namespace kern
