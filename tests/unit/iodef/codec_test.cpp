#include "iodef/codec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

std::string Corpus(const std::string& relative) {
  return testing::ReadFile(testing::SharedIodefDir() / "docs" / relative);
}

std::string Hostile(const std::string& name) {
  return testing::ReadFile(testing::TestDataDir() / "hostile" / name);
}

// Everything a caller of Decode() could show or store, as one string.
std::string EverythingSaid(const Decoded& decoded) {
  std::string all;
  if (decoded.error) all += decoded.error->ToString() + "\n";
  for (const auto& issue : decoded.report.issues) all += issue.DebugString();
  for (const auto& incident : decoded.incidents) all += incident.DebugString();
  return all;
}

constexpr std::string_view kIncident = R"(
  <Incident purpose="reporting">
    <IncidentID name="csirt.example.com">%ID%</IncidentID>
    <GenerationTime>2015-07-18T09:00:00-05:00</GenerationTime>%EXTRA%
    <Contact type="organization" role="creator">
      <Email><EmailTo>contact@csirt.example.com</EmailTo></Email>
    </Contact>
  </Incident>)";

std::string Incident(const std::string& id, const std::string& extra = "") {
  std::string text(kIncident);
  text.replace(text.find("%ID%"), 4, id);
  text.replace(text.find("%EXTRA%"), 7, extra);
  return text;
}

std::string V2Document(const std::string& incidents, const std::string& root_extra = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<IODEF-Document version="2.00" xml:lang="en" xmlns="urn:ietf:params:xml:ns:iodef-2.0")" +
         root_extra + ">" + incidents + "\n</IODEF-Document>\n";
}

// --- Accepted documents --------------------------------------------------------------------------

TEST(CodecTest, StrictAcceptsValidV2DocumentWithItsVerbatimSource) {
  const std::string bytes = Corpus("v2/rfc7970-s7.1-minimal.xml");
  const Decoded decoded = Decode(bytes, Policy::kStrict);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  EXPECT_TRUE(decoded.report.accepted);
  EXPECT_EQ(decoded.report.format, v1::SOURCE_FORMAT_IODEF_V2_XML);
  EXPECT_THAT(decoded.report.issues, IsEmpty());
  ASSERT_THAT(decoded.incidents, SizeIs(1));
  const v1::Incident& incident = decoded.incidents[0];
  EXPECT_EQ(incident.incident_id().name(), "csirt.example.com");
  EXPECT_EQ(incident.incident_id().id(), "492382");
  EXPECT_EQ(incident.source().format(), v1::SOURCE_FORMAT_IODEF_V2_XML);
  EXPECT_EQ(incident.source().content(), bytes);
  // sha256sum of the corpus file.
  EXPECT_EQ(incident.source().sha256(),
            "1b59d87337cd5f2e201ed61d686abceaf67a5a963f082a2af41f2a17ecde38c1");
  EXPECT_EQ(incident.source().incident_index(), 0u);
  EXPECT_THAT(incident.warnings(), IsEmpty());
  EXPECT_THAT(incident.normalized_indicators(), IsEmpty());
}

TEST(CodecTest, DecodedIncidentsCarryTheirNormalisedIndicators) {
  // RFC 5070 s7.1: a worm with a source host and a target network.
  const Decoded decoded = Decode(Corpus("v1/rfc5070-s7.1-worm.xml"), Policy::kStrict);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  ASSERT_THAT(decoded.incidents, SizeIs(1));
  std::vector<std::string> values;
  for (const auto& n : decoded.incidents[0].normalized_indicators()) {
    values.push_back(n.role() + " " + n.value());
  }
  EXPECT_THAT(values, ::testing::IsSupersetOf({"source 192.0.2.200", "target 192.0.2.16/28"}));
}

TEST(CodecTest, NumbersEveryIncidentOfAMultiIncidentV1Document) {
  const std::string bytes = Corpus("v1/iodeflib-example-multi-incident.xml");
  const Decoded decoded = Decode(bytes, Policy::kStrict);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  EXPECT_EQ(decoded.report.format, v1::SOURCE_FORMAT_IODEF_V1_XML);
  ASSERT_THAT(decoded.incidents, SizeIs(4));
  for (std::size_t i = 0; i < decoded.incidents.size(); ++i) {
    EXPECT_EQ(decoded.incidents[i].source().incident_index(), i);
    EXPECT_EQ(decoded.incidents[i].source().format(), v1::SOURCE_FORMAT_IODEF_V1_XML);
    EXPECT_EQ(decoded.incidents[i].source().content(), bytes);
  }
  EXPECT_EQ(decoded.incidents[0].source().sha256(), decoded.incidents[3].source().sha256());
}

