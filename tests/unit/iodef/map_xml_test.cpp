#include "iodef/map_xml.hpp"

#include <libxml/parser.h>

#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/util/time_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "iodef/enums.hpp"
#include "iodef/map_values.hpp"
#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

// Plain libxml2 with the network off; the codec's own parser is tested on its own.
DocPtr Parse(const std::string& xml) {
  return DocPtr(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "doc.xml", nullptr,
                              XML_PARSE_NONET),
                &xmlFreeDoc);
}

v1::SourceFormat FormatOf(const xmlDoc& doc) {
  const xmlNode* root = xmlDocGetRootElement(&doc);
  const std::string ns = root->ns != nullptr ? reinterpret_cast<const char*>(root->ns->href) : "";
  return ns == "urn:ietf:params:xml:ns:iodef-1.0" ? v1::SOURCE_FORMAT_IODEF_V1_XML
                                                  : v1::SOURCE_FORMAT_IODEF_V2_XML;
}

common::Result<Mapped> MapText(const std::string& xml) {
  DocPtr doc = Parse(xml);
  if (doc == nullptr) ADD_FAILURE() << "test document is not well-formed";
  return MapXml(*doc, FormatOf(*doc));
}

common::Result<Mapped> MapCorpus(const std::string& relative) {
  return MapText(testing::ReadFile(testing::SharedIodefDir() / "docs" / relative));
}

std::string Time(const google::protobuf::Timestamp& t) {
  return google::protobuf::util::TimeUtil::ToString(t);
}

// --- what an analyst reads, summarised --------------------------------------------------------

std::string Restriction(const v1::RestrictionValue& r) {
  return r.value() == v1::RESTRICTION_EXT_VALUE ? r.ext() : std::string(Token(r.value()));
}

std::vector<std::string> ContactLines(const google::protobuf::RepeatedPtrField<v1::Contact>& all,
                                      const std::string& indent = "") {
  std::vector<std::string> out;
  for (const v1::Contact& c : all) {
    std::string line = indent + std::string(Token(c.role())) + "/" + std::string(Token(c.type()));
    if (!c.ext_role().empty()) line += " ext-role=" + c.ext_role();
    if (c.has_restriction()) line += " [" + Restriction(c.restriction()) + "]";
    for (const v1::LocalizedText& name : c.names()) line += " '" + name.text() + "'";
    for (const v1::Email& email : c.emails()) line += " " + email.address();
    for (const v1::Telephone& phone : c.telephones()) line += " tel:" + phone.number();
    for (const v1::RegistryHandle& h : c.registry_handles()) {
      line += " " + h.registry() + ":" + h.handle();
    }
    out.push_back(line);
    for (const std::string& nested : ContactLines(c.contacts(), indent + "  ")) {
      out.push_back(nested);
    }
  }
  return out;
}

std::string AddressText(const v1::Address& a) {
  const std::string category = a.category() == v1::ADDRESS_CATEGORY_EXT_VALUE
                                   ? "ext:" + a.ext_category()
                                   : std::string(Token(a.category()));
  return category + " " + a.value();
}

void SystemLines(const v1::EventData& event, std::vector<std::string>& out) {
  for (const v1::System& s : event.systems()) {
    std::string line(Token(s.category()));
    for (const std::string& name : s.node().node_names()) line += " name:" + name;
    for (const v1::Address& a : s.node().addresses()) line += " " + AddressText(a);
    for (const v1::Service& service : s.services()) {
      line += " proto:" + std::to_string(service.ip_protocol());
      if (service.has_port()) line += " port:" + std::to_string(service.port());
      if (!service.port_list().empty()) line += " ports:" + service.port_list();
    }
    for (const v1::Counter& c : s.counters()) {
      line += " counter:" + c.type() + "/" + c.unit() + "/" + c.duration() + "=" +
              WriteDouble(c.value());
    }
    for (const v1::Counter& c : s.node().counters()) {
      line += " node-counter:" + c.type() + "/" + c.unit() + "=" + WriteDouble(c.value());
    }
    out.push_back(line);
  }
  for (const v1::EventData& nested : event.event_data()) SystemLines(nested, out);
}

std::vector<std::string> Systems(const v1::Incident& incident) {
  std::vector<std::string> out;
  for (const v1::EventData& event : incident.event_data()) SystemLines(event, out);
  return out;
}

