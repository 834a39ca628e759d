// RenderXml() on models built in code: what a partner receives is valid against the official
// iodef-2.0.xsd whatever the model holds, and what could not be written is named.
#include "iodef/render_xml_prepare.hpp"

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "iodef/codec.hpp"
#include "iodef/map_xml.hpp"
#include "iodef/schema_validator.hpp"
#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

DocPtr Parse(const std::string& xml) {
  return DocPtr(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "out.xml", nullptr,
                              XML_PARSE_NONET),
                &xmlFreeDoc);
}

// The official schema from the shared corpus, compiled by libxml2 directly with the corpus's
// catalog for its imports (no network).
std::string SchemaViolations(xmlDoc& doc) {
  static xmlSchema* schema = [] {
    const std::string dir = (testing::SharedIodefDir() / "schema").string();
    xmlLoadCatalog((dir + "/catalog.xml").c_str());
    xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
    xmlSchemaParserCtxt* parser = xmlSchemaNewParserCtxt((dir + "/iodef-2.0.xsd").c_str());
    xmlSchema* compiled = xmlSchemaParse(parser);
    xmlSchemaFreeParserCtxt(parser);
    return compiled;
  }();
  if (schema == nullptr) return "iodef-2.0.xsd does not compile";
  std::string out;
  xmlSchemaValidCtxt* ctxt = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidStructuredErrors(
      ctxt,
      [](void* sink, xmlErrorPtr error) {
        *static_cast<std::string*>(sink) += "line " + std::to_string(error->line) + ": " +
                                            error->message;
      },
      &out);
  if (xmlSchemaValidateDoc(ctxt, &doc) != 0 && out.empty()) out = "invalid";
  xmlSchemaFreeValidCtxt(ctxt);
  return out;
}

google::protobuf::Timestamp At(const char* text) {
  google::protobuf::Timestamp t;
  EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString(text, &t));
  return t;
}

v1::Incident Minimal(const std::string& id = "492382") {
  v1::Incident incident;
  incident.mutable_incident_id()->set_id(id);
  incident.mutable_incident_id()->set_name("csirt.example.com");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  *incident.mutable_generation_time() = At("2015-07-18T14:00:00Z");
  v1::Contact* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  contact->add_emails()->set_address("contact@csirt.example.com");
  return incident;
}

// Renders, checks the result against the official schema and the ext-value rule, and maps it
// back.
struct Outcome {
  Rendered rendered;
  std::vector<v1::Incident> mapped;
};

Outcome RenderValidMapBack(const std::vector<v1::Incident>& incidents) {
  Outcome outcome;
  common::Result<Rendered> rendered = RenderXml(incidents);
  EXPECT_TRUE(rendered.has_value()) << rendered.error().ToString();
  if (!rendered) return outcome;
  outcome.rendered = *rendered;
  DocPtr doc = Parse(rendered->document);
  EXPECT_NE(doc, nullptr) << rendered->document;
  if (doc == nullptr) return outcome;
  EXPECT_EQ(SchemaViolations(*doc), "") << rendered->document;
  EXPECT_TRUE(detail::CheckExtAttributes(*doc).empty()) << rendered->document;
  common::Result<Mapped> mapped = MapXml(*doc, v1::SOURCE_FORMAT_IODEF_V2_XML);
  EXPECT_TRUE(mapped.has_value()) << mapped.error().ToString();
  if (mapped) outcome.mapped = mapped->incidents;
  return outcome;
}