TEST(CodecTest, AcceptsUtf16DocumentWithByteOrderMark) {
  const Decoded decoded = Decode(Hostile("utf16-bom-valid.xml"), Policy::kStrict);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  ASSERT_THAT(decoded.incidents, SizeIs(1));
  EXPECT_EQ(decoded.incidents[0].incident_id().name(), "csirt.example.de");
  ASSERT_THAT(decoded.incidents[0].descriptions(), SizeIs(1));
  EXPECT_THAT(decoded.incidents[0].descriptions(0).text(), HasSubstr("Stra\xC3\x9F" "en"));
}

TEST(CodecTest, AcceptsBareV1IncidentUnderTolerantPolicy) {
  const Decoded decoded = Decode(Corpus("v1/xep0268-report-incident.xml"), Policy::kTolerant);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  EXPECT_EQ(decoded.report.format, v1::SOURCE_FORMAT_IODEF_V1_XML);
  ASSERT_THAT(decoded.incidents, SizeIs(1));
  EXPECT_THAT(decoded.incidents[0].warnings(), Not(IsEmpty()));
}

// The fuzz_iodef_xml finding of 2026-11-21: this corpus document with one namespace mutated to a
// non-URI was tolerated, and RenderXml's output then failed strict Decode.
TEST(CodecTest, TolerantDocumentWithANonUriNamespaceRendersAsStrictlyValidV2) {
  std::string document = Corpus("v1/xep0268-report-incident.xml");
  const std::string from = "urn:xmpp:incident:2";
  ASSERT_NE(document.find(from), std::string::npos);
  document.replace(document.find(from), from.size(), "urn:|mpp:incident:2");
  const Decoded decoded = Decode(document, Policy::kTolerant);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  const common::Result<Rendered> rendered = RenderXml(decoded.incidents);
  ASSERT_TRUE(rendered.has_value()) << rendered.error().message;
  const Decoded again = Decode(rendered->document, Policy::kStrict);
  EXPECT_TRUE(again.ok()) << again.error->ToString() << "\n" << rendered->document;
  EXPECT_THAT(rendered->omitted, ::testing::Contains(HasSubstr("urn:|mpp:incident:2")));
}

// --- Policies ------------------------------------------------------------------------------------

TEST(CodecTest, StrictRejectsSchemaViolationNamingTheFirstAndListingAll) {
  const Decoded decoded = Decode(Corpus("v2/rfc7970-s7.2-campaign-indicators.xml"),
                                 Policy::kStrict);
  ASSERT_FALSE(decoded.ok());
  EXPECT_FALSE(decoded.report.accepted);
  EXPECT_THAT(decoded.incidents, IsEmpty());
  EXPECT_EQ(decoded.error->kind, ErrorKind::kSchemaViolation);
  EXPECT_EQ(decoded.error->message,
            "Element 'Description' is not allowed here; expected ThreatActorID, URL.");
  EXPECT_EQ(decoded.error->where,
            "line 16, /IODEF-Document/Incident/RelatedActivity/ThreatActor/Description");
  ASSERT_THAT(decoded.report.issues, SizeIs(2));
  for (const auto& issue : decoded.report.issues) {
    EXPECT_EQ(issue.level(), v1::ValidationIssue::LEVEL_ERROR);
  }
  EXPECT_EQ(decoded.report.format, v1::SOURCE_FORMAT_IODEF_V2_XML);
}

TEST(CodecTest, TolerantAcceptsTheSameDocumentKeepingViolationsAsWarnings) {
  const Decoded decoded = Decode(Corpus("v2/rfc7970-s7.2-campaign-indicators.xml"),
                                 Policy::kTolerant);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  EXPECT_TRUE(decoded.report.accepted);
  ASSERT_THAT(decoded.report.issues, Not(IsEmpty()));
  for (const auto& issue : decoded.report.issues) {
    EXPECT_EQ(issue.level(), v1::ValidationIssue::LEVEL_WARNING) << issue.message();
  }
  ASSERT_THAT(decoded.incidents, SizeIs(1));
  const auto& warnings = decoded.incidents[0].warnings();
  ASSERT_GE(warnings.size(), 2);
  EXPECT_EQ(warnings[0].line(), 16u);
  EXPECT_EQ(warnings[0].level(), v1::ValidationIssue::LEVEL_WARNING);
  EXPECT_EQ(warnings[0].message(),
            "Element 'Description' is not allowed here; expected ThreatActorID, URL.");
}

