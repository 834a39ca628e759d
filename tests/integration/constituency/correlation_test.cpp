// Correlation through shared indicators (including an address inside a reported range and a
// domain's subdomains), the over-correlation cap, and duplicate proposals.
#include <algorithm>

#include <gtest/gtest.h>

#include "constituency_fixture.hpp"

namespace ncirt::triage::testing {
namespace {

class CorrelationTest : public ConstituencyDbTest {
 protected:
  correlation::Related RelatedTo(const std::string& id, std::optional<int> cap = {}) {
    auto related = correlation_->RelatedTo(id, cap);
    EXPECT_TRUE(related) << related.error().ToString();
    return related.value_or(correlation::Related{});
  }
  static const correlation::RelatedIncident* Find(const correlation::Related& r,
                                                  const std::string& id) {
    for (const auto& i : r.related) {
      if (i.incident_id == id) return &i;
    }
    return nullptr;
  }
};

TEST_F(CorrelationTest, AnAddressInsideAReportedRangeCorrelatesBothWays) {
  const auto ids = AddIncidents({{{"ipv4-network", "198.51.100.0/24"}},
                                 {{"ipv4-address", "198.51.100.7"}, {"hash", "aa"}},
                                 {{"ipv4-address", "198.51.101.7"}},
                                 {{"ipv6-address", "2001:db8::7"}},
                                 {{"ipv6-network", "2001:db8::/64"}, {"hash", "aa"}}});
  const auto from_address = RelatedTo(ids[1]);
  const auto* range = Find(from_address, ids[0]);
  ASSERT_NE(range, nullptr);
  ASSERT_EQ(range->shared.size(), 1u);
  EXPECT_EQ(range->shared[0].value, "198.51.100.7");
  EXPECT_EQ(range->shared[0].their_kind, "ipv4-network");
  EXPECT_EQ(range->shared[0].their_value, "198.51.100.0/24");
  EXPECT_EQ(Find(from_address, ids[2]), nullptr);
  EXPECT_NE(Find(from_address, ids[4]), nullptr);  // the shared hash
  EXPECT_EQ(Find(from_address, ids[4])->shared[0].kind, "hash");

  const auto from_range = RelatedTo(ids[0]);
  EXPECT_NE(Find(from_range, ids[1]), nullptr);
  EXPECT_EQ(Find(from_range, ids[2]), nullptr);
  const auto from_v6 = RelatedTo(ids[3]);
  EXPECT_NE(Find(from_v6, ids[4]), nullptr);
  // Most shared first: ids[4] shares the network and nothing else with ids[3].
  EXPECT_EQ(from_v6.related.size(), 1u);
}

TEST_F(CorrelationTest, DomainsCorrelateWithSubdomainsParentsUrlsAndExactValues) {
  const auto ids = AddIncidents({{{"domain", "evil.example"}},
                                 {{"url", "http://cdn.evil.example/payload"}},
                                 {{"domain", "notevil.example"}},
                                 {{"domain", "a.b.evil.example"}, {"email", "x@mail.example"}},
                                 {{"email", "x@mail.example"}, {"asn", "64500"}},
                                 {{"asn", "64500"}}});
  const auto from_parent = RelatedTo(ids[0]);
  EXPECT_NE(Find(from_parent, ids[1]), nullptr);
  EXPECT_NE(Find(from_parent, ids[3]), nullptr);
  EXPECT_EQ(Find(from_parent, ids[2]), nullptr);
  const auto from_child = RelatedTo(ids[3]);
  EXPECT_NE(Find(from_child, ids[0]), nullptr) << "a parent domain correlates";
  EXPECT_NE(Find(from_child, ids[4]), nullptr) << "the same e-mail address correlates";
  EXPECT_EQ(Find(from_child, ids[1]), nullptr) << "a sibling subdomain does not";
  const auto from_asn = RelatedTo(ids[5]);
  ASSERT_EQ(from_asn.related.size(), 1u);
  EXPECT_EQ(from_asn.related[0].incident_id, ids[4]);
}

TEST_F(CorrelationTest, VeryCommonIndicatorsAreCappedWithACountOfTheRest) {
  ASSERT_TRUE(correlation_->SetSettings(lead_, {3, 10, 3600}));
  std::vector<Indicators> each(8, Indicators{{"ipv4-address", "203.0.113.10"}});
  each[0].push_back({"hash", "bb"});
  each[1].push_back({"hash", "bb"});
  const auto ids = AddIncidents(each);
  const auto related = RelatedTo(ids[0]);
  const auto common = std::find_if(related.indicators.begin(), related.indicators.end(),
                                   [](const auto& s) { return s.value == "203.0.113.10"; });
  ASSERT_NE(common, related.indicators.end());
  EXPECT_EQ(common->incidents, 7);
  EXPECT_EQ(common->listed, 3);
  EXPECT_EQ(common->more, 4);
  EXPECT_FALSE(common->at_least);
  // Past count_limit the count says "at least".
  AddIncidents(std::vector<Indicators>(6, Indicators{{"ipv4-address", "203.0.113.10"}}));
  const auto more = RelatedTo(ids[0]);
  const auto capped = std::find_if(more.indicators.begin(), more.indicators.end(),
                                   [](const auto& s) { return s.value == "203.0.113.10"; });
  EXPECT_TRUE(capped->at_least);
  EXPECT_EQ(capped->incidents, 10);
  EXPECT_EQ(capped->more, 7);
  // A per-request cap overrides the setting.
  const auto wide = RelatedTo(ids[0], 5);
  EXPECT_EQ(std::find_if(wide.indicators.begin(), wide.indicators.end(),
                         [](const auto& s) { return s.value == "203.0.113.10"; })->listed,
            5);
}

TEST_F(CorrelationTest, AnIncidentWithManyIndicatorsIsExaminedUpToTheLimitAndSaysTheRest) {
  // 149 addresses and a URL: in (kind, value) order 192.0.2.100 comes first and the URL
  // (kind "url" after "ipv4-address") last.
  Indicators many{{"ipv4-address", "192.0.2.100"}};
  for (int i = 1; i < 149; ++i) {
    many.push_back({"ipv4-address", "198.51.100." + std::to_string(i)});
  }
  many.push_back({"url", "http://late.example/x"});
  const auto ids = AddIncidents({many, {{"ipv4-address", "192.0.2.100"}},
                                 {{"url", "http://late.example/x"}}});
  const auto related = RelatedTo(ids[0]);
  EXPECT_EQ(related.indicators_examined, correlation::kMaxIndicatorsExamined);
  EXPECT_EQ(related.indicators_not_examined, 150 - correlation::kMaxIndicatorsExamined);
  EXPECT_EQ(related.indicators.size(),
            static_cast<std::size_t>(correlation::kMaxIndicatorsExamined));
  // Found through an examined indicator; the incident sharing only an indicator past the limit
  // is not listed (the answer says that 50 were not examined).
  ASSERT_EQ(related.related.size(), 1u);
  EXPECT_EQ(related.related[0].incident_id, ids[1]);
  // From the small incident's side the large one is found.
  const auto back = RelatedTo(ids[2]);
  ASSERT_EQ(back.related.size(), 1u);
  EXPECT_EQ(back.related[0].incident_id, ids[0]);
  EXPECT_EQ(back.indicators_not_examined, 0);
}

TEST_F(CorrelationTest, SameIndicatorsAndCategoryWithinTheWindowAreProposedAndMerged) {
  ASSERT_TRUE(correlation_->SetSettings(lead_, {20, 1000, 3600}));
  const Indicators same = {{"ipv4-address", "192.0.2.44"}, {"domain", "phish.example"}};
  const std::string first = AddIncident(same);
  const std::string superset = AddIncident({{"ipv4-address", "192.0.2.44"},
                                            {"domain", "phish.example"},
                                            {"hash", "cc"}});
  clock_.Advance(std::chrono::minutes{30});
  const std::string second = AddIncident(same);
  clock_.Advance(std::chrono::hours{2});
  const std::string late = AddIncident(same);

  auto proposals = correlation_->Duplicates(second);
  ASSERT_TRUE(proposals) << proposals.error().ToString();
  ASSERT_EQ(proposals->size(), 1u);
  EXPECT_EQ((*proposals)[0].incident_id, first);
  EXPECT_EQ((*proposals)[0].indicators, 2);
  auto none = correlation_->Duplicates(late);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty()) << "outside the window";
  auto not_superset = correlation_->Duplicates(superset);
  ASSERT_TRUE(not_superset);
  EXPECT_TRUE(not_superset->empty());

  // A different category is not a duplicate.
  Exec("UPDATE triage.incidents SET category = 'fraud/phishing' WHERE incident_id = '" + first +
       "'");
  EXPECT_TRUE(correlation_->Duplicates(second)->empty());
  Exec("UPDATE triage.incidents SET category = 'fraud/phishing' WHERE incident_id = '" +
       second + "'");
  ASSERT_EQ(correlation_->Duplicates(second)->size(), 1u);

  // Merging through the queue: the duplicate is merged, and no longer proposed.
  auto merged = queue_->Merge(lead_, second, first);
  ASSERT_TRUE(merged) << merged.error().ToString();
  EXPECT_EQ(merged->merged_into, first);
  EXPECT_TRUE(correlation_->Duplicates(first)->empty());
}

TEST_F(CorrelationTest, UnknownOrMalformedIncidentIds) {
  auto bad = correlation_->RelatedTo("not-a-uuid", std::nullopt);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, common::ErrorKind::kBadRequest);
  auto unknown = correlation_->Duplicates("00000000-0000-0000-0000-000000000000");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, common::ErrorKind::kNotFound);
}

}  // namespace
}  // namespace ncirt::triage::testing