bool Mentions(const std::vector<std::string>& omitted, const std::string& text) {
  for (const std::string& line : omitted) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(RenderXmlTest, MinimalIncidentIsAValidDocumentWithVersionAndLanguage) {
  const Outcome out = RenderValidMapBack({Minimal()});
  EXPECT_THAT(out.rendered.document, HasSubstr("version=\"2.00\""));
  EXPECT_THAT(out.rendered.document, HasSubstr("xml:lang=\"en\""));
  EXPECT_TRUE(out.rendered.omitted.empty());
  ASSERT_EQ(out.mapped.size(), 1u);
  EXPECT_EQ(out.mapped[0].incident_id().id(), "492382");
  EXPECT_EQ(out.mapped[0].contacts(0).emails(0).address(), "contact@csirt.example.com");
}

TEST(RenderXmlTest, EveryIncidentIsWrittenInOrderAndTheFirstOnesLanguageIsTheDocuments) {
  v1::Incident first = Minimal("1");
  first.set_lang("de");
  v1::Incident second = Minimal("2");
  const Outcome out = RenderValidMapBack({first, second});
  EXPECT_THAT(out.rendered.document, HasSubstr("<iodef:IODEF-Document"));
  ASSERT_EQ(out.mapped.size(), 2u);
  EXPECT_EQ(out.mapped[0].incident_id().id(), "1");
  EXPECT_EQ(out.mapped[1].incident_id().id(), "2");
  EXPECT_EQ(out.mapped[1].lang(), "de");
}

TEST(RenderXmlTest, UnregisteredValuesTravelAsExtValue) {
  v1::Incident incident = Minimal();
  incident.set_purpose(v1::PURPOSE_EXT_VALUE);
  incident.set_ext_purpose("hunting");
  incident.mutable_restriction()->set_value(v1::RESTRICTION_EXT_VALUE);
  incident.mutable_restriction()->set_ext("amber+strict");
  v1::System* system = incident.add_event_data()->add_systems();
  system->set_category(v1::SYSTEM_CATEGORY_WATCHLIST);
  v1::Address* address = system->mutable_node()->add_addresses();
  address->set_value("192.0.2.1");
  address->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
  system->add_node_roles()->set_category("honeynet");  // not in noderole-category-type
  v1::Counter* counter = system->add_counters();
  counter->set_type("peak");  // RFC 7970's text; the XSD says "rate"
  counter->set_unit("packet");
  counter->set_value(12.5);

  const Outcome out = RenderValidMapBack({incident});
  EXPECT_THAT(out.rendered.document, HasSubstr("purpose=\"ext-value\" ext-purpose=\"hunting\""));
  EXPECT_THAT(out.rendered.document,
              HasSubstr("restriction=\"ext-value\" ext-restriction=\"amber+strict\""));
  EXPECT_THAT(out.rendered.document,
              HasSubstr("category=\"ext-value\" ext-category=\"watchlist\""));
  EXPECT_THAT(out.rendered.document,
              HasSubstr("category=\"ext-value\" ext-category=\"honeynet\""));
  EXPECT_THAT(out.rendered.document, HasSubstr("type=\"rate\""));
  ASSERT_EQ(out.mapped.size(), 1u);
  const v1::System& back = out.mapped[0].event_data(0).systems(0);
  EXPECT_EQ(back.category(), v1::SYSTEM_CATEGORY_WATCHLIST);
  EXPECT_EQ(back.node_roles(0).category(), "ext-value");
  EXPECT_EQ(back.node_roles(0).ext_category(), "honeynet");
  EXPECT_EQ(out.mapped[0].ext_purpose(), "hunting");
}

TEST(RenderXmlTest, V1ImpactsBecomeSystemImpactsWithTheirV1TypeAsExtValue) {
  v1::Incident incident = Minimal();
  v1::Assessment* assessment = incident.add_assessments();
  v1::SystemImpact* dos = assessment->add_impacts()->mutable_v1_impact();
  dos->set_severity(v1::SEVERITY_HIGH);
  dos->set_completion("succeeded");
  dos->set_type("dos");
  dos->add_descriptions()->set_text("flooded");
  v1::SystemImpact* policy = assessment->add_impacts()->mutable_v1_impact();
  policy->set_type("policy");  // registered in v2 too

  const Outcome out = RenderValidMapBack({incident});
  EXPECT_THAT(out.rendered.document,
              HasSubstr("<iodef:SystemImpact severity=\"high\" completion=\"succeeded\" "
                        "type=\"ext-value\" ext-type=\"dos\">"));
  EXPECT_THAT(out.rendered.document, HasSubstr("<iodef:SystemImpact type=\"policy\"/>"));
  ASSERT_EQ(out.mapped.size(), 1u);
  const v1::Impact& back = out.mapped[0].assessments(0).impacts(0);
  ASSERT_TRUE(back.has_system());
  EXPECT_EQ(back.system().ext_type(), "dos");
  EXPECT_EQ(back.system().descriptions(0).text(), "flooded");
}

TEST(RenderXmlTest, DomainDataWithoutStatusesSaysUnknownAndV1NodeNamesBecomeDomainData) {
  v1::Incident incident = Minimal();
  v1::Node* node = incident.add_event_data()->add_systems()->mutable_node();
  node->add_domain_data()->set_name("bad.example.com");
  node->add_node_names("irc.example.com");

  const Outcome out = RenderValidMapBack({incident});
  ASSERT_EQ(out.mapped.size(), 1u);
  const v1::Node& back = out.mapped[0].event_data(0).systems(0).node();
  ASSERT_EQ(back.domain_data_size(), 2);
  EXPECT_EQ(back.domain_data(0).system_status(), "unknown");
  EXPECT_EQ(back.domain_data(0).domain_status(), "unknown");
  EXPECT_EQ(back.domain_data(1).name(), "irc.example.com");
  EXPECT_TRUE(out.rendered.omitted.empty());
}

TEST(RenderXmlTest, WhatTheSchemaCannotHoldIsLeftOutAndNamed) {
  v1::Incident incident = Minimal();
  incident.add_assessments()->add_incident_categories()->set_text("no impact at all");
  v1::Assessment* rated = incident.add_assessments();
  rated->add_impacts()->mutable_system()->set_type("unknown");
  rated->mutable_confidence()->set_rating(v1::CONFIDENCE_RATING_NUMERIC);
  rated->mutable_confidence()->set_value(0.8);
  incident.add_contacts()->set_role(v1::CONTACT_ROLE_TECH);  // no type
  incident.add_related_activities()->add_threat_actors()->set_id("TA-1");  // no URL
  v1::IodefIndicator* indicator = incident.add_indicators();
  indicator->mutable_id()->set_id("G1");
  indicator->mutable_id()->set_name("csirt.example.com");
  indicator->mutable_id()->set_version("1");
  indicator->mutable_observable()->mutable_bulk_observable()->set_type("fqdn");
  v1::System* first = incident.add_event_data()->add_systems();
  first->set_observable_id("sys-1");
  v1::System* second = incident.mutable_event_data(0)->add_systems();
  second->set_observable_id("sys-1");  // an xs:ID may be used once
  second->add_descriptions()->set_text("bell\x07here");
  second->mutable_descriptions(0)->set_lang("not a tag");

  const Outcome out = RenderValidMapBack({incident});
  const std::vector<std::string>& omitted = out.rendered.omitted;
  EXPECT_TRUE(Mentions(omitted, "Incident[0]/Assessment[0]: no impact")) << omitted.size();
  EXPECT_TRUE(Mentions(omitted, "Incident[0]/Assessment[1]/Confidence: numeric value 0.8"));
  EXPECT_TRUE(Mentions(omitted, "Incident[0]/Contact[1]: Contact without type"));
  EXPECT_TRUE(Mentions(omitted, "RelatedActivity[0]/ThreatActor[0]: ThreatActor without URL"));
  EXPECT_TRUE(Mentions(omitted, "BulkObservable/@type: 'fqdn'"));
  EXPECT_TRUE(Mentions(omitted, "'sys-1' is already an id in this document"));
  EXPECT_TRUE(Mentions(omitted, "characters XML cannot carry removed"));
  EXPECT_TRUE(Mentions(omitted, "'not a tag' is not a language tag"));
  for (const std::string& line : omitted) {
    EXPECT_THAT(line, HasSubstr("; kept only in the source document"));
  }
  ASSERT_EQ(out.mapped.size(), 1u);
  EXPECT_EQ(out.mapped[0].assessments_size(), 1);
  EXPECT_EQ(out.mapped[0].contacts_size(), 1);
  EXPECT_EQ(out.mapped[0].indicators_size(), 0);
  EXPECT_EQ(out.mapped[0].event_data(0).systems(1).descriptions(0).text(), "bellhere");
}

TEST(RenderXmlTest, TextAndAttributesAreEscapedAndXmlContentIsKeptAsXml) {
  v1::Incident incident = Minimal();
  incident.add_descriptions()->set_text("a < b && \"c\" > 'd'");
  incident.mutable_incident_id()->set_instance("x\"y<z");
  v1::ExtensionData* data = incident.add_additional_data();
  data->set_dtype("xml");
  data->set_value("<jid xmlns=\"urn:xmpp:jid:0\">stpeter@jabber.org</jid>");
  v1::ExtensionData* text = incident.add_additional_data();
  text->set_dtype("string");
  text->set_value("<not>xml</not>");

  const Outcome out = RenderValidMapBack({incident});
  EXPECT_THAT(out.rendered.document,
              HasSubstr("<iodef:AdditionalData dtype=\"xml\"><jid xmlns=\"urn:xmpp:jid:0\">"));
  ASSERT_EQ(out.mapped.size(), 1u);
  EXPECT_EQ(out.mapped[0].descriptions(0).text(), "a < b && \"c\" > 'd'");
  EXPECT_EQ(out.mapped[0].incident_id().instance(), "x\"y<z");
  EXPECT_EQ(out.mapped[0].additional_data(0).value(), data->value());
  EXPECT_EQ(out.mapped[0].additional_data(1).value(), "<not>xml</not>");
}

// Found by fuzz_iodef_xml: a tolerated v1 document's AdditionalData in namespace
// "urn:|mpp:incident:2" was rendered, and libxml2's schema validation refused the output.
TEST(RenderXmlTest, XmlContentInANamespaceWithABarIsLeftOutAndNamed) {
  v1::Incident incident = Minimal();
  v1::ExtensionData* bad = incident.add_additional_data();
  bad->set_dtype("xml");
  bad->set_value("<a xmlns=\"urn:x\"><jid xmlns=\"urn:|mpp:incident:2\">s@j.org</jid></a>");
  v1::ExtensionData* good = incident.add_additional_data();
  good->set_dtype("xml");
  good->set_value("<jid xmlns=\"urn:xmpp:jid:0\">stpeter@jabber.org</jid>");

  const Outcome out = RenderValidMapBack({incident});
  EXPECT_THAT(out.rendered.document, ::testing::Not(HasSubstr("urn:|mpp")));
  ASSERT_EQ(out.rendered.omitted.size(), 1u);
  EXPECT_THAT(out.rendered.omitted[0], HasSubstr("AdditionalData[0]"));
  EXPECT_THAT(out.rendered.omitted[0], HasSubstr("'urn:|mpp:incident:2'"));
  ASSERT_EQ(out.mapped.size(), 1u);
  ASSERT_EQ(out.mapped[0].additional_data_size(), 1);
  EXPECT_EQ(out.mapped[0].additional_data(0).value(), good->value());
}

TEST(RenderXmlTest, ModelFromTheFacadeRendersWithoutTheFieldsOnlyTheFacadeSets) {
  v1::Incident incident = Minimal();
  incident.set_id("5f0c1e8a-2b4d-4c57-9a1e-0b7a6b0f9e11");
  incident.set_tlp(v1::TLP_AMBER);
  incident.mutable_source()->set_content("<IODEF-Document/>");
  incident.add_warnings()->set_message("tolerated");
  const Outcome out = RenderValidMapBack({incident});
  EXPECT_THAT(out.rendered.document, ::testing::Not(HasSubstr("5f0c1e8a")));
  ASSERT_EQ(out.mapped.size(), 1u);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(out.mapped[0],
                                                                 [&] {
                                                                   v1::Incident expected =
                                                                       Minimal();
                                                                   expected.set_lang("en");
                                                                   return expected;
                                                                 }()));
}

