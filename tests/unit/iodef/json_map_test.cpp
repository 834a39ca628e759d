#include "iodef/json_map.hpp"

#include <string>

#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

using nlohmann::json;

common::Result<JsonMapped> Map(const std::string& incident_members,
                               const std::string& document_members = R"("version": "2.0")") {
  const std::string text = "{" + document_members + R"(, "Incident": [{
      "purpose": "reporting",
      "IncidentID": {"id": "1", "name": "csirt.example"},
      "GenerationTime": "2015-07-18T09:00:00-05:00",
      "Contact": [{"role": "creator", "type": "organization"}])" +
                           (incident_members.empty() ? "" : ", " + incident_members) + "}]}";
  return MapJson(json::parse(text));
}

bool HasWarning(const JsonMapped& mapped, const std::string& pointer, const std::string& part) {
  for (const v1::ValidationIssue& issue : mapped.issues) {
    if (issue.schema_path() == pointer && issue.message().find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(JsonMapTest, MapsTheIncidentsHeader) {
  auto mapped = Map(R"("status": "in-progress", "restriction": "amber", "observable-id": "i-1",
                      "AlternativeID": {"IncidentID": [{"id": "a", "name": "other.example",
                                                        "instance": "x"}]},
                      "DetectTime": "2015-07-18T08:00:00Z", "ReportTime": "2015-07-18T08:30:00Z",
                      "Description": ["plain", {"value": "texte", "lang": "fr",
                                                "translation-id": "t1"}],
                      "AdditionalData": [{"dtype": "string", "value": "v", "meaning": "m",
                                          "formatid": "f", "name": "n"}])",
                    R"("version": "2.0", "lang": "de")");
  ASSERT_TRUE(mapped) << mapped.error().message;
  ASSERT_EQ(mapped->incidents.size(), 1u);
  const v1::Incident& incident = mapped->incidents[0];
  EXPECT_EQ(incident.lang(), "de");
  EXPECT_EQ(incident.status(), v1::INCIDENT_STATUS_IN_PROGRESS);
  EXPECT_EQ(incident.restriction().value(), v1::RESTRICTION_AMBER);
  EXPECT_EQ(incident.observable_id(), "i-1");
  EXPECT_EQ(incident.alternative_ids(0).instance(), "x");
  EXPECT_EQ(incident.detect_time().seconds(), 1437206400);
  EXPECT_EQ(incident.report_time().seconds(), 1437208200);
  EXPECT_EQ(incident.descriptions(0).text(), "plain");
  EXPECT_EQ(incident.descriptions(1).lang(), "fr");
  EXPECT_EQ(incident.descriptions(1).translation_id(), "t1");
  EXPECT_EQ(incident.additional_data(0).format_id(), "f");
  EXPECT_EQ(incident.additional_data(0).meaning(), "m");
  EXPECT_TRUE(mapped->issues.empty());
}

TEST(JsonMapTest, MapsEventDataSystemsAndServices) {
  auto mapped = Map(R"("EventData": [{
      "Description": ["scan"],
      "System": [{"category": "source", "spoofed": "no", "ownership": "customer",
                  "Node": {"Address": [{"value": "192.0.2.1", "category": "ipv4-addr",
                                        "vlan-num": 7}],
                           "Location": ["Tokyo"]},
                  "NodeRole": [{"category": "www"}],
                  "Service": [{"ip-protocol": 6, "Port": 80, "Portlist": "80,443",
                               "ServiceName": {"IANAService": "http",
                                               "URL": ["http://a.example/"]}}],
                  "AssetID": ["A1"]},
                 {"Node": {"DomainData": [{"system-status": "spoofed",
                                           "domain-status": "assignedAndActive",
                                           "Name": "evil.example",
                                           "NameServers": [{"Server": "ns.example",
                                               "Address": [{"value": "198.51.100.1",
                                                            "category": "ipv4-addr"}]}]}]}}],
      "Expectation": [{"action": "block-host", "severity": "high"}],
      "EventData": [{"Description": ["nested"]}]}])");
  ASSERT_TRUE(mapped) << mapped.error().message;
  const v1::EventData& event = mapped->incidents[0].event_data(0);
  ASSERT_EQ(event.systems_size(), 2);
  const v1::System& source = event.systems(0);
  EXPECT_EQ(source.category(), v1::SYSTEM_CATEGORY_SOURCE);
  EXPECT_EQ(source.spoofed(), "no");
  EXPECT_EQ(source.ownership(), "customer");
  EXPECT_EQ(source.node().addresses(0).vlan_num(), 7);
  EXPECT_EQ(source.node().locations(0).text(), "Tokyo");
  EXPECT_EQ(source.node_roles(0).category(), "www");
  EXPECT_EQ(source.services(0).ip_protocol(), 6);
  EXPECT_EQ(source.services(0).port(), 80);
  EXPECT_EQ(source.services(0).port_list(), "80,443");
  EXPECT_EQ(source.services(0).iana_service(), "http");
  EXPECT_EQ(source.asset_ids(0), "A1");
  const v1::DomainData& domain = event.systems(1).node().domain_data(0);
  EXPECT_EQ(domain.name(), "evil.example");
  EXPECT_EQ(domain.nameservers(0), "ns.example");
  EXPECT_EQ(domain.nameserver_records(0).addresses(0).value(), "198.51.100.1");
  EXPECT_EQ(event.expectations(0).severity(), v1::SEVERITY_HIGH);
  EXPECT_EQ(event.event_data(0).descriptions(0).text(), "nested");
}

