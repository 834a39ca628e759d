// Matching on intake: longest prefix across IPv4 and IPv6, AS numbers, domains covering their
// subdomains, and the match feeding the triage priority.
#include <gtest/gtest.h>

#include "constituency_fixture.hpp"
#include "triage/constituency/matcher.hpp"

namespace ncirt::triage::testing {
namespace {

using V = std::vector<std::string>;

class MatchingTest : public ConstituencyDbTest {
 protected:
  void SetUp() override {
    ConstituencyDbTest::SetUp();
    ASSERT_TRUE(registry_->Create(lead_, Org("isp", "telecom", Criticality::kOther,
                                             {"10.0.0.0/8", "2001:db8::/32"})));
    ASSERT_TRUE(registry_->Create(lead_, Org("hospital", "health", Criticality::kVital,
                                             {"10.1.0.0/16", "2001:db8:1::/48"})));
    ASSERT_TRUE(registry_->Create(lead_, Org("ward", "health", Criticality::kEssential,
                                             {"10.1.2.0/24"})));
  }
};

TEST_F(MatchingTest, MostSpecificRangeWinsForIpv4AndIpv6) {
  const struct {
    const char* kind;
    const char* value;
    V expected;
  } cases[] = {
      {"ipv4-address", "10.1.2.3", {"ward"}},
      {"ipv4-address", "10.1.3.3", {"hospital"}},
      {"ipv4-address", "10.200.0.1", {"isp"}},
      {"ipv4-address", "192.0.2.1", {}},
      {"ipv6-address", "2001:db8:1::5", {"hospital"}},
      {"ipv6-address", "2001:db8:2::5", {"isp"}},
      {"ipv6-address", "2001:db9::1", {}},
  };
  for (const auto& c : cases) {
    const std::string id = AddIncident({{c.kind, c.value}});
    EXPECT_EQ(Matched(id), c.expected) << c.value;
  }
}

TEST_F(MatchingTest, AReportedNetworkMatchesItsOwnerAndTheRangesInsideIt) {
  const std::string id = AddIncident({{"ipv4-network", "10.1.0.0/16"}});
  // hospital owns exactly this network (most specific containing range); ward is inside it.
  EXPECT_EQ(Matched(id), (V{"ward", "hospital"}));
}

TEST_F(MatchingTest, MatchedCriticalityRaisesThePriorityScore) {
  const std::string none = AddIncident({{"ipv4-address", "192.0.2.1"}});
  const std::string vital = AddIncident({{"ipv4-address", "10.1.3.3"}});
  const std::string both = AddIncident({{"ipv4-address", "10.200.0.1"},
                                        {"ipv4-address", "10.1.2.9"}});
  // Constituent term: vital 25, essential 15, other 5, none 0 (priority.hpp).
  EXPECT_EQ(Entry(vital).score - Entry(none).score, 25);
  // isp (other) and ward (essential): the most critical counts.
  EXPECT_EQ(Entry(both).score - Entry(none).score, 15);
}

TEST_F(MatchingTest, AsnAndDomainsCoverTheirSubdomains) {
  ASSERT_TRUE(registry_->Create(lead_, Org("bank", "finance", std::nullopt, {}, {"AS64500"},
                                           {"bank.example", "pay.bank.example"})));
  const struct {
    const char* kind;
    const char* value;
    V expected;
  } cases[] = {
      {"asn", "64500", {"bank"}},
      {"asn", "64501", {}},
      {"domain", "bank.example", {"bank"}},
      {"domain", "www.eu.bank.example", {"bank"}},
      {"domain", "evilbank.example", {}},
      {"url", "https://login.bank.example/reset", {"bank"}},
      {"email", "ceo@bank.example", {"bank"}},
      {"domain", "example", {}},
  };
  for (const auto& c : cases) {
    const std::string id = AddIncident({{c.kind, c.value}});
    EXPECT_EQ(Matched(id), c.expected) << c.kind << " " << c.value;
  }
  // The longest registered domain names the entry that matched.
  const std::string id = AddIncident({{"domain", "a.pay.bank.example"}});
  pqxx::connection c(dsn_);
  pqxx::work w(c);
  EXPECT_EQ(w.exec_params1("SELECT entry FROM triage.incident_constituents WHERE incident_id = "
                           "$1::uuid", id)[0].as<std::string>(),
            "pay.bank.example");
}

TEST_F(MatchingTest, ConstituentsCarryTheContactsToNotify) {
  auto o = Org("grid", "energy", std::nullopt, {"198.51.100.0/24"});
  o.facts.push_back(*constituency::CheckFact(
      constituency::FactKind::kContact, "cert@grid.example",
      constituency::Contact{"security", "", "+44 20 7946 0000", "", "en"}, "c"));
  ASSERT_TRUE(registry_->Create(lead_, o));
  const std::string id = AddIncident({{"ipv4-address", "198.51.100.9"}});
  pqxx::connection c(dsn_);
  constituency::PrepareConstituencyStatements(c);
  pqxx::work w(c);
  const auto read = constituency::ReadMatches(w, id);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->organisations.size(), 1u);
  // energy is a critical-infrastructure sector: essential when no criticality is given.
  EXPECT_EQ(read->criticality, Criticality::kEssential);
  ASSERT_EQ(read->organisations[0].contacts.size(), 1u);
  EXPECT_EQ(read->organisations[0].contacts[0].email, "cert@grid.example");
  EXPECT_EQ(read->organisations[0].matches[0].entry, "198.51.100.0/24");
}

}  // namespace
}  // namespace ncirt::triage::testing
