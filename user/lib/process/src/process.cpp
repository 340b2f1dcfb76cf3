// SPDX-License-Identifier: BSD-2-Clause
// Creating, loading and starting a process (process/process.hpp).
#include <process/process.hpp>

#include <sel4runtime/auxv.h>

namespace process {
namespace {

constexpr seL4_Word page_size = Process::page_size;

seL4_Word page_down(seL4_Word a) { return a & ~(page_size - 1); }

seL4_CapRights_t page_rights(bool writable) {
    return writable ? seL4_ReadWrite : seL4_CanRead;
}

seL4_Word page_attributes(bool executable) { return executable ? default_attributes : default_attributes | execute_never; }

seL4_Word string_length(const char* s) {
    seL4_Word n = 0;
    while (s[n] != '\0') ++n;
    return n;
}

}  // namespace

seL4_Error Process::create(const Config& config, ObjectSource& objects) {
    config_ = config;
    objects_ = &objects;
    if (config.scratch_address == 0 || page_down(config.scratch_address) != config.scratch_address)
        return fail("the scratch address must be a page-aligned address", seL4_InvalidArgument);
    vspace_ = objects.object(vspace_object, 0);
    if (vspace_ == 0) return fail("make the VSpace", seL4_NotEnoughMemory);
    seL4_Error error = asid_pool_assign(config.asid_pool, vspace_);
    if (error != seL4_NoError) return fail("assign an ASID", error);
    cnode_ = objects.object(seL4_CapTableObject, config.cnode_bits);
    if (cnode_ == 0) return fail("make the CNode", seL4_NotEnoughMemory);
    tcb_ = objects.object(seL4_TCBObject, 0);
    if (tcb_ == 0) return fail("make the TCB", seL4_NotEnoughMemory);
    if (config.sched_control != seL4_CapNull) {
        sc_ = objects.object(seL4_SchedContextObject, seL4_MinSchedContextBits);
        if (sc_ == 0) return fail("make the scheduling context", seL4_NotEnoughMemory);
        error = seL4_SchedControl_ConfigureFlags(config.sched_control, sc_, config.budget_us, config.period_us, 0, 0,
                                                 seL4_SchedContext_NoFlag);
        if (error != seL4_NoError) return fail("configure the scheduling context", error);
    }
    ipc_frame_ = objects.object(small_page_object, 0);
    if (ipc_frame_ == 0) return fail("make the IPC buffer", seL4_NotEnoughMemory);
    error = map_in_process(ipc_frame_, ipc_buffer_address, true, false);
    if (error != seL4_NoError) return fail("map the IPC buffer", error);

    // Guard bits so that a 64-bit CPtr resolves in the one CNode.
    const seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - config.cnode_bits).words[0];
    error = seL4_TCB_Configure(tcb_, cnode_, guard, vspace_, 0, ipc_buffer_address, ipc_frame_);
    if (error != seL4_NoError) return fail("configure the TCB", error);
    error = seL4_TCB_SetSchedParams(tcb_, seL4_CapInitThreadTCB, config.mcp, config.priority, sc_,
                                    config.fault_endpoint);
    if (error != seL4_NoError) return fail("set the scheduling parameters", error);
    error = mint_cap(tcb_, slot_tcb, seL4_AllRights);
    if (error != seL4_NoError) return fail("give the process its TCB cap", error);
    return seL4_NoError;
}

seL4_Error Process::map_in_process(seL4_CPtr frame, seL4_Word address, bool writable, bool executable) {
    return map_frame(frame, vspace_, address, page_rights(writable), page_attributes(executable), *objects_, tables_,
                     max_tables, &table_count_);
}

template <typename Fill>
seL4_Error Process::with_scratch_mapping(seL4_CPtr frame, Fill fill) {
    // A frame cap maps once: the caller maps a copy.
    const seL4_CPtr copy = objects_->slot();
    if (copy == 0) return seL4_NotEnoughMemory;
    const seL4_CPtr cnode = objects_->cnode();
    const seL4_Uint8 depth = objects_->depth();
    seL4_Error error = seL4_CNode_Copy(cnode, copy, depth, cnode, frame, depth, seL4_ReadWrite);
    if (error == seL4_NoError) {
        error = map_frame(copy, config_.caller_vspace, config_.scratch_address, seL4_ReadWrite,
                          default_attributes | execute_never, *objects_);
        if (error == seL4_NoError) {
            fill(reinterpret_cast<char*>(config_.scratch_address));
            error = page_unmap(copy);
        }
        (void)seL4_CNode_Delete(cnode, copy, depth);
    }
    objects_->free(copy);
    return error;
}

seL4_CPtr Process::page_frame(seL4_Word page, bool writable, bool executable, seL4_Error* error) {
    for (unsigned i = 0; i < page_count_; ++i) {
        Page& p = pages_[i];
        if (p.address != page) continue;
        // Two segments share this page: it gets the rights of both (a remap
        // of the same cap at the same address changes them in place).
        if ((writable && !p.writable) || (executable && !p.executable)) {
            p.writable |= writable;
            p.executable |= executable;
            *error = map_in_process(p.frame, page, p.writable, p.executable);
            if (*error != seL4_NoError) return 0;
        }
        return p.frame;
    }
    if (page_count_ == max_pages) {
        *error = seL4_NotEnoughMemory;
        return 0;
    }
    const seL4_CPtr frame = objects_->object(small_page_object, 0);
    if (frame == 0) {
        *error = seL4_NotEnoughMemory;
        return 0;
    }
    *error = map_in_process(frame, page, writable, executable);
    if (*error != seL4_NoError) return 0;
    pages_[page_count_++] = {page, frame, writable, executable};
    return frame;
}

