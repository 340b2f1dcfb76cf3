// SPDX-License-Identifier: BSD-2-Clause
// Every file of corpus/invalid is rejected with exactly its expected line,
// and every file there has an expectation.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "corpus.hpp"

namespace microkit::sdf::test {
namespace {

std::vector<InvalidCase> all_cases() {
    std::vector<InvalidCase> cases = element_cases();
    std::vector<InvalidCase> more = system_cases();
    cases.insert(cases.end(), more.begin(), more.end());
    return cases;
}

class InvalidCorpus : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidCorpus, RejectedWithTheExpectedLine) {
    const InvalidCase& c = GetParam();
    ParseResult result = parse_corpus_file(std::string("invalid/") + c.file, c.variant);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.error, c.expected);
    EXPECT_EQ(result.error.find('\n'), std::string::npos) << "one line only";
}

std::string case_name(const ::testing::TestParamInfo<InvalidCase>& info) {
    std::string name = info.param.file;
    name = name.substr(0, name.find('.'));
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Sdf, InvalidCorpus, ::testing::ValuesIn(all_cases()), case_name);

TEST(InvalidCorpusFiles, EachFileHasExactlyOneExpectation) {
    std::multiset<std::string> expected;
    for (const InvalidCase& c : all_cases()) expected.insert(c.file);
    for (const std::string& file : corpus_files("invalid")) {
        EXPECT_EQ(expected.count(file), 1u) << file;
    }
    for (const std::string& file : expected) {
        const auto files = corpus_files("invalid");
        EXPECT_TRUE(std::find(files.begin(), files.end(), file) != files.end()) << "no such corpus file: " << file;
    }
}

}  // namespace
}  // namespace microkit::sdf::test
