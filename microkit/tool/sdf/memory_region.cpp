// SPDX-License-Identifier: BSD-2-Clause
// <memory_region> (reference/microkit.md §1.6).
#include <array>
#include <string>
#include <string_view>

#include "number.hpp"
#include "parser.hpp"

namespace microkit::sdf {

namespace {

// The kinds of boot information the initial task can copy into a region
// (Microkit 2.3.0; `x86_mbmmap` is the code's spelling). Only the FDT exists
// on every architecture: seL4 hands it over in the bootinfo's extra area
// when the loader passes one. The x86 ones name data only an x86 boot has.
constexpr std::array<std::string_view, 5> kX86BootInfo{"x86_vbe", "x86_mbmmap", "x86_acpi_rsdp", "x86_framebuffer",
                                                       "x86_tsc_freq"};
constexpr std::string_view kFdtBootInfo = "fdt";

bool parse_prefill_path(Parser& parser, pugi::xml_node element, MemoryRegion& mr) {
    mr.prefill_path = parser.reader.optional_string(element, "prefill_path");
    if (!mr.prefill_path) return true;
    std::optional<FoundFile> found = parser.lookup ? parser.lookup(*mr.prefill_path) : std::nullopt;
    if (!found) return parser.reader.value_error(element, "unable to find prefill file: '" + *mr.prefill_path + "'");
    if (found->size == 0) {
        return parser.reader.value_error(element, "prefill file '" + *mr.prefill_path + "' is empty");
    }
    mr.prefill_file = found->path;
    mr.prefill_size = found->size;
    return true;
}

bool parse_prefill_bootinfo(Parser& parser, pugi::xml_node element, MemoryRegion& mr) {
    mr.prefill_bootinfo = parser.reader.optional_string(element, "prefill_bootinfo");
    if (!mr.prefill_bootinfo) return true;
    const std::string& kind = *mr.prefill_bootinfo;
    if (kind == kFdtBootInfo) return true;
    for (std::string_view x86_kind : kX86BootInfo) {
        if (kind == x86_kind) {
            // Tessera targets AArch64 and RISC-V only.
            return parser.reader.value_error(element, "BootInfoMap type: '" + kind + "' is only available on x86");
        }
    }
    return parser.reader.value_error(element, "BootInfoMap type: '" + kind + "' is not supported");
}

bool parse_size(Parser& parser, pugi::xml_node element, MemoryRegion& mr) {
    Reader& reader = parser.reader;
    if (element.attribute("size")) {
        if (!reader.optional_number(element, "size", mr.size)) return false;
        if (mr.size % mr.page_size != 0) return reader.value_error(element, "size is not a multiple of the page size");
        if (mr.prefill_path && mr.prefill_size > mr.size) {
            // Lengths in bare hex, as the Microkit tool prints them.
            return reader.value_error(element, "size of prefill file exceeds memory region size: " +
                                                   hex(mr.prefill_size).substr(2) + " > " + hex(mr.size).substr(2));
        }
        return true;
    }
    if (mr.prefill_bootinfo) {
        mr.size = mr.page_size;
        return true;
    }
    if (mr.prefill_path) {
        std::uint64_t rounded = mr.prefill_size + (mr.page_size - 1);
        if (rounded < mr.prefill_size) {
            return reader.value_error(element, "prefill file '" + *mr.prefill_path + "' is too large");
        }
        mr.size = rounded - rounded % mr.page_size;
        return true;
    }
    return reader.value_error(element, "size must be specified if memory region is not prefilled");
}

}  // namespace

bool parse_memory_region(Parser& parser, pugi::xml_node element) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element,
                                 {"name", "size", "page_size", "phys_addr", "prefill_path", "prefill_bootinfo"}) ||
        !reader.check_no_children(element)) {
        return false;
    }
    MemoryRegion mr;
    mr.position = reader.position(element);
    if (!reader.required(element, "name", mr.name)) return false;
    mr.page_size = kSmallPageSize;
    mr.page_size_given = static_cast<bool>(element.attribute("page_size"));
    if (!reader.optional_number(element, "page_size", mr.page_size)) return false;
    if (mr.page_size != kSmallPageSize && mr.page_size != kLargePageSize) {
        return reader.value_error(element, "page size " + hex(mr.page_size) + " not supported");
    }
    if (!parse_prefill_path(parser, element, mr) || !parse_prefill_bootinfo(parser, element, mr)) return false;
    if (mr.prefill_path && mr.prefill_bootinfo) {
        return reader.value_error(element, "prefill_path and prefill_bootinfo cannot be both specified");
    }
    if (!parse_size(parser, element, mr)) return false;
    if (!reader.optional_number(element, "phys_addr", mr.phys_addr)) return false;
    if (mr.phys_addr && *mr.phys_addr % mr.page_size != 0) {
        return reader.value_error(element, "phys_addr is not aligned to the page size");
    }
    parser.system.mrs.push_back(std::move(mr));
    return true;
}

}  // namespace microkit::sdf