struct Refusal {
  const char* label;
  void (*change)(v1::Incident&);
  const char* message;
};

class RenderXmlRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(RenderXmlRefusalTest, FailsUnmappableNamingTheIncidentAndWhatIsMissing) {
  v1::Incident incident = Minimal();
  GetParam().change(incident);
  const common::Result<Rendered> rendered = RenderXml({Minimal("ok"), incident});
  ASSERT_FALSE(rendered.has_value());
  EXPECT_EQ(rendered.error().kind, common::ErrorKind::kUnmappable);
  EXPECT_THAT(rendered.error().message, HasSubstr("Incident[1]"));
  EXPECT_THAT(rendered.error().message, HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RenderXmlRefusalTest,
    ::testing::Values(
        Refusal{"NoIncidentIdName", [](v1::Incident& i) { i.mutable_incident_id()->clear_name(); },
                "IncidentID needs both its text and a name"},
        Refusal{"NoPurpose", [](v1::Incident& i) { i.clear_purpose(); }, "it has no purpose"},
        Refusal{"ExtValuePurposeWithoutExt",
                [](v1::Incident& i) { i.set_purpose(v1::PURPOSE_EXT_VALUE); },
                "its purpose is ext-value without ext-purpose"},
        Refusal{"NoGenerationTime", [](v1::Incident& i) { i.clear_generation_time(); },
                "it has no GenerationTime"},
        Refusal{"NoContactWithRoleAndType",
                [](v1::Incident& i) { i.mutable_contacts(0)->clear_type(); },
                "no Contact with both a role and a type"}),
    [](const ::testing::TestParamInfo<Refusal>& p) { return std::string(p.param.label); });

TEST(RenderXmlTest, NoIncidentsIsRefused) {
  const common::Result<Rendered> rendered = RenderXml({});
  ASSERT_FALSE(rendered.has_value());
  EXPECT_EQ(rendered.error().kind, common::ErrorKind::kUnmappable);
}

TEST(PrepareForXmlTest, PreparingAPreparedModelChangesNothing) {
  v1::Incident incident = Minimal();
  incident.add_assessments()->add_impacts()->mutable_v1_impact()->set_type("recon");
  incident.add_event_data()->add_systems()->mutable_node()->add_node_names("a.example");
  const common::Result<PreparedDocument> once = PrepareForXml({incident});
  ASSERT_TRUE(once.has_value());
  const common::Result<PreparedDocument> twice = PrepareForXml(once->incidents);
  ASSERT_TRUE(twice.has_value());
  EXPECT_TRUE(twice->omitted.empty());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(once->incidents[0],
                                                                 twice->incidents[0]));
}

}  // namespace
}  // namespace ncirt::iodef
