// SPDX-License-Identifier: BSD-2-Clause
// Bad input gets one line, never a crash (the binary runs under ASan and
// UBSan): every prefix of a valid file, and valid files with bytes changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "corpus.hpp"

namespace microkit::sdf::test {
namespace {

std::string read_corpus(const std::string& path) {
    std::ifstream in(std::filesystem::path(MICROKIT_SDF_CORPUS) / path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void expect_one_line_or_success(const ParseResult& result, const std::string& what) {
    if (result.ok()) {
        EXPECT_TRUE(result.error.empty()) << what;
        return;
    }
    EXPECT_FALSE(result.error.empty()) << what;
    EXPECT_EQ(result.error.find('\n'), std::string::npos) << what << ": " << result.error;
}

TEST(SdfRobustness, EveryPrefixOfAValidFile) {
    const std::string text = read_corpus("valid/full.system");
    ASSERT_GT(text.size(), 1000u);
    std::size_t accepted = 0;
    for (std::size_t length = 0; length < text.size(); ++length) {
        ParseResult result = parse_text(text.substr(0, length), "prefix.system", Variant::AArch64Full);
        expect_one_line_or_success(result, "prefix of " + std::to_string(length) + " bytes");
        if (result.ok()) ++accepted;
    }
    // Only the whole file (or it minus its final newline) is a complete system.
    EXPECT_LE(accepted, 1u);
    EXPECT_TRUE(parse_text(text, "prefix.system", Variant::AArch64Full).ok());
}

TEST(SdfRobustness, ChangedBytes) {
    const std::string texts[] = {read_corpus("valid/full.system"), read_corpus("valid/promotion.system")};
    const char replacements[] = {'<', '>', '"', '/', '=', ' ', 'x', '0', '_', '&', '\0', '\xff', '\n'};
    std::mt19937 random(20261206);
    for (int round = 0; round < 3000; ++round) {
        std::string text = texts[round % 2];
        int changes = 1 + static_cast<int>(random() % 3);
        for (int i = 0; i < changes; ++i) {
            text[random() % text.size()] = replacements[random() % sizeof(replacements)];
        }
        expect_one_line_or_success(parse_text(text, "mutated.system", Variant::AArch64Full),
                                   "round " + std::to_string(round));
    }
}

}  // namespace
}  // namespace microkit::sdf::test
