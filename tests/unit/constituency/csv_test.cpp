#include "triage/constituency/csv.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::constituency {
namespace {

TEST(CsvTest, QuotedFieldsMayHoldCommasQuotesAndLineBreaks) {
  const auto parsed = ParseCsv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\n");
  ASSERT_TRUE(parsed.errors.empty());
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.records[0].fields,
            (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ(parsed.records[1].fields, (std::vector<std::string>{"two\nlines", "x", ""}));
  EXPECT_EQ(parsed.records[1].line, 2);
}

TEST(CsvTest, RecordsCarryThePhysicalLineTheyStartOn) {
  const auto parsed = ParseCsv("h\n\n\"a\nb\"\nc\n");
  ASSERT_EQ(parsed.records.size(), 3u);
  EXPECT_EQ(parsed.records[0].line, 1);
  EXPECT_EQ(parsed.records[1].line, 3);  // line 2 is blank
  EXPECT_EQ(parsed.records[2].line, 5);  // the quoted field spans lines 3 and 4
}

TEST(CsvTest, QuotingErrorsAreReportedByLineAndParsingGoesOn) {
  const auto parsed = ParseCsv("ok,1\nbad\"quote,2\n\"closed\"tail,3\nfine,4\n");
  ASSERT_EQ(parsed.errors.size(), 2u);
  EXPECT_EQ(parsed.errors[0].line, 2);
  EXPECT_EQ(parsed.errors[1].line, 3);
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.records[1].fields[0], "fine");
  EXPECT_EQ(parsed.records[1].line, 4);
}

TEST(CsvTest, UnclosedQuoteAndNulByteAreErrors) {
  EXPECT_EQ(ParseCsv("a,\"never closed\n").errors.size(), 1u);
  const auto nul = ParseCsv(std::string("a\n", 2) + std::string("b\0c\n", 4));
  ASSERT_EQ(nul.errors.size(), 1u);
  EXPECT_EQ(nul.errors[0].line, 2);
}

TEST(CsvTest, ByteOrderMarkAndMissingFinalLineEndAreAccepted) {
  const auto parsed = ParseCsv("\xEF\xBB\xBFh1,h2\nv1,v2");
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.records[0].fields[0], "h1");
  EXPECT_EQ(parsed.records[1].fields[1], "v2");
}

}  // namespace
}  // namespace ncirt::triage::constituency
