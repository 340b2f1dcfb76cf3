// SPDX-License-Identifier: BSD-2-Clause
// Reading elements of one SDF file: where each element is (file:line:column),
// the attribute helpers every element uses, and the one error line a failed
// parse reports. Every helper that can fail records the line and returns
// false, so callers write `if (!reader.required(...)) return false;`.
// Message shapes are the Microkit tool's (reference/microkit.md §1.1).
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace microkit::sdf {

class Reader {
public:
    Reader(std::string_view xml, std::string file_name);

    const std::string& file_name() const { return file_name_; }
    std::string_view xml() const { return xml_; }

    // 1-based line and column (in characters, not bytes) of a byte offset.
    Position position_at(std::size_t offset) const;
    // Where an element starts: its '<'.
    Position position(pugi::xml_node element) const;
    std::string where(pugi::xml_node element) const { return position(element).text(); }

    // Records `line` as the result of the parse (the first failure wins) and returns false.
    bool fail(std::string line);
    // "Error: <reason> on element '<name>': file:line:column".
    bool value_error(pugi::xml_node element, std::string_view reason);
    // The same line for an element known only by name and position (checks after parsing).
    bool value_error_at(const Position& position, std::string_view element_name, std::string_view reason);
    // "Error: invalid XML element '<name>': file:line:column".
    bool invalid_element(pugi::xml_node child);
    const std::string& error() const { return error_; }
    bool failed() const { return !error_.empty(); }

    // Every attribute must be one of `allowed`, and none may repeat.
    // Namespace declarations (xmlns, xmlns:*) are not attributes.
    bool check_attributes(pugi::xml_node element, std::initializer_list<std::string_view> allowed);
    bool check_attributes(pugi::xml_node element, const std::vector<std::string_view>& allowed);
    // For elements that hold nothing: any child element is an invalid element.
    bool check_no_children(pugi::xml_node element);

    // "Error: Missing required attribute '<a>' on element '<e>': file:line:column".
    bool required(pugi::xml_node element, const char* name, std::string& value);
    bool number(pugi::xml_node element, std::string_view text, std::uint64_t& value);
    bool required_number(pugi::xml_node element, const char* name, std::uint64_t& value);
    // Leaves `value` (its default) alone when the attribute is absent.
    bool optional_number(pugi::xml_node element, const char* name, std::uint64_t& value);
    bool optional_number(pugi::xml_node element, const char* name, std::optional<std::uint64_t>& value);
    // "true" or "false" exactly; otherwise "<a> must be 'true' or 'false'".
    bool optional_bool(pugi::xml_node element, const char* name, bool& value);
    std::optional<std::string> optional_string(pugi::xml_node element, const char* name) const;
    // The decimal-only attributes (irq numbers; irq, channel end and vcpu ids).
    bool decimal_unsigned(pugi::xml_node element, const char* name, std::string_view text, std::uint64_t& value);
    bool decimal_signed(pugi::xml_node element, const char* name, std::string_view text, std::int64_t& value);

private:
    std::string_view xml_;
    std::string file_name_;
    std::vector<std::size_t> line_starts_;
    std::size_t text_start_ = 0;  // after a UTF-8 byte order mark
    std::string error_;
};

}  // namespace microkit::sdf
