#include "iodef/json_codec.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;

// The verdicts of every JSON document of the corpus. `nullopt` is "accepted".
struct Verdict {
  std::optional<ErrorKind> strict;
  std::optional<ErrorKind> tolerant;
};

constexpr std::optional<ErrorKind> kAccepted = std::nullopt;

const std::map<std::string, Verdict>& CorpusVerdicts() {
  static const std::map<std::string, Verdict> verdicts = {
      // RFC 8727 (draft-14) §4.1, Figure 4: the reference document.
      {"json/rfc8727-d14-s4.1-minimal.json", {kAccepted, kAccepted}},
      // §4.2, Figure 6 as printed: a Description string is wrapped over two lines, a raw
      // newline inside a JSON string, so it is not JSON at all.
      {"json/rfc8727-d14-s4.2-campaign-indicators.json",
       {ErrorKind::kInvalidDocument, ErrorKind::kInvalidDocument}},
      // The working group's copy of Figure 4.
      {"json/jsoniodef-wg-minimal.json", {kAccepted, kAccepted}},
      // The working group's pre-RFC shape of Figure 6: BusinessImpact directly in Assessment
      // (no Impact), BulkObservableList as an array of strings.
      {"json/jsoniodef-wg-campaign-indicators.json", {ErrorKind::kSchemaViolation, kAccepted}},
      // Pre-RFC too: impacts outside Impact, "specID", Counter value as a string, date-times
      // with a space and no timezone, Node with both DomainData and Address, and more.
      {"json/jsoniodef-wg-long-example.json", {ErrorKind::kSchemaViolation, kAccepted}},
      // The converter's inputs and outputs carry "version": "2.00", the XML binding's value;
      // RFC 8727 writes "2.0". Otherwise:
      {"json/milewg-converter-in-minimal.json", {ErrorKind::kSchemaViolation, kAccepted}},
      {"json/milewg-converter-in-campaign.json", {ErrorKind::kSchemaViolation, kAccepted}},
      // ... Node with both DomainData and Address (RFC 8727 makes them alternatives) ...
      {"json/milewg-converter-in-long-example.json", {ErrorKind::kSchemaViolation, kAccepted}},
      {"json/milewg-converter-in-example-recursive.json",
       {ErrorKind::kSchemaViolation, kAccepted}},
      // ... and ext-* members without ext-value and the reverse (RFC 7970 §5.1.1), four
      // incidents, ~990 KB: the large-document case.
      {"json/milewg-converter-in-longlong-example.json", {ErrorKind::kSchemaViolation, kAccepted}},
      // ... an MLString object without "value".
      {"json/milewg-converter-out-long-example-xml2json.json",
       {ErrorKind::kSchemaViolation, kAccepted}},
      {"json/milewg-converter-out-rfc8274-draft-iot-malware.json",
       {ErrorKind::kSchemaViolation, kAccepted}},
      // ... URLs with a space, DigestValues with white space inside the base64.
      {"json/milewg-converter-out-rfc8274-draft-malware.json",
       {ErrorKind::kSchemaViolation, kAccepted}},
      // The draft-06 CDDL validator's examples write tagged CBOR values in diagnostic notation
      // inside JSON strings ("0(2015-...)", "22(...)", "32(...)"); RFC 8727 Appendix A maps tdate,
      // eb64legacy and uri to plain JSON strings, so they fail; tolerant decoding unwraps them.
      {"json/cddl-validator-minimal.json", {ErrorKind::kSchemaViolation, kAccepted}},
      {"json/cddl-validator-campaign-indicators.json", {ErrorKind::kSchemaViolation, kAccepted}},
      {"json/cddl-validator-long-example.json", {ErrorKind::kSchemaViolation, kAccepted}},
      // The validator's deliberately failing examples. failed-minimal differs from Figure 4 only
      // in "2.00"; failed-campaign has IndicatorID version 1 as a number (plus "2.00" and tag
      // notation). failed-long-example differs from its passing twin only in a MonetaryImpact
      // value written 10000000 instead of 10000000.0, which RFC 8727's JSON number cannot tell
      // apart: it fails for the same reasons as the twin ("2.00", tag notation, Node).
      {"invalid/cddl-validator-failed-minimal.json", {ErrorKind::kSchemaViolation, kAccepted}},
      {"invalid/cddl-validator-failed-campaign-indicators.json",
       {ErrorKind::kSchemaViolation, kAccepted}},
      {"invalid/cddl-validator-failed-long-example.json",
       {ErrorKind::kSchemaViolation, kAccepted}},
      // No IncidentID and no GenerationTime: the model's needs are missing.
      {"invalid/synth-json-missing-required.json",
       {ErrorKind::kSchemaViolation, ErrorKind::kUnmappable}},
      {"invalid/synth-json-trailing-comma.json",
       {ErrorKind::kInvalidDocument, ErrorKind::kInvalidDocument}},
      {"invalid/synth-json-truncated.json",
       {ErrorKind::kInvalidDocument, ErrorKind::kInvalidDocument}},
  };
  return verdicts;
}

