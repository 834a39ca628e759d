#include "triage/sharing/decision_json.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::sharing {
namespace {

namespace policy = exchange::policy;

ShareOutcome Outcome() {
  ShareOutcome o;
  o.incident_id = "7f0e3c1a-52a4-4c36-9d2e-0d1f8f1b2a11";
  o.tlp = "AMBER";
  o.version = 3;
  o.queued = 1;
  o.refused = 1;
  policy::Outgoing out;
  out.removed = {{"contacts[0].emails[0]", "personal data"}};
  out.original_note = "the policy removed content";
  o.decisions.push_back({1, "CERT-EE", out});
  o.decisions.push_back(
      {2, "CERT-FI",
       std::unexpected(policy::Refusal{policy::RefusalReason::kTlpNotAgreed, "not AMBER"})});
  return o;
}

TEST(DecisionJsonTest, PreviewSaysSendOrRefusePerPartner) {
  const nlohmann::json j = PreviewJson(Outcome());
  EXPECT_EQ(j["tlp"], "AMBER");
  ASSERT_EQ(j["partners"].size(), 2u);
  EXPECT_EQ(j["partners"][0]["decision"], "send");
  EXPECT_EQ(j["partners"][0]["removed"][0]["path"], "contacts[0].emails[0]");
  EXPECT_EQ(j["partners"][0]["original_document"], false);
  EXPECT_EQ(j["partners"][1]["decision"], "refuse");
  EXPECT_EQ(j["partners"][1]["reason"], "tlp-not-agreed");
  EXPECT_FALSE(j.contains("version"));
}

TEST(DecisionJsonTest, SharedAnswerCarriesVersionAndShareIds) {
  const nlohmann::json j = SharedJson(Outcome());
  EXPECT_EQ(j["version"], 3);
  EXPECT_EQ(j["queued"], 1);
  EXPECT_EQ(j["partners"][0]["decision"], "queued");
  EXPECT_EQ(j["partners"][0]["share_id"], "7f0e3c1a-52a4-4c36-9d2e-0d1f8f1b2a11:v3");
  EXPECT_EQ(j["partners"][1]["decision"], "refused");
  EXPECT_FALSE(j["partners"][1].contains("share_id"));
}

TEST(DecisionJsonTest, PartnerNamesMustBeADistinctNonEmptyListOfStrings) {
  EXPECT_EQ(PartnerNames({{"partners", {"A", "B"}}}).value(),
            (std::vector<std::string>{"A", "B"}));
  for (const nlohmann::json& bad :
       {nlohmann::json::object(), nlohmann::json{{"partners", "A"}},
        nlohmann::json{{"partners", nlohmann::json::array()}},
        nlohmann::json{{"partners", {"A", "A"}}}, nlohmann::json{{"partners", {1}}}}) {
    const auto names = PartnerNames(bad);
    ASSERT_FALSE(names) << bad.dump();
    EXPECT_EQ(names.error().where, "partners");
  }
  nlohmann::json many = nlohmann::json::array();
  for (std::size_t i = 0; i <= kMaxPartnersPerShare; ++i) many.push_back(std::to_string(i));
  EXPECT_FALSE(PartnerNames({{"partners", many}}));
}

TEST(DecisionJsonTest, SummaryFollowsEachPartnersLatestVersion) {
  const std::vector<HistoryRow> history = {
      {.partner = "CERT-EE", .version = 1, .event = "queued"},
      {.partner = "CERT-FI", .version = 0, .event = "refused", .reason = "tlp-not-agreed"},
      {.partner = "CERT-EE", .version = 1, .event = "acknowledged"},
      {.partner = "CERT-EE", .version = 2, .event = "queued"},
      {.partner = "CERT-EE", .version = 1, .event = "duplicate"},
  };
  const std::vector<PartnerSummary> s = Summarise(history);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].partner, "CERT-EE");
  EXPECT_EQ(s[0].latest_version, 2u);
  EXPECT_EQ(s[0].state, "pending") << "a late answer for version 1 does not settle version 2";
  EXPECT_EQ(s[1].state, "refused");
  EXPECT_EQ(s[1].reason, "tlp-not-agreed");

  const std::vector<HistoryRow> withdrawn = {
      {.partner = "CERT-EE", .version = 1, .event = "queued"},
      {.partner = "CERT-EE", .version = 2, .event = "queued", .reason = "withdrawal"},
      {.partner = "CERT-EE", .version = 2, .event = "nacked", .reason = "NACK_CODE_X"}};
  const auto w = Summarise(withdrawn);
  EXPECT_TRUE(w[0].withdrawn);
  EXPECT_EQ(w[0].state, "nacked");
}

TEST(DecisionJsonTest, ViewJsonHasReceivedFromOnlyForPartnersIncidents) {
  SharingView view;
  view.incident_id = "x";
  EXPECT_TRUE(SharingViewJson(view)["received_from"].is_null());
  view.received_from = ReceivedFrom{.partner = "CERT-FI", .origin_incident_id = "o",
                                    .version = 2, .received_at = "t", .withdrawn = false};
  EXPECT_EQ(SharingViewJson(view)["received_from"]["partner"], "CERT-FI");
}

}  // namespace
}  // namespace ncirt::triage::sharing
