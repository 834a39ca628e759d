#include "iodef/schema_validator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "iodef/xml_parser.hpp"
#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

XmlDocPtr Parse(const std::string& bytes) {
  auto doc = ParseXml(bytes, Limits{});
  if (!doc) throw std::runtime_error("test document does not parse: " + doc.error().ToString());
  return std::move(*doc);
}

XmlDocPtr Corpus(const std::string& relative) {
  return Parse(testing::ReadFile(testing::SharedIodefDir() / "docs" / relative));
}

std::vector<v1::ValidationIssue> Validate(const xmlDoc& doc) {
  auto format = DetectFormat(doc);
  if (!format) throw std::runtime_error("not IODEF: " + format.error().ToString());
  return ValidateSchema(doc, *format);
}

constexpr std::string_view kMinimalV2Body = R"(
  <Incident purpose="reporting">
    <IncidentID name="csirt.example.com">1</IncidentID>
    <GenerationTime>2015-07-18T09:00:00-05:00</GenerationTime>
    <Contact type="organization" role="creator">
      <Email><EmailTo>contact@csirt.example.com</EmailTo></Email>
    </Contact>
  </Incident>)";

std::string V2(std::string_view body, std::string_view root_attributes = R"(xml:lang="en")") {
  return R"(<IODEF-Document version="2.00" )" + std::string(root_attributes) +
         R"( xmlns="urn:ietf:params:xml:ns:iodef-2.0">)" + std::string(body) +
         "\n</IODEF-Document>\n";
}

// --- Format detection --------------------------------------------------------------------------

TEST(SchemaValidatorTest, DetectsVersionFromRootNamespace) {
  EXPECT_EQ(DetectFormat(*Corpus("v2/rfc7970-s7.1-minimal.xml")),
            v1::SOURCE_FORMAT_IODEF_V2_XML);
  EXPECT_EQ(DetectFormat(*Corpus("v1/rfc5070-s7.1-worm.xml")), v1::SOURCE_FORMAT_IODEF_V1_XML);
  EXPECT_EQ(DetectFormat(*Corpus("v2/milewg-rfc7970-campaign-prefixed-variant.xml")),
            v1::SOURCE_FORMAT_IODEF_V2_XML);
}

TEST(SchemaValidatorTest, TreatsBareV1IncidentAsV1AndValidatesItAsThatElement) {
  auto doc = Corpus("v1/xep0268-inquiry-incident.xml");
  ASSERT_EQ(DetectFormat(*doc), v1::SOURCE_FORMAT_IODEF_V1_XML);
  const auto issues = ValidateSchema(*doc, v1::SOURCE_FORMAT_IODEF_V1_XML);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].schema_path(), "/Incident");
  EXPECT_THAT(issues[0].message(), HasSubstr("Element 'Incident' is missing a required child"));
}

TEST(SchemaValidatorTest, RejectsRootOutsideIodefNamespaces) {
  auto doc = Parse(testing::ReadFile(testing::TestDataDir() / "hostile" / "wrong-namespace.xml"));
  auto format = DetectFormat(*doc);
  ASSERT_FALSE(format.has_value());
  EXPECT_EQ(format.error().kind, ErrorKind::kInvalidDocument);
  EXPECT_THAT(format.error().message,
              ::testing::StartsWith(
                  "not an IODEF document: root element {urn:example:not-iodef}IODEF-Document"));
  EXPECT_EQ(format.error().where, "line 2");
}

TEST(SchemaValidatorTest, RejectsRootWithoutNamespace) {
  auto format = DetectFormat(*Parse("<IODEF-Document/>"));
  ASSERT_FALSE(format.has_value());
  EXPECT_THAT(format.error().message,
              ::testing::StartsWith("not an IODEF document: root element IODEF-Document"));
}

TEST(SchemaValidatorTest, RejectsIodefRootsThatDoNotStartADocument) {
  for (const std::string document :
       {"<Contact xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\"/>",
        "<Incident xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\"/>"}) {
    auto format = DetectFormat(*Parse(document));
    ASSERT_FALSE(format.has_value()) << document;
    EXPECT_EQ(format.error().kind, ErrorKind::kInvalidDocument);
    EXPECT_THAT(format.error().message, HasSubstr("starts with IODEF-Document"));
  }
}