std::vector<std::string> CorpusJsonFiles() {
  std::vector<std::string> files;
  for (const std::string sub : {"json", "invalid"}) {
    for (const auto& path : testing::CorpusFiles(sub)) {
      if (path.extension() == ".json") files.push_back(sub + "/" + path.filename().string());
    }
  }
  return files;
}

TEST(JsonCodecCorpusTest, EveryCorpusJsonDocumentHasAPinnedVerdict) {
  const auto files = CorpusJsonFiles();
  EXPECT_EQ(files.size(), CorpusVerdicts().size());
  for (const std::string& file : files) EXPECT_TRUE(CorpusVerdicts().contains(file)) << file;
}

class JsonCodecVerdictTest : public ::testing::TestWithParam<std::string> {};

std::string KindOf(const Decoded& decoded) {
  return decoded.ok() ? "accepted" : std::string(common::KindName(decoded.error->kind));
}

std::string KindOf(const std::optional<ErrorKind>& kind) {
  return kind ? std::string(common::KindName(*kind)) : "accepted";
}

TEST_P(JsonCodecVerdictTest, GivesThePinnedVerdictUnderBothPolicies) {
  const auto it = CorpusVerdicts().find(GetParam());
  ASSERT_NE(it, CorpusVerdicts().end()) << "no verdict pinned for " << GetParam();
  const std::string document =
      testing::ReadFile(testing::SharedIodefDir() / "docs" / GetParam());
  const Decoded strict = DecodeJson(document, Policy::kStrict, {});
  const Decoded tolerant = DecodeJson(document, Policy::kTolerant, {});
  EXPECT_EQ(KindOf(strict), KindOf(it->second.strict))
      << (strict.ok() ? "" : strict.error->ToString());
  EXPECT_EQ(KindOf(tolerant), KindOf(it->second.tolerant))
      << (tolerant.ok() ? "" : tolerant.error->ToString());
  EXPECT_EQ(strict.report.accepted, strict.ok());
  EXPECT_EQ(strict.report.format, v1::SOURCE_FORMAT_IODEF_V2_JSON);
  if (!strict.ok()) {
    // Every rejection is located and listed.
    ASSERT_FALSE(strict.report.issues.empty());
    EXPECT_EQ(strict.report.issues.front().level(), v1::ValidationIssue::LEVEL_ERROR);
    EXPECT_GT(strict.report.issues.front().line(), 0u) << strict.error->ToString();
    EXPECT_TRUE(strict.incidents.empty());
  }
  if (tolerant.ok()) {
    EXPECT_FALSE(tolerant.incidents.empty());
    for (const v1::ValidationIssue& issue : tolerant.report.issues) {
      EXPECT_EQ(issue.level(), v1::ValidationIssue::LEVEL_WARNING) << issue.message();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, JsonCodecVerdictTest, ::testing::ValuesIn(CorpusJsonFiles()),
                         [](const auto& param_info) {
                           return testing::TestNameFor(param_info.param);
                         });

std::string CorpusText(const std::string& file) {
  return testing::ReadFile(testing::SharedIodefDir() / "docs" / file);
}

TEST(JsonCodecTest, AttachesTheVerbatimSourceToEachIncident) {
  const std::string document = CorpusText("json/milewg-converter-in-longlong-example.json");
  const Decoded decoded = DecodeJson(document, Policy::kTolerant, {});
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  ASSERT_EQ(decoded.incidents.size(), 4u);
  for (std::size_t i = 0; i < decoded.incidents.size(); ++i) {
    const v1::SourceDocument& source = decoded.incidents[i].source();
    EXPECT_EQ(source.format(), v1::SOURCE_FORMAT_IODEF_V2_JSON);
    EXPECT_EQ(source.content(), document);
    EXPECT_EQ(source.incident_index(), i);
    EXPECT_EQ(source.sha256().size(), 64u);
    EXPECT_EQ(source.sha256(), decoded.incidents[0].source().sha256());
  }
}

TEST(JsonCodecTest, HashesTheExactBytesInLowerCaseHex) {
  const std::string document = CorpusText("json/rfc8727-d14-s4.1-minimal.json");
  const Decoded decoded = DecodeJson(document, Policy::kStrict, {});
  ASSERT_TRUE(decoded.ok());
  // sha256sum docs/json/rfc8727-d14-s4.1-minimal.json
  EXPECT_EQ(decoded.incidents[0].source().sha256(),
            "639b1d79060650de76d82721c9ba78231b858f926b280c53954f184cd0082de6");
}

TEST(JsonCodecTest, MapsRfc8727sMinimalExample) {
  const Decoded decoded =
      DecodeJson(CorpusText("json/rfc8727-d14-s4.1-minimal.json"), Policy::kStrict, {});
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded.incidents.size(), 1u);
  const v1::Incident& incident = decoded.incidents[0];
  EXPECT_EQ(incident.incident_id().id(), "492382");
  EXPECT_EQ(incident.incident_id().name(), "csirt.example.com");
  EXPECT_EQ(incident.purpose(), v1::PURPOSE_REPORTING);
  EXPECT_EQ(incident.restriction().value(), v1::RESTRICTION_PRIVATE);
  EXPECT_EQ(incident.lang(), "en");  // from the document
  EXPECT_EQ(incident.generation_time().seconds(), 1437228000);  // 2015-07-18T14:00:00Z
  ASSERT_EQ(incident.contacts_size(), 1);
  EXPECT_EQ(incident.contacts(0).role(), v1::CONTACT_ROLE_CREATOR);
  EXPECT_EQ(incident.contacts(0).type(), v1::CONTACT_TYPE_ORGANIZATION);
  EXPECT_EQ(incident.contacts(0).emails(0).address(), "contact@csirt.example.com");
  EXPECT_TRUE(incident.warnings().empty());
  EXPECT_TRUE(decoded.report.issues.empty());
}

TEST(JsonCodecTest, RejectsStrictlyWithEveryViolationLocated) {
  const Decoded decoded =
      DecodeJson(CorpusText("invalid/synth-json-missing-required.json"), Policy::kStrict, {});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error->kind, ErrorKind::kSchemaViolation);
  EXPECT_EQ(decoded.error->message, "Incident/0: member 'IncidentID' is required in Incident");
  EXPECT_EQ(decoded.error->where, "line 5, column 5, /Incident/0");
  ASSERT_EQ(decoded.report.issues.size(), 2u);
  EXPECT_EQ(decoded.report.issues[1].schema_path(), "/Incident/0");
  EXPECT_EQ(decoded.report.issues[1].message(),
            "Incident/0: member 'GenerationTime' is required in Incident");
}