std::vector<std::string> Impacts(const v1::Incident& incident) {
  std::vector<std::string> out;
  for (const v1::Assessment& assessment : incident.assessments()) {
    for (const v1::Impact& impact : assessment.impacts()) {
      switch (impact.kind_case()) {
        case v1::Impact::kSystem:
        case v1::Impact::kV1Impact: {
          const v1::SystemImpact& s =
              impact.has_system() ? impact.system() : impact.v1_impact();
          out.push_back(std::string(impact.has_system() ? "system" : "v1") + ":" +
                        std::string(Token(s.severity())) + ":" + s.completion() + ":" + s.type() +
                        (s.ext_type().empty() ? "" : "=" + s.ext_type()));
          break;
        }
        case v1::Impact::kBusiness:
          out.push_back("business:" + impact.business().severity() + ":" +
                        impact.business().type());
          break;
        default:
          out.push_back("other");
      }
    }
    if (assessment.has_confidence()) {
      out.push_back("confidence:" + std::string(Token(assessment.confidence().rating())));
    }
  }
  return out;
}

std::vector<std::string> History(const v1::Incident& incident) {
  std::vector<std::string> out;
  for (const v1::HistoryItem& item : incident.history()) {
    out.push_back(item.action() + (item.ext_action().empty() ? "" : "=" + item.ext_action()) +
                  " " + Time(item.date_time()));
  }
  return out;
}

struct CorpusCase {
  const char* file;
  std::size_t incident;
  const char* id;
  v1::Purpose purpose;
  const char* restriction;
  const char* generation_time;
  const char* lang;
  std::vector<std::string> contacts;
  std::vector<std::string> systems;
  std::vector<std::string> impacts;
  std::vector<std::string> history;
};

class MapCorpusTest : public ::testing::TestWithParam<CorpusCase> {};

TEST_P(MapCorpusTest, MapsWhatAnAnalystReads) {
  const CorpusCase& c = GetParam();
  const common::Result<Mapped> mapped = MapCorpus(c.file);
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  ASSERT_GT(mapped->incidents.size(), c.incident);
  const v1::Incident& incident = mapped->incidents[c.incident];
  EXPECT_EQ(incident.incident_id().id(), c.id);
  EXPECT_EQ(incident.incident_id().name(), "csirt.example.com");
  EXPECT_EQ(incident.purpose(), c.purpose);
  EXPECT_EQ(Restriction(incident.restriction()), c.restriction);
  EXPECT_EQ(Time(incident.generation_time()), c.generation_time);
  EXPECT_EQ(incident.lang(), c.lang);
  EXPECT_THAT(ContactLines(incident.contacts()), ElementsAreArray(c.contacts));
  EXPECT_THAT(Systems(incident), ElementsAreArray(c.systems));
  EXPECT_THAT(Impacts(incident), ElementsAreArray(c.impacts));
  EXPECT_THAT(History(incident), ElementsAreArray(c.history));
}

