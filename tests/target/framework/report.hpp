// SPDX-License-Identifier: BSD-2-Clause
// sel4test's report shape, so tools that read sel4test output read ours
// (sel4test.md §3.1):
//
//   <testsuite>
//   Starting test 0: NAME
//   	<testcase classname="sel4test" name="NAME">
//   	<failure type="failure">why</failure>        (only when it failed)
//   	</testcase>
//   ...
//   </testsuite>
//   Test suite passed. N tests passed. M tests disabled.
//   All is well in the universe
// or
//   Test suite failed. X/N tests passed.
//   *** FAILURES DETECTED ***
//
// Pure formatting over a print sink, so the host tests check the exact text.
#pragma once

namespace tessera_test {

using Print = void (*)(const char* text);

class Reporter {
public:
    explicit Reporter(Print print) : print_(print) {}

    void begin_suite() { print_("<testsuite>\n"); }

    void begin_test(unsigned index, const char* name) {
        print_("Starting test ");
        print_number(index);
        print_(": ");
        print_(name);
        print_("\n\t<testcase classname=\"sel4test\" name=\"");
        print_escaped(name);
        print_("\">\n");
        failed_ = false;
    }

    // Opens the <failure> element once per test; `text` may be called repeatedly.
    void failure_text(const char* text) {
        if (!failed_) print_("\t<failure type=\"failure\">");
        failed_ = true;
        print_escaped(text);
    }

    void end_test() {
        if (failed_) print_("</failure>\n");
        print_("\t</testcase>\n");
        ++run_;
        if (!failed_) ++passed_;
    }

    bool current_failed() const { return failed_; }

    // Returns true if every test that ran passed.
    bool end_suite(unsigned disabled) {
        print_("</testsuite>\n");
        if (passed_ == run_) {
            print_("Test suite passed. ");
            print_number(run_);
            print_(" tests passed. ");
            print_number(disabled);
            print_(" tests disabled.\nAll is well in the universe\n");
            return true;
        }
        print_("Test suite failed. ");
        print_number(passed_);
        print_("/");
        print_number(run_);
        print_(" tests passed.\n*** FAILURES DETECTED ***\n");
        return false;
    }

private:
    void print_number(unsigned n) {
        char digits[12];
        int i = 11;
        digits[i] = '\0';
        do {
            digits[--i] = static_cast<char>('0' + n % 10);
            n /= 10;
        } while (n != 0);
        print_(&digits[i]);
    }

    // XML-escapes &, <, >, " so a failure message cannot break the report.
    void print_escaped(const char* text) {
        char chunk[2] = {0, 0};
        for (const char* p = text; *p != '\0'; ++p) {
            switch (*p) {
            case '&': print_("&amp;"); break;
            case '<': print_("&lt;"); break;
            case '>': print_("&gt;"); break;
            case '"': print_("&quot;"); break;
            default:
                chunk[0] = *p;
                print_(chunk);
            }
        }
    }

    Print print_;
    unsigned run_ = 0;
    unsigned passed_ = 0;
    bool failed_ = false;
};

}  // namespace tessera_test