TEST(JsonCodecTest, ToleratesAndAttachesWarningsToTheirIncident) {
  const Decoded decoded =
      DecodeJson(CorpusText("json/milewg-converter-in-longlong-example.json"), Policy::kTolerant,
                 {});
  ASSERT_TRUE(decoded.ok());
  // "/version" and the note that the list is cut concern the document, hence every incident;
  // the others one incident each.
  std::size_t attached = 0;
  for (std::size_t i = 0; i < decoded.incidents.size(); ++i) {
    for (const v1::ValidationIssue& warning : decoded.incidents[i].warnings()) {
      const std::string& path = warning.schema_path();
      const bool own = path.starts_with("/Incident/" + std::to_string(i) + "/");
      const bool document_wide = path == "/version" || path.empty();
      EXPECT_TRUE(own || document_wide) << path << " " << warning.message();
      if (!path.empty()) {
        EXPECT_GT(warning.line(), 0u) << path;
      }
      ++attached;
    }
  }
  EXPECT_EQ(attached, decoded.report.issues.size() + 2 * (decoded.incidents.size() - 1));
}

TEST(JsonCodecTest, ReadsPreRfcShapesTolerantlyWithWarnings) {
  const Decoded decoded =
      DecodeJson(CorpusText("json/jsoniodef-wg-campaign-indicators.json"), Policy::kTolerant, {});
  ASSERT_TRUE(decoded.ok());
  const v1::Incident& incident = decoded.incidents[0];
  ASSERT_EQ(incident.assessments(0).impacts_size(), 1);
  EXPECT_EQ(incident.assessments(0).impacts(0).business().type(), "breach-proprietary");
  const v1::BulkObservable& bulk = incident.indicators(0).observable().bulk_observable();
  EXPECT_EQ(bulk.values_size(), 4);
  EXPECT_EQ(bulk.type(), "ext-value");
  EXPECT_EQ(bulk.ext_type(), "fqdn");
  const auto mentions = [&](const std::string& part) {
    return std::any_of(incident.warnings().begin(), incident.warnings().end(),
                       [&](const v1::ValidationIssue& w) {
                         return w.message().find(part) != std::string::npos;
                       });
  };
  EXPECT_TRUE(mentions("directly in Assessment"));
  EXPECT_TRUE(mentions("BulkObservableList is an array"));
}