// --- Schema validation -------------------------------------------------------------------------

TEST(SchemaValidatorTest, AcceptsValidDocumentsOfBothVersions) {
  EXPECT_THAT(Validate(*Corpus("v2/rfc7970-s7.1-minimal.xml")), IsEmpty());
  EXPECT_THAT(Validate(*Corpus("v2/rfc8274-draft-malware.xml")), IsEmpty());
  EXPECT_THAT(Validate(*Corpus("v1/rfc5070-s7.3-botnet.xml")), IsEmpty());
  EXPECT_THAT(Validate(*Parse(V2(kMinimalV2Body))), IsEmpty());
}

TEST(SchemaValidatorTest, ReportsEveryViolationLocatedWithPathAndPlainMessage) {
  const auto issues = Validate(*Corpus("v2/rfc7970-s7.2-campaign-indicators.xml"));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].level(), v1::ValidationIssue::LEVEL_ERROR);
  EXPECT_EQ(issues[0].line(), 16u);
  EXPECT_EQ(issues[0].column(), 0u);
  EXPECT_EQ(issues[0].schema_path(), "/IODEF-Document/Incident/RelatedActivity/ThreatActor/Description");
  EXPECT_EQ(issues[0].message(),
            "Element 'Description' is not allowed here; expected ThreatActorID, URL.");
  EXPECT_EQ(issues[1].line(), 45u);
  EXPECT_EQ(issues[1].schema_path(),
            "/IODEF-Document/Incident/IndicatorData/Indicator/Observable/BulkObservable");
  EXPECT_THAT(issues[1].message(),
              ::testing::StartsWith("Element 'BulkObservable', attribute 'type': 'fqdn' is not one "
                                    "of the allowed values 'asn', 'atm', "));
}

TEST(SchemaValidatorTest, NamesTheValueAndTypeOfABadDateTime) {
  const auto issues = Validate(*Corpus("invalid/synth-v2-bad-generationtime.xml"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line(), 12u);
  EXPECT_EQ(issues[0].schema_path(), "/IODEF-Document/Incident/GenerationTime");
  EXPECT_EQ(issues[0].message(),
            "Element 'GenerationTime': '2015-07-18 09:00' is not a valid date and time, e.g. "
            "2015-07-18T09:00:00-05:00 (xs:dateTime).");
}

TEST(SchemaValidatorTest, LocatesViolationsInsideEachIncidentOfAMultiIncidentDocument) {
  const std::string body = std::string(kMinimalV2Body) + R"(
  <Incident purpose="reporting">
    <IncidentID name="csirt.example.com">2</IncidentID>
    <GenerationTime>yesterday</GenerationTime>
    <Assessment>
      <SystemImpact type="unknown"/>
      <Confidence rating="high">high</Confidence>
    </Assessment>
  </Incident>)";
  const auto issues = Validate(*Parse(V2(body)));
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].line(), 11u);
  EXPECT_EQ(issues[0].schema_path(), "/IODEF-Document/Incident/GenerationTime");
  EXPECT_EQ(issues[1].line(), 14u);
  EXPECT_EQ(issues[1].schema_path(), "/IODEF-Document/Incident/Assessment/Confidence");
  EXPECT_EQ(issues[1].message(), "Element 'Confidence' must be empty, but it has text content.");
  // The second Incident has no Contact; libxml2 notices at its end, and names its start.
  EXPECT_EQ(issues[2].line(), 9u);
  EXPECT_EQ(issues[2].schema_path(), "/IODEF-Document/Incident");
  EXPECT_EQ(issues[2].message(),
            "Element 'Incident' is missing a required child element; expected Assessment, "
            "Method, Contact.");
}

TEST(SchemaValidatorTest, ValidatesV2ContentInV1NamespaceAgainstV1Schema) {
  const auto issues = Validate(*Corpus("invalid/synth-v2-content-in-v1-namespace.xml"));
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(issues[0].line(), 9u);
  EXPECT_EQ(issues[0].message(),
            "Element 'IODEF-Document', attribute 'version': the value must be '1.00', not "
            "'2.00'.");
  EXPECT_EQ(issues[2].message(),
            "Element 'IODEF-Document' is missing its required attribute 'lang'.");
}

