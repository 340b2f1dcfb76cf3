// SPDX-License-Identifier: BSD-2-Clause
#include "ipc_kernel_view.hpp"

#include <sstream>

#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace ipc_model {

namespace {

std::string thread_list(const std::vector<int>& threads) {
    std::string s = "[";
    for (int t : threads) s += (s.size() > 1 ? " T" : "T") + std::to_string(t);
    return s + "]";
}

std::string hex(word v) {
    std::ostringstream out;
    out << "0x" << std::hex << v;
    return out.str();
}

std::string index_text(const char* kind, int index) { return index == none ? "none" : kind + std::to_string(index); }

bool waits_on_object(State s) {
    return s == State::BlockedOnSend || s == State::BlockedOnReceive || s == State::BlockedOnNotification;
}
bool has_reply(State s) { return s == State::BlockedOnReceive || s == State::BlockedOnReply; }

}  // namespace

void KernelObjects::index_objects() {
    const auto add = [&](const auto& objects) {
        for (unsigned i = 0; i < objects.size(); ++i) {
            index_[objects[i]] = static_cast<int>(i);
            by_address_[reinterpret_cast<kern::paddr_t>(objects[i])] = static_cast<int>(i);
        }
    };
    add(threads);
    add(scs);
    add(endpoints);
    add(notifications);
    add(replies);
    for (unsigned i = 0; i < threads.size(); ++i) by_address_[threads[i]->object()] = static_cast<int>(i);
}

template <typename Queue>
void KernelObjects::queue_of(const Queue& queue, kern::Tcb* kern::Tcb::*next, std::vector<int>& out) const {
    out.clear();
    for (const kern::Tcb* t = queue.head; t != nullptr; t = t->*next) out.push_back(index_of(t));
}

int KernelObjects::index_of(const void* object) const {
    if (object == nullptr) return none;
    const auto found = index_.find(object);
    return found == index_.end() ? -2 : found->second;  // -2: an object outside the world
}

Cap KernelObjects::cap(const kern::Cap& cap) const {
    Cap c;
    const auto object = [&] {
        const auto found = by_address_.find(cap.object());
        return found == by_address_.end() ? -2 : found->second;
    };
    switch (cap.type()) {
    case kern::CapType::Endpoint: {
        const auto ep = cap.as<kern::EndpointCap>();
        return {CapKind::Endpoint, object(), ep.badge(), static_cast<unsigned>(ep.rights().raw())};
    }
    case kern::CapType::Notification: {
        const auto n = cap.as<kern::NotificationCap>();
        return {CapKind::Notification, object(), n.badge(), static_cast<unsigned>(n.rights().raw())};
    }
    case kern::CapType::Reply:
        return {CapKind::Reply, object(), 0, cap.as<kern::ReplyCap>().can_grant() ? can_grant : 0u};
    case kern::CapType::Thread:
        return {CapKind::Thread, object(), 0, 0};
    case kern::CapType::SchedContext:
        return {CapKind::SchedContext, object(), 0, 0};
    case kern::CapType::CNode:
        return {CapKind::CNode, 0, 0, 0};
    default:
        return c;
    }
}

void KernelObjects::snapshot(Model& m) const {
    // Filled in place: allocations are slow under ASan and this runs after every step.
    m.threads.resize(threads.size());
    for (unsigned i = 0; i < threads.size(); ++i) {
        const kern::Tcb& k = *threads[i];
        Thread& t = m.threads[i];
        t.state = static_cast<State>(k.state);
        t.priority = k.priority;
        t.mcp = k.mcp;
        t.waits_on = waits_on_object(t.state) ? index_of(k.blocking_object) : none;
        t.reply = index_of(k.reply);
        t.send_badge = k.blocking_badge;
        t.send_grant = k.blocking_can_grant;
        t.send_grant_reply = k.blocking_can_grant_reply;
        t.send_is_call = k.blocking_is_call;
        t.sc = index_of(k.sc);
        t.bound = index_of(k.bound_notification);
        t.queued = k.in_ready_queue;
        t.fault_pending = k.fault.pending();
        for (unsigned r = 0; r < registers; ++r) t.regs[r] = k.context.reg(r);
        // A deleted thread has lost its buffer cap.
        const auto* buffer =
            reinterpret_cast<const word*>(kern::ipc_buffer_of(const_cast<kern::Tcb&>(k), false));
        for (unsigned b = register_mrs; b < max_message; ++b) t.buffer_mrs[b] = buffer != nullptr ? buffer[1 + b] : 0;
    }
    m.scs.resize(scs.size());
    for (unsigned i = 0; i < scs.size(); ++i)
        m.scs[i] = {index_of(scs[i]->tcb), index_of(scs[i]->reply), index_of(scs[i]->notification)};
    m.endpoints.resize(endpoints.size());
    for (unsigned i = 0; i < endpoints.size(); ++i)
        queue_of(endpoints[i]->queue, &kern::Tcb::ep_next, m.endpoints[i].queue);
    m.notifications.resize(notifications.size());
    for (unsigned i = 0; i < notifications.size(); ++i) {
        const kern::Notification& k = *notifications[i];
        Notification& n = m.notifications[i];
        n.state = static_cast<NotificationState>(k.state);
        n.bits = k.word;
        queue_of(k.queue, &kern::Tcb::ep_next, n.queue);
        n.bound = index_of(k.bound_tcb);
        n.sc = index_of(k.sc);
    }
    m.replies.resize(replies.size());
    for (unsigned i = 0; i < replies.size(); ++i) {
        const kern::Reply& k = *replies[i];
        m.replies[i] = {index_of(k.tcb), index_of(k.prev), index_of(k.next), k.next_is_sc != 0, false};
    }
    const kern::sched::View view = kern::sched::view();
    m.ready.clear();
    for (unsigned p = 0; p < kern::num_priorities; ++p)
        if (!view.ready[p].empty()) queue_of(view.ready[p], &kern::Tcb::sched_next, m.ready[p]);
    m.problem.clear();
    if (view.action != kern::sched::Action::ResumeCurrent) m.problem = "the scheduler action is not ResumeCurrent";
    if (!view.release->empty()) m.problem = "a thread waits in the release queue";
    m.current = index_of(kern::current_thread());
}