TEST(CodecTest, StrictRejectsExtValueRuleViolationsTheSchemaAccepts) {
  for (const std::string name :
       {"synth-v2-ext-attr-without-ext-value.xml", "synth-v2-ext-value-without-ext-attr.xml"}) {
    const Decoded decoded = Decode(Corpus("invalid/" + name), Policy::kStrict);
    ASSERT_FALSE(decoded.ok()) << name;
    EXPECT_EQ(decoded.error->kind, ErrorKind::kSchemaViolation) << name;
    EXPECT_THAT(decoded.error->message, HasSubstr("RFC 7970 section 5.1.1")) << name;
    EXPECT_EQ(decoded.error->where, "line 10, /IODEF-Document/Incident") << name;
  }
}

TEST(CodecTest, AttachesEachWarningToTheIncidentItLiesIn) {
  const std::string bad_time = "\n    <DetectTime>not a time</DetectTime>";
  // A DetectTime that is not a dateTime: one violation, in the second incident only.
  std::string second = Incident("2");
  second.insert(second.find("\n    <GenerationTime>"), bad_time);
  const Decoded decoded =
      Decode(V2Document(Incident("1") + second + Incident("3")), Policy::kTolerant);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  ASSERT_THAT(decoded.incidents, SizeIs(3));
  EXPECT_THAT(decoded.incidents[0].warnings(), IsEmpty());
  ASSERT_THAT(decoded.incidents[1].warnings(), Not(IsEmpty()));
  EXPECT_EQ(decoded.incidents[1].warnings(0).schema_path(), "/IODEF-Document/Incident/DetectTime");
  EXPECT_THAT(decoded.incidents[2].warnings(), IsEmpty());
}

TEST(CodecTest, AttachesDocumentLevelWarningsToEveryIncident) {
  const Decoded decoded =
      Decode(V2Document(Incident("1") + Incident("2"), R"( lang="en")"), Policy::kTolerant);
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  ASSERT_THAT(decoded.incidents, SizeIs(2));
  for (const auto& incident : decoded.incidents) {
    ASSERT_THAT(incident.warnings(), SizeIs(1));
    EXPECT_EQ(incident.warnings(0).schema_path(), "/IODEF-Document");
    EXPECT_EQ(incident.warnings(0).message(),
              "Element 'IODEF-Document': attribute 'lang' is not allowed here.");
  }
}

TEST(CodecTest, TolerantRejectsWhatTheModelCannotHoldAsUnmappable) {
  std::string document = V2Document(Incident("1"));
  document.replace(document.find(R"(<IncidentID name="csirt.example.com">)"), 37, "<IncidentID>");
  const Decoded decoded = Decode(document, Policy::kTolerant);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error->kind, ErrorKind::kUnmappable);
  EXPECT_THAT(decoded.incidents, IsEmpty());
  ASSERT_THAT(decoded.report.issues, Not(IsEmpty()));
  // The tolerated schema violation, then the mapping failure that rejected the document.
  EXPECT_EQ(decoded.report.issues.front().level(), v1::ValidationIssue::LEVEL_WARNING);
  EXPECT_THAT(decoded.report.issues.front().message(), HasSubstr("'name'"));
  EXPECT_EQ(decoded.report.issues.back().level(), v1::ValidationIssue::LEVEL_ERROR);
  EXPECT_EQ(decoded.report.issues.back().message(), decoded.error->message);
  EXPECT_EQ(decoded.report.issues.back().line(), 4u);
}

// --- Rejected before validation ------------------------------------------------------------------

