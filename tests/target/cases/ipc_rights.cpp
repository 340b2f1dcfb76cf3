// SPDX-License-Identifier: BSD-2-Clause
// sel4test ipc_rights.c, the MCS part (sel4test.md §3.4: IPCRIGHTS0001–0003;
// 0004/0005 are non-MCS). As upstream, the rights words tried are 0…3
// (BIT(seL4_MsgExtraCapBits)), i.e. the four Write/Read combinations; Grant
// and GrantReply are never set.
#include "../framework/caps.hpp"
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_Word magic1 = 42;
constexpr seL4_Word magic2 = 0xDEADBEEF;
constexpr seL4_Word magic3 = 666;
constexpr seL4_Word rights_values = seL4_Word{1} << seL4_MsgExtraCapBits;

seL4_CapRights_t rights_of(seL4_Word word) {
    seL4_CapRights_t rights;
    rights.words[0] = word;
    return rights;
}

// Receives one message and checks its first word; the second receive is
// only a rendezvous.
seL4_Word check_recv_fn(seL4_Word ep, seL4_Word value, seL4_Word reply, seL4_Word) {
    (void)seL4_Recv(ep, nullptr, reply);
    const bool good = seL4_GetMR(0) == value;
    (void)seL4_Recv(ep, nullptr, reply);
    return good ? 0 : 1;
}

// A Send on a cap without Write is dropped without a word: the receiver,
// waiting on the original cap, gets the value sent next.
Result test_send_needs_write(Env& env) {
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr reply = objects.reply();
    const seL4_CPtr ep_mint = objects.slot();
    test_assert_fatal(ep != 0 && reply != 0 && ep_mint != 0);
    for (seL4_Word i = 0; i < rights_values; ++i) {
        const seL4_CapRights_t rights = rights_of(i);
        Helper t;
        test_assert_fatal(t.create(env));
        t.start(check_recv_fn, ep, magic1, reply);
        test_eq(seL4_CNode_Mint(root_cnode, ep_mint, root_depth, root_cnode, ep, root_depth, rights, 0),
                seL4_NoError);

        const seL4_MessageInfo_t tag = seL4_MessageInfo_new(0, 0, 0, 1);
        if (!seL4_CapRights_get_capAllowWrite(rights)) {
            seL4_SetMR(0, magic2);
            seL4_Send(ep_mint, tag);
        }
        seL4_SetMR(0, magic1);
        seL4_Send(ep, tag);
        seL4_Send(ep, tag);
        if (t.wait() != 0) record_failure(__FILE__, __LINE__, "rights %lu: wrong value received", i);
        t.cleanup();
        test_eq(seL4_CNode_Delete(root_cnode, ep_mint, root_depth), seL4_NoError);
    }
    return test_result();
}

// A Recv on a cap without Read is a cap fault, delivered to the helper's
// fault endpoint; with Read it receives.
Result test_recv_needs_read(Env& env) {
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr reply = objects.reply();
    const seL4_CPtr fault_ep = objects.endpoint();
    const seL4_CPtr fault_reply = objects.reply();
    const seL4_CPtr ep_mint = objects.slot();
    test_assert_fatal(ep != 0 && reply != 0 && fault_ep != 0 && fault_reply != 0 && ep_mint != 0);
    const seL4_MessageInfo_t tag = seL4_MessageInfo_new(0, 0, 0, 1);
    for (seL4_Word i = 0; i < rights_values; ++i) {
        const seL4_CapRights_t rights = rights_of(i);
        test_eq(seL4_CNode_Mint(root_cnode, ep_mint, root_depth, root_cnode, ep, root_depth, rights, 0),
                seL4_NoError);
        Helper t;
        test_assert_fatal(t.create(env));
        test_eq(seL4_TCB_SetSpace(t.tcb(), fault_ep, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0),
                seL4_NoError);
        t.start(check_recv_fn, ep_mint, magic1, reply);

        if (seL4_CapRights_get_capAllowRead(rights)) {
            seL4_SetMR(0, magic1);
            seL4_Send(ep, tag);
            seL4_Send(ep, tag);
            test_eq(t.wait(), seL4_Word{0});
        } else {
            // Upstream only checks that a fault arrives; this port also
            // checks that it is the cap fault of the receive.
            const seL4_MessageInfo_t info = seL4_Recv(fault_ep, nullptr, fault_reply);
            test_eq(seL4_MessageInfo_get_label(info), seL4_Word{seL4_Fault_CapFault});
            test_eq(seL4_GetMR(seL4_CapFault_Addr), ep_mint);
            test_eq(seL4_GetMR(seL4_CapFault_InRecvPhase), seL4_Word{1});
        }
        t.cleanup();
        test_eq(seL4_CNode_Delete(root_cnode, ep_mint, root_depth), seL4_NoError);
    }
    return test_result();
}

