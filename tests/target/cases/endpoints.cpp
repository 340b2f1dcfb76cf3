// SPDX-License-Identifier: BSD-2-Clause
// sel4test endpoints.c (sel4test.md §3.4: CANCEL_BADGED_SENDS_0001/0002).
// Each of 32 helpers has its own badge (200 + i) on one endpoint, through a
// copy of the badged cap. Step i revokes badged cap i (deleting helper i's
// copy) and cancels the sends with that badge: a helper whose Call is
// aborted restarts it on its now empty slot and gets an InvalidCapability
// error reply; helpers with other badges must not be touched.
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr int num_badged_clients = 32;

seL4_MessageInfo_t empty() { return seL4_MessageInfo_new(0, 0, 0, 0); }

// Answers every Call on ep with an empty reply.
seL4_Word bouncer_fn(seL4_Word ep, seL4_Word reply, seL4_Word, seL4_Word) {
    seL4_Word badge = 0;
    (void)seL4_Recv(ep, &badge, reply);
    for (;;) (void)seL4_ReplyRecv(ep, empty(), &badge, reply);
}

// Calls once (the test answers with the inverted word), then Calls again
// and stays blocked until that Call is cancelled and fails.
seL4_Word call_twice_fn(seL4_Word ep, seL4_Word msg, seL4_Word done_word, seL4_Word) {
    volatile seL4_Word* done = reinterpret_cast<volatile seL4_Word*>(done_word);
    seL4_Word failures = 0;
    seL4_SetMR(0, msg);
    seL4_MessageInfo_t tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    if (seL4_MessageInfo_get_length(tag) != 1 || seL4_GetMR(0) != ~msg) ++failures;
    *done = 0;
    seL4_SetMR(0, msg);
    tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    if (seL4_MessageInfo_get_label(tag) != seL4_InvalidCapability) ++failures;
    *done = 1;
    return failures;
}

Result test_ep_cancel_badged_sends(Env& env) {
    struct Sender {
        Helper thread;
        seL4_CPtr badged_ep = 0;
        seL4_CPtr derived_badged_ep = 0;
        volatile seL4_Word done = ~seL4_Word{0};
    };
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr bounce_ep = objects.endpoint();
    const seL4_CPtr reply = objects.reply();
    test_assert_fatal(ep != 0 && bounce_ep != 0 && reply != 0);
    Sender senders[num_badged_clients];
    Helper bouncer;

    for (int i = 0; i < num_badged_clients; ++i) {
        Sender& s = senders[i];
        s.badged_ep = objects.mint(ep, static_cast<seL4_Word>(i + 200));
        s.derived_badged_ep = s.badged_ep != 0 ? objects.copy(s.badged_ep) : 0;
        test_assert_fatal(s.derived_badged_ep != 0);
        test_assert_fatal(s.thread.create(env, 100));
    }
    // The bouncer (priority 0) runs only when every sender is blocked.
    test_assert_fatal(bouncer.create(env, 0));
    bouncer.start(bouncer_fn, bounce_ep, bouncer.reply());
    for (int i = 0; i < num_badged_clients; ++i)
        senders[i].thread.start(call_twice_fn, senders[i].derived_badged_ep, i + 100, &senders[i].done);

    (void)seL4_Call(bounce_ep, empty());
    // Every first Call is queued: answer each with the inverted word.
    for (int i = 0; i < num_badged_clients; ++i) {
        seL4_Word badge = 0;
        const seL4_MessageInfo_t tag = seL4_Recv(ep, &badge, reply);
        test_eq(seL4_MessageInfo_get_length(tag), seL4_Word{1});
        test_eq(seL4_GetMR(0), badge - 100);
        seL4_SetMR(0, ~seL4_GetMR(0));
        seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 1));
    }
    (void)seL4_Call(bounce_ep, empty());
    for (int i = 0; i < num_badged_clients; ++i) test_eq(senders[i].done, seL4_Word{0});

    for (int i = 0; i < num_badged_clients; ++i) {
        test_eq(seL4_CNode_Revoke(root_cnode, senders[i].badged_ep, root_depth), seL4_NoError);
        test_eq(seL4_CNode_CancelBadgedSends(root_cnode, senders[i].badged_ep, root_depth), seL4_NoError);
        (void)seL4_Call(bounce_ep, empty());
        for (int j = 0; j < num_badged_clients; ++j) {
            const seL4_Word expected = j <= i ? 1 : 0;
            if (senders[j].done != expected)
                record_failure(__FILE__, __LINE__, "after cancelling badge %d: sender %d done = %lu", 200 + i, j,
                               static_cast<unsigned long>(senders[j].done));
        }
    }
    (void)seL4_Call(bounce_ep, empty());
    // What each finished sender counted (one still blocked was reported above).
    for (auto& s : senders)
        if (s.done == 1) test_eq(s.thread.wait(), seL4_Word{0});
    return test_result();
}

