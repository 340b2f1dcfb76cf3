// SPDX-License-Identifier: BSD-2-Clause
// Message transfer between two threads (sel4-abi.md §8.2–8.3): message
// registers (the first four in CPU registers, the rest buffer to buffer
// when both threads have a usable IPC buffer), capabilities with Grant
// (unwrapped when they name the endpoint the message travels through), or
// the sender's pending fault as a message (§10.3, sel4-mcs.md §8.2).
#include <arch/machine.hpp>
#include <kern/cdt.hpp>
#include <kern/cspace.hpp>
#include <kern/ipc.hpp>
#include <kern/message_info.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace {

constexpr unsigned register_mrs = arch::message_registers_in_cpu;

// seL4 setMR: MR i of the receiver; without a buffer only the register MRs
// exist, and the message stops there.
unsigned set_mr(Tcb& receiver, word_t* buffer, unsigned i, word_t value) {
    if (i < register_mrs) {
        receiver.context.set_message_register(i, value);
        return i + 1;
    }
    if (buffer == nullptr) return register_mrs;
    buffer[1 + i] = value;
    return i + 1;
}

unsigned copy_mrs(Tcb& sender, const word_t* send_buffer, Tcb& receiver, word_t* receive_buffer, unsigned n) {
    unsigned i = 0;
    for (; i < n && i < register_mrs; ++i)
        receiver.context.set_message_register(i, sender.context.message_register(i));
    if (send_buffer == nullptr || receive_buffer == nullptr) return i;
    for (; i < n; ++i) receive_buffer[1 + i] = send_buffer[1 + i];
    return i;
}

struct ExtraCapSlots {
    Cte* slots[MessageInfo::max_extra_caps] = {};
    unsigned count = 0;
};

// lookupExtraCaps at transfer time: any failure disables cap transfer.
ExtraCapSlots lookup_extra_caps(Tcb& sender, const word_t* send_buffer, const MessageInfo& info) {
    ExtraCapSlots caps;
    if (send_buffer == nullptr) return caps;
    const word_t n = info.extra_caps();
    for (word_t i = 0; i < n; ++i) {
        const CapLookup found = lookup_cap_and_slot(sender, send_buffer[ipc_buffer_caps_word + i]);
        if (!found.ok()) return {};
        caps.slots[caps.count++] = found.slot;
    }
    return caps;
}

// transferCaps: unwrap caps to `ep`, derive at most one other cap into the
// receiver's receive slot; stop at the first cap that cannot go.
MessageInfo transfer_caps(MessageInfo info, const ExtraCapSlots& caps, const Endpoint* ep, Tcb& receiver,
                          word_t* receive_buffer) {
    info = info.with<MessageInfo::ExtraCaps>(0).with<MessageInfo::CapsUnwrapped>(0);
    if (caps.count == 0 || receive_buffer == nullptr) return info;
    Cte* dest = lookup_receive_slot(receiver, receive_buffer[ipc_buffer_receive_cnode_word],
                                    receive_buffer[ipc_buffer_receive_index_word], receive_buffer[ipc_buffer_receive_depth_word]);
    unsigned i = 0;
    for (; i < caps.count; ++i) {
        Cte& source = *caps.slots[i];
        const Cap cap = source.cap;
        if (cap.type() == CapType::Endpoint && ep != nullptr && phys_to_virt<Endpoint>(cap.object()) == ep) {
            receive_buffer[ipc_buffer_caps_word + i] = cap.as<EndpointCap>().badge();
            info = info.with<MessageInfo::CapsUnwrapped>(info.get<MessageInfo::CapsUnwrapped>() | (word_t{1} << i));
            continue;
        }
        if (dest == nullptr) break;
        const Result<Cap> derived = cdt::derive(source, cap);
        if (!derived.ok() || derived.value().is_null()) break;
        cdt::insert_child(source, *dest, derived.value());
        dest = nullptr;
    }
    return info.with<MessageInfo::ExtraCaps>(i);
}

void do_normal_transfer(Tcb& sender, const word_t* send_buffer, const Endpoint* ep, word_t badge, bool grant,
                        Tcb& receiver, word_t* receive_buffer) {
    MessageInfo info{sender.context.info_register()};
    const ExtraCapSlots caps = grant ? lookup_extra_caps(sender, send_buffer, info) : ExtraCapSlots{};
    const unsigned length = copy_mrs(sender, send_buffer, receiver, receive_buffer, static_cast<unsigned>(info.length()));
    info = transfer_caps(info, caps, ep, receiver, receive_buffer).with<MessageInfo::Length>(length);
    receiver.context.set_info_register(info.raw());
    receiver.context.set_badge_register(badge);
}

void do_fault_transfer(word_t badge, const Tcb& sender, Tcb& receiver, word_t* receive_buffer) {
    word_t mrs[MessageInfo::max_length];
    const unsigned n = fault_message(sender, mrs);
    unsigned sent = 0;
    for (unsigned i = 0; i < n; ++i) sent = set_mr(receiver, receive_buffer, i, mrs[i]);
    receiver.context.set_info_register(
        MessageInfo::make(static_cast<word_t>(sender.fault.type), 0, 0, sent).raw());
    receiver.context.set_badge_register(badge);
}

}  // namespace

void do_ipc_transfer(Tcb& sender, Endpoint* ep, word_t badge, bool grant, Tcb& receiver) {
    auto* receive_buffer = reinterpret_cast<word_t*>(ipc_buffer_of(receiver, true));
    if (!sender.fault.pending()) {
        const auto* send_buffer = reinterpret_cast<const word_t*>(ipc_buffer_of(sender, false));
        do_normal_transfer(sender, send_buffer, ep, badge, grant, receiver, receive_buffer);
    } else {
        do_fault_transfer(badge, sender, receiver, receive_buffer);
    }
}

void do_capless_transfer(Tcb& sender, MessageInfo info, word_t badge, Tcb& receiver) {
    const unsigned n = static_cast<unsigned>(info.length());
    const word_t* send_buffer = nullptr;
    word_t* receive_buffer = nullptr;
    // Only words past the register MRs travel through the buffers.
    if (n > register_mrs) {
        send_buffer = reinterpret_cast<const word_t*>(ipc_buffer_of(sender, false));
        receive_buffer = reinterpret_cast<word_t*>(ipc_buffer_of(receiver, true));
    }
    const unsigned length = copy_mrs(sender, send_buffer, receiver, receive_buffer, n);
    info = info.with<MessageInfo::ExtraCaps>(0).with<MessageInfo::CapsUnwrapped>(0).with<MessageInfo::Length>(length);
    receiver.context.set_info_register(info.raw());
    receiver.context.set_badge_register(badge);
}

void do_nb_recv_failed_transfer(Tcb& t) { t.context.set_badge_register(0); }

}  // namespace kern
