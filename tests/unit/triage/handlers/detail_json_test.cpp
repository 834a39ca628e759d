#include "triage/handlers/detail_json.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::handlers {
namespace {

TimePoint At(std::int64_t ms) { return TimePoint{std::chrono::milliseconds{ms}}; }

store::IncidentDetail Sample() {
  store::IncidentDetail d;
  d.entry.incident_id = "4f0c0f7e-3a57-4d0e-9a53-0c1f3bde5a11";
  d.entry.state = State::kTriaged;
  d.entry.priority = 3;
  d.entry.severity_override = 1;
  d.entry.tlp = "AMBER";
  d.entry.submitter = "partner-cert-x";
  d.entry.created_at = At(1000);
  d.targets = SlaTargets{std::chrono::seconds{900}, std::chrono::seconds{14400}};
  d.sla = EvaluateSla(State::kTriaged, SlaClock{std::chrono::hours{5}, std::nullopt}, d.targets,
                      At(0));
  d.iodef_name = "cert.example";
  d.iodef_id = "X-1";
  d.report_time = At(900);
  d.model.set_tlp(v1::TLP_AMBER);
  d.model.add_assessments()->add_impacts()->mutable_system()->set_severity(v1::SEVERITY_HIGH);
  d.indicators.push_back({"domain", "bad.example", "", "c2"});
  d.history.push_back({7, 1'000'500, "alice", "192.0.2.1", "read", "{\"tlp\":\"AMBER\"}"});
  d.history.push_back({std::nullopt, 2'000'000, "bob", "192.0.2.2", "comment", "not json"});
  return d;
}

TEST(DetailJsonTest, CarriesStateSlaOriginTimesAndMarking) {
  const nlohmann::json j = DetailJson(Sample());
  EXPECT_EQ(j["state"], "triaged");
  EXPECT_EQ(j["priority"], 1);
  EXPECT_EQ(j["computed_priority"], 3);
  EXPECT_EQ(j["sla"]["phase"], "resolve");
  EXPECT_EQ(j["sla"]["overdue"], true);
  EXPECT_EQ(j["sla"]["remaining_ms"], -3'600'000);
  EXPECT_EQ(j["origin"]["submitter"], "partner-cert-x");
  EXPECT_EQ(j["origin"]["iodef_id"], "X-1");
  EXPECT_EQ(j["times"]["report_ms"], 900);
  EXPECT_TRUE(j["times"]["detect_ms"].is_null());
  EXPECT_EQ(j["times"]["received_ms"], 1000);
  EXPECT_EQ(j["marking"]["tlp"], "AMBER");
}

TEST(DetailJsonTest, ModelAssessmentsIndicatorsAndHistoryAreIncluded) {
  const nlohmann::json j = DetailJson(Sample());
  EXPECT_EQ(j["model"]["tlp"], "TLP_AMBER");
  ASSERT_EQ(j["assessments"].size(), 1u);
  EXPECT_EQ(j["assessments"][0]["impacts"][0]["system"]["severity"], "SEVERITY_HIGH");
  ASSERT_EQ(j["indicators"].size(), 1u);
  EXPECT_EQ(j["indicators"][0]["role"], "c2");
  ASSERT_EQ(j["history"].size(), 2u);
  EXPECT_EQ(j["history"][0]["seq"], 7);
  EXPECT_EQ(j["history"][0]["at_ms"], 1000);
  EXPECT_EQ(j["history"][0]["detail"]["tlp"], "AMBER");
  // A record still waiting to be chained has no seq; a detail that is not JSON stays text.
  EXPECT_TRUE(j["history"][1]["seq"].is_null());
  EXPECT_EQ(j["history"][1]["detail"], "not json");
}

}  // namespace
}  // namespace ncirt::triage::handlers
