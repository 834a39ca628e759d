#include "iodef/cddl_prelude.hpp"

#include <gtest/gtest.h>

namespace ncirt::iodef::cddl {
namespace {

using nlohmann::json;

TEST(CddlPreludeTest, KnowsThePreludeNamesRfc8727Uses) {
  for (const char* name : {"text", "integer", "float32", "tdate", "uri", "eb64legacy", "any"}) {
    EXPECT_TRUE(FindPreludeType(name)) << name;
  }
  // Not supported here: a specification using them fails to compile rather than pass anything.
  for (const char* name : {"bstr", "bytes", "eb16", "biguint", "undefined", "Incident"}) {
    EXPECT_FALSE(FindPreludeType(name)) << name;
  }
}

TEST(CddlPreludeTest, JudgesJsonValuesAsRfc8727AppendixAMapsThem) {
  struct Case {
    PreludeType type;
    json value;
    bool conforms;
  };
  const Case cases[] = {
      {PreludeType::kText, "x", true},
      {PreludeType::kText, 1, false},
      {PreludeType::kInteger, -5, true},
      {PreludeType::kInteger, 5.0, false},  // written with a fraction: not RFC 8727 §2.2.1's int
      {PreludeType::kUnsigned, 0, true},
      {PreludeType::kNegative, 0, false},
      {PreludeType::kNumber, 0.5, true},
      {PreludeType::kNumber, 7, true},
      {PreludeType::kNumber, "7", false},
      {PreludeType::kBool, false, true},
      {PreludeType::kTrue, false, false},
      {PreludeType::kNull, nullptr, true},
      {PreludeType::kAny, json::object(), true},
      {PreludeType::kDateTime, "2015-07-18T09:00:00-05:00", true},
      {PreludeType::kDateTime, "0(2015-07-18T09:00:00-05:00)", false},
      {PreludeType::kUri, "http://www.nict.go.jp", true},
      {PreludeType::kUri, "32(http://www.nict.go.jp)", false},
      {PreludeType::kBase64, "XA==", true},
      {PreludeType::kBase64, "22(XA==)", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(!CheckPrelude(c.type, c.value).has_value(), c.conforms)
        << DescribePrelude(c.type) << " " << c.value.dump();
  }
}

TEST(CddlPreludeTest, ExplainsInSentences) {
  EXPECT_EQ(*CheckPrelude(PreludeType::kText, 3), "expected a string, found an integer");
  EXPECT_EQ(*CheckPrelude(PreludeType::kInteger, json::array()),
            "expected an integer, found an array");
  EXPECT_EQ(*CheckPrelude(PreludeType::kUri, "a b"), "'a b' is not an absolute URI (RFC 3986)");
}

TEST(CddlPreludeTest, QuotesValuesShortly) {
  EXPECT_EQ(QuoteValue("abc"), "'abc'");
  EXPECT_EQ(QuoteValue(json::object()), "an object");
  EXPECT_EQ(QuoteValue(2.5), "2.5");
  EXPECT_EQ(QuoteValue(std::string(200, 'a')).size(), 85u);  // 80 bytes, "...", quotes
  EXPECT_EQ(KindOf(json::array()), kJsonArray);
  EXPECT_EQ(KindsOf(PreludeType::kDateTime), static_cast<unsigned>(kJsonString));
}

}  // namespace
}  // namespace ncirt::iodef::cddl
