// SPDX-License-Identifier: BSD-2-Clause
// The loader payload format (microkit/loader/include/loader/payload.hpp):
// layout, and validate()/describe() on good and broken payloads, as the
// loader checks them at boot.
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <loader/payload.hpp>

namespace {

using namespace microkit_loader;

// Writes a payload field by field, as the host tool lays it out.
struct PayloadBytes {
    PayloadHeader header{payload_magic, payload_version, sizeof(PayloadHeader), 0, 0, 0};
    std::vector<Region> regions;
    std::vector<std::vector<std::uint8_t>> contents;

    // A region whose bytes the builder places; offset filled by bytes().
    PayloadBytes& add(std::uint64_t destination, std::uint64_t file_size, std::uint64_t memory_size) {
        regions.push_back(Region{destination, file_size, memory_size, 0});
        std::vector<std::uint8_t> data(file_size);
        for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 13 + regions.size());
        contents.push_back(data);
        return *this;
    }
    std::vector<std::uint8_t> bytes(bool keep_offsets = false, bool keep_sizes = false) {
        std::uint64_t at = sizeof(PayloadHeader) + regions.size() * sizeof(Region);
        for (std::size_t i = 0; i < regions.size(); ++i) {
            at = (at + 7) & ~std::uint64_t{7};
            if (!keep_offsets) regions[i].offset = at;
            at += contents[i].size();
        }
        if (!keep_sizes) {
            header.total_size = at;
            header.region_count = regions.size();
        }
        std::vector<std::uint8_t> out(std::max<std::uint64_t>(at, sizeof(PayloadHeader)), 0);
        // Contents first: a test that points a region into the table still gets the table it wrote.
        for (std::size_t i = 0; i < regions.size(); ++i) {
            if (!contents[i].empty() && regions[i].offset <= out.size() &&
                contents[i].size() <= out.size() - regions[i].offset)
                std::memcpy(out.data() + regions[i].offset, contents[i].data(), contents[i].size());
        }
        std::memcpy(out.data(), &header, sizeof header);
        for (std::size_t i = 0; i < regions.size(); ++i)
            std::memcpy(out.data() + sizeof(PayloadHeader) + i * sizeof(Region), &regions[i], sizeof(Region));
        return out;
    }
};

// The kernel-like payload most tests start from: text, data with .bss, the boot payload.
PayloadBytes kernel_payload() {
    PayloadBytes p;
    p.header.kernel_entry = 0x40200000;
    p.add(0x40200000, 0x1000, 0x1000).add(0x40201000, 0x20, 0x3000).add(0x40204000, 0x123, 0x123);
    return p;
}

const Span loader_spans[] = {{0x70000000, 0x7000c000, "the loader"}, {0x7000c000, 0x70100000, "the payload"}};
const Limits loader_limits{loader_spans, 2, nullptr, 0};

std::string message(const Check& check) {
    char text[256];
    return describe(check, text, sizeof text);
}

Check check(const std::vector<std::uint8_t>& bytes, const Limits& limits = loader_limits) {
    return validate(bytes.data(), bytes.size(), limits);
}

TEST(LoaderPayload, LayoutIsFixed) {
    EXPECT_EQ(sizeof(PayloadHeader), 40u);
    EXPECT_EQ(offsetof(PayloadHeader, magic), 0u);
    EXPECT_EQ(offsetof(PayloadHeader, version), 8u);
    EXPECT_EQ(offsetof(PayloadHeader, header_size), 12u);
    EXPECT_EQ(offsetof(PayloadHeader, total_size), 16u);
    EXPECT_EQ(offsetof(PayloadHeader, kernel_entry), 24u);
    EXPECT_EQ(offsetof(PayloadHeader, region_count), 32u);
    EXPECT_EQ(sizeof(Region), 32u);
    EXPECT_EQ(offsetof(Region, destination), 0u);
    EXPECT_EQ(offsetof(Region, file_size), 8u);
    EXPECT_EQ(offsetof(Region, memory_size), 16u);
    EXPECT_EQ(offsetof(Region, offset), 24u);
    // The magic reads "TESSLOAD" in memory.
    char text[9] = {};
    std::memcpy(text, &payload_magic, 8);
    EXPECT_STREQ(text, "TESSLOAD");
}

TEST(LoaderPayload, ReadsFieldsAtAnyAlignment) {
    const std::vector<std::uint8_t> bytes = kernel_payload().bytes();
    std::vector<std::uint8_t> shifted(bytes.size() + 3);
    std::memcpy(shifted.data() + 3, bytes.data(), bytes.size());
    const PayloadHeader header = read_header(shifted.data() + 3);
    EXPECT_EQ(header.magic, payload_magic);
    EXPECT_EQ(header.kernel_entry, 0x40200000u);
    EXPECT_EQ(header.region_count, 3u);
    const Region r = read_region(shifted.data() + 3, 1);
    EXPECT_EQ(r.destination, 0x40201000u);
    EXPECT_EQ(r.file_size, 0x20u);
    EXPECT_EQ(r.memory_size, 0x3000u);
    EXPECT_TRUE(validate(shifted.data() + 3, bytes.size(), loader_limits).ok());
}

