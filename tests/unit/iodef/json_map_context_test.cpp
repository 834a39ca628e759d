#include "iodef/json_map_context.hpp"

#include <deque>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

class JsonMapContextTest : public ::testing::Test {
 protected:
  JsonAt At(const std::string& text) {
    documents_.push_back(Json::parse(text));
    return JsonAt{documents_.back(), "/x"};
  }
  std::string LastWarning() const { return issues_.empty() ? "" : issues_.back().message(); }

  std::vector<v1::ValidationIssue> issues_;
  JsonMapContext ctx_{&issues_};
  std::deque<Json> documents_;
};

TEST_F(JsonMapContextTest, FindsMembersAndItemsWithTheirPointers) {
  const JsonAt at = At(R"({"a": [1, 2], "b": "lone", "c/d": 3})");
  ASSERT_TRUE(at.Member("c/d"));
  EXPECT_EQ(at.Member("c/d")->pointer, "/x/c~1d");
  const auto items = at.Items("a");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].pointer, "/x/a/1");
  EXPECT_EQ(at.Items("b").size(), 1u);  // a lone value counts as one element
  EXPECT_TRUE(at.Items("zz").empty());
  EXPECT_FALSE(At("[1]").Member("a"));
}

TEST_F(JsonMapContextTest, ReadsRfc8727SpellingsWithoutComplaint) {
  const TokenRead role = ctx_.Token(At(R"({"role": "vendor-support"})"), EnumAttr::kContactRole);
  EXPECT_EQ(role.token, "vendor-services");  // the model holds the XSD's spelling
  const TokenRead type = ctx_.Token(At(R"({"type": "peak"})"), EnumAttr::kCounterType);
  EXPECT_EQ(type.token, "rate");
  EXPECT_TRUE(issues_.empty()) << LastWarning();
}

TEST_F(JsonMapContextTest, CarriesUnregisteredTokensAsExtValue) {
  const TokenRead read = ctx_.Token(At(R"({"purpose": "hacking"})"), EnumAttr::kIncidentPurpose);
  EXPECT_EQ(read.token, "ext-value");
  EXPECT_EQ(read.ext, "hacking");
  ASSERT_EQ(issues_.size(), 1u);
  EXPECT_EQ(issues_[0].schema_path(), "/x/purpose");
  EXPECT_EQ(issues_[0].level(), v1::ValidationIssue::LEVEL_WARNING);
}

TEST_F(JsonMapContextTest, ReadsTimesLeniently) {
  EXPECT_EQ(ctx_.Time(At(R"("2015-07-18T09:00:00-05:00")"))->seconds(), 1437228000);
  EXPECT_TRUE(issues_.empty());
  EXPECT_EQ(ctx_.Time(At(R"j("0(2015-07-18T14:00:00Z)")j"))->seconds(), 1437228000);
  EXPECT_NE(LastWarning().find("CBOR tag notation"), std::string::npos);
  EXPECT_EQ(ctx_.Time(At(R"("2015-07-18 14:00:00Z")"))->seconds(), 1437228000);
  EXPECT_NE(LastWarning().find("space"), std::string::npos);
  EXPECT_EQ(ctx_.Time(At(R"("2015-07-18T14:00:00")"))->seconds(), 1437228000);
  EXPECT_NE(LastWarning().find("taken as UTC"), std::string::npos);
  EXPECT_FALSE(ctx_.Time(At(R"("0000-01-01T00:00:00Z")")));
  EXPECT_NE(LastWarning().find("0001 to 9999"), std::string::npos);
  EXPECT_FALSE(ctx_.Time(At(R"("soon")")));
  EXPECT_FALSE(ctx_.Time(At("5")));
}

TEST_F(JsonMapContextTest, ReadsNumbersAndBoundsThemToTheModel) {
  const JsonAt at = At(R"({"a": 1.5, "b": "2.5", "p": 70000, "q": 4294967296, "big": 18446744073709551615})");
  EXPECT_EQ(ctx_.Number(at, "a"), 1.5);
  EXPECT_EQ(ctx_.Number(at, "b"), 2.5);  // in a string: read, with a warning
  EXPECT_NE(LastWarning().find("written as a string"), std::string::npos);
  EXPECT_EQ(ctx_.Integer32(at, "p"), 70000);
  EXPECT_FALSE(ctx_.Integer32(at, "q"));
  EXPECT_NE(LastWarning().find("out of range"), std::string::npos);
  EXPECT_FALSE(ctx_.Integer(at, "big"));
  EXPECT_FALSE(ctx_.Number(at, "missing"));
}

TEST_F(JsonMapContextTest, ReadsMultilingualStringsInBothForms) {
  EXPECT_EQ(ctx_.Localized(At(R"("plain")"))->text(), "plain");
  const auto object = ctx_.Localized(At(R"({"value": "v", "lang": "ja", "translation-id": "t"})"));
  EXPECT_EQ(object->lang(), "ja");
  EXPECT_EQ(object->translation_id(), "t");
  EXPECT_FALSE(ctx_.Localized(At("3")));
}

TEST_F(JsonMapContextTest, DecodesBase64Leniently) {
  EXPECT_EQ(ctx_.Bytes(At(R"({"d": "aGk="})"), "d"), "hi");
  EXPECT_TRUE(issues_.empty());
  EXPECT_EQ(ctx_.Bytes(At(R"j({"d": "22(aGk=)"})j"), "d"), "hi");
  EXPECT_EQ(ctx_.Bytes(At(R"({"d": "aG k"})"), "d"), "hi");
  EXPECT_NE(LastWarning().find("white space"), std::string::npos);
  EXPECT_FALSE(ctx_.Bytes(At(R"({"d": "#!"})"), "d"));
}

TEST_F(JsonMapContextTest, ReadsExtensionsAndRestrictions) {
  const v1::ExtensionData data = ctx_.Extension(
      At(R"({"dtype": "ext-value", "ext-dtype": "yaml", "value": "a: 1", "restriction": "red"})"));
  EXPECT_EQ(data.dtype(), "ext-value");
  EXPECT_EQ(data.ext_dtype(), "yaml");
  EXPECT_EQ(data.value(), "a: 1");
  EXPECT_EQ(data.restriction().value(), v1::RESTRICTION_RED);
  v1::RestrictionValue restriction;
  ctx_.ReadRestriction(At(R"({"restriction": "ext-value", "ext-restriction": "amber+strict"})"),
                       &restriction);
  EXPECT_EQ(restriction.value(), v1::RESTRICTION_EXT_VALUE);
  EXPECT_EQ(restriction.ext(), "amber+strict");
}

}  // namespace
}  // namespace ncirt::iodef