INSTANTIATE_TEST_SUITE_P(
    Rfc, MapCorpusTest,
    ::testing::Values(
        CorpusCase{"v2/rfc7970-s7.1-minimal.xml", 0, "492382", v1::PURPOSE_REPORTING, "private",
                   "2015-07-18T14:00:00Z", "en",
                   {"creator/organization contact@csirt.example.com"}, {}, {}, {}},
        CorpusCase{"v2/rfc7970-s7.2-campaign-indicators.xml", 0, "897923", v1::PURPOSE_WATCH,
                   "green", "2015-10-02T16:18:00Z", "en",
                   {"creator/organization 'CSIRT for example.com' contact@csirt.example.com"},
                   {},
                   {"business::breach-proprietary"},
                   {}},
        CorpusCase{"v2/rfc8274-draft-ddos.xml", 0, "189701", v1::PURPOSE_REPORTING, "default",
                   "2013-02-05T01:15:45Z", "",
                   {"creator/organization 'Dummy Test' contact@dummytest.com"},
                   {"source ipv4-addr 192.0.2.104 proto:6 port:1337",
                    "source ipv4-addr 192.0.2.106 proto:6 port:1337",
                    "source ipv4-net 198.51.100.0/24 proto:6 port:1337",
                    "source ipv6-addr 2001:db8:dead:beef::1 proto:6 port:1337",
                    "target ipv4-addr 203.0.113.1 proto:6 port:80", "sensor"},
                   {"system:medium::availability-system", "confidence:high"},
                   {}},
        CorpusCase{"v1/rfc5070-s7.1-worm.xml", 0, "189493", v1::PURPOSE_REPORTING, "",
                   "2001-09-13T23:19:24Z", "en",
                   {"creator/organization 'Example.com CSIRT' contact@csirt.example.com "
                    "arin:example-com"},
                   {"source ipv4-addr 192.0.2.200 node-counter:counter/event=57",
                    "target ipv4-net 192.0.2.16/28 proto:6 port:80"},
                   {"v1::failed:admin"},
                   {"contact-source-site 2001-09-14T08:19:01Z"}},
        CorpusCase{"v1/rfc5070-s7.2-reconnaissance.xml", 0, "59334", v1::PURPOSE_REPORTING, "",
                   "2006-08-02T10:54:02Z", "en",
                   {"creator/organization 'CSIRT for example.com' contact@csirt.example.com "
                    "tel:+1 412 555 12345",
                    "  tech/person [need-to-know] 'Joe Smith' smith@csirt.example.com"},
                   {"source ipv4-addr 192.0.2.200 proto:6 ports:60524,60526,60527,60531",
                    "target ipv4-addr 192.0.2.201 proto:6 ports:137-139,445",
                    "source ipv4-addr 192.0.2.240",
                    "target ipv4-net 192.0.2.64/28 proto:6 port:445"},
                   {"v1::succeeded:recon"},
                   {}},
        CorpusCase{"v1/rfc5070-s7.3-botnet.xml", 0, "908711", v1::PURPOSE_MITIGATION, "",
                   "2006-06-08T10:44:53Z", "en",
                   {"irt/person 'Joe Smith' jsmith@csirt.example.com"},
                   {"source ipv4-addr 192.0.2.1 counter:rate/byte/second=10000",
                    "source ipv4-addr 192.0.2.3 counter:rate/byte/second=250000",
                    "intermediate name:irc.example.com ipv4-addr 192.0.2.20"},
                   {"v1:high:succeeded:dos"},
                   {}},
        CorpusCase{"v1/rfc5070-s7.4-watch-list.xml", 0, "908711", v1::PURPOSE_REPORTING,
                   "private", "2006-08-01T05:00:00Z", "en",
                   {"creator/organization 'CSIRT for example.com' contact@csirt.example.com"},
                   {"source ipv4-addr 192.0.2.53", "source ipv4-net 192.0.2.16/28",
                    "source ipv4-addr 192.0.2.241"},
                   {"v1::succeeded:admin", "v1::succeeded:recon"},
                   {}}),
    [](const ::testing::TestParamInfo<CorpusCase>& p) { return testing::TestNameFor(p.param.file); });

// --- documents as a whole -----------------------------------------------------------------------

TEST(MapXmlTest, V1MultiIncidentDocumentGivesEveryIncidentInOrder) {
  const common::Result<Mapped> mapped = MapCorpus("v1/iodeflib-example-multi-incident.xml");
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  std::vector<std::string> ids;
  for (const v1::Incident& incident : mapped->incidents) ids.push_back(incident.incident_id().id());
  EXPECT_THAT(ids, ElementsAre("189493", "59334", "908711", "908711"));
  EXPECT_EQ(mapped->incidents[3].restriction().value(), v1::RESTRICTION_PRIVATE);
}

