// SPDX-License-Identifier: BSD-2-Clause
#include "root_task.hpp"

#include <elf/elf.hpp>
#include <kern/bulk_memory.hpp>

namespace kern::boot {

namespace {

template <typename F>
void for_each_load(const std::uint8_t* file, F&& f) {
    const elf::Ehdr& eh = elf::header(file);
    for (std::size_t i = 0; i < eh.e_phnum; ++i) {
        const elf::Phdr& ph = elf::program_header(file, i);
        if (ph.p_type == elf::PT_LOAD && ph.p_memsz != 0) f(ph);
    }
}

}  // namespace

const char* compute_root_task_layout(const std::uint8_t* file, word_t extra_length, vaddr_t user_top,
                                     RootTaskLayout& out) {
    vaddr_t lowest = ~vaddr_t{0};
    vaddr_t highest = 0;
    for_each_load(file, [&](const elf::Phdr& ph) {
        if (ph.p_vaddr < lowest) lowest = ph.p_vaddr;
        if (ph.p_vaddr + ph.p_memsz > highest) highest = ph.p_vaddr + ph.p_memsz;
    });
    if (highest == 0) return "root task has no loadable segment";
    out.entry = elf::header(file).e_entry;
    out.image_start = align_down(lowest, page_size);
    out.image_end = align_up(highest, page_size);
    out.ipc_buffer = out.image_end;
    out.boot_info = out.ipc_buffer + page_size;
    out.extra_boot_info = out.boot_info + page_size;
    out.extra_boot_info_pages = align_up(extra_length, page_size) / page_size;
    const vaddr_t end = out.extra_boot_info + out.extra_boot_info_pages * page_size;
    if (out.image_end < highest || end < out.image_end || end > user_top)
        return "root task image, IPC buffer and boot info do not fit below the top of user space";
    return nullptr;
}

bool next_image_run(const std::uint8_t* file, PageRun& run) {
    // The run that starts lowest among the pages not yet returned (those at
    // or above the previous run's end), as long as its segment reaches.
    const vaddr_t from = run.end;
    bool found = false;
    for_each_load(file, [&](const elf::Phdr& ph) {
        const vaddr_t end = align_up(ph.p_vaddr + ph.p_memsz, page_size);
        if (end <= from) return;
        const vaddr_t start = align_down(ph.p_vaddr, page_size) > from ? align_down(ph.p_vaddr, page_size) : from;
        if (!found || start < run.start || (start == run.start && end > run.end)) {
            run = {start, end};
            found = true;
        }
    });
    return found;
}

void fill_image_page(const std::uint8_t* file, vaddr_t page_vaddr, std::uint8_t* page) {
    for_each_load(file, [&](const elf::Phdr& ph) {
        // File bytes only; the rest of p_memsz (.bss) stays zero.
        const vaddr_t from = ph.p_vaddr > page_vaddr ? ph.p_vaddr : page_vaddr;
        const vaddr_t seg_file_end = ph.p_vaddr + ph.p_filesz;
        const vaddr_t to = seg_file_end < page_vaddr + page_size ? seg_file_end : page_vaddr + page_size;
        if (from >= to) return;
        copy_memory(page + (from - page_vaddr), file + ph.p_offset + (from - ph.p_vaddr), to - from);
    });
}

void fill_extra_boot_info_page(const ExtraBootInfo& extra, word_t offset, std::uint8_t* page) {
    const word_t length = extra.length();
    if (offset >= length) return;
    const seL4_BootInfoHeader header{SEL4_BOOTINFO_HEADER_FDT, length};
    const word_t end = offset + page_size < length ? offset + page_size : length;
    // The stream is the chunk header followed by the device tree; copy the
    // part of each that falls in [offset, end) with copy_memory (QEMU's
    // AArch64 device tree is 1 MiB; a byte loop cost ~16 instructions per byte).
    word_t pos = offset;
    if (pos < sizeof(header)) {
        const word_t n = (end < sizeof(header) ? end : sizeof(header)) - pos;
        __builtin_memcpy(page, reinterpret_cast<const std::uint8_t*>(&header) + pos, n);
        pos += n;
    }
    if (pos < end) copy_memory(page + (pos - offset), extra.dtb + (pos - sizeof(header)), end - pos);
}

void fill_boot_info(seL4_BootInfo& info, const RootTaskLayout& layout, word_t extra_length) {
    info = seL4_BootInfo{};
    info.extraLen = extra_length;
    info.nodeID = 0;
    info.numNodes = 1;
    info.numIOPTLevels = 0;
    info.ipcBuffer = reinterpret_cast<seL4_IPCBuffer*>(layout.ipc_buffer);
    info.initThreadCNodeSizeBits = root_cnode_size_bits;
    info.initThreadDomain = 0;
    // Cap regions start empty; build_root_cspace (root_cspace.hpp) fills
    // them and the untyped list once the caps exist.
    const seL4_SlotRegion none{seL4_NumInitialCaps, seL4_NumInitialCaps};
    info.sharedFrames = none;
    info.userImageFrames = none;
    info.userImagePaging = none;
    info.ioSpaceCaps = none;
    info.extraBIPages = none;
    info.schedcontrol = none;
    info.untyped = none;
    info.empty = {seL4_NumInitialCaps, seL4_SlotPos{1} << root_cnode_size_bits};
}

}  // namespace kern::boot