// Receives a message that was sent with one cap, into `recv_slot`.
// Without Grant on the sender's cap the cap must not arrive. Answers with
// magic3 on ep.
seL4_Word check_recv_cap_fn(seL4_Word ep, seL4_Word should_recv_cap, seL4_Word reply, seL4_Word recv_slot) {
    seL4_Word failures = 0;
    seL4_SetCapReceivePath(root_cnode, recv_slot, root_depth);
    (void)seL4_Recv(ep, nullptr, reply);
    if (seL4_GetMR(0) != magic1) ++failures;
    const seL4_MessageInfo_t tag = seL4_MessageInfo_new(0, 0, 0, 1);
    if (should_recv_cap) {
        if (!slot_is_occupied(recv_slot)) ++failures;
        seL4_SetMR(0, magic2);
        seL4_Send(recv_slot, tag);
        if (seL4_CNode_Delete(root_cnode, recv_slot, root_depth) != seL4_NoError) ++failures;
    }
    if (!slot_is_empty(recv_slot)) ++failures;
    seL4_SetMR(0, magic3);
    seL4_Send(ep, tag);
    return failures;
}

Result test_send_cap_needs_grant(Env& env) {
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr reply = objects.reply();
    const seL4_CPtr return_ep = objects.endpoint();
    const seL4_CPtr return_reply = objects.reply();
    const seL4_CPtr ep_mint = objects.slot();
    const seL4_CPtr recv_slot = objects.slot();
    test_assert_fatal(ep != 0 && reply != 0 && return_ep != 0 && return_reply != 0 && ep_mint != 0 &&
                      recv_slot != 0);
    const seL4_MessageInfo_t tag = seL4_MessageInfo_new(0, 0, 1, 1);
    for (seL4_Word i = 0; i < rights_values; ++i) {
        const seL4_CapRights_t rights = rights_of(i);
        if (!seL4_CapRights_get_capAllowWrite(rights)) continue;
        const bool grant = seL4_CapRights_get_capAllowGrant(rights);
        test_eq(seL4_CNode_Mint(root_cnode, ep_mint, root_depth, root_cnode, ep, root_depth, rights, 0),
                seL4_NoError);

        Helper t;
        test_assert_fatal(t.create(env));
        t.start(check_recv_cap_fn, ep, grant, reply, recv_slot);

        seL4_SetMR(0, magic1);
        seL4_SetCap(0, return_ep);
        seL4_Send(ep_mint, tag);
        if (grant) {
            (void)seL4_Recv(return_ep, nullptr, return_reply);
            test_eq(seL4_GetMR(0), magic2);
        }
        (void)seL4_Recv(ep, nullptr, reply);
        test_eq(seL4_GetMR(0), magic3);
        test_eq(t.wait(), seL4_Word{0});
        t.cleanup();
        test_eq(seL4_CNode_Delete(root_cnode, ep_mint, root_depth), seL4_NoError);
    }
    return test_result();
}

}  // namespace

DEFINE_TEST(IPCRIGHTS0001, "seL4_Send needs write", test_send_needs_write, true);
DEFINE_TEST(IPCRIGHTS0002, "seL4_Recv needs read", test_recv_needs_read, true);
DEFINE_TEST(IPCRIGHTS0003, "seL4_Send with caps needs grant", test_send_cap_needs_grant, true);