namespace {

template <typename K, typename M>
std::string difference(const std::string& what, const K& kernel, const M& model) {
    std::ostringstream out;
    out << what << ": kernel " << kernel << ", model " << model;
    return out.str();
}

std::string sending(const Thread& t) {
    return hex(t.send_badge) + (t.send_grant ? " grant" : "") + (t.send_grant_reply ? " grant-reply" : "") +
           (t.send_is_call ? " call" : " send");
}

// The strings are built only for a difference: this runs after every step.
std::string compare_thread(unsigned i, const Thread& k, const Thread& m) {
    const auto name = [i](const char* what) { return "T" + std::to_string(i) + " " + what; };
    if (k.state != m.state) return difference(name("state"), state_name(k.state), state_name(m.state));
    if (waits_on_object(m.state) && k.waits_on != m.waits_on)
        return difference(name("waits on"), k.waits_on, m.waits_on);
    if (has_reply(m.state) && k.reply != m.reply)
        return difference(name("reply object"), index_text("reply", k.reply), index_text("reply", m.reply));
    if (m.state == State::BlockedOnSend &&
        (k.send_badge != m.send_badge || k.send_grant != m.send_grant || k.send_grant_reply != m.send_grant_reply ||
         k.send_is_call != m.send_is_call))
        return difference(name("sends with"), sending(k), sending(m));
    if (k.priority != m.priority) return difference(name("priority"), k.priority, m.priority);
    if (k.mcp != m.mcp) return difference(name("MCP"), k.mcp, m.mcp);
    if (k.sc != m.sc) return difference(name("SC"), index_text("sc", k.sc), index_text("sc", m.sc));
    if (k.bound != m.bound)
        return difference(name("bound notification"), index_text("ntfn", k.bound), index_text("ntfn", m.bound));
    if (k.queued != m.queued) return difference(name("in a ready queue"), k.queued, m.queued);
    if (k.fault_pending != m.fault_pending) return difference(name("fault pending"), k.fault_pending, m.fault_pending);
    for (unsigned r = 0; r < registers; ++r)
        if (k.regs[r] != m.regs[r])
            return difference(name("register ") + std::to_string(r), hex(k.regs[r]), hex(m.regs[r]));
    for (unsigned b = register_mrs; b < max_message && !m.deleted; ++b)
        if (k.buffer_mrs[b] != m.buffer_mrs[b])
            return difference(name("MR") + std::to_string(b), hex(k.buffer_mrs[b]), hex(m.buffer_mrs[b]));
    return {};
}

std::string compare_notification(unsigned i, const Notification& k, const Notification& m) {
    const auto name = [i](const char* what) { return "ntfn" + std::to_string(i) + " " + what; };
    if (k.state != m.state) return difference(name("state"), static_cast<int>(k.state), static_cast<int>(m.state));
    if (m.state == NotificationState::Active && k.bits != m.bits)
        return difference(name("word"), hex(k.bits), hex(m.bits));
    if (k.queue != m.queue) return difference(name("queue"), thread_list(k.queue), thread_list(m.queue));
    if (k.bound != m.bound) return difference(name("bound thread"), index_text("T", k.bound), index_text("T", m.bound));
    if (k.sc != m.sc) return difference(name("bound SC"), index_text("sc", k.sc), index_text("sc", m.sc));
    return {};
}

std::string compare_reply(unsigned i, const Reply& k, const Reply& m) {
    const auto name = [i](const char* what) { return "reply" + std::to_string(i) + " " + what; };
    if (k.tcb != m.tcb) return difference(name("thread"), index_text("T", k.tcb), index_text("T", m.tcb));
    if (k.prev != m.prev) return difference(name("prev"), index_text("reply", k.prev), index_text("reply", m.prev));
    if (k.next != m.next || k.next_is_sc != m.next_is_sc)
        return difference(name("next"), index_text(k.next_is_sc ? "sc" : "reply", k.next),
                          index_text(m.next_is_sc ? "sc" : "reply", m.next));
    return {};
}

}  // namespace

