// SPDX-License-Identifier: BSD-2-Clause
// <cspace>: caps of PDs' TCBs, scheduling contexts and VSpaces placed in a
// PD's root CNode (reference/microkit.md §1.11, §2.4).
#include <string>
#include <string_view>

#include "parser.hpp"

namespace microkit::sdf {

bool parse_cspace(Parser& parser, pugi::xml_node element, std::size_t pd) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {})) return false;
    for (pugi::xml_node child : element.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string_view name = child.name();
        CspaceCap cap;
        if (name == "cap_tcb") {
            cap.kind = CspaceCap::Kind::Tcb;
        } else if (name == "cap_sc") {
            cap.kind = CspaceCap::Kind::SchedContext;
        } else if (name == "cap_vspace") {
            cap.kind = CspaceCap::Kind::VSpace;
        } else if (name.starts_with("cap_")) {
            return reader.fail("Cap type: '" + std::string(name.substr(4)) + "' is not supported at '" +
                               reader.where(child) + "'");
        } else {
            return reader.invalid_element(child);
        }
        if (!reader.check_attributes(child, {"slot", "pd"}) || !reader.check_no_children(child)) return false;
        cap.position = reader.position(child);
        if (!reader.required(child, "pd", cap.pd) || !reader.required_number(child, "slot", cap.slot)) return false;
        if (cap.slot == 0) {
            return reader.value_error(child, "The destination slot 0 has been reserved for Microkit CNode");
        }
        // The Microkit tool takes slots up to 127, but the root CNode has 64
        // and libmicrokit's microkit_cspace_root_slot_to_cptr() gives no cap
        // for slot 64 or above.
        if (cap.slot >= kRootCNodeSlots) {
            return reader.value_error(child, "slot must be less than " + std::to_string(kRootCNodeSlots) +
                                                 ", the size of a protection domain's root CNode");
        }
        parser.system.pds[pd].cspace_caps.push_back(std::move(cap));
    }
    return true;
}

}  // namespace microkit::sdf