TEST(LoaderPayload, GoodPayloadPasses) {
    const Check result = check(kernel_payload().bytes());
    EXPECT_TRUE(result.ok()) << message(result);
    EXPECT_EQ(message(result), "payload ok");
}

TEST(LoaderPayload, RegionsMayTouchReservedRangesAndEachOther) {
    PayloadBytes p;
    p.header.kernel_entry = 0x6fff0000;
    p.add(0x6fff0000, 0x10, 0x10000).add(0x70100000, 0x10, 0x1000).add(0x70101000, 0, 0);
    const Check result = check(p.bytes());
    EXPECT_TRUE(result.ok()) << message(result);
}

TEST(LoaderPayload, TooFewBytesForAHeader) {
    const std::vector<std::uint8_t> bytes = kernel_payload().bytes();
    const Check result = validate(bytes.data(), 39, loader_limits);
    EXPECT_EQ(result.error, Error::Truncated);
    EXPECT_EQ(message(result), "no payload: 39 bytes left, a payload header takes 40");
}

TEST(LoaderPayload, BadMagic) {
    PayloadBytes p = kernel_payload();
    p.header.magic = 0x1234;
    const Check result = check(p.bytes());
    EXPECT_EQ(result.error, Error::BadMagic);
    EXPECT_EQ(message(result),
              "no payload after the loader (magic 0x1234, expected 0x44414f4c53534554): was the image built by the "
              "microkit tool?");
}

TEST(LoaderPayload, BadVersionAndHeaderSize) {
    PayloadBytes p = kernel_payload();
    p.header.version = 2;
    EXPECT_EQ(message(check(p.bytes())), "unsupported payload version 2 (this loader reads 1)");
    p = kernel_payload();
    p.header.header_size = 48;
    EXPECT_EQ(message(check(p.bytes())), "payload header size 48, expected 40");
}

TEST(LoaderPayload, TotalSizeMustFitTheAvailableBytes) {
    PayloadBytes p = kernel_payload();
    std::vector<std::uint8_t> bytes = p.bytes();
    const Check result = validate(bytes.data(), bytes.size() - 1, loader_limits);
    EXPECT_EQ(result.error, Error::BadTotalSize);
    EXPECT_EQ(message(result), "payload total size " + std::to_string(bytes.size()) +
                                   " is smaller than its header or larger than the " +
                                   std::to_string(bytes.size() - 1) + " bytes available");
    p.header.total_size = 39;
    EXPECT_EQ(check(p.bytes(false, true)).error, Error::BadTotalSize);
}

TEST(LoaderPayload, RegionTable) {
    PayloadBytes p = kernel_payload();
    p.bytes();
    p.header.region_count = 0;
    EXPECT_EQ(message(check(p.bytes(true, true))), "payload has no regions");
    p = kernel_payload();
    p.bytes();
    p.header.region_count = 1000;
    const Check result = check(p.bytes(true, true));
    EXPECT_EQ(result.error, Error::RegionTableOutside);
    EXPECT_EQ(result.value, 1000u);
}

TEST(LoaderPayload, FileSizeMustNotExceedMemorySize) {
    PayloadBytes p = kernel_payload();
    p.regions[1].memory_size = 0x10;
    const Check result = check(p.bytes());
    EXPECT_EQ(result.error, Error::FileSizeExceedsMemorySize);
    EXPECT_EQ(message(result), "region 1: file size 0x20 exceeds memory size 0x10");
}

TEST(LoaderPayload, RegionBytesMustLieInThePayloadData) {
    // Header 0x28 + 3 regions of 0x20: data from 0x88; regions at 0x88,
    // 0x1088, 0x10a8; total 0x11cb.
    PayloadBytes p = kernel_payload();
    p.bytes();
    p.regions[2].offset += 8;  // its last 8 bytes past the end
    Check result = check(p.bytes(true));
    EXPECT_EQ(result.error, Error::RegionBytesOutside);
    EXPECT_EQ(message(result), "region 2: bytes [0x10b0, +0x123) lie outside the payload data [0x88, 0x11cb)");
    p = kernel_payload();
    p.bytes();
    p.regions[0].offset = 0x28;  // inside the region table
    result = check(p.bytes(true));
    EXPECT_EQ(message(result), "region 0: bytes [0x28, +0x1000) lie outside the payload data [0x88, 0x11cb)");
    p = kernel_payload();
    p.bytes();
    p.regions[0].offset = ~std::uint64_t{0} - 7;  // no wrap-around past the end
    EXPECT_EQ(check(p.bytes(true)).error, Error::RegionBytesOutside);
}

