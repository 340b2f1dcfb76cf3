// SPDX-License-Identifier: BSD-2-Clause
#include "document.hpp"

#include <string>
#include <string_view>

namespace microkit::sdf {

namespace {

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_blank(std::string_view text) {
    for (char c : text) {
        if (!is_xml_space(c)) return false;
    }
    return true;
}

// pugixml keeps only elements at the top level and silently drops any text
// there, so the prolog (before the root) is scanned by hand: it may hold only
// white space, the XML declaration or processing instructions, comments and a
// document type declaration. Returns the offset of the first stray byte, or
// `end` if there is none.
std::size_t stray_prolog_text(std::string_view xml, std::size_t begin, std::size_t end) {
    std::size_t at = begin;
    while (at < end) {
        if (is_xml_space(xml[at])) {
            ++at;
            continue;
        }
        std::string_view rest = xml.substr(at, end - at);
        std::size_t close = std::string_view::npos;
        if (rest.starts_with("<?")) {
            close = rest.find("?>");
            if (close != std::string_view::npos) close += 2;
        } else if (rest.starts_with("<!--")) {
            close = rest.find("-->", 4);
            if (close != std::string_view::npos) close += 3;
        } else if (rest.starts_with("<!DOCTYPE")) {
            std::size_t subset = rest.find('[');
            std::size_t gt = rest.find('>');
            if (subset != std::string_view::npos && subset < gt) {
                std::size_t subset_end = rest.find("]", subset);
                gt = subset_end == std::string_view::npos ? subset_end : rest.find('>', subset_end);
            }
            close = gt == std::string_view::npos ? gt : gt + 1;
        }
        if (close == std::string_view::npos) return at;
        at += close;
    }
    return end;
}

// After the root element only white space, comments and processing
// instructions may follow. Scanning back from the end, true if what is left
// finishes with the root's end tag (or the root's own "/>" when it is empty).
bool epilogue_is_clean(std::string_view xml, pugi::xml_node root) {
    std::size_t end = xml.size();
    for (;;) {
        while (end > 0 && is_xml_space(xml[end - 1])) --end;
        std::string_view head = xml.substr(0, end);
        std::size_t open = std::string_view::npos;
        if (head.ends_with("-->")) {
            open = head.rfind("<!--", end - 3);
        } else if (head.ends_with("?>")) {
            open = head.rfind("<?", end - 2);
        } else {
            break;
        }
        if (open == std::string_view::npos) return false;
        end = open;
    }
    if (end == 0 || xml[end - 1] != '>') return false;
    if (!root.first_child() && end >= 2 && xml[end - 2] == '/') return true;
    std::size_t before = end - 1;
    while (before > 0 && is_xml_space(xml[before - 1])) --before;
    std::string end_tag = std::string("</") + root.name();
    return xml.substr(0, before).ends_with(end_tag);
}

// Non-whitespace text anywhere inside the document: named by the element it
// follows, or else by the element that holds it.
bool check_no_text(Reader& reader, pugi::xml_node element) {
    pugi::xml_node previous;
    for (pugi::xml_node child : element.children()) {
        if (child.type() == pugi::node_element) {
            if (!check_no_text(reader, child)) return false;
            previous = child;
            continue;
        }
        bool text = child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata;
        if (!text || is_blank(child.value())) continue;
        if (previous) {
            return reader.fail("Error: unexpected text found after element '" + std::string(previous.name()) +
                               "' @ " + reader.where(previous));
        }
        return reader.fail("Error: unexpected text found in element '" + std::string(element.name()) + "' @ " +
                           reader.where(element));
    }
    return true;
}

}  // namespace

bool load_system(Reader& reader, pugi::xml_document& document, pugi::xml_node& system) {
    std::string_view xml = reader.xml();
    // parse_ws_pcdata keeps every text node so that check_no_text sees all of them.
    pugi::xml_parse_result result =
        document.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    if (!result) {
        std::size_t offset = result.offset < 0 ? 0 : static_cast<std::size_t>(result.offset);
        return reader.fail("Error: could not parse '" + reader.file_name() + "': " + result.description() + ": " +
                           reader.position_at(offset).text());
    }
    pugi::xml_node root;
    for (pugi::xml_node node : document.children()) {
        if (node.type() != pugi::node_element) continue;
        if (root) {
            return reader.fail("Error: could not parse '" + reader.file_name() +
                               "': a document has only one root element, found another '" + node.name() +
                               "': " + reader.where(node));
        }
        root = node;
    }
    if (!root) {
        return reader.fail("Error: could not parse '" + reader.file_name() + "': no root element: " +
                           reader.position_at(0).text());
    }
    if (std::string_view(root.name()) != "system") {
        // The Microkit tool panics here (it unwraps a missing <system>).
        return reader.fail("Error: the root element must be 'system', found '" + std::string(root.name()) +
                           "': " + reader.where(root));
    }
    std::size_t root_start = static_cast<std::size_t>(root.offset_debug() - 1);
    std::size_t body_start = xml.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    std::size_t stray = stray_prolog_text(xml, body_start, root_start);
    if (stray != root_start) {
        return reader.fail("Error: unexpected text found before element 'system' @ " +
                           reader.position_at(stray).text());
    }
    if (!epilogue_is_clean(xml, root)) {
        return reader.fail("Error: unexpected text found after element 'system' @ " + reader.where(root));
    }
    if (!check_no_text(reader, root)) return false;
    system = root;
    return true;
}

}  // namespace microkit::sdf
