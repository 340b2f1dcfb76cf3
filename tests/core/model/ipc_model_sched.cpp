// SPDX-License-Identifier: BSD-2-Clause
// The model's scheduler (sel4-mcs.md §9, sel4-abi.md §13): ready queues per
// priority, the scheduler action of the current kernel entry (resume the
// current thread, choose a new one, or switch to one woken thread), and
// the TCB and SC operations that move threads in and out of the queues.
// Without time every SC is released, so "schedulable" is just runnable
// with an SC, and nothing ever waits in the release queue.
#include <algorithm>

#include "ipc_model.hpp"

namespace ipc_model {

bool Model::is_schedulable(int t) const {
    return t != none && is_runnable(threads[t].state) && threads[t].sc != none;
}

// setThreadState with scheduleTCB: the current thread that can no longer
// run makes the scheduler choose again.
void Model::set_state(int t, State s) {
    threads[t].state = s;
    if (t == current && action_ == Action::ResumeCurrent && !is_schedulable(t)) reschedule_required();
}

// A woken or preempted thread goes to the head of its queue, Yield to the
// tail (sel4-abi.md §13).
void Model::enqueue(int t) {
    if (threads[t].queued) return;
    auto& queue = ready[threads[t].priority];
    queue.insert(queue.begin(), t);
    threads[t].queued = true;
}

void Model::append(int t) {
    if (threads[t].queued) return;
    ready[threads[t].priority].push_back(t);
    threads[t].queued = true;
}

void Model::dequeue(int t) {
    if (!threads[t].queued) return;
    auto& queue = ready[threads[t].priority];
    queue.erase(std::find(queue.begin(), queue.end(), t));
    if (queue.empty()) ready.erase(threads[t].priority);
    threads[t].queued = false;
}

// possibleSwitchTo: the first thread woken in an entry may be switched to
// directly; any further one makes the scheduler choose among the queues.
void Model::possible_switch_to(int t) {
    if (threads[t].sc == none) return;
    if (action_ != Action::ResumeCurrent) {
        reschedule_required();
        enqueue(t);
    } else {
        action_ = Action::SwitchTo;
        candidate_ = t;
    }
}

void Model::reschedule_required() {
    if (action_ == Action::SwitchTo && is_schedulable(candidate_)) enqueue(candidate_);
    action_ = Action::ChooseNew;
    candidate_ = none;
}

void Model::switch_to(int t) {
    dequeue(t);
    current = t;
}

void Model::choose_thread() {
    if (ready.empty()) {
        current = none;
        return;
    }
    switch_to(ready.rbegin()->second.front());
}

// schedule() and activateThread at the end of every entry (§9.4).
void Model::schedule() {
    if (action_ != Action::ResumeCurrent) {
        const int cur = current;
        const bool was_runnable = is_schedulable(cur);
        if (was_runnable) enqueue(cur);
        if (action_ == Action::ChooseNew) {
            choose_thread();
        } else {
            const int cand = candidate_;
            if (!is_schedulable(cand)) problem = "schedule(): the thread to switch to cannot run";
            const unsigned cand_priority = threads[cand].priority;
            // The candidate wins outright only against a lower current thread;
            // otherwise it must be the highest queued priority.
            const bool fast_fail = cur == none || cand_priority < threads[cur].priority;
            const bool highest = ready.empty() || cand_priority >= ready.rbegin()->first;
            if (fast_fail && !highest) {
                enqueue(cand);
                choose_thread();
            } else if (was_runnable && cand_priority == threads[cur].priority) {
                // The current thread was put back at the head: it stays first.
                append(cand);
                choose_thread();
            } else {
                switch_to(cand);
            }
        }
    }
    action_ = Action::ResumeCurrent;
    candidate_ = none;
    if (current != none && threads[current].state == State::Restart) threads[current].state = State::Running;
}

// seL4_Yield on a round-robin SC: a full new timeslice and the tail of the
// queue (sel4-mcs.md §9.3).
void Model::yield() {
    if (!is_schedulable(current)) return;
    append(current);
    reschedule_required();
}

// setPriority under MCS (§9.1): a queued or current thread moves to the
// head of its new priority's queue; a blocked one is re-sorted in its IPC
// queue.
void Model::set_priority(int t, unsigned priority) {
    Thread& thread = threads[t];
    switch (thread.state) {
    case State::Running:
    case State::Restart:
        if (thread.queued || t == current) {
            dequeue(t);
            thread.priority = priority;
            if (is_schedulable(t)) enqueue(t);
            reschedule_required();
        } else {
            thread.priority = priority;
        }
        break;
    case State::BlockedOnReceive:
    case State::BlockedOnSend:
    case State::BlockedOnNotification:
        thread.priority = priority;
        reorder_ipc_queue(t);
        break;
    default:
        thread.priority = priority;
        break;
    }
}

// suspend (sel4-mcs.md §7.3): cancel the IPC, Inactive, out of the queues.
void Model::suspend(int t) {
    cancel_ipc(t);
    set_state(t, State::Inactive);
    dequeue(t);
}

// restart (Resume): a stopped thread re-executes its system call.
void Model::restart(int t) {
    if (!is_stopped(threads[t].state)) return;
    cancel_ipc(t);
    set_state(t, State::Restart);
    if (is_schedulable(t)) possible_switch_to(t);
}

// schedContext_bindTCB: a thread that can run now is queued at the head.
void Model::bind_sc(int sc, int t) {
    threads[t].sc = sc;
    scs[sc].tcb = t;
    if (is_schedulable(t)) {
        enqueue(t);
        reschedule_required();
    }
}

void Model::unbind_sc(int sc) {
    const int t = scs[sc].tcb;
    if (t == none) return;
    if (t == current) reschedule_required();
    dequeue(t);
    threads[t].sc = none;
    scs[sc].tcb = none;
}

// schedContext_donate (sel4-mcs.md §5.1).
void Model::donate(int sc, int to) {
    if (const int from = scs[sc].tcb; from != none) {
        dequeue(from);
        threads[from].sc = none;
        if (from == current || (action_ == Action::SwitchTo && candidate_ == from)) reschedule_required();
    }
    scs[sc].tcb = to;
    threads[to].sc = sc;
}

}  // namespace ipc_model
