#include "common/log/log.hpp"

#include <gtest/gtest.h>

namespace ncirt::common::log {
namespace {

TEST(LogTest, LineIsOneJsonObjectWithServiceEventAndFields) {
  Init("intake", Level::kInfo);
  const auto line = FormatLine("2026-01-01T00:00:00.000Z", Level::kWarn, "document_rejected",
                               {{"reason", "schema-violation"}, {"bytes", 1234}});
  const auto json = nlohmann::json::parse(line);
  EXPECT_EQ(json["service"], "intake");
  EXPECT_EQ(json["level"], "warn");
  EXPECT_EQ(json["event"], "document_rejected");
  EXPECT_EQ(json["bytes"], 1234);
  EXPECT_FALSE(json.contains("request_id"));
}

TEST(LogTest, AttackerTextCannotForgeASecondLine) {
  const auto line = FormatLine("t", Level::kInfo, "partner_hello",
                               {{"name", "evil\n{\"level\":\"error\"}"}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(line)["name"], "evil\n{\"level\":\"error\"}");
}

TEST(LogTest, InvalidUtf8IsReplacedNotFatal) {
  const auto line = FormatLine("t", Level::kInfo, "x", {{"raw", std::string("a\xff" "b")}});
  EXPECT_TRUE(nlohmann::json::accept(line));
}

TEST(LogTest, RequestScopeTagsLinesAndRestoresThePreviousId) {
  {
    RequestScope outer("req-1");
    {
      RequestScope inner("req-2");
      EXPECT_EQ(nlohmann::json::parse(FormatLine("t", Level::kInfo, "e", {}))["request_id"],
                "req-2");
    }
    EXPECT_EQ(CurrentRequestId(), "req-1");
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

TEST(LogTest, UnknownLevelNameIsRefused) {
  EXPECT_TRUE(ParseLevel("debug"));
  auto bad = ParseLevel("verbose");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("debug, info, warn or error"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::common::log
