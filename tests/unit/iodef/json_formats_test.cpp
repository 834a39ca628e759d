#include "iodef/json_formats.hpp"

#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

TEST(JsonFormatsTest, ParsesRfc3339DateTimesToUtc) {
  // 2015-07-18T14:00:00Z is 1437228000.
  EXPECT_EQ(ParseDateTime("2015-07-18T09:00:00-05:00"), (UnixTime{1437228000, 0}));
  EXPECT_EQ(ParseDateTime("2015-07-18T14:00:00Z"), (UnixTime{1437228000, 0}));
  EXPECT_EQ(ParseDateTime("2015-07-18t14:00:00z"), (UnixTime{1437228000, 0}));
  EXPECT_EQ(ParseDateTime("2013-03-07T16:14:56.757+05:30"), (UnixTime{1362653096, 757000000}));
  EXPECT_EQ(ParseDateTime("1970-01-01T00:00:00.1234567891Z"), (UnixTime{0, 123456789}));
  EXPECT_EQ(ParseDateTime("1969-12-31T23:59:59Z"), (UnixTime{-1, 0}));
  EXPECT_EQ(ParseDateTime("2016-02-29T00:00:00Z"), (UnixTime{1456704000, 0}));
}

TEST(JsonFormatsTest, RefusesWhatRfc3339DoesNotAllow) {
  for (const char* text :
       {"2016-06-01 18:05:24", "0(2015-07-18T09:00:00-05:00)", "2015-07-18T09:00:00",
        "2015-02-29T00:00:00Z", "2015-13-01T00:00:00Z", "2015-07-18T24:00:00Z",
        "2015-07-18T09:00:00.Z", "2015-07-18T09:00:00+5:00", "15-07-18T09:00:00Z",
        "2015-07-18T09:00:00Z ", ""}) {
    EXPECT_FALSE(ParseDateTime(text)) << text;
  }
}

TEST(JsonFormatsTest, FormatsUtcWithTheShortestExactFraction) {
  EXPECT_EQ(FormatDateTime({1437228000, 0}), "2015-07-18T14:00:00Z");
  EXPECT_EQ(FormatDateTime({1362653096, 757000000}), "2013-03-07T10:44:56.757Z");
  EXPECT_EQ(FormatDateTime({0, 123456000}), "1970-01-01T00:00:00.123456Z");
  EXPECT_EQ(FormatDateTime({-1, 1}), "1969-12-31T23:59:59.000000001Z");
  EXPECT_FALSE(FormatDateTime({253402300800, 0}));  // year 10000
  for (const UnixTime t : {UnixTime{1437228000, 0}, UnixTime{-62135596800, 5}}) {
    EXPECT_EQ(ParseDateTime(*FormatDateTime(t)), t);
  }
}

TEST(JsonFormatsTest, ChecksUriCharacters) {
  for (const char* ok : {"http://www.nict.go.jp", "https://a.example/p?q=1&r=%20#f",
                         "urn:ietf:params:xml:ns:iodef-2.0", "mailto:a@b.example"}) {
    EXPECT_TRUE(IsUri(ok)) << ok;
  }
  for (const char* bad : {"www.example.com", "32(http://www.nict.go.jp)",
                          "http://a.example/report.aspx? md5=1", "http://a/%zz", ":x", "h\x08:x",
                          "http://a/\"q\""}) {
    EXPECT_FALSE(IsUri(bad)) << bad;
  }
}

TEST(JsonFormatsTest, ChecksAndConvertsBase64) {
  EXPECT_TRUE(IsBase64(""));
  EXPECT_TRUE(IsBase64("XA=="));
  EXPECT_TRUE(IsBase64("8Gkb26UbyXKz"));
  EXPECT_FALSE(IsBase64("22(XA==)"));
  EXPECT_FALSE(IsBase64("xxxxxxxxxxx"));       // not a multiple of four
  EXPECT_FALSE(IsBase64("MHg2 NzUx"));          // white space
  EXPECT_FALSE(IsBase64("a=bc"));               // padding inside
  EXPECT_EQ(EncodeBase64("hi"), "aGk=");
  EXPECT_EQ(EncodeBase64("\x5c"), "XA==");
  EXPECT_EQ(EncodeBase64("abc"), "YWJj");
  EXPECT_EQ(DecodeBase64Lenient("aGk="), "hi");
  EXPECT_EQ(DecodeBase64Lenient("aG k"), "hi");  // white space and missing padding tolerated
  EXPECT_EQ(DecodeBase64Lenient("-_8="), "\xfb\xff");  // URL-safe alphabet
  EXPECT_FALSE(DecodeBase64Lenient("http://x#sha1"));
  EXPECT_FALSE(DecodeBase64Lenient("aG=k"));
}

TEST(JsonFormatsTest, ConvertsHex) {
  EXPECT_EQ(ToHex("\x07\x77\xff"), "0777ff");
  EXPECT_EQ(FromHex("0777FF"), "\x07\x77\xff");
  EXPECT_FALSE(FromHex("abc"));
  EXPECT_FALSE(FromHex("zz"));
}

}  // namespace
}  // namespace ncirt::iodef
