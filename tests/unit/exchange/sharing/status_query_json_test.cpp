// The JSON of a status question: pending, answered and failed questions, and path ids.
#include "triage/sharing/status_query_json.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::sharing {
namespace {

StatusQuestion Asked() {
  return StatusQuestion{.id = 3, .incident_id = "00000000-0000-4000-8000-000000000001",
                        .partner = "CERT-B", .asked_by = "alice",
                        .asked_at = "2027-01-15T08:00:00.000Z", .state = "pending"};
}

TEST(StatusQuestionJson, PendingQuestionHasNeitherAnswerNorFailure) {
  const auto json = StatusQuestionJson(Asked());
  EXPECT_EQ(json["state"], "pending");
  EXPECT_EQ(json["partner"], "CERT-B");
  EXPECT_TRUE(json["answer"].is_null());
  EXPECT_TRUE(json["failure"].is_null());
  EXPECT_TRUE(json["answered_at"].is_null());
}

TEST(StatusQuestionJson, AnsweredQuestionCarriesThePartnersStateAndVersion) {
  StatusQuestion q = Asked();
  q.state = "answered";
  q.receiver_incident_id = "b-17";
  q.partner_state = "in_progress";
  q.partner_version = 2;
  q.answered_at = "2027-01-15T08:00:01.000Z";
  const auto json = StatusQuestionJson(q);
  EXPECT_EQ(json["answer"]["state"], "in_progress");
  EXPECT_EQ(json["answer"]["latest_version"], 2);
  EXPECT_EQ(json["answer"]["receiver_incident_id"], "b-17");
  EXPECT_TRUE(json["answer"]["updated_at"].is_null());
  EXPECT_TRUE(json["failure"].is_null());
}

TEST(StatusQuestionJson, FailedQuestionSaysWhy) {
  StatusQuestion q = Asked();
  q.state = "failed";
  q.failure_reason = "NACK_CODE_UNKNOWN_INCIDENT";
  q.failure_detail = "no version received here";
  const auto json = StatusQuestionJson(q);
  EXPECT_EQ(json["failure"]["reason"], "NACK_CODE_UNKNOWN_INCIDENT");
  EXPECT_TRUE(json["answer"].is_null());
}

TEST(QuestionIdFromPath, AcceptsPositiveIntegersOnly) {
  EXPECT_EQ(QuestionIdFromPath("42").value(), 42);
  for (const char* bad : {"", "0", "-1", "4x", "x", "99999999999999999999"}) {
    const auto id = QuestionIdFromPath(bad);
    ASSERT_FALSE(id) << bad;
    EXPECT_EQ(id.error().kind, common::ErrorKind::kBadRequest);
  }
}

}  // namespace
}  // namespace ncirt::triage::sharing
