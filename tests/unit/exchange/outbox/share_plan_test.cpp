#include "exchange/outbox/share_plan.hpp"

#include <gtest/gtest.h>

namespace ncirt::exchange::outbox {
namespace {

Partner Allowing(std::int64_t id, std::string name, std::vector<v1::Tlp> tlps, bool enabled) {
  return Partner{.id = id,
                 .name = std::move(name),
                 .agreement = "a",
                 .allowed_tlps = std::move(tlps),
                 .allowed_categories = {"*"},
                 .enabled = enabled};
}

v1::Incident Amber() {
  v1::Incident incident;
  incident.set_id("0b6f2f7e-0000-4000-8000-000000000001");
  incident.set_tlp(v1::TLP_AMBER);
  incident.add_contacts()->add_names()->set_text("Alice");
  return incident;
}

TEST(SharePlanTest, DecidesPerEnabledPartnerInOrder) {
  const std::vector<Partner> partners = {
      Allowing(1, "CERT-A", {v1::TLP_AMBER}, true),
      Allowing(2, "CERT-B", {v1::TLP_GREEN}, true),
      Allowing(3, "CERT-C", {v1::TLP_AMBER}, false),
  };
  const auto plan = PlanShare(Amber(), policy::Provenance{}, partners);
  ASSERT_EQ(plan.size(), 2u) << "the disabled partner gets nothing";
  EXPECT_EQ(plan[0].partner_id, 1);
  EXPECT_TRUE(plan[0].decision.has_value());
  EXPECT_EQ(plan[1].partner_name, "CERT-B");
  ASSERT_FALSE(plan[1].decision.has_value());
  EXPECT_EQ(plan[1].decision.error().reason, policy::RefusalReason::kTlpNotAgreed);
}

TEST(SharePlanTest, ShareCarriesIdsVersionAndPolicyOutput) {
  const auto plan = PlanShare(Amber(), policy::Provenance{.received_from = "CERT-Z"},
                              {Allowing(1, "CERT-A", {v1::TLP_AMBER}, true)});
  ASSERT_TRUE(plan[0].decision.has_value());
  google::protobuf::Timestamp at;
  at.set_seconds(1'800'000'000);
  const v1::Share share = MakeShare(*plan[0].decision, Amber().id(), 3, at);
  EXPECT_EQ(share.share_id(), "0b6f2f7e-0000-4000-8000-000000000001:v3");
  EXPECT_EQ(share.kind(), v1::SHARE_KIND_VERSION);
  EXPECT_EQ(share.origin_incident_id(), Amber().id());
  EXPECT_EQ(share.version(), 3u);
  EXPECT_EQ(share.originator(), "CERT-Z");
  EXPECT_EQ(share.shared_at().seconds(), 1'800'000'000);
  EXPECT_EQ(share.incident().contacts(0).names_size(), 0) << "policy output, not the input";
}

TEST(SharePlanTest, RemovalsAreDescribedForTheHistory) {
  EXPECT_EQ(DescribeRemovals({}), "");
  EXPECT_EQ(DescribeRemovals({{"contacts[0].names", "personal data"}, {"methods[1]", "private"}}),
            "contacts[0].names: personal data; methods[1]: private");
}

}  // namespace
}  // namespace ncirt::exchange::outbox
