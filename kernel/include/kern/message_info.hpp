// SPDX-License-Identifier: BSD-2-Clause
// seL4_MessageInfo_t, one word (sel4-abi.md §3.1; libsel4 shared_types.bf).
#pragma once

#include <kern/bitfield.hpp>
#include <kern/types.hpp>

namespace kern {

struct MessageInfo : Register<MessageInfo> {
    using Register::Register;
    using Length = Bitfield<6, 0>;
    using ExtraCaps = Bitfield<8, 7>;
    using CapsUnwrapped = Bitfield<11, 9>;
    using Label = Bitfield<63, 12>;

    static constexpr word_t max_length = 120;    // seL4_MsgMaxLength
    static constexpr word_t max_extra_caps = 3;  // seL4_MsgMaxExtraCaps

    static constexpr MessageInfo make(word_t label, word_t caps_unwrapped, word_t extra_caps, word_t length) {
        return MessageInfo{}
            .with<Label>(label)
            .with<CapsUnwrapped>(caps_unwrapped)
            .with<ExtraCaps>(extra_caps)
            .with<Length>(length);
    }
    constexpr word_t label() const { return get<Label>(); }
    constexpr word_t extra_caps() const { return get<ExtraCaps>(); }
    // The kernel clamps an over-long length to seL4_MsgMaxLength on entry;
    // it is not an error (sel4-abi.md §3.1).
    constexpr word_t length() const {
        const word_t n = get<Length>();
        return n > max_length ? max_length : n;
    }
};

static_assert(MessageInfo::make(0xabc, 1, 2, 3).raw() == ((0xabcull << 12) | (1 << 9) | (2 << 7) | 3));
static_assert(MessageInfo{127}.length() == 120);

}  // namespace kern