TEST(LoaderPayload, RegionBytesMustBeWordAligned) {
    PayloadBytes p = kernel_payload();
    p.bytes();
    p.regions[1].offset += 1;
    const Check result = check(p.bytes(true));
    EXPECT_EQ(result.error, Error::RegionBytesMisaligned);
    EXPECT_EQ(message(result), "region 1: bytes at payload offset 0x1089 are not 8-byte aligned");
}

TEST(LoaderPayload, RegionMustNotWrap) {
    PayloadBytes p;
    p.header.kernel_entry = 0xfffffffffffff000ull;
    p.add(0xfffffffffffff000ull, 0x10, 0x2000);
    const Check result = check(p.bytes());
    EXPECT_EQ(result.error, Error::RegionWraps);
    EXPECT_EQ(message(result), "region 0 at 0xfffffffffffff000 with size 0x2000 wraps around the address space");
}

TEST(LoaderPayload, RegionMustNotOverlapTheLoaderOrThePayload) {
    PayloadBytes p = kernel_payload();
    p.regions[2].destination = 0x6ffff000;
    p.regions[2].memory_size = 0x1001;
    Check result = check(p.bytes());
    EXPECT_EQ(result.error, Error::RegionOverlapsReserved);
    EXPECT_EQ(message(result), "region 2 [0x6ffff000, 0x70000001) overlaps the loader [0x70000000, 0x7000c000)");
    p = kernel_payload();
    p.regions[0].destination = 0x700fffff;
    result = check(p.bytes());
    EXPECT_EQ(message(result), "region 0 [0x700fffff, 0x70100fff) overlaps the payload [0x7000c000, 0x70100000)");
}

TEST(LoaderPayload, RegionMustLieInRamWhenRamIsKnown) {
    const Span ram[] = {{0x40000000, 0x50000000, "RAM"}, {0x60000000, 0x60010000, "RAM"}};
    const Limits limits{loader_spans, 2, ram, 2};
    PayloadBytes p = kernel_payload();
    EXPECT_TRUE(check(p.bytes(), limits).ok());
    p.regions[2].destination = 0x6000f000;
    p.regions[2].memory_size = 0x1001;  // one byte past the second range
    const Check result = check(p.bytes(), limits);
    EXPECT_EQ(result.error, Error::RegionOutsideMemory);
    EXPECT_EQ(message(result), "region 2 [0x6000f000, 0x60010001) is not inside RAM");
    // Not spanning two ranges either, even adjacent ones.
    const Span split[] = {{0x40000000, 0x40201000, "RAM"}, {0x40201000, 0x50000000, "RAM"}};
    EXPECT_EQ(check(kernel_payload().bytes(), Limits{loader_spans, 2, split, 2}).error, Error::None);
    PayloadBytes straddling = kernel_payload();
    straddling.regions[0].memory_size = 0x1001;
    straddling.regions[0].file_size = 0x1000;
    EXPECT_EQ(check(straddling.bytes(), Limits{nullptr, 0, split, 2}).error, Error::RegionOutsideMemory);
}

TEST(LoaderPayload, RegionsMustNotOverlapEachOther) {
    PayloadBytes p = kernel_payload();
    p.regions[2].destination = 0x40203fff;
    const Check result = check(p.bytes());
    EXPECT_EQ(result.error, Error::RegionsOverlap);
    EXPECT_EQ(message(result), "region 2 [0x40203fff, 0x40204122) overlaps region 1 [0x40201000, 0x40204000)");
}

TEST(LoaderPayload, EntryMustLieInARegion) {
    PayloadBytes p = kernel_payload();
    p.header.kernel_entry = 0x40204123;  // one past the last region
    Check result = check(p.bytes());
    EXPECT_EQ(result.error, Error::EntryOutsideRegions);
    EXPECT_EQ(message(result), "kernel entry 0x40204123 is not inside any region");
    p.header.kernel_entry = 0x40203fff;  // in region 1's zeroed memory: allowed
    EXPECT_TRUE(check(p.bytes()).ok());
}

TEST(LoaderPayload, DescribeAlwaysTerminates) {
    PayloadBytes p = kernel_payload();
    p.header.magic = 0;
    const Check result = check(p.bytes());
    char small[8];
    EXPECT_STREQ(describe(result, small, sizeof small), "no payl");
    char unknown[64];
    Check odd;
    odd.error = static_cast<Error>(200);
    EXPECT_STREQ(describe(odd, unknown, sizeof unknown), "unknown payload check 200 failed");
}

}  // namespace
