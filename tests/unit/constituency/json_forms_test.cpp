#include "triage/constituency/json_forms.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::constituency {
namespace {

using nlohmann::json;

TEST(JsonFormsTest, NewOrganisationWithFactsOfEveryKind) {
  auto parsed = ParseNewOrganisation(json::parse(R"({
    "handle": "north-grid", "name": "North Grid", "sector": "energy", "criticality": "vital",
    "ranges": ["192.0.2.0/24"], "asns": ["AS64500"], "domains": ["NorthGrid.Example"],
    "contacts": [{"role": "security", "email": "cert@northgrid.example", "language": "en"}]})"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->handle, "north-grid");
  ASSERT_EQ(parsed->facts.size(), 4u);
  EXPECT_EQ(parsed->facts[2].value, "northgrid.example");
  EXPECT_EQ(parsed->facts[3].contact.email, "cert@northgrid.example");
}

TEST(JsonFormsTest, BadMembersAreNamedWithTheirPosition) {
  const struct {
    const char* body;
    const char* where;
  } cases[] = {
      {R"({"name": "N", "sector": "energy"})", "handle"},
      {R"({"handle": "n", "sector": "energy"})", "name"},
      {R"({"handle": "n", "name": "N", "sector": "spaceflight"})", "sector"},
      {R"({"handle": "n", "name": "N", "sector": "energy", "ranges": ["1.2.3.0/24", "x"]})",
       "ranges[1]"},
      {R"({"handle": "n", "name": "N", "sector": "energy", "ranges": "1.2.3.0/24"})", "ranges"},
      {R"({"handle": "n", "name": "N", "sector": "energy",
           "contacts": [{"email": "a@b.example"}]})",
       "contacts[0].role"},
      {R"({"handle": "n", "name": "N", "sector": "energy", "valid_from_ms": "soon"})",
       "valid_from_ms"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseNewOrganisation(json::parse(c.body));
    ASSERT_FALSE(parsed) << c.body;
    EXPECT_EQ(parsed.error().where, c.where) << c.body << ": " << parsed.error().message;
  }
}

TEST(JsonFormsTest, FactBodies) {
  EXPECT_EQ(ParseFact(FactKind::kAsn, json{{"asn", 64500}}).value().asn, 64500);
  EXPECT_EQ(ParseFact(FactKind::kRange, json{{"network", "2001:db8::/32"}}).value().value,
            "2001:db8::/32");
  auto missing = ParseFact(FactKind::kDomain, json::object());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().where, "domain");
  auto phone = ParseFact(FactKind::kContact,
                         json{{"role", "noc"}, {"email", "a@b.example"}, {"phone", "abc"}});
  ASSERT_FALSE(phone);
  EXPECT_EQ(phone.error().where, "phone");
}

TEST(JsonFormsTest, SettingsAreRangeChecked) {
  EXPECT_TRUE(ParseSettings(json{{"common_cap", 5}, {"count_limit", 100},
                                 {"duplicate_window_s", 3600}}));
  auto cap = ParseSettings(json{{"common_cap", 0}, {"count_limit", 100},
                                {"duplicate_window_s", 3600}});
  ASSERT_FALSE(cap);
  EXPECT_EQ(cap.error().where, "common_cap");
  auto limit = ParseSettings(json{{"common_cap", 50}, {"count_limit", 40},
                                  {"duplicate_window_s", 3600}});
  ASSERT_FALSE(limit);
  EXPECT_EQ(limit.error().where, "count_limit");
  EXPECT_FALSE(ParseSettings(json{{"common_cap", 5}, {"count_limit", 100}}));
}

TEST(JsonFormsTest, QueryParametersAreChecked) {
  EXPECT_EQ(QueryInt("cap=5", "cap", 1, 10).value(), 5);
  EXPECT_FALSE(QueryInt("cap=0", "cap", 1, 10));
  EXPECT_FALSE(QueryInt("cap=x", "cap", 1, 10));
  EXPECT_FALSE(QueryInt("", "cap", 1, 10).value().has_value());
  EXPECT_EQ(QueryTime("at_ms=1000", "at_ms").value()->time_since_epoch().count(), 1000);
  EXPECT_FALSE(QueryTime("at_ms=yesterday", "at_ms"));
}

TEST(JsonFormsTest, RelatedShowsTheCapAsMore) {
  correlation::Related related;
  related.incident_id = "i";
  related.indicators.push_back({"ipv4-address", "203.0.113.10", 4180, false, 20, 4160});
  const json j = RelatedJson(related);
  EXPECT_EQ(j["indicators"][0]["more"], 4160);
  EXPECT_EQ(j["indicators"][0]["listed"], 20);
}

TEST(JsonFormsTest, RelatedSaysHowManyOwnIndicatorsWereNotExamined) {
  correlation::Related related;
  related.incident_id = "i";
  related.indicators_examined = 100;
  related.indicators_not_examined = 9900;
  const json j = RelatedJson(related);
  EXPECT_EQ(j["indicators_examined"], 100);
  EXPECT_EQ(j["indicators_not_examined"], 9900);
}

}  // namespace
}  // namespace ncirt::triage::constituency
