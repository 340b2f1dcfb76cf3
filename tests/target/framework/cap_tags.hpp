// SPDX-License-Identifier: BSD-2-Clause
// seL4's cap type tags as seL4_DebugCapIdentify reports them (the 64-bit cap
// types of seL4 16.0.0; the odd numbers between are the architecture's or
// unused). Written out here rather than taken from the kernel, so a test
// comparing against them checks the kernel's numbering.
#pragma once

#include <sel4/sel4.h>

namespace tessera_test {

enum CapTag : seL4_Uint32 {
    cap_tag_null = 0,
    cap_tag_frame = 1,
    cap_tag_untyped = 2,
    cap_tag_page_table = 3,
    cap_tag_endpoint = 4,
    cap_tag_notification = 6,
    cap_tag_reply = 8,
    cap_tag_vspace = 9,
    cap_tag_cnode = 10,
    cap_tag_asid_control = 11,
    cap_tag_thread = 12,
    cap_tag_asid_pool = 13,
    cap_tag_irq_control = 14,
    cap_tag_irq_handler = 16,
    cap_tag_domain = 20,
    cap_tag_sched_context = 22,
    cap_tag_sched_control = 24,
};
// The tag is a 5-bit field of every cap.
constexpr unsigned cap_tag_limit = 32;

}  // namespace tessera_test