TEST(JsonCodecTest, UnwrapsTagNotationTolerantly) {
  const Decoded decoded =
      DecodeJson(CorpusText("json/cddl-validator-minimal.json"), Policy::kTolerant, {});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.incidents[0].generation_time().seconds(), 1437228000);
}

TEST(JsonCodecTest, RefusesWhatIsNotIodef) {
  for (const char* document : {"[1, 2]", R"({"version": "2.0"})", "\"Incident\""}) {
    const Decoded decoded = DecodeJson(document, Policy::kTolerant, {});
    ASSERT_FALSE(decoded.ok()) << document;
    EXPECT_EQ(decoded.error->kind, ErrorKind::kInvalidDocument) << document;
    EXPECT_NE(decoded.error->message.find("not an IODEF JSON document"), std::string::npos);
  }
}

TEST(JsonCodecTest, NeedsIncidentIdNameAndAReadableGenerationTime) {
  struct Case {
    const char* incident;
    const char* message;
  };
  const Case cases[] = {
      {R"({"GenerationTime": "2015-07-18T09:00:00Z"})", "Incident without IncidentID"},
      {R"({"IncidentID": {"id": "1"}, "GenerationTime": "2015-07-18T09:00:00Z"})",
       "IncidentID without a name"},
      {R"({"IncidentID": {"id": "1", "name": "n"}})", "Incident without GenerationTime"},
      {R"({"IncidentID": {"id": "1", "name": "n"}, "GenerationTime": "yesterday"})",
       "is not a date-time"},
  };
  for (const Case& c : cases) {
    const std::string document =
        std::string(R"({"version": "2.0", "Incident": [)") + c.incident + "]}";
    const Decoded decoded = DecodeJson(document, Policy::kTolerant, {});
    ASSERT_FALSE(decoded.ok()) << c.incident;
    EXPECT_EQ(decoded.error->kind, ErrorKind::kUnmappable);
    EXPECT_NE(decoded.error->message.find(c.message), std::string::npos)
        << decoded.error->message;
    EXPECT_EQ(decoded.report.issues.back().level(), v1::ValidationIssue::LEVEL_ERROR);
  }
}

TEST(JsonCodecTest, HostileInputGetsItsOwnKindQuickly) {
  struct Case {
    std::string document;
    ErrorKind kind;
    const char* message;
  };
  const Case cases[] = {
      {std::string(100'000, '['), ErrorKind::kTooLarge, "nested deeper than 64 levels"},
      {"{\"Incident\": [\"" + std::string(50u << 20, 'x') + "\"]}", ErrorKind::kTooLarge,
       "the limit is 16777216 bytes"},
      {R"({"version": "2.0", "Incident": [)", ErrorKind::kInvalidDocument, "end of input"},
      {R"({"version": "2.0",, "Incident": []})", ErrorKind::kInvalidDocument, "not well-formed"},
      {"{\"version\": \"2\xC0\xAF\", \"Incident\": []}", ErrorKind::kInvalidDocument, "UTF-8"},
      {R"({"Incident": [], "Incident": []})", ErrorKind::kInvalidDocument, "duplicate member"},
      {R"({"Incident": [{"n": 1e999}]})", ErrorKind::kInvalidDocument, "too large"},
  };
  for (const Case& c : cases) {
    for (Policy policy : {Policy::kStrict, Policy::kTolerant}) {
      const Decoded decoded = DecodeJson(c.document, policy, {});
      ASSERT_FALSE(decoded.ok()) << c.document.substr(0, 60);
      EXPECT_EQ(decoded.error->kind, c.kind) << decoded.error->message;
      EXPECT_NE(decoded.error->message.find(c.message), std::string::npos)
          << decoded.error->message;
      ASSERT_EQ(decoded.report.issues.size(), 1u);
    }
  }
}

TEST(JsonCodecTest, BoundsTheListOfViolations) {
  std::string document = R"({"version": "2.0", "Incident": [)";
  for (int i = 0; i < 3000; ++i) document += std::string(i ? "," : "") + "{}";
  document += "]}";
  const Decoded decoded = DecodeJson(document, Policy::kStrict, {});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.report.issues.size(), 1001u);
  EXPECT_NE(decoded.report.issues.back().message().find("only the first 1000"),
            std::string::npos);
}

}  // namespace
}  // namespace ncirt::iodef
