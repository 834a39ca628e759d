#include "iodef/json_render_classes.hpp"

#include <string>

#include <gtest/gtest.h>

#include "iodef/codec.hpp"
#include "iodef/json_data_model.hpp"
#include "iodef/json_formats.hpp"

namespace ncirt::iodef {
namespace {

v1::Incident MinimalIncident() {
  v1::Incident incident;
  incident.mutable_incident_id()->set_id("492382");
  incident.mutable_incident_id()->set_name("csirt.example.com");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1437228000);
  v1::Contact& contact = *incident.add_contacts();
  contact.set_role(v1::CONTACT_ROLE_CREATOR);
  contact.set_type(v1::CONTACT_TYPE_ORGANIZATION);
  contact.add_emails()->set_address("contact@csirt.example.com");
  return incident;
}

TEST(RenderJsonTest, WritesAnRfc8727DocumentThatPassesTheStrictCheck) {
  const auto rendered = RenderJson({MinimalIncident()});
  ASSERT_TRUE(rendered) << rendered.error().message;
  const Json document = Json::parse(rendered->document);
  EXPECT_EQ(document["version"], "2.0");
  EXPECT_EQ(document["Incident"][0]["GenerationTime"], "2015-07-18T14:00:00Z");
  EXPECT_EQ(document["Incident"][0]["Contact"][0]["Email"][0]["EmailTo"],
            "contact@csirt.example.com");
  EXPECT_TRUE(CheckIodefJson(document).empty());
  EXPECT_TRUE(rendered->omitted.empty());
}

TEST(RenderJsonTest, RefusesIncidentsWithoutWhatRfc8727CannotDoWithout) {
  struct Case {
    const char* what;
    void (*spoil)(v1::Incident&);
  };
  const Case cases[] = {
      {"IncidentID", [](v1::Incident& i) { i.mutable_incident_id()->clear_name(); }},
      {"GenerationTime", [](v1::Incident& i) { i.clear_generation_time(); }},
      {"purpose", [](v1::Incident& i) { i.set_purpose(v1::PURPOSE_UNSPECIFIED); }},
      {"Contact", [](v1::Incident& i) { i.mutable_contacts(0)->clear_role(); }},
  };
  for (const Case& c : cases) {
    v1::Incident incident = MinimalIncident();
    c.spoil(incident);
    const auto rendered = RenderJson({MinimalIncident(), incident});
    ASSERT_FALSE(rendered) << c.what;
    EXPECT_EQ(rendered.error().kind, common::ErrorKind::kUnmappable);
    EXPECT_NE(rendered.error().message.find("Incident[1]"), std::string::npos);
    EXPECT_NE(rendered.error().message.find(c.what), std::string::npos)
        << rendered.error().message;
  }
  EXPECT_FALSE(RenderJson({}));
}

TEST(RenderJsonTest, NamesWhatItLeavesOut) {
  v1::Incident incident = MinimalIncident();
  incident.add_assessments()->set_occurrence("actual");  // no impact
  v1::Confidence& confidence =
      *incident.add_related_activities()->mutable_confidence();  // no value
  confidence.set_rating(v1::CONFIDENCE_RATING_HIGH);
  const auto rendered = RenderJson({incident});
  ASSERT_TRUE(rendered);
  ASSERT_EQ(rendered->omitted.size(), 2u);
  EXPECT_NE(rendered->omitted[0].find("Incident[0]/RelatedActivity[0]/Confidence"),
            std::string::npos);
  EXPECT_EQ(rendered->omitted[1],
            "Incident[0]/Assessment[0]: an Assessment needs at least one impact in RFC 8727; "
            "left out");
  EXPECT_TRUE(CheckIodefJson(Json::parse(rendered->document)).empty());
}

TEST(JsonRenderClassesTest, KeepsAddressesWhenANodeAlsoHasDomainData) {
  JsonRenderContext ctx;
  v1::System system;
  system.mutable_node()->add_addresses()->set_value("192.0.2.1");
  system.mutable_node()->add_domain_data()->set_name("a.example");
  const auto written = WriteSystem(ctx, system, "S");
  ASSERT_TRUE(written);
  EXPECT_TRUE((*written)["Node"].contains("Address"));
  EXPECT_FALSE((*written)["Node"].contains("DomainData"));
  EXPECT_EQ((*written)["Node"]["Address"][0]["category"], "ipv6-addr");  // the default, written
  ASSERT_EQ(ctx.omitted().size(), 1u);
  EXPECT_FALSE(WriteSystem(ctx, v1::System(), "T"));
}

TEST(JsonRenderClassesTest, GivesDomainDataTheStatusesRfc8727Requires) {
  JsonRenderContext ctx;
  v1::DomainData domain;
  domain.set_name("a.example");
  const Json written = WriteDomainData(ctx, domain, "D");
  EXPECT_EQ(written["system-status"], "unknown");
  EXPECT_EQ(written["domain-status"], "unknown");
}

TEST(JsonRenderClassesTest, WritesHashesAsTheWorkingGroupsConverterDoes) {
  JsonRenderContext ctx;
  v1::Observable observable;
  v1::Hash& hash = *observable.mutable_file_data()->add_hashes();
  hash.set_algorithm("http://www.w3.org/2000/09/xmldsig#sha1");
  hash.set_value_hex("0123456789abcdef0123456789abcdef01234567");
  hash.set_scope("file-contents");
  v1::Hash& wrong = *observable.mutable_file_data()->add_hashes();
  wrong = hash;
  wrong.set_value_hex("5c");  // one byte is no sha1 digest
  const Json written = WriteObservable(ctx, observable, "O");
  const Json& hashes = written["FileData"]["File"][0]["HashData"]["Hash"];
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_EQ(*DecodeBase64Lenient(hashes[0]["DigestMethod"].get<std::string>()),
            "<DigestMethod xmlns=\"http://www.w3.org/2000/09/xmldsig#\" "
            "Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/>");
  EXPECT_EQ(ToHex(*DecodeBase64Lenient(hashes[0]["DigestValue"].get<std::string>())),
            hash.value_hex());
  ASSERT_EQ(ctx.omitted().size(), 1u);
  EXPECT_NE(ctx.omitted()[0].find("is not a http://www.w3.org/2000/09/xmldsig#sha1 digest"),
            std::string::npos);
}

TEST(JsonRenderClassesTest, LeavesOutIndicatorsWithoutContent) {
  JsonRenderContext ctx;
  v1::IodefIndicator indicator;
  indicator.mutable_id()->set_id("i1");
  EXPECT_FALSE(WriteIndicator(ctx, indicator, "N"));
  indicator.set_uid_ref("o1");
  const auto written = WriteIndicator(ctx, indicator, "N");
  ASSERT_TRUE(written);
  EXPECT_EQ((*written)["uid-ref"], "o1");
  EXPECT_EQ((*written)["IndicatorID"]["version"], "");
}

TEST(JsonRenderClassesTest, WritesAnIodefV1ImpactAsASystemImpact) {
  JsonRenderContext ctx;
  v1::Assessment assessment;
  v1::SystemImpact& impact = *assessment.add_impacts()->mutable_v1_impact();
  impact.set_type("recon");  // an RFC 5070 type, outside RFC 8727's list
  impact.set_severity(v1::SEVERITY_LOW);
  const auto written = WriteAssessment(ctx, assessment, "A");
  ASSERT_TRUE(written);
  const Json& system = (*written)["Impact"][0]["SystemImpact"];
  EXPECT_EQ(system["type"], "ext-value");
  EXPECT_EQ(system["ext-type"], "recon");
  EXPECT_EQ(system["severity"], "low");
}

}  // namespace
}  // namespace ncirt::iodef
