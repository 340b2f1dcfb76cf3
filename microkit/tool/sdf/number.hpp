// SPDX-License-Identifier: BSD-2-Clause
// Integers as the SDF writes them. Most numeric attributes take decimal or
// `0x` hex with `_` separators ignored (`0x200_000`); a few (irq numbers and
// channel, irq and vcpu ids) are plain decimal. Failures are described in the
// words the Microkit tool prints, which come from Rust's integer parser
// (reference/microkit.md §1.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace microkit::sdf {

enum class NumberError { Empty, InvalidDigit, TooLarge, TooSmall };

// "invalid digit found in string", ...
std::string_view describe(NumberError error);

template <class T>
struct ParsedNumber {
    T value{};
    std::optional<NumberError> error;
    bool ok() const { return !error.has_value(); }
};

// Decimal, or hex after a lower-case `0x`; every `_` is dropped first.
ParsedNumber<std::uint64_t> parse_sdf_number(std::string_view text);

// Plain decimal, an optional leading `+` (and `-` for the signed form).
ParsedNumber<std::uint64_t> parse_decimal_unsigned(std::string_view text);
ParsedNumber<std::int64_t> parse_decimal_signed(std::string_view text);

// "0x1f": lower-case hex with the prefix, as the tool's messages print addresses.
std::string hex(std::uint64_t value);

}  // namespace microkit::sdf