TEST(MapXmlTest, BareV1IncidentRootMapsAsOneIncident) {
  const common::Result<Mapped> mapped = MapCorpus("v1/xep0268-report-incident.xml");
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  ASSERT_EQ(mapped->incidents.size(), 1u);
  const v1::Incident& incident = mapped->incidents[0];
  EXPECT_EQ(incident.incident_id().id(), "4BF5D2CE-7C90-4860-BEF2-43A7D777D5FF");
  EXPECT_EQ(incident.incident_id().name(), "jabber.org");
  EXPECT_EQ(Time(incident.generation_time()), "2009-04-13T19:31:07Z");
  EXPECT_EQ(incident.related_activities(0).incident_ids(0).name(), "im.example.com");
  // The XMPP addresses the writer marked category='ext-category' ext-category='xmpp'.
  EXPECT_THAT(Systems(incident),
              ElementsAre("source ext:xmpp abuser@clueless.lit ext:xmpp luser27@clueless.lit "
                          "node-counter:counter/ext-value=123 "
                          "node-counter:counter/ext-value=47",
                          "target ext:xmpp jdev@conference.jabber.org "
                          "ext:xmpp jabber@conference.jabber.org"));
  EXPECT_EQ(incident.contacts(0).additional_data(0).value(),
            "<jid xmlns=\"urn:xmpp:incident:2\">stpeter@jabber.org</jid>");
  bool merged_nodes_reported = false;
  for (const v1::ValidationIssue& issue : mapped->issues) {
    if (issue.message().find("content is merged") != std::string::npos) {
      merged_nodes_reported = true;
      EXPECT_GT(issue.line(), 0u);
      EXPECT_EQ(issue.schema_path(), "/Incident/EventData/Flow/System/Node");
    }
  }
  EXPECT_TRUE(merged_nodes_reported);
}

TEST(MapXmlTest, V1WithoutReportTimeTakesTheLatestStatedTimeWithAWarning) {
  const common::Result<Mapped> mapped = MapCorpus("v1/mantis-worm-no-reporttime.xml");
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  EXPECT_EQ(Time(mapped->incidents[0].generation_time()), "2001-09-14T08:19:01Z");
  EXPECT_FALSE(mapped->incidents[0].has_report_time());
  bool warned = false;
  for (const v1::ValidationIssue& issue : mapped->issues) {
    warned |= issue.message().find("without ReportTime") != std::string::npos;
  }
  EXPECT_TRUE(warned);
}

struct UnmappableCase {
  const char* label;
  const char* file;
  const char* message;
};

class UnmappableTest : public ::testing::TestWithParam<UnmappableCase> {};

TEST_P(UnmappableTest, FailsNamingWhatTheModelLacks) {
  const common::Result<Mapped> mapped = MapCorpus(GetParam().file);
  ASSERT_FALSE(mapped.has_value());
  EXPECT_EQ(mapped.error().kind, common::ErrorKind::kUnmappable);
  EXPECT_THAT(mapped.error().message, HasSubstr(GetParam().message));
  EXPECT_THAT(mapped.error().where, HasSubstr("line "));
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, UnmappableTest,
    ::testing::Values(
        UnmappableCase{"MissingIncidentId", "invalid/synth-v2-missing-incidentid.xml",
                       "without IncidentID"},
        UnmappableCase{"BadGenerationTime", "invalid/synth-v2-bad-generationtime.xml",
                       "is not an xs:dateTime"},
        UnmappableCase{"V1WithoutAnyTime", "v1/mantis-scan-no-reporttime.xml",
                       "without ReportTime, and no other time"},
        UnmappableCase{"XepInquiryWithoutAnyTime", "v1/xep0268-inquiry-incident.xml",
                       "without ReportTime, and no other time"}),
    [](const ::testing::TestParamInfo<UnmappableCase>& p) { return std::string(p.param.label); });

// --- values --------------------------------------------------------------------------------------

std::string MinimalV2(const std::string& incident_attributes, const std::string& body,
                      const std::string& generation = "2015-07-18T09:00:00-05:00") {
  return "<?xml version='1.0'?>\n<IODEF-Document version='2.00' xml:lang='en' "
         "xmlns='urn:ietf:params:xml:ns:iodef-2.0'>\n<Incident " +
         incident_attributes +
         ">\n<IncidentID name='csirt.example.com'>1</IncidentID>\n<GenerationTime>" + generation +
         "</GenerationTime>\n" + body +
         "<Contact role='creator' type='organization'/>\n</Incident>\n</IODEF-Document>\n";
}