// --- RFC 7970 §5.1.1 -----------------------------------------------------------------------------

TEST(SchemaValidatorTest, RejectsExtAttributeWithoutExtValue) {
  const auto issues = Validate(*Corpus("invalid/synth-v2-ext-attr-without-ext-value.xml"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line(), 10u);
  EXPECT_EQ(issues[0].schema_path(), "/IODEF-Document/Incident");
  EXPECT_EQ(issues[0].message(),
            "Element 'Incident': attribute 'ext-purpose' is set, but 'purpose' is 'reporting'; an "
            "ext-* attribute is allowed only when its attribute is 'ext-value' (RFC 7970 section "
            "5.1.1).");
}

TEST(SchemaValidatorTest, RejectsExtValueWithoutExtAttribute) {
  const auto issues = Validate(*Corpus("invalid/synth-v2-ext-value-without-ext-attr.xml"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line(), 10u);
  EXPECT_EQ(issues[0].message(),
            "Element 'Incident': attribute 'purpose' is 'ext-value', but 'ext-purpose' that must "
            "give the value is absent (RFC 7970 section 5.1.1).");
}

TEST(SchemaValidatorTest, AcceptsExtValueWithItsExtAttribute) {
  std::string body(kMinimalV2Body);
  body.replace(body.find(R"(purpose="reporting")"), 19,
               R"(purpose="ext-value" ext-purpose="triage")");
  EXPECT_THAT(Validate(*Parse(V2(body))), IsEmpty());
}

TEST(SchemaValidatorTest, ListsSchemaViolationsBeforeExtRuleViolations) {
  std::string body(kMinimalV2Body);
  body.replace(body.find(R"(purpose="reporting")"), 19,
               R"(purpose="reporting" ext-purpose="triage")");
  body.replace(body.find("2015-07-18T09:00:00-05:00"), 25, "soon");
  const auto issues = Validate(*Parse(V2(body)));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].schema_path(), "/IODEF-Document/Incident/GenerationTime");
  EXPECT_EQ(issues[1].schema_path(), "/IODEF-Document/Incident");
}

TEST(SchemaValidatorTest, CitesRfc5070ForV1Documents) {
  const std::string v1 = R"(<Incident purpose="ext-value" xmlns="urn:ietf:params:xml:ns:iodef-1.0">
    <IncidentID name="csirt.example.com">1</IncidentID><ReportTime>2015-07-18T09:00:00Z</ReportTime>
    <Assessment><Impact type="dos"/></Assessment></Incident>)";
  const auto issues = detail::CheckExtAttributes(*Parse(v1));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_THAT(issues[0].message(), HasSubstr("(RFC 5070 section 5.1)"));
}

// --- Messages and paths --------------------------------------------------------------------------

TEST(SchemaValidatorTest, RewritesLibxmlMessagesIntoSentences) {
  struct Case {
    std::string libxml;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"Element '{urn:ietf:params:xml:ns:iodef-2.0}Confidence': 'high' is not a valid value of "
       "the atomic type 'xs:float'.\n",
       "Element 'Confidence': 'high' is not a valid number (xs:float)."},
      {"Element '{urn:ietf:params:xml:ns:iodef-2.0}Counter': 'x' is not a valid value of the local "
       "atomic type.\n",
       "Element 'Counter': 'x' is not a valid value."},
      {"Element '{urn:ietf:params:xml:ns:iodef-1.0}Incident': Missing child element(s). Expected "
       "is ( {urn:ietf:params:xml:ns:iodef-1.0}IncidentID ).\n",
       "Element 'Incident' is missing a required child element; expected IncidentID."},
      {"Element '{urn:ietf:params:xml:ns:iodef-2.0}Foo': This element is not expected.\n",
       "Element 'Foo' is not allowed here."},
      {"Element '{urn:ietf:params:xml:ns:iodef-1.0}Description', attribute "
       "'{http://www.w3.org/XML/1998/namespace}lang': The attribute "
       "'{http://www.w3.org/XML/1998/namespace}lang' is not allowed.\n",
       "Element 'Description': attribute 'xml:lang' is not allowed here."},
      {"Element '{urn:ietf:params:xml:ns:iodef-2.0}Node', attribute 'x': [facet 'pattern'] The "
       "value 'a b' is not accepted by the pattern '[a-z]+'.\n",
       "Element 'Node', attribute 'x': 'a b' does not have the required form '[a-z]+'."},
      {"Element '{urn:ietf:params:xml:ns:iodef-2.0}Port': [facet 'maxInclusive'] The value '70000' "
       "is greater than the maximum value allowed ('65535').\n",
       "Element 'Port': The value '70000' is greater than the maximum value allowed ('65535')."},
      {"Element '{http://www.w3.org/2000/09/xmldsig#}Signature': No matching global element "
       "declaration available, but demanded by the strict wildcard.\n",
       "Element 'ds:Signature': No matching global element declaration available, but demanded "
       "by the strict wildcard."},
      {"Something libxml2 says without an element.\n", "Something libxml2 says without an element."},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(detail::RewriteSchemaMessage(c.libxml), c.expected) << c.libxml;
  }
}

