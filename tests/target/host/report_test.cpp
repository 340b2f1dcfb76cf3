// SPDX-License-Identifier: BSD-2-Clause
#include <gtest/gtest.h>

#include <string>

#include "../framework/bootargs.hpp"
#include "../framework/report.hpp"

namespace {

std::string output;
void collect(const char* text) { output += text; }

using tessera_test::Reporter;

TEST(Report, PassingSuiteHasSel4testShape) {
    output.clear();
    Reporter r(collect);
    r.begin_suite();
    r.begin_test(0, "TRIVIAL0000");
    r.end_test();
    r.begin_test(1, "TRIVIAL0001");
    r.end_test();
    EXPECT_TRUE(r.end_suite(2));
    EXPECT_EQ(output,
              "<testsuite>\n"
              "Starting test 0: TRIVIAL0000\n"
              "\t<testcase classname=\"sel4test\" name=\"TRIVIAL0000\">\n"
              "\t</testcase>\n"
              "Starting test 1: TRIVIAL0001\n"
              "\t<testcase classname=\"sel4test\" name=\"TRIVIAL0001\">\n"
              "\t</testcase>\n"
              "</testsuite>\n"
              "Test suite passed. 2 tests passed. 2 tests disabled.\n"
              "All is well in the universe\n");
}

TEST(Report, FailureIsInsideItsTestcaseAndEscaped) {
    output.clear();
    Reporter r(collect);
    r.begin_suite();
    r.begin_test(0, "A");
    r.failure_text("x.c:3: a < b && \"c\"");
    r.failure_text("; more");
    EXPECT_TRUE(r.current_failed());
    r.end_test();
    r.begin_test(1, "B");
    EXPECT_FALSE(r.current_failed());
    r.end_test();
    EXPECT_FALSE(r.end_suite(0));
    EXPECT_NE(output.find("\t<testcase classname=\"sel4test\" name=\"A\">\n"
                          "\t<failure type=\"failure\">x.c:3: a &lt; b &amp;&amp; &quot;c&quot;; more</failure>\n"
                          "\t</testcase>\n"),
              std::string::npos)
        << output;
    EXPECT_NE(output.find("</testsuite>\nTest suite failed. 1/2 tests passed.\n*** FAILURES DETECTED ***\n"),
              std::string::npos)
        << output;
}

TEST(Report, EmptySuitePasses) {
    output.clear();
    Reporter r(collect);
    r.begin_suite();
    EXPECT_TRUE(r.end_suite(0));
    EXPECT_NE(output.find("Test suite passed. 0 tests passed. 0 tests disabled."), std::string::npos);
}

TEST(Bootargs, FilterAndSelftest) {
    tessera_test::Options o;
    tessera_test::parse_bootargs("console=ttyS0 sel4test.filter=^TRIVIAL(0|1)$ tessera.selftest=1", o);
    EXPECT_STREQ(o.filter, "^TRIVIAL(0|1)$");
    EXPECT_TRUE(o.selftest);
}

TEST(Bootargs, DefaultsAndUnknownWords) {
    tessera_test::Options o;
    tessera_test::parse_bootargs(nullptr, o);
    EXPECT_STREQ(o.filter, ".*");
    EXPECT_FALSE(o.selftest);
    tessera_test::parse_bootargs("  tessera.selftest=10 sel4test.filterX=a ", o);
    EXPECT_STREQ(o.filter, ".*");
    EXPECT_FALSE(o.selftest);
}

TEST(Bootargs, OverlongFilterIsTruncatedNotOverflowed) {
    tessera_test::Options o;
    std::string words = "sel4test.filter=" + std::string(1000, 'x');
    tessera_test::parse_bootargs(words.c_str(), o);
    EXPECT_EQ(std::string(o.filter), std::string(tessera_test::Options::max_value - 1, 'x'));
}

}  // namespace
