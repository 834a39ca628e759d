#include "iodef/map_values.hpp"

#include <cmath>
#include <string>

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

using google::protobuf::util::TimeUtil;

struct DateCase {
  const char* text;
  const char* utc;  // nullptr: refused
  bool assumed_utc;
};

class ReadDateTimeTest : public ::testing::TestWithParam<DateCase> {};

TEST_P(ReadDateTimeTest, ReadsTheSchemasLexicalFormToUtc) {
  const DateCase& c = GetParam();
  const DateTimeRead read = ReadDateTime(c.text);
  if (c.utc == nullptr) {
    EXPECT_FALSE(read.value.has_value()) << c.text;
    EXPECT_NE(read.error.find("is not an xs:dateTime"), std::string::npos) << read.error;
    return;
  }
  ASSERT_TRUE(read.value.has_value()) << c.text << ": " << read.error;
  EXPECT_EQ(TimeUtil::ToString(*read.value), c.utc) << c.text;
  EXPECT_EQ(read.assumed_utc, c.assumed_utc) << c.text;
  // What is written reads back to the same instant.
  const DateTimeRead again = ReadDateTime(WriteDateTime(*read.value));
  ASSERT_TRUE(again.value.has_value());
  EXPECT_EQ(TimeUtil::ToString(*again.value), c.utc);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReadDateTimeTest,
    ::testing::Values(DateCase{"2015-07-18T09:00:00-05:00", "2015-07-18T14:00:00Z", false},
                      DateCase{" 2001-09-13T23:19:24+00:00\n", "2001-09-13T23:19:24Z", false},
                      DateCase{"2013-03-07T16:14:56.757+05:30", "2013-03-07T10:44:56.757Z", false},
                      DateCase{"2009-04-13T19:05:20Z", "2009-04-13T19:05:20Z", false},
                      DateCase{"2015-07-18T09:00:00", "2015-07-18T09:00:00Z", true},
                      DateCase{"2016-02-29T24:00:00Z", "2016-03-01T00:00:00Z", false},
                      DateCase{"2015-07-18 09:00", nullptr, false},
                      DateCase{"2015-02-29T00:00:00Z", nullptr, false},
                      DateCase{"2015-07-18T09:00:00+15:00", nullptr, false},
                      DateCase{"12015-07-18T09:00:00Z", nullptr, false},
                      DateCase{"2015-07-18T09:00:00.Z", nullptr, false},
                      DateCase{"", nullptr, false}));

TEST(WriteDateTimeTest, WritesUtcWithAFractionOnlyWhenThereIsOne) {
  google::protobuf::Timestamp t;
  t.set_seconds(1437228000);
  EXPECT_EQ(WriteDateTime(t), "2015-07-18T14:00:00Z");
  t.set_nanos(757000000);
  EXPECT_EQ(WriteDateTime(t), "2015-07-18T14:00:00.757Z");
  t.set_seconds(-1);
  t.set_nanos(0);
  EXPECT_EQ(WriteDateTime(t), "1969-12-31T23:59:59Z");
}

TEST(NumbersTest, ReadDoubleTakesXmlSchemaFloatsOnly) {
  EXPECT_EQ(ReadDouble(" 57\n"), 57.0);
  EXPECT_EQ(ReadDouble("1e+07"), 1e7);
  EXPECT_EQ(ReadDouble("+.5"), 0.5);
  EXPECT_EQ(ReadDouble("-INF"), -HUGE_VAL);
  EXPECT_TRUE(std::isnan(*ReadDouble("NaN")));
  EXPECT_FALSE(ReadDouble(""));
  EXPECT_FALSE(ReadDouble("high"));
  EXPECT_FALSE(ReadDouble("inf"));
  EXPECT_FALSE(ReadDouble("0x1p3"));
  EXPECT_FALSE(ReadDouble("1,5"));
}

TEST(NumbersTest, WrittenDoublesReadBackExactly) {
  for (const double value : {0.599249114373415, 1e7, 3.0, 0.1, 1e-300, -2.5}) {
    EXPECT_EQ(ReadDouble(WriteDouble(value)), value) << WriteDouble(value);
  }
  EXPECT_EQ(WriteDouble(HUGE_VAL), "INF");
  EXPECT_EQ(WriteDouble(3.0), "3");
}

TEST(NumbersTest, ReadIntegerTakesXmlSchemaIntegersWithinInt64) {
  EXPECT_EQ(ReadInteger(" +80 "), 80);
  EXPECT_EQ(ReadInteger("-1"), -1);
  EXPECT_FALSE(ReadInteger("80.0"));
  EXPECT_FALSE(ReadInteger("99999999999999999999"));
  EXPECT_FALSE(ReadInteger(""));
}

TEST(Base64Test, DecodesToHexAndBack) {
  EXPECT_EQ(Base64ToHex("XA=="), "5c");
  EXPECT_EQ(Base64ToHex(" B3dCmTfB\naG+hm0tbPu39Ow== "), "0777429937c1686fa19b4b5b3eedfd3b");
  EXPECT_FALSE(Base64ToHex("XA="));
  EXPECT_FALSE(Base64ToHex("X=A="));
  EXPECT_FALSE(Base64ToHex("not base64!"));
  EXPECT_EQ(HexToBase64("5C"), "XA==");
  EXPECT_EQ(HexToBase64(""), "");
  EXPECT_FALSE(HexToBase64("abc"));
  const std::string sha256 = "141accec23e7e5157de60853cb1e01bc38042d08f9086040815300b7fe75c184";
  EXPECT_EQ(Base64ToHex(*HexToBase64(sha256)), sha256);
}

TEST(PatternsTest, NamesLanguagesPortlistsAndTimezones) {
  EXPECT_TRUE(IsNcName("addr-c2-91011-001"));
  EXPECT_TRUE(IsNcName("_x.y"));
  EXPECT_FALSE(IsNcName("1bad"));
  EXPECT_FALSE(IsNcName("a b"));
  EXPECT_FALSE(IsNcName("a:b"));
  EXPECT_FALSE(IsNcName(""));
  EXPECT_TRUE(IsLanguage("en"));
  EXPECT_TRUE(IsLanguage("en-US"));
  EXPECT_TRUE(IsLanguage("zh-Hant-TW"));
  EXPECT_FALSE(IsLanguage("en_US"));
  EXPECT_FALSE(IsLanguage("toolonglang"));
  EXPECT_FALSE(IsLanguage(""));
  EXPECT_TRUE(IsPortlist("137-139,445"));
  EXPECT_FALSE(IsPortlist("137-,445"));
  EXPECT_FALSE(IsPortlist("80 443"));
  EXPECT_TRUE(IsTimezone("Z"));
  EXPECT_TRUE(IsTimezone("+05:30"));
  EXPECT_FALSE(IsTimezone("+15:00"));
  EXPECT_FALSE(IsTimezone("UTC"));
}

TEST(DigestLengthTest, KnowsTheCommonAlgorithms) {
  EXPECT_EQ(DigestLength("http://www.w3.org/2001/04/xmlenc#sha256"), 32u);
  EXPECT_EQ(DigestLength("http://www.w3.org/2000/09/xmldsig#sha1"), 20u);
  EXPECT_EQ(DigestLength("http://www.w3.org/2001/04/xmlenc#md5"), 16u);
  EXPECT_FALSE(DigestLength("http://www.nict.go.jp"));
}

}  // namespace
}  // namespace ncirt::iodef
