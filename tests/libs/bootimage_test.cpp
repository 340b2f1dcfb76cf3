// SPDX-License-Identifier: BSD-2-Clause
#include <gtest/gtest.h>

#include <cstring>

#include <bootimage/payload.hpp>

namespace {

using bootimage::PayloadHeader;

PayloadHeader good() {
    return PayloadHeader{bootimage::payload_magic, bootimage::payload_version, sizeof(PayloadHeader), 148, 48, 100, 0};
}

TEST(BootImage, Crc32MatchesZlib) {
    const char* text = "123456789";
    EXPECT_EQ(bootimage::crc32(reinterpret_cast<const std::uint8_t*>(text), 9), 0xcbf43926u);
    EXPECT_EQ(bootimage::crc32(nullptr, 0), 0u);
}

TEST(BootImage, ValidHeader) { EXPECT_EQ(bootimage::validate(good(), 148), nullptr); }

TEST(BootImage, RejectsEachBrokenField) {
    auto h = good();
    EXPECT_NE(bootimage::validate(h, 20), nullptr);
    h.magic ^= 1;
    EXPECT_NE(bootimage::validate(h, 148), nullptr);
    h = good();
    h.version = 2;
    EXPECT_NE(bootimage::validate(h, 148), nullptr);
    h = good();
    h.header_size = 40;
    EXPECT_NE(bootimage::validate(h, 148), nullptr);
    h = good();
    EXPECT_NE(bootimage::validate(h, 147), nullptr);  // total beyond memory
    h = good();
    h.root_task_offset = 8;  // inside the header
    EXPECT_NE(bootimage::validate(h, 148), nullptr);
    h = good();
    h.root_task_size = 101;  // past total
    EXPECT_NE(bootimage::validate(h, 148), nullptr);
    h = good();
    h.root_task_offset = ~0ull;  // wraps
    EXPECT_NE(bootimage::validate(h, 148), nullptr);
}

}  // namespace
