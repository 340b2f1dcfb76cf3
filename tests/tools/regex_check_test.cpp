// SPDX-License-Identifier: BSD-2-Clause
// tools/regex_check (tessera-regex-check): a filter is accepted exactly when
// the on-target suite would run with it: its boot-argument parser reads it
// back unchanged and its regex engine compiles it.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "filter_check.hpp"

namespace {

using tessera_test::check_filter;

TEST(FilterCheck, AcceptsWhatTheSuiteRuns) {
    for (const char* pattern : {"^TRIVIAL0000$", "TRIVIAL|CNODEOP", "^(CSPACE|RETYPE)00[0-9]+$", "a*b+c?",
                                "[]a]", "\\(", ".*", "^SELFTEST_ASSERT_FAILS$"}) {
        const auto verdict = check_filter(pattern);
        EXPECT_TRUE(verdict.ok) << pattern << ": " << verdict.reason;
        EXPECT_TRUE(tessera_test::Regex(pattern).valid()) << pattern;
    }
    EXPECT_TRUE(check_filter("[" + std::string(253, 'a') + "]").ok);  // the longest value the suite keeps
}

TEST(FilterCheck, RefusesWhatTheRegexEngineRefuses) {
    const struct {
        const char* pattern;
        const char* reason;
    } cases[] = {
        {"(", "missing ')'"},
        {"(TRIVIAL", "missing ')'"},
        {"TRIVIAL)", "unmatched ')'"},
        {"[0-9", "missing ']'"},
        {"*TRIVIAL", "repetition operator with nothing to repeat"},
        {"a|+", "repetition operator with nothing to repeat"},
        {"TRIVIAL\\", "trailing backslash"},
    };
    for (const auto& c : cases) {
        const auto verdict = check_filter(c.pattern);
        EXPECT_FALSE(verdict.ok) << c.pattern;
        EXPECT_EQ(verdict.reason, c.reason) << c.pattern;
        // The same verdict as the engine on the target.
        const tessera_test::Regex regex(c.pattern);
        EXPECT_FALSE(regex.valid());
        EXPECT_STREQ(regex.error(), c.reason);
    }
    // More nodes than the engine's fixed pool.
    EXPECT_EQ(check_filter(std::string(200, 'a') + "|" + std::string(54, 'b')).reason, "pattern too long");
}

TEST(FilterCheck, RefusesWhatTheBootArgumentsWouldChange) {
    auto verdict = check_filter("TRIVIAL CNODE");
    EXPECT_FALSE(verdict.ok);
    EXPECT_EQ(verdict.reason,
              "it contains a space, and the suite splits its options at spaces (it would read 'TRIVIAL')");
    verdict = check_filter(std::string(256, 'a'));
    EXPECT_FALSE(verdict.ok);
    EXPECT_EQ(verdict.reason, "it has 256 characters, the suite keeps the first 255");
}

int tool(const std::string& args, std::string& output) {
    const std::string command = std::string(TESSERA_REGEX_CHECK_PATH) + " " + args + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    output.clear();
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    const int raw = ::pclose(pipe);
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

TEST(FilterCheckTool, ExitStatusAndOneLine) {
    std::string output;
    EXPECT_EQ(tool("'^TRIVIAL0000$'", output), 0);
    EXPECT_EQ(output, "");
    EXPECT_EQ(tool("-- '-x'", output), 0);  // a pattern that starts with '-'
    EXPECT_EQ(tool("'('", output), 1);
    EXPECT_EQ(output, "tessera-regex-check: error: invalid filter '(': missing ')'\n");
    EXPECT_EQ(tool("'a b'", output), 1);
    EXPECT_EQ(output.find('\n'), output.size() - 1) << output;
    EXPECT_EQ(tool("", output), 2);
    EXPECT_EQ(tool("a b", output), 2);
    EXPECT_EQ(output, "tessera-regex-check: error: expected one pattern (try --help)\n");
    EXPECT_EQ(tool("--help", output), 0);
    EXPECT_EQ(output.rfind("usage: tessera-regex-check", 0), 0u);
}

}  // namespace
