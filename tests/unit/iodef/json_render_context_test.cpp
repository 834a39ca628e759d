#include "iodef/json_render_context.hpp"

#include <string>

#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

class JsonRenderContextTest : public ::testing::Test {
 protected:
  JsonRenderContext ctx_;
  Json out_ = Json::object();
};

TEST_F(JsonRenderContextTest, WritesTokensInRfc8727Spelling) {
  ctx_.Enum(out_, "Contact", "C", v1::CONTACT_ROLE_VENDOR_SUPPORT, "");
  ctx_.Token(out_, "Counter", "C", EnumAttr::kCounterType, "counter", "");
  EXPECT_EQ(out_["role"], "vendor-support");
  EXPECT_EQ(out_["type"], "count");
  EXPECT_TRUE(ctx_.omitted().empty());
}

TEST_F(JsonRenderContextTest, CarriesValuesOutsideTheListAsExtValue) {
  ctx_.Enum(out_, "System", "S", v1::SYSTEM_CATEGORY_WATCHLIST, "");
  EXPECT_EQ(out_["category"], "ext-value");
  EXPECT_EQ(out_["ext-category"], "watchlist");
  Json action = Json::object();
  // RFC 7970's list lacks "training", so the model holds it as ext-value; JSON keeps it so.
  ctx_.Token(action, "HistoryItem", "H", EnumAttr::kAction, "ext-value", "training");
  EXPECT_EQ(action["action"], "ext-value");
  EXPECT_EQ(action["ext-action"], "training");
}

TEST_F(JsonRenderContextTest, LeavesOutWhatNoListCanCarry) {
  ctx_.Token(out_, "IndicatorExpression", "E", EnumAttr::kIndicatorOperator, "ext-value", "nand");
  ctx_.Token(out_, "Assessment", "A", EnumAttr::kOccurrence, "likely", "");
  ctx_.Token(out_, "Email", "M", EnumAttr::kEmailType, "ext-value", "");
  EXPECT_TRUE(out_.empty());
  ASSERT_EQ(ctx_.omitted().size(), 3u);
  EXPECT_EQ(ctx_.omitted()[0],
            "E/operator: 'nand' is outside RFC 8727's list, which has no ext-value; left out");
  EXPECT_EQ(ctx_.omitted()[2], "M/type: 'ext-value' without the value itself; left out");
}

TEST_F(JsonRenderContextTest, ChecksPatternedTextAgainstTheDataModel) {
  ctx_.Text(out_, "Contact", "C", "Timezone", "+09:00");
  ctx_.Text(out_, "System", "S", "observable-id", "9-starts-with-a-digit");
  ctx_.Text(out_, "Service", "V", "Portlist", "");
  EXPECT_EQ(out_["Timezone"], "+09:00");
  EXPECT_FALSE(out_.contains("observable-id"));
  EXPECT_FALSE(out_.contains("Portlist"));
  ASSERT_EQ(ctx_.omitted().size(), 1u);
  EXPECT_NE(ctx_.omitted()[0].find("does not match the pattern"), std::string::npos);
}

TEST_F(JsonRenderContextTest, WritesMultilingualTextInItsShortestForm) {
  v1::LocalizedText text;
  text.set_text("hello");
  EXPECT_EQ(ctx_.Localized(text, "D"), Json("hello"));
  text.set_lang("en-GB");
  EXPECT_EQ(ctx_.Localized(text, "D"), (Json{{"value", "hello"}, {"lang", "en-GB"}}));
  text.set_lang("not a language");
  EXPECT_EQ(ctx_.Localized(text, "D"), Json("hello"));
  EXPECT_EQ(ctx_.omitted().size(), 1u);
}

TEST_F(JsonRenderContextTest, WritesTimesInUtcAndOnlyUris) {
  google::protobuf::Timestamp time;
  time.set_seconds(1437228000);
  time.set_nanos(500'000'000);
  ctx_.Time(out_, "I", "GenerationTime", time);
  EXPECT_EQ(out_["GenerationTime"], "2015-07-18T14:00:00.500Z");
  google::protobuf::RepeatedPtrField<std::string> urls;
  urls.Add("https://a.example/");
  urls.Add("https://a.example/ with space");
  ctx_.Urls(out_, "R", "URL", urls);
  EXPECT_EQ(out_["URL"], Json::array({"https://a.example/"}));
  EXPECT_EQ(ctx_.omitted().size(), 1u);
}

TEST_F(JsonRenderContextTest, WritesExtensionsOnlyWithADtype) {
  google::protobuf::RepeatedPtrField<v1::ExtensionData> extensions;
  extensions.Add()->set_value("no dtype");
  v1::ExtensionData& ok = *extensions.Add();
  ok.set_dtype("string");
  ok.set_value("v");
  ok.set_format_id("f");
  ctx_.Extensions(out_, "I", "AdditionalData", extensions);
  ASSERT_EQ(out_["AdditionalData"].size(), 1u);
  EXPECT_EQ(out_["AdditionalData"][0]["formatid"], "f");
  EXPECT_EQ(ctx_.omitted().size(), 1u);
}

TEST(JsonRenderPathTest, NamesPlacesLikeTheXmlRenderer) {
  EXPECT_EQ(PathOf("Incident[0]", "Contact", 2), "Incident[0]/Contact[2]");
  EXPECT_EQ(PathOf("Incident[0]", "IncidentID"), "Incident[0]/IncidentID");
}

}  // namespace
}  // namespace ncirt::iodef
