// SPDX-License-Identifier: BSD-2-Clause
// sel4test ipc.c IPC0021 (sel4test.md §3.4): a passive fault handler runs on
// the faulting thread's donated scheduling context, maps a frame at the
// address of the VM fault and replies, so the faulter resumes and finishes.
#include "../framework/alloc.hpp"
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"
#include "../framework/vspace.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_Word written = 0x21;

// Reports it is up, then handles one VM fault by mapping `frame` there.
seL4_Word mapping_handler(seL4_Word ep, seL4_Word reply, seL4_Word frame, seL4_Word result_word) {
    auto* result = reinterpret_cast<volatile seL4_Word*>(result_word);
    seL4_MessageInfo_t info = seL4_NBSendRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), ep, nullptr, reply);
    const bool vm_fault = seL4_MessageInfo_get_label(info) == seL4_Fault_VMFault;
    const seL4_Word page = seL4_GetMR(1) & ~(seL4_PageSize - 1);
    const seL4_Error e = vm::page_map(frame, seL4_CapInitThreadVSpace, page, seL4_AllRights, vm::default_attributes);
    *result = vm_fault && e == seL4_NoError ? 1 : 2;
    (void)seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), nullptr, reply);
    return 0;
}

seL4_Word write_there(seL4_Word address, seL4_Word, seL4_Word, seL4_Word) {
    *reinterpret_cast<volatile seL4_Word*>(address) = written;
    return *reinterpret_cast<volatile seL4_Word*>(address);
}

Result test_fault_handler_on_donated_sc(Env& env) {
    vm::Tables tables;
    const seL4_Word va = vm::free_window(seL4_LargePageBits) + 3 * seL4_PageSize;
    test_assert_fatal(tables.cover(va));
    Owned own;
    const seL4_CPtr ep = own.endpoint();
    const seL4_CPtr reply = own.reply();
    const seL4_CPtr frame = own.object(vm::small_page_object);
    test_assert_fatal(ep != 0 && reply != 0 && frame != 0);
    volatile seL4_Word result = 0;
    HelperThread handler;
    test_assert_fatal(create_passive_thread(env, &handler, mapping_handler, ep, reply, frame,
                                            reinterpret_cast<seL4_Word>(&result)));
    Helper faulter;
    test_assert_fatal(faulter.create(env));
    test_eq(seL4_TCB_SetSpace(faulter.tcb(), ep, root_cnode, 0, seL4_CapInitThreadVSpace, 0), seL4_NoError);
    faulter.start(write_there, va);
    test_eq(faulter.wait(), written);
    test_eq(result, seL4_Word{1});
    test_eq(*reinterpret_cast<volatile seL4_Word*>(va), written);
    faulter.cleanup();
    cleanup_helper(env, &handler);
    return test_result();
}

}  // namespace

DEFINE_TEST(IPC0021, "Test fault handler on donated scheduling context", test_fault_handler_on_donated_sc, true);
