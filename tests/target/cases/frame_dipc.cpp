// SPDX-License-Identifier: BSD-2-Clause
// sel4test frames.c FRAMEDIPC0001/0002 (sel4test.md §3.4): a device frame
// cannot be a thread's IPC buffer, neither for an unstarted thread nor for a
// running one, whose old buffer then stays in place. Upstream's MCS
// FRAMEDIPC0001 goes through api_tcb_configure, whose last step fails
// anyway; here TCB_SetIPCBuffer itself must refuse the frame
// (IllegalOperation, as seL4 checks the frame is not a device frame).
#include "../framework/alloc.hpp"
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"
#include "../framework/vspace.hpp"

namespace {

using namespace tessera_test;

// A 4 KiB frame at the base of the first device untyped where one can be
// retyped (as sel4test's driver makes it); 0 if none.
seL4_CPtr device_frame(const seL4_BootInfo* bootinfo) {
    const seL4_Word count = bootinfo->untyped.end - bootinfo->untyped.start;
    for (seL4_Word i = 0; i < count && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; ++i) {
        const seL4_UntypedDesc& desc = bootinfo->untypedList[i];
        if (!desc.isDevice || desc.sizeBits < seL4_PageBits) continue;
        const seL4_CPtr slot = allocator().alloc_slot();
        if (slot == 0) return 0;
        if (seL4_Untyped_Retype(bootinfo->untyped.start + i, vm::small_page_object, 0, root_cnode, 0, 0, slot, 1) ==
            seL4_NoError)
            return slot;
        allocator().free_slot(slot);
    }
    return 0;
}

// The device frame and a copy of it, given back at the end of the scope.
struct DeviceFrame {
    explicit DeviceFrame(const seL4_BootInfo* bootinfo) : frame(device_frame(bootinfo)) {
        if (frame == 0) return;
        copy = allocator().alloc_slot();
        if (copy != 0 &&
            seL4_CNode_Copy(root_cnode, copy, root_depth, root_cnode, frame, root_depth, seL4_AllRights) != seL4_NoError) {
            allocator().free_slot(copy);
            copy = 0;
        }
    }
    ~DeviceFrame() {
        allocator().free_object(copy);
        allocator().free_object(frame);
    }
    DeviceFrame(const DeviceFrame&) = delete;
    DeviceFrame& operator=(const DeviceFrame&) = delete;
    seL4_CPtr frame = 0;
    seL4_CPtr copy = 0;
};

Result test_device_frame_ipc_buffer(Env& env) {
    DeviceFrame device(env.bootinfo);
    test_assert_fatal(device.copy != 0);
    Helper helper;
    test_assert_fatal(helper.create(env));
    const seL4_Error e = seL4_TCB_SetIPCBuffer(helper.tcb(), helper.t.ipc_buffer, device.copy);
    test_assert(e != seL4_NoError);
    test_eq(e, seL4_IllegalOperation);
    return test_result();
}

seL4_Word send_twice(seL4_Word ep, seL4_Word, seL4_Word, seL4_Word) {
    seL4_Send(ep, seL4_MessageInfo_new(1, 0, 0, 0));
    seL4_Send(ep, seL4_MessageInfo_new(2, 0, 0, 0));
    return 0x600d;
}

Result test_switch_to_device_frame_ipc_buffer(Env& env) {
    DeviceFrame device(env.bootinfo);
    test_assert_fatal(device.copy != 0);
    Owned own;
    const seL4_CPtr ep = own.endpoint();
    const seL4_CPtr reply = own.reply();
    test_assert_fatal(ep != 0 && reply != 0);
    Helper helper;
    test_assert_fatal(helper.create(env));
    helper.start(send_twice, ep);
    seL4_Word badge = 0;
    test_eq(seL4_MessageInfo_get_label(seL4_Recv(ep, &badge, reply)), seL4_Word{1});
    test_assert(seL4_TCB_SetIPCBuffer(helper.tcb(), helper.t.ipc_buffer, device.copy) != seL4_NoError);
    test_eq(seL4_MessageInfo_get_label(seL4_Recv(ep, &badge, reply)), seL4_Word{2});
    test_eq(helper.wait(), seL4_Word{0x600d});
    return test_result();
}

}  // namespace

DEFINE_TEST(FRAMEDIPC0001, "Test that we cannot create a thread with an IPC buffer that is a frame",
            test_device_frame_ipc_buffer, true);
DEFINE_TEST(FRAMEDIPC0002, "Test that we cannot switch a threads IPC buffer to a device frame",
            test_switch_to_device_frame_ipc_buffer, true);