TEST(SchemaValidatorTest, PathsUseIodefLocalNamesAndPrefixesForForeignElements) {
  auto doc = Parse(V2(R"(<Incident purpose="reporting"><AdditionalData dtype="xml">
      <x:Extra xmlns:x="urn:example:x"><x:Deep/></x:Extra></AdditionalData></Incident>)"));
  const xmlNode* deep = xmlDocGetRootElement(doc.get());
  while (deep->children != nullptr) {
    const xmlNode* child = deep->children;
    while (child != nullptr && child->type != XML_ELEMENT_NODE) child = child->next;
    if (child == nullptr) break;
    deep = child;
  }
  EXPECT_EQ(detail::ElementPath(deep), "/IODEF-Document/Incident/AdditionalData/x:Extra/x:Deep");
  EXPECT_EQ(detail::ElementPath(nullptr), "");
}

// --- Concurrency and hygiene ---------------------------------------------------------------------

TEST(SchemaValidatorTest, ConcurrentValidationsKeepTheirOwnIssues) {
  const auto valid = testing::ReadFile(testing::SharedIodefDir() / "docs/v2/rfc8274-draft-ddos.xml");
  const auto invalid =
      testing::ReadFile(testing::SharedIodefDir() / "docs/v2/rfc7970-s7.2-campaign-indicators.xml");
  const auto v1 = testing::ReadFile(testing::SharedIodefDir() / "docs/v1/xep0268-report-incident.xml");
  std::vector<std::string> failures;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const auto a = Validate(*Parse(valid)).size();
        const auto b = Validate(*Parse(invalid)).size();
        const auto c = Validate(*Parse(v1)).size();
        if (a != 0 || b != 2 || c != 10) {
          std::lock_guard lock(mutex);
          failures.push_back("thread " + std::to_string(t) + ": " + std::to_string(a) + "/" +
                             std::to_string(b) + "/" + std::to_string(c));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_THAT(failures, IsEmpty());
}

TEST(SchemaValidatorTest, PrintsNothing) {
  auto doc = Corpus("v2/milewg-converter-out-long-example.xml");
  ::testing::internal::CaptureStderr();
  const auto issues = Validate(*doc);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(issues.size(), 6u);
}

TEST(SchemaValidatorTest, CompiledSchemasAreSharedNotRecompiled) {
  EXPECT_EQ(detail::CompiledSchema(v1::SOURCE_FORMAT_IODEF_V2_XML),
            detail::CompiledSchema(v1::SOURCE_FORMAT_IODEF_V2_XML));
  EXPECT_NE(detail::CompiledSchema(v1::SOURCE_FORMAT_IODEF_V1_XML),
            detail::CompiledSchema(v1::SOURCE_FORMAT_IODEF_V2_XML));
  EXPECT_THROW(detail::CompiledSchema(v1::SOURCE_FORMAT_IODEF_V2_JSON), std::logic_error);
}

}  // namespace
}  // namespace ncirt::iodef
