#include "ncirtctl/commands.hpp"

#include <gtest/gtest.h>

namespace ncirt::ncirtctl {
namespace {

TEST(QueryTest, EncodesValuesAndSkipsEmptyOnes) {
  EXPECT_EQ(WithQuery("/v1/queue", {{"state", "new"}, {"category", ""},
                                    {"constituent", "Bank & Co/1"}}),
            "/v1/queue?state=new&constituent=Bank%20%26%20Co%2F1");
  EXPECT_EQ(WithQuery("/v1/queue", {}), "/v1/queue");
}

}  // namespace
}  // namespace ncirt::ncirtctl

namespace ncirt::ncirtctl {
namespace {

TEST(QuestionTableTest, ShowsThePartnersAnswerOrWhyThereIsNone) {
  const auto questions = nlohmann::json::parse(R"([
    {"id": 2, "partner": "CERT-B", "asked_by": "alice", "asked_at": "2027-01-15T08:00:00.000Z",
     "state": "answered", "last_error": null, "failure": null,
     "answer": {"state": "in_progress", "latest_version": 3, "updated_at": null,
                "receiver_incident_id": "b-17"}},
    {"id": 1, "partner": "CERT-C", "asked_by": "bob", "asked_at": "2027-01-15T07:00:00.000Z",
     "state": "failed", "last_error": null, "answer": null,
     "failure": {"reason": "NACK_CODE_UNKNOWN_INCIDENT", "detail": "never received"}},
    {"id": 3, "partner": "CERT-D", "asked_by": "bob", "asked_at": "2027-01-15T09:00:00.000Z",
     "state": "pending", "last_error": "connection closed", "answer": null, "failure": null}
  ])");
  const Table table = QuestionTable(questions);
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[0][4], "answered");
  EXPECT_EQ(table.rows[0][5], "in_progress");
  EXPECT_EQ(table.rows[0][6], "3");
  EXPECT_EQ(table.rows[0][8], "b-17");
  EXPECT_EQ(table.rows[0][9], "");
  EXPECT_EQ(table.rows[1][5], "");
  EXPECT_EQ(table.rows[1][9], "NACK_CODE_UNKNOWN_INCIDENT: never received");
  EXPECT_EQ(table.rows[2][9], "retrying: connection closed");
}

}  // namespace
}  // namespace ncirt::ncirtctl