TEST(JsonMapTest, MapsIndicatorsWithTheirObservables) {
  auto mapped = Map(R"("Indicator": [
      {"IndicatorID": {"id": "i1", "name": "n", "version": "1"},
       "AlternativeIndicatorID": [{"IndicatorID": [{"id": "i1b", "name": "m", "version": "2"}]}],
       "Observable": {"FileData": {"File": [
           {"FileName": "a.exe", "FileSize": 10,
            "HashData": {"scope": "file-contents", "Hash": [{
              "DigestMethod": "PERpZ2VzdE1ldGhvZCB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC8wOS94bWxkc2lnIyIgQWxnb3JpdGhtPSJodHRwOi8vd3d3LnczLm9yZy8yMDAxLzA0L3htbGVuYyNzaGEyNTYiLz4=",
              "DigestValue": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}]}},
           {"FileName": "b.exe"}]}}},
      {"IndicatorID": {"id": "i2", "name": "n", "version": "1"}, "uid-ref": "i1"},
      {"IndicatorID": {"id": "i3", "name": "n", "version": "1"},
       "IndicatorExpression": {"operator": "or", "uid-ref": ["o1"],
                               "IndicatorReference": [{"euid-ref": "x", "version": "3"}],
                               "Observable": [{"BulkObservable": {"type": "ipv4-addr",
                                   "BulkObservableList": "192.0.2.1\n192.0.2.2\n"}}]}}])");
  ASSERT_TRUE(mapped) << mapped.error().message;
  const v1::Incident& incident = mapped->incidents[0];
  const v1::FileObservable& file = incident.indicators(0).observable().file_data();
  EXPECT_EQ(incident.indicators(0).alternative_ids(0).id(), "i1b");
  EXPECT_EQ(file.file_names_size(), 2);
  EXPECT_EQ(file.file_size(), 10);
  ASSERT_EQ(file.hashes_size(), 1);
  EXPECT_EQ(file.hashes(0).algorithm(), "http://www.w3.org/2001/04/xmlenc#sha256");
  EXPECT_EQ(file.hashes(0).value_hex(),
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  EXPECT_EQ(file.hashes(0).scope(), "file-contents");
  EXPECT_EQ(incident.indicators(1).uid_ref(), "i1");
  const v1::IndicatorExpression& expression = incident.indicators(2).expression();
  EXPECT_EQ(expression.operator_(), "or");
  EXPECT_EQ(expression.observable_references(0), "o1");
  EXPECT_EQ(expression.indicator_references(0).name(), "x");  // euid-ref
  EXPECT_EQ(expression.observables(0).bulk_observable().values_size(), 2);
}