TEST(CodecTest, RejectsNotWellFormedDocumentWithItsPosition) {
  const Decoded decoded = Decode(Corpus("invalid/synth-v2-mismatched-end-tag.xml"),
                                 Policy::kTolerant);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error->kind, ErrorKind::kInvalidDocument);
  ASSERT_THAT(decoded.report.issues, SizeIs(1));
  EXPECT_EQ(decoded.report.issues[0].level(), v1::ValidationIssue::LEVEL_ERROR);
  EXPECT_EQ(decoded.report.issues[0].line(), 12u);
  EXPECT_GT(decoded.report.issues[0].column(), 0u);
  EXPECT_THAT(decoded.report.issues[0].message(), StartsWith("end tag 'GenerationTim'"));
}

TEST(CodecTest, RejectsDocumentOutsideIodefNamespacesEvenWhenTolerant) {
  const Decoded decoded = Decode(Hostile("wrong-namespace.xml"), Policy::kTolerant);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error->kind, ErrorKind::kInvalidDocument);
  EXPECT_THAT(decoded.error->message,
              StartsWith("not an IODEF document: root element "
                         "{urn:example:not-iodef}IODEF-Document"));
  ASSERT_THAT(decoded.report.issues, SizeIs(1));
  EXPECT_EQ(decoded.report.issues[0].line(), 2u);
}

TEST(CodecTest, RejectsHostileDocumentsWithoutLeakingFiles) {
  std::string host;
  if (std::filesystem::exists("/etc/hostname")) {
    host = testing::ReadFile("/etc/hostname");
    while (!host.empty() && (host.back() == '\n' || host.back() == ' ')) host.pop_back();
  }
  for (const std::string name : {"billion-laughs.xml", "xxe-local-file.xml",
                                 "external-dtd-http.xml", "parameter-entities.xml"}) {
    for (const Policy policy : {Policy::kStrict, Policy::kTolerant}) {
      const Decoded decoded = Decode(Hostile(name), policy);
      ASSERT_FALSE(decoded.ok()) << name;
      EXPECT_EQ(decoded.error->kind, ErrorKind::kInvalidDocument) << name;
      EXPECT_EQ(decoded.error->message,
                "document type declarations are not allowed in incident reports")
          << name;
      if (!host.empty()) {
        EXPECT_THAT(EverythingSaid(decoded), Not(HasSubstr(host))) << name;
      }
    }
  }
}

TEST(CodecTest, RejectsDocumentOverTheSizeLimitBeforeLookingAtIt) {
  Limits limits;
  limits.max_document_bytes = 100;
  for (const std::string& document : {Corpus("v2/rfc7970-s7.1-minimal.xml"),
                                     Corpus("json/rfc8727-d14-s4.1-minimal.json")}) {
    const Decoded decoded = Decode(document, Policy::kTolerant, limits);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error->kind, ErrorKind::kTooLarge);
    EXPECT_EQ(decoded.error->message, "the document is " + std::to_string(document.size()) +
                                          " bytes long; the limit is 100 bytes");
    EXPECT_THAT(decoded.report.issues, SizeIs(1));
  }
}

TEST(CodecTest, PassesLimitsToTheParser) {
  Limits limits;
  limits.max_depth = 3;
  const Decoded decoded = Decode(Corpus("v2/rfc7970-s7.1-minimal.xml"), Policy::kTolerant, limits);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error->kind, ErrorKind::kTooLarge);
  EXPECT_THAT(decoded.error->message, HasSubstr("nested more than 3 levels"));
}

// --- XML or JSON ---------------------------------------------------------------------------------

TEST(CodecTest, SendsJsonToTheJsonBindingAfterBomAndBlanks) {
  const std::string json = Corpus("json/rfc8727-d14-s4.1-minimal.json");
  for (const std::string& prefix : {std::string(), std::string("\xEF\xBB\xBF"),
                                   std::string(" \r\n\t")}) {
    const Decoded decoded = Decode(prefix + json, Policy::kTolerant);
    EXPECT_EQ(decoded.report.format, v1::SOURCE_FORMAT_IODEF_V2_JSON)
        << (decoded.error ? decoded.error->ToString() : "accepted");
  }
}

TEST(CodecTest, TreatsAnythingElseAsXml) {
  const Decoded decoded = Decode("  \n<IODEF-Document", Policy::kTolerant);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error->kind, ErrorKind::kInvalidDocument);
  const Decoded empty = Decode("", Policy::kTolerant);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error->kind, ErrorKind::kInvalidDocument);
}

}  // namespace
}  // namespace ncirt::iodef
