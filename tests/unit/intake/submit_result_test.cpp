#include "intake/submit_result.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake {
namespace {

IncidentResult Result(Outcome outcome) {
  IncidentResult r;
  r.id = "4b1e0f4e-2f59-4b45-9b1c-0d5a3c9e7a10";
  r.iodef_id = "189493";
  r.iodef_name = "csirt.example.com";
  r.outcome = outcome;
  r.version = 2;
  r.tlp = v1::TLP_AMBER_STRICT;
  v1::ValidationIssue w;
  w.set_level(v1::ValidationIssue::LEVEL_WARNING);
  w.set_line(12);
  w.set_column(4);
  w.set_schema_path("/IODEF-Document/Incident/Assessment");
  w.set_message("Confidence has content");
  r.warnings.push_back(w);
  return r;
}

TEST(SubmitResultTest, StatusIs201WhenAnythingNewWasStoredElse200) {
  SubmitResult created{{Result(Outcome::kDuplicate), Result(Outcome::kCreated)}, false};
  SubmitResult updated{{Result(Outcome::kUpdated)}, false};
  SubmitResult duplicates{{Result(Outcome::kDuplicate)}, false};
  SubmitResult replay{{Result(Outcome::kCreated)}, true};
  EXPECT_EQ(SuccessStatus(created), 201);
  EXPECT_EQ(SuccessStatus(updated), 201);
  EXPECT_EQ(SuccessStatus(duplicates), 200);
  EXPECT_EQ(SuccessStatus(replay), 200);
}

TEST(SubmitResultTest, JsonListsEachIncidentWithIdStatusVersionTlpAndWarnings) {
  const SubmitResult result{{Result(Outcome::kCreated)}, false};
  const auto json = ToJson(result);
  ASSERT_EQ(json["incidents"].size(), 1u);
  const auto& item = json["incidents"][0];
  EXPECT_EQ(item["id"], "4b1e0f4e-2f59-4b45-9b1c-0d5a3c9e7a10");
  EXPECT_EQ(item["incident_id"], "189493");
  EXPECT_EQ(item["name"], "csirt.example.com");
  EXPECT_EQ(item["status"], "created");
  EXPECT_EQ(item["version"], 2);
  EXPECT_EQ(item["tlp"], "AMBER+STRICT");
  EXPECT_EQ(item["warnings"][0]["line"], 12);
  EXPECT_EQ(item["warnings"][0]["level"], "warning");
  EXPECT_EQ(json["replayed"], false);
}

TEST(SubmitResultTest, JsonRoundTripsForIdempotentReplays) {
  const SubmitResult result{{Result(Outcome::kUpdated), Result(Outcome::kDuplicate)}, false};
  const auto back = SubmitResultFromJson(ToJson(result));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(ToJson(*back), ToJson(result));
}

TEST(SubmitResultTest, UnreadableStoredAnswerIsUnavailableNotAThrow) {
  const auto back = SubmitResultFromJson(nlohmann::json{{"incidents", "nope"}});
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().kind, common::ErrorKind::kUnavailable);
}

TEST(SubmitResultTest, IssueJsonOmitsUnknownPosition) {
  v1::ValidationIssue issue;
  issue.set_level(v1::ValidationIssue::LEVEL_ERROR);
  issue.set_schema_path("/incident/0");
  issue.set_message("missing");
  const auto json = IssueToJson(issue);
  EXPECT_FALSE(json.contains("line"));
  EXPECT_EQ(json["level"], "error");
}

}  // namespace
}  // namespace ncirt::intake