seL4_Error Process::load(const Image& image) {
    entry_ = image.entry;
    for (unsigned s = 0; s < image.count; ++s) {
        const Segment& segment = image.segments[s];
        const auto* bytes = static_cast<const char*>(segment.data);
        for (seL4_Word page = page_down(segment.vaddr); page < segment.vaddr + segment.memsz; page += page_size) {
            seL4_Error error = seL4_NoError;
            const seL4_CPtr frame = page_frame(page, segment.writable, segment.executable, &error);
            if (frame == 0) return fail("make and map a page of the image", error);
            // The part of the segment's file bytes inside this page (fresh
            // frames are zero, so the rest of the page needs nothing).
            const seL4_Word file_end = segment.vaddr + segment.filesz;
            const seL4_Word from = page > segment.vaddr ? page : segment.vaddr;
            const seL4_Word to = page + page_size < file_end ? page + page_size : file_end;
            if (from >= to) continue;
            error = with_scratch_mapping(frame, [&](char* mapped) {
                __builtin_memcpy(mapped + (from - page), bytes + (from - segment.vaddr), to - from);
            });
            if (error != seL4_NoError) return fail("copy the image into the process", error);
        }
    }
    return seL4_NoError;
}

seL4_Error Process::mint_cap(seL4_CPtr cap, seL4_Word slot, seL4_CapRights_t rights, seL4_Word badge) {
    return seL4_CNode_Mint(cnode_, slot, static_cast<seL4_Uint8>(config_.cnode_bits), objects_->cnode(), cap,
                           objects_->depth(), rights, badge);
}

seL4_Error Process::map_frame_copy(seL4_CPtr frame, seL4_Word address, seL4_CapRights_t rights,
                                   seL4_Word attributes) {
    const seL4_CPtr copy = objects_->slot();
    if (copy == 0) return fail("find a slot for a frame copy", seL4_NotEnoughMemory);
    seL4_Error error =
        seL4_CNode_Copy(objects_->cnode(), copy, objects_->depth(), objects_->cnode(), frame, objects_->depth(), rights);
    if (error != seL4_NoError) return fail("copy the frame cap", error);
    error = map_frame(copy, vspace_, address, rights, attributes, *objects_, tables_, max_tables, &table_count_);
    if (error != seL4_NoError) return fail("map the frame in the process", error);
    return seL4_NoError;
}

seL4_Error Process::start(int argc, const char* const* argv) {
    const char* const name_only[] = {config_.name};
    if (argc == 0) {
        argc = 1;
        argv = name_only;
    }
    // The stack: its pages, the top one holding the start-up data.
    seL4_CPtr top_frame = 0;
    for (unsigned i = 0; i < config_.stack_pages; ++i) {
        seL4_Error error = seL4_NoError;
        top_frame = page_frame(stack_bottom + i * page_size, true, false, &error);
        if (top_frame == 0) return fail("make the stack", error);
    }
    const seL4_Word stack_top = stack_bottom + config_.stack_pages * page_size;
    const seL4_Word top_page = stack_top - page_size;

    // Strings at the very top, then (16-byte aligned, below them) argc,
    // argv, an empty environment and the auxiliary vector.
    const seL4_Word auxv_words = 2 * 4;
    seL4_Word string_bytes = 0;
    for (int i = 0; i < argc; ++i) string_bytes += string_length(argv[i]) + 1;
    const seL4_Word table_words = 1 + (argc + 1) + 1 + auxv_words;
    if (string_bytes + table_words * sizeof(seL4_Word) + 16 > page_size)
        return fail("fit the arguments in one stack page", seL4_RangeError);
    const seL4_Word strings_at = stack_top - string_bytes;
    const seL4_Word sp = (strings_at - table_words * sizeof(seL4_Word)) & ~seL4_Word{15};

    const seL4_Error error = with_scratch_mapping(top_frame, [&](char* page) {
        auto local = [&](seL4_Word address) { return page + (address - top_page); };
        auto* words = reinterpret_cast<seL4_Word*>(local(sp));
        seL4_Word w = 0;
        words[w++] = static_cast<seL4_Word>(argc);
        seL4_Word next_string = strings_at;
        for (int i = 0; i < argc; ++i) {
            const seL4_Word n = string_length(argv[i]) + 1;
            __builtin_memcpy(local(next_string), argv[i], n);
            words[w++] = next_string;
            next_string += n;
        }
        words[w++] = 0;  // end of argv
        words[w++] = 0;  // empty environment
        const seL4_Word aux[auxv_words] = {AT_PAGESZ, page_size, AT_SEL4_IPC_BUFFER, ipc_buffer_address,
                                          AT_SEL4_TCB, slot_tcb, AT_NULL, 0};
        for (seL4_Word a : aux) words[w++] = a;
    });
    if (error != seL4_NoError) return fail("write the start-up stack", error);

    seL4_UserContext regs{};
    regs.pc = entry_;
    regs.sp = sp;
    const seL4_Error write_error =
        seL4_TCB_WriteRegisters(tcb_, 0, 0, sizeof regs / sizeof(seL4_Word), &regs);
    if (write_error != seL4_NoError) return fail("set the entry point and stack", write_error);
    const seL4_Error resume_error = seL4_TCB_Resume(tcb_);
    if (resume_error != seL4_NoError) return fail("start the thread", resume_error);
    return seL4_NoError;
}

}  // namespace process
