// SPDX-License-Identifier: BSD-2-Clause
#include "reader.hpp"

#include <algorithm>

#include "number.hpp"

namespace microkit::sdf {

namespace {

bool is_namespace_declaration(std::string_view name) { return name == "xmlns" || name.starts_with("xmlns:"); }

}  // namespace

Reader::Reader(std::string_view xml, std::string file_name) : xml_(xml), file_name_(std::move(file_name)) {
    if (xml_.starts_with("\xEF\xBB\xBF")) text_start_ = 3;
    line_starts_.push_back(text_start_);
    for (std::size_t i = 0; i < xml_.size(); ++i) {
        if (xml_[i] == '\n') line_starts_.push_back(i + 1);
    }
}

Position Reader::position_at(std::size_t offset) const {
    offset = std::clamp(offset, text_start_, xml_.size());
    auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    std::size_t line_index = static_cast<std::size_t>(next_line - line_starts_.begin()) - 1;
    std::size_t column = 1;
    // Columns count characters: UTF-8 continuation bytes do not start one.
    for (std::size_t i = line_starts_[line_index]; i < offset; ++i) {
        if ((static_cast<unsigned char>(xml_[i]) & 0xC0) != 0x80) ++column;
    }
    return Position{file_name_, static_cast<unsigned>(line_index + 1), static_cast<unsigned>(column)};
}

Position Reader::position(pugi::xml_node element) const {
    // pugixml reports the offset of the element's name; the element starts at the '<' before it.
    std::ptrdiff_t offset = element.offset_debug();
    if (offset <= 0) return position_at(0);
    return position_at(static_cast<std::size_t>(offset - 1));
}

bool Reader::fail(std::string line) {
    if (error_.empty()) error_ = std::move(line);
    return false;
}

bool Reader::value_error(pugi::xml_node element, std::string_view reason) {
    return fail("Error: " + std::string(reason) + " on element '" + element.name() + "': " + where(element));
}

bool Reader::value_error_at(const Position& position, std::string_view element_name, std::string_view reason) {
    return fail("Error: " + std::string(reason) + " on element '" + std::string(element_name) +
                "': " + position.text());
}

bool Reader::invalid_element(pugi::xml_node child) {
    return fail("Error: invalid XML element '" + std::string(child.name()) + "': " + where(child));
}

bool Reader::check_attributes(pugi::xml_node element, std::initializer_list<std::string_view> allowed) {
    return check_attributes(element, std::vector<std::string_view>(allowed));
}

bool Reader::check_attributes(pugi::xml_node element, const std::vector<std::string_view>& allowed) {
    for (pugi::xml_attribute attribute : element.attributes()) {
        std::string_view name = attribute.name();
        if (is_namespace_declaration(name)) continue;
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            return value_error(element, "invalid attribute '" + std::string(name) + "'");
        }
        for (pugi::xml_attribute later = attribute.next_attribute(); later; later = later.next_attribute()) {
            if (name == later.name()) return value_error(element, "duplicate attribute '" + std::string(name) + "'");
        }
    }
    return true;
}

bool Reader::check_no_children(pugi::xml_node element) {
    for (pugi::xml_node child : element.children()) {
        if (child.type() == pugi::node_element) return invalid_element(child);
    }
    return true;
}

bool Reader::required(pugi::xml_node element, const char* name, std::string& value) {
    pugi::xml_attribute attribute = element.attribute(name);
    if (!attribute) {
        return fail("Error: Missing required attribute '" + std::string(name) + "' on element '" + element.name() +
                    "': " + where(element));
    }
    value = attribute.value();
    return true;
}

bool Reader::number(pugi::xml_node element, std::string_view text, std::uint64_t& value) {
    auto parsed = parse_sdf_number(text);
    if (!parsed.ok()) {
        // The Microkit tool's line for this case names no position; kept as it is.
        return fail("Error: failed to parse integer '" + std::string(text) + "' on element '" + element.name() +
                    "': " + std::string(describe(*parsed.error)));
    }
    value = parsed.value;
    return true;
}

bool Reader::required_number(pugi::xml_node element, const char* name, std::uint64_t& value) {
    std::string text;
    return required(element, name, text) && number(element, text, value);
}

bool Reader::optional_number(pugi::xml_node element, const char* name, std::uint64_t& value) {
    pugi::xml_attribute attribute = element.attribute(name);
    if (!attribute) return true;
    return number(element, attribute.value(), value);
}

bool Reader::optional_number(pugi::xml_node element, const char* name, std::optional<std::uint64_t>& value) {
    pugi::xml_attribute attribute = element.attribute(name);
    if (!attribute) return true;
    std::uint64_t parsed = 0;
    if (!number(element, attribute.value(), parsed)) return false;
    value = parsed;
    return true;
}

bool Reader::optional_bool(pugi::xml_node element, const char* name, bool& value) {
    pugi::xml_attribute attribute = element.attribute(name);
    if (!attribute) return true;
    std::string_view text = attribute.value();
    if (text == "true") {
        value = true;
    } else if (text == "false") {
        value = false;
    } else {
        return value_error(element, std::string(name) + " must be 'true' or 'false'");
    }
    return true;
}

std::optional<std::string> Reader::optional_string(pugi::xml_node element, const char* name) const {
    pugi::xml_attribute attribute = element.attribute(name);
    if (!attribute) return std::nullopt;
    return std::string(attribute.value());
}

// The Microkit tool reads these attributes with a bare decimal parse and stops
// with a Rust panic on anything else (e.g. hex); here they get an error line.
bool Reader::decimal_unsigned(pugi::xml_node element, const char* name, std::string_view text,
                              std::uint64_t& value) {
    auto parsed = parse_decimal_unsigned(text);
    if (!parsed.ok()) {
        return value_error(element, std::string(name) + " must be a decimal integer, failed to parse '" +
                                        std::string(text) + "': " + std::string(describe(*parsed.error)));
    }
    value = parsed.value;
    return true;
}

bool Reader::decimal_signed(pugi::xml_node element, const char* name, std::string_view text, std::int64_t& value) {
    auto parsed = parse_decimal_signed(text);
    if (!parsed.ok()) {
        return value_error(element, std::string(name) + " must be a decimal integer, failed to parse '" +
                                        std::string(text) + "': " + std::string(describe(*parsed.error)));
    }
    value = parsed.value;
    return true;
}

}  // namespace microkit::sdf