TEST(JsonMapTest, MapsAssessmentsRelatedActivityAndHistory) {
  auto mapped = Map(R"("Assessment": [{"occurrence": "actual", "Impact": [
        {"SystemImpact": {"type": "takeover-system", "severity": "high",
                          "completion": "succeeded"}},
        {"TimeImpact": {"value": 2.5, "metric": "downtime", "duration": "hour"}},
        {"MonetaryImpact": {"value": 100, "currency": "EUR"}},
        {"IntendedImpact": {"type": "extortion"}}],
        "Counter": [{"value": 3, "type": "count", "unit": "host"}],
        "Confidence": {"value": 0.5, "rating": "numeric"}}],
      "RelatedActivity": [{"ThreatActor": [{"ThreatActorID": ["TA-1", "TA-2"]}],
                           "Description": ["plain only"]}],
      "History": {"HistoryItem": [{"action": "investigate",
                                   "DateTime": "2015-07-18T10:00:00Z"}]})");
  ASSERT_TRUE(mapped) << mapped.error().message;
  const v1::Incident& incident = mapped->incidents[0];
  const v1::Assessment& assessment = incident.assessments(0);
  ASSERT_EQ(assessment.impacts_size(), 4);
  EXPECT_EQ(assessment.impacts(0).system().completion(), "succeeded");
  EXPECT_EQ(assessment.impacts(1).time().value(), 2.5);
  EXPECT_EQ(assessment.impacts(2).monetary().currency(), "EUR");
  EXPECT_EQ(assessment.impacts(3).intended().type(), "extortion");
  // RFC 8727 spells Counter@type "count"; the model holds the XSD's "counter".
  EXPECT_EQ(assessment.counters(0).type(), "counter");
  EXPECT_EQ(assessment.confidence().value(), 0.5);
  EXPECT_EQ(incident.related_activities(0).threat_actors(0).id(), "TA-1");
  EXPECT_TRUE(HasWarning(*mapped, "/Incident/0/RelatedActivity/0/ThreatActor/0/ThreatActorID/1",
                         "the model keeps one ThreatActorID"));
  EXPECT_EQ(incident.history(0).action(), "investigate");
}

TEST(JsonMapTest, KeepsUnregisteredTokensAsExtValueAndSaysSo) {
  auto mapped = Map(R"("EventData": [{"System": [{"category": "watchlist",
                        "Node": {"Address": [{"value": "x", "category": "fqdn"}]}}]}])");
  ASSERT_TRUE(mapped);
  const v1::System& system = mapped->incidents[0].event_data(0).systems(0);
  EXPECT_EQ(system.category(), v1::SYSTEM_CATEGORY_WATCHLIST);
  const v1::Address& address = system.node().addresses(0);
  EXPECT_EQ(address.category(), v1::ADDRESS_CATEGORY_EXT_VALUE);
  EXPECT_EQ(address.ext_category(), "fqdn");
  EXPECT_TRUE(HasWarning(*mapped, "/Incident/0/EventData/0/System/0/Node/Address/0/category",
                         "kept as ext-value"));
}

TEST(JsonMapTest, DefaultsAnAddressCategoryAsRfc8727Does) {
  auto mapped = Map(R"("EventData": [{"System": [{"Node": {"Address": [{"value": "::1"}]}}]}])");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->incidents[0].event_data(0).systems(0).node().addresses(0).category(),
            v1::ADDRESS_CATEGORY_IPV6_ADDR);
}

TEST(JsonMapTest, ReadsExtValueNamingARegisteredTokenAsThatToken) {
  auto mapped = Map(R"("History": {"HistoryItem": [{"action": "ext-value",
                        "ext-action": "investigate", "DateTime": "2015-07-18T10:00:00Z"}]})");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->incidents[0].history(0).action(), "investigate");
  EXPECT_EQ(mapped->incidents[0].history(0).ext_action(), "");
}

TEST(JsonMapTest, RefusesADocumentThatIsNotIodef) {
  auto mapped = MapJson(json::parse(R"({"version": "2.0"})"));
  ASSERT_FALSE(mapped);
  EXPECT_EQ(mapped.error().kind, common::ErrorKind::kInvalidDocument);
}

TEST(JsonMapTest, NamesThePointerOfWhatTheModelLacks) {
  auto mapped = MapJson(json::parse(
      R"({"Incident": [{"IncidentID": {"id": "1", "name": "n"},
                        "GenerationTime": "2015-07-18T09:00:00Z"},
                       {"IncidentID": {"id": "2"}}]})"));
  ASSERT_FALSE(mapped);
  EXPECT_EQ(mapped.error().kind, common::ErrorKind::kUnmappable);
  EXPECT_EQ(mapped.error().where, "/Incident/1/IncidentID");
  EXPECT_FALSE(MapJson(json::parse(R"({"Incident": []})")));
}

TEST(JsonMapTest, TakesALoneIncidentObjectAsOne) {
  auto mapped = MapJson(json::parse(
      R"({"Incident": {"IncidentID": {"id": "1", "name": "n"},
                       "GenerationTime": "2015-07-18T09:00:00Z"}})"));
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->incidents.size(), 1u);
}

}  // namespace
}  // namespace ncirt::iodef
