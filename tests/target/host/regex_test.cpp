// SPDX-License-Identifier: BSD-2-Clause
#include <gtest/gtest.h>

#include "../framework/regex.hpp"

namespace {

using tessera_test::Regex;

bool matches(const char* pattern, const char* text) {
    Regex re(pattern);
    EXPECT_TRUE(re.valid()) << pattern << ": " << (re.error() ? re.error() : "");
    return re.search(text);
}

TEST(Regex, LiteralsSearchAnywhere) {
    EXPECT_TRUE(matches("TRIVIAL", "TRIVIAL0000"));
    EXPECT_TRUE(matches("0001", "TRIVIAL0001"));
    EXPECT_FALSE(matches("CNODE", "TRIVIAL0001"));
    EXPECT_TRUE(matches("", "anything"));
}

TEST(Regex, Anchors) {
    EXPECT_TRUE(matches("^TRIVIAL0000$", "TRIVIAL0000"));
    EXPECT_FALSE(matches("^TRIVIAL000$", "TRIVIAL0000"));
    EXPECT_FALSE(matches("^RIVIAL", "TRIVIAL0000"));
    EXPECT_TRUE(matches("0$", "TRIVIAL0000"));
}

TEST(Regex, DotStarPlusQuestion) {
    EXPECT_TRUE(matches(".*", ""));
    EXPECT_TRUE(matches("^T.*0$", "TRIVIAL0000"));
    EXPECT_TRUE(matches("^IPC0+1$", "IPC0001"));
    EXPECT_FALSE(matches("^IPC0+1$", "IPC1"));
    EXPECT_TRUE(matches("^IPC0*1$", "IPC1"));
    EXPECT_TRUE(matches("^colou?r$", "color"));
    EXPECT_TRUE(matches("^colou?r$", "colour"));
    EXPECT_FALSE(matches("^colou?r$", "colouur"));
    EXPECT_TRUE(matches("^a*a$", "aaaa"));  // needs backtracking
}

TEST(Regex, AlternationAndGroups) {
    EXPECT_TRUE(matches("^(TRIVIAL|CNODEOP)00", "CNODEOP0001"));
    EXPECT_TRUE(matches("TRIVIAL|CNODEOP", "TRIVIAL0002"));
    EXPECT_FALSE(matches("^(TRIVIAL|CNODEOP)$", "TRIVIAL0002"));
    EXPECT_TRUE(matches("^(ab)+$", "ababab"));
    EXPECT_FALSE(matches("^(ab)+$", "ababa"));
    EXPECT_TRUE(matches("^(a|b)*c$", "abbac"));
    EXPECT_TRUE(matches("^()*x$", "x"));  // empty loop terminates
}

TEST(Regex, Classes) {
    EXPECT_TRUE(matches("^TRIVIAL000[0-1]$", "TRIVIAL0001"));
    EXPECT_FALSE(matches("^TRIVIAL000[0-1]$", "TRIVIAL0002"));
    EXPECT_TRUE(matches("^[^0-9]+$", "ABC"));
    EXPECT_FALSE(matches("^[^0-9]+$", "AB1"));
    EXPECT_TRUE(matches("^[]a]$", "]"));
}

TEST(Regex, Escapes) {
    EXPECT_TRUE(matches("^a\\.b$", "a.b"));
    EXPECT_FALSE(matches("^a\\.b$", "axb"));
    EXPECT_TRUE(matches("\\(x\\)", "f(x)"));
}

TEST(Regex, ErrorsAreReportedNotMatched) {
    for (const char* bad : {"(abc", "abc)", "[abc", "*a", "a\\", "a|*"}) {
        Regex re(bad);
        EXPECT_FALSE(re.valid()) << bad;
        EXPECT_NE(re.error(), nullptr);
        EXPECT_FALSE(re.search("abc"));
    }
}

}  // namespace
