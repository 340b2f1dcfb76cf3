// SPDX-License-Identifier: BSD-2-Clause
#include "number.hpp"

#include <limits>
#include <string>

namespace microkit::sdf {

namespace {

std::optional<unsigned> digit_value(char c, unsigned radix) {
    unsigned value;
    if (c >= '0' && c <= '9') {
        value = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'z') {
        value = static_cast<unsigned>(c - 'a') + 10;
    } else if (c >= 'A' && c <= 'Z') {
        value = static_cast<unsigned>(c - 'A') + 10;
    } else {
        return std::nullopt;
    }
    if (value >= radix) return std::nullopt;
    return value;
}

// The rules of Rust's `u64::from_str_radix`: a lone sign is an invalid digit,
// `+` may lead, and digits are read left to right so the first fault wins.
ParsedNumber<std::uint64_t> parse_unsigned(std::string_view text, unsigned radix) {
    if (text.empty()) return {0, NumberError::Empty};
    if ((text[0] == '+' || text[0] == '-') && text.size() == 1) return {0, NumberError::InvalidDigit};
    if (text[0] == '+') text.remove_prefix(1);
    constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t value = 0;
    for (char c : text) {
        auto digit = digit_value(c, radix);
        if (!digit) return {0, NumberError::InvalidDigit};
        if (value > max / radix) return {0, NumberError::TooLarge};
        value *= radix;
        if (value > max - *digit) return {0, NumberError::TooLarge};
        value += *digit;
    }
    return {value, std::nullopt};
}

}  // namespace

std::string_view describe(NumberError error) {
    switch (error) {
        case NumberError::Empty: return "cannot parse integer from empty string";
        case NumberError::InvalidDigit: return "invalid digit found in string";
        case NumberError::TooLarge: return "number too large to fit in target type";
        case NumberError::TooSmall: return "number too small to fit in target type";
    }
    return "invalid number";
}

ParsedNumber<std::uint64_t> parse_sdf_number(std::string_view text) {
    std::string digits;
    for (char c : text) {
        if (c != '_') digits.push_back(c);
    }
    std::string_view view = digits;
    if (view.starts_with("0x")) return parse_unsigned(view.substr(2), 16);
    return parse_unsigned(view, 10);
}

ParsedNumber<std::uint64_t> parse_decimal_unsigned(std::string_view text) { return parse_unsigned(text, 10); }

ParsedNumber<std::int64_t> parse_decimal_signed(std::string_view text) {
    if (text.empty()) return {0, NumberError::Empty};
    if ((text[0] == '+' || text[0] == '-') && text.size() == 1) return {0, NumberError::InvalidDigit};
    bool negative = text[0] == '-';
    if (text[0] == '+' || text[0] == '-') text.remove_prefix(1);
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    std::int64_t value = 0;
    for (char c : text) {
        auto digit = digit_value(c, 10);
        if (!digit) return {0, NumberError::InvalidDigit};
        auto d = static_cast<std::int64_t>(*digit);
        if (negative) {
            if (value < min / 10 || value * 10 < min + d) return {0, NumberError::TooSmall};
            value = value * 10 - d;
        } else {
            if (value > max / 10 || value * 10 > max - d) return {0, NumberError::TooLarge};
            value = value * 10 + d;
        }
    }
    return {value, std::nullopt};
}

std::string hex(std::uint64_t value) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string reversed;
    do {
        reversed.push_back(digits[value & 0xf]);
        value >>= 4;
    } while (value != 0);
    return "0x" + std::string(reversed.rbegin(), reversed.rend());
}

}  // namespace microkit::sdf
