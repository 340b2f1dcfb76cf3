// SPDX-License-Identifier: BSD-2-Clause
// SDF integers: decimal or 0x hex with '_' ignored, and the decimal-only
// form, failing the way Rust's integer parser does (reference/microkit.md §1.1).
#include "sdf/number.hpp"

#include <gtest/gtest.h>

namespace microkit::sdf {
namespace {

TEST(SdfNumber, DecimalHexAndUnderscores) {
    EXPECT_EQ(parse_sdf_number("0").value, 0u);
    EXPECT_EQ(parse_sdf_number("4096").value, 4096u);
    EXPECT_EQ(parse_sdf_number("0x1000").value, 0x1000u);
    EXPECT_EQ(parse_sdf_number("0xABCdef").value, 0xabcdefu);
    EXPECT_EQ(parse_sdf_number("0x200_000").value, 0x200000u);
    EXPECT_EQ(parse_sdf_number("1_000_000").value, 1000000u);
    // Underscores go before the prefix is looked at.
    EXPECT_EQ(parse_sdf_number("0_x10").value, 0x10u);
    EXPECT_EQ(parse_sdf_number("+7").value, 7u);
    EXPECT_EQ(parse_sdf_number("0xffffffffffffffff").value, 0xffffffffffffffffu);
    EXPECT_EQ(parse_sdf_number("18446744073709551615").value, 18446744073709551615u);
}

TEST(SdfNumber, Failures) {
    EXPECT_EQ(parse_sdf_number("").error, NumberError::Empty);
    EXPECT_EQ(parse_sdf_number("_").error, NumberError::Empty);
    EXPECT_EQ(parse_sdf_number("0x").error, NumberError::Empty);
    EXPECT_EQ(parse_sdf_number("0X10").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_sdf_number("-1").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_sdf_number("+").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_sdf_number(" 1").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_sdf_number("12ab").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_sdf_number("0x1_0000_0000_0000_0000").error, NumberError::TooLarge);
    EXPECT_EQ(parse_sdf_number("18446744073709551616").error, NumberError::TooLarge);
    // Digits are read left to right: the first fault is the one reported.
    EXPECT_EQ(parse_sdf_number("99999999999999999999z").error, NumberError::TooLarge);
    EXPECT_EQ(parse_sdf_number("z99999999999999999999").error, NumberError::InvalidDigit);
    EXPECT_EQ(describe(NumberError::InvalidDigit), "invalid digit found in string");
    EXPECT_EQ(describe(NumberError::Empty), "cannot parse integer from empty string");
    EXPECT_EQ(describe(NumberError::TooLarge), "number too large to fit in target type");
    EXPECT_EQ(describe(NumberError::TooSmall), "number too small to fit in target type");
}

TEST(SdfNumber, DecimalOnlyForms) {
    EXPECT_EQ(parse_decimal_unsigned("33").value, 33u);
    EXPECT_EQ(parse_decimal_unsigned("0x21").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_decimal_unsigned("1_0").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_decimal_unsigned("-1").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_decimal_signed("-1").value, -1);
    EXPECT_EQ(parse_decimal_signed("+61").value, 61);
    EXPECT_EQ(parse_decimal_signed("-").error, NumberError::InvalidDigit);
    EXPECT_EQ(parse_decimal_signed("").error, NumberError::Empty);
    EXPECT_EQ(parse_decimal_signed("9223372036854775807").value, 9223372036854775807);
    EXPECT_EQ(parse_decimal_signed("9223372036854775808").error, NumberError::TooLarge);
    EXPECT_EQ(parse_decimal_signed("-9223372036854775808").value, INT64_MIN);
    EXPECT_EQ(parse_decimal_signed("-9223372036854775809").error, NumberError::TooSmall);
}

TEST(SdfNumber, Hex) {
    EXPECT_EQ(hex(0), "0x0");
    EXPECT_EQ(hex(0x7fffffffc000), "0x7fffffffc000");
    EXPECT_EQ(hex(0xffffffffffffffff), "0xffffffffffffffff");
}

}  // namespace
}  // namespace microkit::sdf