TEST(MapXmlTest, MalformedConfidenceIsAWarningWithLineAndPathAndLeavesTheValueUnset) {
  const common::Result<Mapped> mapped = MapText(MinimalV2(
      "purpose='reporting'",
      "<Assessment>\n<SystemImpact/>\n<Confidence rating='numeric'>about 0.8</Confidence>\n"
      "</Assessment>\n"));
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  const v1::Confidence& confidence = mapped->incidents[0].assessments(0).confidence();
  EXPECT_EQ(confidence.rating(), v1::CONFIDENCE_RATING_NUMERIC);
  EXPECT_FALSE(confidence.has_value());
  ASSERT_EQ(mapped->issues.size(), 1u);
  EXPECT_EQ(mapped->issues[0].level(), v1::ValidationIssue::LEVEL_WARNING);
  EXPECT_EQ(mapped->issues[0].line(), 8u);
  EXPECT_EQ(mapped->issues[0].schema_path(), "/IODEF-Document/Incident/Assessment/Confidence");
  EXPECT_THAT(mapped->issues[0].message(), HasSubstr("'about 0.8' is not a number"));
}

TEST(MapXmlTest, TimeWithoutTimezoneIsTakenAsUtcWithAWarning) {
  const common::Result<Mapped> mapped =
      MapText(MinimalV2("purpose='reporting'", "", "2015-07-18T09:00:00"));
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  EXPECT_EQ(Time(mapped->incidents[0].generation_time()), "2015-07-18T09:00:00Z");
  ASSERT_EQ(mapped->issues.size(), 1u);
  EXPECT_THAT(mapped->issues[0].message(), HasSubstr("no timezone; taken as UTC"));
  EXPECT_EQ(mapped->issues[0].schema_path(), "/IODEF-Document/Incident/GenerationTime");
}

TEST(MapXmlTest, UnregisteredPurposeTravelsAsExtValueWithAnIssue) {
  const common::Result<Mapped> mapped = MapCorpus("invalid/synth-v2-bad-purpose-enum.xml");
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  EXPECT_EQ(mapped->incidents[0].purpose(), v1::PURPOSE_EXT_VALUE);
  EXPECT_EQ(mapped->incidents[0].ext_purpose(), "hacking");
  ASSERT_FALSE(mapped->issues.empty());
  EXPECT_EQ(mapped->issues[0].schema_path(), "/IODEF-Document/Incident/@purpose");
}

TEST(MapXmlTest, IncidentLangOverridesTheDocumentsAndForeignElementsAreIgnored) {
  const common::Result<Mapped> mapped = MapText(MinimalV2(
      "purpose='reporting' xml:lang='de'",
      "<x:Description xmlns:x='urn:example:other'>not IODEF</x:Description>\n"
      "<Description>IODEF</Description>\n"
      "<AdditionalData dtype='xml'><x:note xmlns:x='urn:example:other'>kept</x:note>"
      "</AdditionalData>\n"));
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  const v1::Incident& incident = mapped->incidents[0];
  EXPECT_EQ(incident.lang(), "de");
  ASSERT_EQ(incident.descriptions_size(), 1);
  EXPECT_EQ(incident.descriptions(0).text(), "IODEF");
  EXPECT_EQ(incident.additional_data(0).value(),
            "<x:note xmlns:x=\"urn:example:other\">kept</x:note>");
}

TEST(MapXmlTest, HexDigestValueOfTheAlgorithmsLengthIsReadAsHex) {
  const common::Result<Mapped> mapped = MapCorpus("v2/rfc8274-draft-malware.xml");
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  std::vector<std::string> hashes;
  const auto collect = [&](const v1::Observable& o) {
    for (const v1::Hash& h : o.file_data().hashes()) hashes.push_back(h.value_hex());
  };
  for (const v1::IodefIndicator& indicator : mapped->incidents[0].indicators()) {
    for (const v1::IndicatorExpression& e : indicator.expression().expressions()) {
      for (const v1::Observable& o : e.observables()) collect(o);
    }
  }
  EXPECT_THAT(hashes,
              ElementsAre("141accec23e7e5157de60853cb1e01bc38042d08f9086040815300b7fe75c184"));
}

TEST(MapXmlTest, NotIodefRootIsAnInvalidDocument) {
  const common::Result<Mapped> mapped =
      MapText("<IODEF-Document xmlns='urn:example:not-iodef'/>");
  ASSERT_FALSE(mapped.has_value());
  EXPECT_EQ(mapped.error().kind, common::ErrorKind::kInvalidDocument);
}

}  // namespace
}  // namespace ncirt::iodef
