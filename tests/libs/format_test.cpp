// SPDX-License-Identifier: BSD-2-Clause
#include <gtest/gtest.h>

#include <climits>
#include <cstdarg>
#include <string>

#include <format/format.hpp>

namespace {

void append(char c, void* context) { static_cast<std::string*>(context)->push_back(c); }

std::string fmt(const char* f, ...) {
    std::string out;
    va_list args;
    va_start(args, f);
    const int n = format::vformat(append, &out, f, args);
    va_end(args);
    EXPECT_EQ(n, static_cast<int>(out.size()));
    return out;
}

TEST(Format, Integers) {
    EXPECT_EQ(fmt("%d %i %u", -42, 7, 42u), "-42 7 42");
    EXPECT_EQ(fmt("%ld", LONG_MIN), "-9223372036854775808");
    EXPECT_EQ(fmt("%lu", ULONG_MAX), "18446744073709551615");
    EXPECT_EQ(fmt("%llx %lX", 0xdeadbeefcafeull, 0xabcul), "deadbeefcafe ABC");
    EXPECT_EQ(fmt("%zu", sizeof(int)), "4");
    EXPECT_EQ(fmt("%d", 0), "0");
}

TEST(Format, WidthAndFlags) {
    EXPECT_EQ(fmt("[%5d]", 42), "[   42]");
    EXPECT_EQ(fmt("[%-5d]", 42), "[42   ]");
    EXPECT_EQ(fmt("[%05d]", -42), "[-0042]");
    EXPECT_EQ(fmt("[%016lx]", 0x1234ul), "[0000000000001234]");
    EXPECT_EQ(fmt("[%3s]", "abcdef"), "[abcdef]");
    EXPECT_EQ(fmt("[%-4s]", "ab"), "[ab  ]");
}

TEST(Format, StringsCharsPointers) {
    EXPECT_EQ(fmt("%s|%c|%%", "hi", 'x'), "hi|x|%");
    EXPECT_EQ(fmt("%s", static_cast<const char*>(nullptr)), "(null)");
    EXPECT_EQ(fmt("%p", reinterpret_cast<void*>(0x1000)), "0x1000");
}

TEST(Format, UnknownConversionIsVisible) {
    EXPECT_EQ(fmt("%q"), "%q");
    EXPECT_EQ(fmt("end%"), "end");
}

}  // namespace

namespace {

TEST(FormatToBuffer, TerminatesTruncatesAndReportsTheFullLength) {
    char buffer[8];
    EXPECT_EQ(format::format_to_buffer(buffer, sizeof buffer, "%s-%d", "abc", 42), 6);
    EXPECT_STREQ(buffer, "abc-42");
    EXPECT_EQ(format::format_to_buffer(buffer, sizeof buffer, "%s", "0123456789"), 10);
    EXPECT_STREQ(buffer, "0123456");
    buffer[0] = 'x';
    EXPECT_EQ(format::format_to_buffer(buffer, 0, "abc"), 3);
    EXPECT_EQ(buffer[0], 'x');  // size 0: nothing written
    EXPECT_EQ(format::format_to_buffer(buffer, 1, "abc"), 3);
    EXPECT_STREQ(buffer, "");
}

}  // namespace
