// SPDX-License-Identifier: BSD-2-Clause
// Positions and document-level rules on inline text: columns count
// characters, CRLF and a byte order mark change nothing, a missing root
// element or a second one is an error line rather than a crash.
#include <gtest/gtest.h>

#include "corpus.hpp"

namespace microkit::sdf::test {
namespace {

const std::string kValidBody =
    "<system>\n"
    "  <protection_domain name=\"a\">\n"
    "    <program_image path=\"a.elf\" />\n"
    "  </protection_domain>\n"
    "</system>\n";

TEST(SdfDocument, ColumnsCountCharactersNotBytes) {
    // "é" is two bytes in UTF-8 but one column.
    ParseResult result = parse_text("<system><!-- é --><protection_domain name=\"a\" x=\"1\" /></system>", "u.system");
    EXPECT_EQ(result.error, "Error: invalid attribute 'x' on element 'protection_domain': u.system:1:19");
}

TEST(SdfDocument, CrLfLinesAndByteOrderMark) {
    ParseResult result = parse_text(
        "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<system>\r\n\t<protection_domain name=\"a\" priority=\"300\">\r\n"
        "\t\t<program_image path=\"a.elf\" />\r\n\t</protection_domain>\r\n</system>\r\n",
        "crlf.system");
    EXPECT_EQ(result.error, "Error: priority must be between 0 and 254 on element 'protection_domain': crlf.system:3:2");
}

TEST(SdfDocument, ValidInlineSystemAndNamespaceDeclarations) {
    ParseResult result = parse_text(
        "<system xmlns=\"urn:example\" xmlns:doc=\"urn:doc\">\n"
        "  <protection_domain name=\"a\">\n"
        "    <program_image path=\"a.elf\" />\n"
        "  </protection_domain>\n"
        "</system>\n",
        "ns.system");
    EXPECT_TRUE(result.ok()) << result.error;
    EXPECT_TRUE(parse_text(kValidBody, "plain.system").ok());
}

TEST(SdfDocument, CommentsProcessingInstructionsAndDoctypeAroundTheRoot) {
    ParseResult result = parse_text(
        "<?xml version=\"1.0\"?>\n<!-- before -->\n<!DOCTYPE system [ <!ENTITY x \"y\"> ]>\n" + kValidBody +
            "<!-- after -->\n<?after x?>\n",
        "misc.system");
    EXPECT_TRUE(result.ok()) << result.error;
}

TEST(SdfDocument, NoRootOrTwoRoots) {
    EXPECT_EQ(parse_text("", "empty.system").error,
              "Error: could not parse 'empty.system': No document element found: empty.system:1:1");
    // pugixml gives up at the end of the text.
    EXPECT_EQ(parse_text("<!-- nothing -->\n", "comment.system").error,
              "Error: could not parse 'comment.system': No document element found: comment.system:2:1");
    EXPECT_EQ(parse_text(kValidBody + "<system/>\n", "two.system").error,
              "Error: could not parse 'two.system': a document has only one root element, found another 'system': "
              "two.system:6:1");
}

TEST(SdfDocument, EntitiesAndUnknownEntityText) {
    // Character references are values like any other; an undeclared entity stays text.
    ParseResult ok = parse_text(
        "<system><protection_domain name=\"a&amp;b\" priority=\"&#49;0\"><program_image path=\"a.elf\"/>"
        "</protection_domain></system>",
        "entity.system");
    ASSERT_TRUE(ok.ok()) << ok.error;
    EXPECT_EQ(ok.system->pds[0].name, "a&b");
    EXPECT_EQ(ok.system->pds[0].priority, 10u);
    EXPECT_EQ(parse_text("<system>&unknown;</system>", "text.system").error,
              "Error: unexpected text found in element 'system' @ text.system:1:1");
}

TEST(SdfDocument, WithoutALookupEveryPrefillFileIsMissing) {
    // Without a way to find files every prefill_path is missing, not a crash.
    ParseResult result = parse(
        "<system><memory_region name=\"m\" prefill_path=\"data/blob.bin\"/>"
        "<protection_domain name=\"a\"><program_image path=\"a.elf\"/></protection_domain></system>",
        "nolookup.system", target_for(Variant::AArch64), FileLookup{});
    EXPECT_EQ(result.error,
              "Error: unable to find prefill file: 'data/blob.bin' on element 'memory_region': nolookup.system:1:9");
    EXPECT_TRUE(result.warnings.empty());
}

}  // namespace
}  // namespace microkit::sdf::test
