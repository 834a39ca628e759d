#include "triage/console/new_incident.hpp"

#include <set>

#include <gtest/gtest.h>

#include "iodef/codec.hpp"

namespace ncirt::triage::console {
namespace {

using nlohmann::json;

const TimePoint kNow{std::chrono::milliseconds{1'800'000'000'000}};

common::Result<v1::Incident> Build(const json& form) {
  return NewIncidentModel({.form = form, .analyst = "alice", .incident_id = "console-0001",
                           .now = kNow});
}

json Minimal() {
  return {{"csirt", "cert.example.org"}, {"description", "Phishing site"}, {"tlp", "AMBER"}};
}

TEST(NewIncidentTest, MinimalFormRendersAsValidIodefV2) {
  auto model = Build(Minimal());
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ(model->incident_id().id(), "console-0001");
  EXPECT_EQ(model->incident_id().name(), "cert.example.org");
  EXPECT_EQ(model->purpose(), v1::PURPOSE_REPORTING);
  EXPECT_EQ(model->generation_time().seconds(), 1'800'000'000);
  auto rendered = iodef::RenderXml({*model});
  ASSERT_TRUE(rendered) << rendered.error().message;
  EXPECT_TRUE(rendered->omitted.empty());
  const auto decoded = iodef::Decode(rendered->document, iodef::Policy::kStrict);
  ASSERT_TRUE(decoded.ok()) << decoded.error->message;
  ASSERT_EQ(decoded.incidents.size(), 1u);
  EXPECT_EQ(decoded.incidents[0].descriptions(0).text(), "Phishing site");
}

TEST(NewIncidentTest, FullFormKeepsEveryIndicatorTheAssessmentAndTheConstituent) {
  json form = Minimal();
  form["tlp"] = "AMBER+STRICT";
  form["severity"] = "high";
  form["confidence"] = "medium";
  form["detect_time_ms"] = 1'799'999'000'000;
  form["indicator_role"] = "target";
  form["constituent_name"] = "Example Bank";
  form["constituent_email"] = "soc@bank.example";
  form["indicators"] = {"192.0.2.1", "2001:db8::1", "198.51.100.0/24", "bank.example.net",
                        "https://bank.example.net/login", "phish@bank.example.net",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"};
  auto model = Build(form);
  ASSERT_TRUE(model) << model.error().message;
  auto rendered = iodef::RenderXml({*model});
  ASSERT_TRUE(rendered) << rendered.error().message;
  EXPECT_TRUE(rendered->omitted.empty()) << rendered->omitted.front();
  const auto decoded = iodef::Decode(rendered->document, iodef::Policy::kStrict);
  ASSERT_TRUE(decoded.ok()) << decoded.error->message << "\n" << rendered->document;
  const v1::Incident& back = decoded.incidents[0];
  std::set<std::string> values;
  for (const auto& n : back.normalized_indicators()) values.insert(n.value());
  for (const char* v : {"192.0.2.1", "198.51.100.0/24", "bank.example.net",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}) {
    EXPECT_TRUE(values.contains(v)) << v;
  }
  EXPECT_EQ(values.size(), 7u);
  ASSERT_EQ(back.assessments_size(), 1);
  EXPECT_EQ(back.assessments(0).impacts(0).system().severity(), v1::SEVERITY_HIGH);
  EXPECT_EQ(back.restriction().ext(), "amber+strict");
  EXPECT_EQ(back.detect_time().seconds(), 1'799'999'000);
  bool constituent = false;
  for (const auto& c : back.contacts()) {
    constituent = constituent || (c.role() == v1::CONTACT_ROLE_VICTIM &&
                                  c.emails(0).address() == "soc@bank.example");
  }
  EXPECT_TRUE(constituent);
}

TEST(NewIncidentTest, EveryTlpRoundTripsThroughItsRestriction) {
  for (const char* tlp : {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"}) {
    json form = Minimal();
    form["tlp"] = tlp;
    auto model = Build(form);
    ASSERT_TRUE(model) << tlp;
    EXPECT_NE(model->restriction().value(), v1::RESTRICTION_UNSPECIFIED) << tlp;
  }
}

TEST(NewIncidentTest, BadFormsAreRefusedNamingTheMember) {
  const struct {
    const char* what;
    json patch;
    const char* member;
  } cases[] = {
      {"no description", {{"description", ""}}, "description"},
      {"no csirt", {{"csirt", nullptr}}, "csirt"},
      {"unknown tlp", {{"tlp", "PURPLE"}}, "tlp"},
      {"tlp not a string", {{"tlp", 3}}, "tlp"},
      {"unknown purpose", {{"purpose", "revenge"}}, "purpose"},
      {"unknown severity", {{"severity", "apocalyptic"}}, "severity"},
      {"bad confidence", {{"severity", "low"}, {"confidence", "sure"}}, "confidence"},
      {"future detection", {{"detect_time_ms", 1'900'000'000'000}}, "detect_time_ms"},
      {"detection not a number", {{"detect_time_ms", "yesterday"}}, "detect_time_ms"},
      {"indicators not a list", {{"indicators", "192.0.2.1"}}, "indicators"},
      {"indicator not text", {{"indicators", {1}}}, "indicators[0]"},
      {"unrecognised indicator", {{"indicators", {"192.0.2.1", "not an indicator"}}},
       "indicators[1]"},
      {"bad constituent e-mail", {{"constituent_name", "X"}, {"constituent_email", "nope"}},
       "constituent_email"},
      {"e-mail without a name", {{"constituent_email", "a@b.example"}}, "constituent_name"},
      {"description too long", {{"description", std::string(kMaxDescriptionBytes + 1, 'x')}},
       "description"},
  };
  for (const auto& c : cases) {
    json form = Minimal();
    form.merge_patch(c.patch);
    if (c.patch.contains("csirt") && c.patch["csirt"].is_null()) form.erase("csirt");
    auto model = Build(form);
    ASSERT_FALSE(model) << c.what;
    EXPECT_EQ(model.error().kind, common::ErrorKind::kBadRequest) << c.what;
    EXPECT_EQ(model.error().where, c.member) << c.what << ": " << model.error().message;
  }
  EXPECT_FALSE(Build(json::array()));
}

TEST(NewIncidentTest, IndicatorsAreClassifiedByShape) {
  const struct {
    const char* text;
    const char* kind;
  } cases[] = {{"192.0.2.1", "ipv4-addr"},      {"2001:db8::1", "ipv6-addr"},
               {"198.51.100.0/24", "ipv4-net"}, {"2001:db8::/32", "ipv6-net"},
               {"example.net", "domain"},       {"https://example.net/a", "url"},
               {"a@example.net", "e-mail"},     {"d41d8cd98f00b204e9800998ecf8427e", "hash"},
               {"hello", ""},                   {"", ""},
               {"999.1.1.1/99", ""}};
  for (const auto& c : cases) EXPECT_EQ(IndicatorKind(c.text), c.kind) << c.text;
}

}  // namespace
}  // namespace ncirt::triage::console