// Waits on its own sync endpoint; for each request Calls the test endpoint
// once, records whether that Call got through, and answers.
seL4_Word ep_test_fn(seL4_Word sync_ep, seL4_Word test_ep, seL4_Word status_word, seL4_Word reply) {
    volatile seL4_Word* status = reinterpret_cast<volatile seL4_Word*>(status_word);
    seL4_Word badge = 0;
    for (;;) {
        (void)seL4_Recv(sync_ep, &badge, reply);
        const seL4_MessageInfo_t tag = seL4_Call(test_ep, empty());
        *status = seL4_MessageInfo_get_label(tag) != seL4_InvalidCapability;
        seL4_Send(reply, empty());
    }
}

// CANCEL_BADGED_SENDS_0001 passes even if the copies were never deleted (an
// aborted Call restarts either way). Here nothing is queued on the endpoint
// when the badge is cancelled: what stops a helper is that the revoke
// deleted its copy; the others must still get through.
Result test_ep_cancel_badged_sends_2(Env& env) {
    struct Client {
        Helper thread;
        seL4_CPtr sync_ep = 0;
        seL4_CPtr badged_ep = 0;
        seL4_CPtr derived_badged_ep = 0;
        volatile seL4_Word last_status = ~seL4_Word{0};
    };
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    test_assert_fatal(ep != 0);
    Client clients[num_badged_clients];
    Helper reply_thread;
    test_assert_fatal(reply_thread.create(env));
    reply_thread.start(bouncer_fn, ep, reply_thread.reply());

    for (int i = 0; i < num_badged_clients; ++i) {
        Client& c = clients[i];
        c.badged_ep = objects.mint(ep, static_cast<seL4_Word>(i + 200));
        c.derived_badged_ep = c.badged_ep != 0 ? objects.copy(c.badged_ep) : 0;
        c.sync_ep = objects.endpoint();
        test_assert_fatal(c.derived_badged_ep != 0 && c.sync_ep != 0);
        test_assert_fatal(c.thread.create(env));
        c.thread.start(ep_test_fn, c.sync_ep, c.derived_badged_ep, &c.last_status, c.thread.reply());
    }
    for (auto& c : clients) (void)seL4_Call(c.sync_ep, empty());
    for (auto& c : clients) test_eq(c.last_status, seL4_Word{1});

    for (int i = 0; i < num_badged_clients; ++i) {
        test_eq(seL4_CNode_Revoke(root_cnode, clients[i].badged_ep, root_depth), seL4_NoError);
        test_eq(seL4_CNode_CancelBadgedSends(root_cnode, clients[i].badged_ep, root_depth), seL4_NoError);
        for (auto& c : clients) (void)seL4_Call(c.sync_ep, empty());
        for (int j = 0; j < num_badged_clients; ++j) {
            const seL4_Word expected = j <= i ? 0 : 1;
            if (clients[j].last_status != expected)
                record_failure(__FILE__, __LINE__, "after cancelling badge %d: client %d status = %lu", 200 + i, j,
                               static_cast<unsigned long>(clients[j].last_status));
        }
    }
    return test_result();
}

}  // namespace

DEFINE_TEST(CANCEL_BADGED_SENDS_0001, "Basic endpoint cancelBadgedSends testing.", test_ep_cancel_badged_sends, true);
DEFINE_TEST(CANCEL_BADGED_SENDS_0002, "cancelBadgedSends deletes caps", test_ep_cancel_badged_sends_2, true);
