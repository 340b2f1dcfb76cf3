// SPDX-License-Identifier: BSD-2-Clause
// A doubly linked queue of threads threaded through two link fields of the
// TCB, so a thread can sit in one scheduler queue and one IPC queue at once
// without any allocation. Endpoint and notification queues insert by
// priority (sel4-mcs.md §9.2: after the last queued thread of equal or
// higher priority); ready queues append or prepend. Host tests instantiate
// it directly.
#pragma once

#include <kern/object/tcb.hpp>

namespace kern {

template <Tcb* Tcb::*Next, Tcb* Tcb::*Prev>
struct TcbQueue {
    Tcb* head = nullptr;
    Tcb* tail = nullptr;

    bool empty() const { return head == nullptr; }

    void append(Tcb& t) {
        t.*Prev = tail;
        t.*Next = nullptr;
        if (tail != nullptr) tail->*Next = &t;
        else head = &t;
        tail = &t;
    }

    void prepend(Tcb& t) {
        t.*Prev = nullptr;
        t.*Next = head;
        if (head != nullptr) head->*Prev = &t;
        else tail = &t;
        head = &t;
    }

    // Inserts `t` after the last queued thread whose priority is >= its own.
    void insert_by_priority(Tcb& t) {
        insert_after_last(t, [&](const Tcb& queued) { return queued.priority >= t.priority; });
    }

    // Inserts `t` after the last queued thread for which `goes_before` holds
    // (at the head if none does): a sorted queue stays sorted, and among
    // equals the newcomer goes last.
    template <typename GoesBefore>
    void insert_after_last(Tcb& t, GoesBefore goes_before) {
        Tcb* before = tail;
        while (before != nullptr && !goes_before(*before)) before = before->*Prev;
        if (before == nullptr) {
            prepend(t);
            return;
        }
        Tcb* after = before->*Next;
        t.*Prev = before;
        t.*Next = after;
        before->*Next = &t;
        if (after != nullptr) after->*Prev = &t;
        else tail = &t;
    }

    void remove(Tcb& t) {
        Tcb* prev = t.*Prev;
        Tcb* next = t.*Next;
        if (prev != nullptr) prev->*Next = next;
        else head = next;
        if (next != nullptr) next->*Prev = prev;
        else tail = prev;
        t.*Prev = nullptr;
        t.*Next = nullptr;
    }

    Tcb* pop_head() {
        Tcb* t = head;
        if (t != nullptr) remove(*t);
        return t;
    }
};

}  // namespace kern
