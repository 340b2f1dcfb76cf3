// SPDX-License-Identifier: BSD-2-Clause
// The entry point: the document, then <system>'s children in the Microkit
// tool's order (PDs and MRs as they come, channels once every PD is known),
// then the whole-system checks (reference/microkit.md §1.1, §1.12).
#include "parse.hpp"

#include <pugixml.hpp>

#include <string_view>
#include <vector>

#include "document.hpp"
#include "parser.hpp"

namespace microkit::sdf {

std::uint64_t pd_map_limit(const Target& target, std::uint64_t stack_size) {
    const std::uint64_t guard_and_stack = kSmallPageSize + stack_size;
    return target.ipc_buffer_vaddr > guard_and_stack ? target.ipc_buffer_vaddr - guard_and_stack : 0;
}

std::uint64_t vm_map_limit(const Target& target) { return target.ipc_buffer_vaddr + kSmallPageSize; }

std::optional<std::size_t> find_pd(const SystemDescription& system, const std::string& name) {
    for (std::size_t i = 0; i < system.pds.size(); ++i) {
        if (system.pds[i].name == name) return i;
    }
    return std::nullopt;
}

// Every setvar* attribute and <setvar> of a PD patches a different symbol.
bool add_symbol(Parser& parser, std::size_t pd, const std::string& symbol, pugi::xml_node element) {
    if (parser.symbols[pd].insert(symbol).second) return true;
    return parser.reader.value_error(element, "setvar on symbol '" + symbol + "' already exists");
}

namespace {

bool parse_system(Parser& parser, pugi::xml_node system) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(system, {})) return false;
    for (pugi::xml_node child : system.children("domains")) {
        if (!parse_domains(parser, child)) return false;
    }
    std::vector<pugi::xml_node> channels;
    for (pugi::xml_node child : system.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string_view name = child.name();
        bool ok = true;
        if (name == "protection_domain") {
            ok = parse_protection_domain(parser, child, std::nullopt);
        } else if (name == "memory_region") {
            ok = parse_memory_region(parser, child);
        } else if (name == "channel") {
            channels.push_back(child);
        } else if (name == "domains") {
            continue;  // already read
        } else if (name == "virtual_machine") {
            return reader.fail("Error: virtual machine must be a child of a protection domain: " + reader.where(child));
        } else if (name == "io_address_space") {
            // An x86 IOMMU element; no AArch64 or RISC-V kernel has that IOMMU support.
            return reader.fail("Error: io address space requires seL4 to be built with IOMMU support: " +
                               reader.where(child));
        } else {
            return reader.invalid_element(child);
        }
        if (!ok) return false;
    }
    for (pugi::xml_node channel : channels) {
        if (!parse_channel(parser, channel)) return false;
    }
    return check_system(parser);
}

}  // namespace

ParseResult parse(std::string_view xml, const std::string& file_name, const Target& target, const FileLookup& lookup) {
    ParseResult result;
    Reader reader(xml, file_name);
    pugi::xml_document document;
    pugi::xml_node system;
    Parser parser{reader, target, lookup, {}, {}};
    if (!load_system(reader, document, system) || !parse_system(parser, system)) {
        result.error = reader.error();
        return result;
    }
    promote_page_sizes(parser.system);
    result.warnings = unused_region_warnings(parser.system);
    result.system = std::move(parser.system);
    return result;
}

}  // namespace microkit::sdf
