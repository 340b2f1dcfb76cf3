// SPDX-License-Identifier: BSD-2-Clause
// sel4test nbwait.c (sel4test.md §3.4: NBWAIT0001): NBRecv and Poll never
// block and report badge 0 when nothing is there; a signal on the test's
// bound notification comes through an endpoint NBRecv; a queued sender's
// message comes through NBRecv with its badge.
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_Word message = 0xdeadbeef;

seL4_Word send_one_fn(seL4_Word ep, seL4_Word value, seL4_Word, seL4_Word) {
    seL4_SetMR(0, value);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}

Result test_nbwait(Env& env) {
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr ntfn = objects.notification();
    const seL4_CPtr reply = objects.reply();
    test_assert_fatal(ep != 0 && ntfn != 0 && reply != 0);
    test_eq(seL4_TCB_BindNotification(seL4_CapInitThreadTCB, ntfn), seL4_NoError);
    const seL4_CPtr badged_ep = objects.mint(ep, 1);
    const seL4_CPtr badged_ntfn = objects.mint(ntfn, 2);
    test_assert_fatal(badged_ep != 0 && badged_ntfn != 0);

    // Nothing there: badge 0, at once.
    seL4_Word badge = 0xff;
    (void)seL4_NBRecv(ep, &badge, reply);
    test_eq(badge, seL4_Word{0});
    badge = 0xff;
    (void)seL4_Poll(ntfn, &badge);
    test_eq(badge, seL4_Word{0});

    seL4_Signal(badged_ntfn);
    (void)seL4_Poll(ntfn, &badge);
    test_eq(badge, seL4_Word{2});
    badge = 0xff;
    (void)seL4_Poll(ntfn, &badge);
    test_eq(badge, seL4_Word{0});

    // The bound notification answers an NBRecv on the endpoint.
    seL4_Signal(badged_ntfn);
    (void)seL4_NBRecv(ep, &badge, reply);
    test_eq(badge, seL4_Word{2});
    badge = 0xff;
    (void)seL4_NBRecv(ep, &badge, reply);
    test_eq(badge, seL4_Word{0});

    {
        Helper helper;
        test_assert_fatal(helper.create(env));
        OwnPriority own;
        helper.start(send_one_fn, badged_ep, message);
        // Let it run: it blocks in its Send, nobody receiving yet.
        helper.set_priority(test_priority);
        test_eq(own.set(test_priority - 1), seL4_NoError);

        const seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge, reply);
        test_eq(badge, seL4_Word{1});
        test_eq(seL4_MessageInfo_get_length(info), seL4_Word{1});
        test_eq(seL4_GetMR(0), message);
        badge = 0xff;
        (void)seL4_NBRecv(ep, &badge, reply);
        test_eq(badge, seL4_Word{0});
        helper.wait();
    }
    test_eq(seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB), seL4_NoError);
    return test_result();
}

}  // namespace

DEFINE_TEST(NBWAIT0001, "Test seL4_NBRecv", test_nbwait, true);