std::string compare(const Model& model, const Model& kernel) {
    if (!kernel.problem.empty()) return kernel.problem;
    if (kernel.current != model.current)
        return difference("current thread", index_text("T", kernel.current), index_text("T", model.current));
    for (unsigned i = 0; i < model.threads.size(); ++i)
        if (std::string d = compare_thread(i, kernel.threads[i], model.threads[i]); !d.empty()) return d;
    for (unsigned i = 0; i < model.endpoints.size(); ++i)
        if (kernel.endpoints[i].queue != model.endpoints[i].queue)
            return difference("ep" + std::to_string(i) + " queue", thread_list(kernel.endpoints[i].queue),
                              thread_list(model.endpoints[i].queue));
    for (unsigned i = 0; i < model.notifications.size(); ++i)
        if (std::string d = compare_notification(i, kernel.notifications[i], model.notifications[i]); !d.empty())
            return d;
    for (unsigned i = 0; i < model.replies.size(); ++i)
        if (std::string d = compare_reply(i, kernel.replies[i], model.replies[i]); !d.empty()) return d;
    for (unsigned i = 0; i < model.scs.size(); ++i) {
        const SchedContext& k = kernel.scs[i];
        const SchedContext& m = model.scs[i];
        if (k.tcb != m.tcb)
            return difference("sc" + std::to_string(i) + " thread", index_text("T", k.tcb), index_text("T", m.tcb));
        if (k.reply != m.reply)
            return difference("sc" + std::to_string(i) + " call stack head", index_text("reply", k.reply),
                              index_text("reply", m.reply));
        if (k.notification != m.notification)
            return difference("sc" + std::to_string(i) + " bound notification", index_text("ntfn", k.notification),
                              index_text("ntfn", m.notification));
    }
    if (kernel.ready != model.ready) {
        for (unsigned p = 0; p < kern::num_priorities; ++p) {
            const auto k = kernel.ready.find(p);
            const auto m = model.ready.find(p);
            const std::vector<int> none_queued;
            const std::vector<int>& kq = k == kernel.ready.end() ? none_queued : k->second;
            const std::vector<int>& mq = m == model.ready.end() ? none_queued : m->second;
            if (kq != mq) return difference("ready queue " + std::to_string(p), thread_list(kq), thread_list(mq));
        }
    }
    return {};
}

std::string describe_threads(const Model& model) {
    std::ostringstream out;
    for (unsigned i = 0; i < model.threads.size(); ++i) {
        const Thread& t = model.threads[i];
        out << "  T" << i << " " << (t.deleted ? "deleted " : "") << state_name(t.state);
        if (t.state == State::BlockedOnNotification) out << " ntfn" << t.waits_on;
        else if (waits_on_object(t.state)) out << " ep" << t.waits_on;
        if (has_reply(t.state) && t.reply != none) out << " reply" << t.reply;
        if (t.state == State::BlockedOnSend) out << (t.send_is_call ? " call" : " send") << " b" << hex(t.send_badge);
        out << " p" << t.priority << " " << index_text("sc", t.sc);
        if (t.bound != none) out << " bound ntfn" << t.bound;
        out << " | x0 " << hex(t.regs[0]) << " info " << hex(t.regs[1]) << "\n";
    }
    out << "  current " << index_text("T", model.current) << ", ready";
    for (auto it = model.ready.rbegin(); it != model.ready.rend(); ++it)
        out << " " << it->first << ":" << thread_list(it->second);
    for (unsigned i = 0; i < model.endpoints.size(); ++i)
        if (!model.endpoints[i].queue.empty()) out << "; ep" << i << " " << thread_list(model.endpoints[i].queue);
    for (unsigned i = 0; i < model.notifications.size(); ++i) {
        const Notification& n = model.notifications[i];
        if (n.state == NotificationState::Active) out << "; ntfn" << i << " active " << hex(n.bits);
        if (!n.queue.empty()) out << "; ntfn" << i << " " << thread_list(n.queue);
        if (n.sc != none) out << "; ntfn" << i << " sc" << n.sc;
    }
    for (unsigned i = 0; i < model.scs.size(); ++i)
        if (model.scs[i].reply != none) out << "; sc" << i << " stack head reply" << model.scs[i].reply;
    out << "\n";
    return out.str();
}

}  // namespace ipc_model
