// Every XML document of the IODEF standards corpus (docs/v2, docs/v1, docs/invalid) through
// Decode(), under both policies. The expected strict verdict is xmllint's, read from
// MANIFEST.tsv; where the codec deliberately differs from xmllint, the table below says why.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "iodef/codec.hpp"
#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;
namespace fs = std::filesystem;

// Where the codec's strict verdict differs from xmllint's on purpose.
struct Override {
  std::string_view file;
  ErrorKind kind;
  std::string_view why;
};
constexpr Override kStrictOverrides[] = {
    {"docs/invalid/synth-v2-unknown-namespace.xml", ErrorKind::kInvalidDocument,
     "xmllint validates it and finds no global declaration for the root; the codec refuses a "
     "root outside the IODEF namespaces before validation, as not an IODEF document (same line)"},
};

// Documents of docs/v2 and docs/v1 that even the tolerant policy must reject, and why. Everything
// else there is accepted: a CIRT cannot throw real reports away.
struct Unmappable {
  std::string_view file;
  std::string_view why;
};
constexpr Unmappable kTolerantUnmappable[] = {
    {"docs/v1/mantis-scan-no-reporttime.xml",
     "an IODEF v1 Incident without ReportTime and without any other time (no DetectTime, "
     "StartTime, EndTime, EventData or History time): the model needs a generation time and "
     "nothing in the document gives one"},
    {"docs/v1/xep0268-inquiry-incident.xml",
     "an XMPP inquiry (XEP-0268) that carries only an IncidentID: there is no time at all"},
};

// What docs/invalid becomes under the tolerant policy. Broken XML stays rejected whatever the
// policy; schema violations are accepted as warnings when the model still gets what it needs.
struct TolerantInvalid {
  std::string_view file;
  std::optional<ErrorKind> kind;  // nullopt: accepted
  std::string_view why;
};
constexpr TolerantInvalid kTolerantInvalid[] = {
    {"docs/invalid/rfc5070-s5.2-extension-excerpt.xml", ErrorKind::kUnmappable,
     "an RFC excerpt whose Incident has no IncidentID"},
    {"docs/invalid/rfc7970-s5.2-extension-excerpt.xml", ErrorKind::kUnmappable,
     "an RFC excerpt whose Incident has no IncidentID"},
    {"docs/invalid/synth-v1-missing-lang.xml", std::nullopt, "only the lang attribute is missing"},
    {"docs/invalid/synth-v1-missing-reporttime.xml", std::nullopt,
     "no ReportTime, but other times in the document give a generation time"},
    {"docs/invalid/synth-v2-bad-generationtime.xml", ErrorKind::kUnmappable,
     "GenerationTime is not a date and time, and IODEF v2 requires it"},
    {"docs/invalid/synth-v2-bad-purpose-enum.xml", std::nullopt,
     "an unregistered purpose is carried as ext-value"},
    {"docs/invalid/synth-v2-content-in-v1-namespace.xml", ErrorKind::kUnmappable,
     "read as IODEF v1, it has no ReportTime and no other time"},
    {"docs/invalid/synth-v2-ext-attr-without-ext-value.xml", std::nullopt,
     "the stray ext-purpose is ignored, with a warning"},
    {"docs/invalid/synth-v2-ext-value-without-ext-attr.xml", std::nullopt,
     "purpose ext-value without a value is kept as such, with a warning"},
    {"docs/invalid/synth-v2-missing-incidentid.xml", ErrorKind::kUnmappable,
     "the Incident has no IncidentID"},
};

struct Case {
  fs::path path;
  std::string relative;  // "docs/v2/name.xml", as MANIFEST.tsv names it
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.relative; }

std::map<std::string, std::string> XmllintResults() {
  std::istringstream manifest(testing::ReadFile(testing::SharedIodefDir() / "MANIFEST.tsv"));
  std::map<std::string, std::string> results;
  std::string line;
  std::getline(manifest, line);  // header: file source license schema_version xmllint_result
  while (std::getline(manifest, line)) {
    std::vector<std::string> columns;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, '\t');) columns.push_back(field);
    if (columns.size() >= 5) results[columns[0]] = columns[4];
  }
  return results;
}

struct StrictExpectation {
  bool accepted = false;
  ErrorKind kind = ErrorKind::kSchemaViolation;
  std::uint32_t line = 0;  // 0: the manifest names none
  std::string why;
};

std::uint32_t LineOf(const std::string& text, std::size_t offset) {
  return 1 + static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// xmllint_result reads "iodef-2.0.xsd(RFC7970): invalid (2 schema errors; rc=3): line 16: ...
// || with errata xsd: ...": the verdict against the official schema comes before "||".
StrictExpectation ExpectStrict(const std::string& relative, const std::string& xmllint,
                               const std::string& document) {
  const std::string official = xmllint.substr(0, xmllint.find(" || "));
  static const std::regex kVerdict(
      R"(^[^:]*\.xsd(?:\([^)]*\))?: (NOT WELL-FORMED|invalid|valid)( \([^)]*\): line (\d+):)?)");
  std::smatch match;
  if (!std::regex_search(official, match, kVerdict)) {
    throw std::runtime_error("cannot read xmllint_result of " + relative + ": " + xmllint);
  }
  StrictExpectation expected;
  const std::string verdict = match[1];
  if (match[3].matched) expected.line = static_cast<std::uint32_t>(std::stoul(match[3]));
  expected.why = "xmllint: " + official.substr(0, 200);
  if (verdict == "valid") {
    expected.accepted = xmllint.find("semantically invalid") == std::string::npos;
    expected.kind = ErrorKind::kSchemaViolation;
    if (!expected.accepted) expected.why = "MANIFEST note: schema-valid but semantically invalid";
  } else {
    expected.kind =
        verdict == "invalid" ? ErrorKind::kSchemaViolation : ErrorKind::kInvalidDocument;
  }
  // A DTD is refused outright, before xmllint's verdict (which loads it) could matter.
  if (const auto doctype = document.find("<!DOCTYPE"); doctype != std::string::npos) {
    expected = {false, ErrorKind::kInvalidDocument, LineOf(document, doctype),
                "document type declarations are refused, whatever xmllint makes of them"};
  }
  for (const Override& o : kStrictOverrides) {
    if (relative == o.file) {
      expected.accepted = false;
      expected.kind = o.kind;
      expected.why = o.why;
    }
  }
  return expected;
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  for (const std::string sub : {"v2", "v1", "invalid"}) {
    for (const fs::path& path : testing::CorpusFiles(sub)) {
      if (path.extension() != ".xml") continue;
      cases.push_back({path, "docs/" + sub + "/" + path.filename().string()});
    }
  }
  return cases;
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  const std::string sub = fs::path(info.param.relative).parent_path().filename().string();
  return sub + "_" + testing::TestNameFor(info.param.path);
}

std::string Describe(const Decoded& decoded) {
  if (decoded.ok()) return "accepted with " + std::to_string(decoded.report.issues.size()) +
                           " issue(s)";
  return std::string(common::KindName(decoded.error->kind)) + ": " + decoded.error->ToString();
}

class CorpusVerdictTest : public ::testing::TestWithParam<Case> {
 protected:
  static const std::map<std::string, std::string>& Manifest() {
    static const std::map<std::string, std::string> results = XmllintResults();
    return results;
  }
};

TEST_P(CorpusVerdictTest, StrictVerdictMatchesXmllint) {
  const Case& c = GetParam();
  const auto row = Manifest().find(c.relative);
  ASSERT_NE(row, Manifest().end()) << c.relative << " has no row in MANIFEST.tsv";
  const std::string document = testing::ReadFile(c.path);
  const StrictExpectation expected = ExpectStrict(c.relative, row->second, document);

  const Decoded decoded = Decode(document, Policy::kStrict);
  SCOPED_TRACE(expected.why);
  ASSERT_EQ(decoded.ok(), expected.accepted) << Describe(decoded);
  if (expected.accepted) {
    EXPECT_TRUE(decoded.report.accepted);
    EXPECT_FALSE(decoded.incidents.empty());
    // Only the mapping's findings (values carried as ext-value, ...) may remain, as warnings.
    for (const auto& issue : decoded.report.issues) {
      EXPECT_EQ(issue.level(), v1::ValidationIssue::LEVEL_WARNING) << issue.message();
    }
    return;
  }
  EXPECT_FALSE(decoded.report.accepted);
  EXPECT_TRUE(decoded.incidents.empty());
  EXPECT_EQ(decoded.error->kind, expected.kind) << Describe(decoded);
  ASSERT_FALSE(decoded.report.issues.empty());
  const v1::ValidationIssue& first = decoded.report.issues.front();
  EXPECT_EQ(first.level(), v1::ValidationIssue::LEVEL_ERROR);
  EXPECT_EQ(first.message(), decoded.error->message);
  if (expected.line != 0) {
    EXPECT_EQ(first.line(), expected.line) << first.message();
  }
}

TEST_P(CorpusVerdictTest, TolerantPolicyKeepsWhatTheModelCanHold) {
  const Case& c = GetParam();
  const std::string document = testing::ReadFile(c.path);
  const Decoded strict = Decode(document, Policy::kStrict);
  const Decoded tolerant = Decode(document, Policy::kTolerant);

  std::optional<ErrorKind> expected;
  std::string why = "a CIRT cannot throw real reports away";
  const bool in_invalid = c.relative.starts_with("docs/invalid/");
  for (const Unmappable& u : kTolerantUnmappable) {
    if (c.relative == u.file) {
      expected = ErrorKind::kUnmappable;
      why = u.why;
    }
  }
  if (in_invalid) {
    bool listed = false;
    for (const TolerantInvalid& t : kTolerantInvalid) {
      if (c.relative == t.file) {
        expected = t.kind;
        why = t.why;
        listed = true;
      }
    }
    if (!listed) {
      // Not well-formed, a DTD, not IODEF: no policy makes such a document readable.
      ASSERT_FALSE(strict.ok()) << c.relative << " is missing from kTolerantInvalid";
      ASSERT_EQ(strict.error->kind, ErrorKind::kInvalidDocument)
          << c.relative << " is missing from kTolerantInvalid";
      expected = ErrorKind::kInvalidDocument;
      why = "broken XML stays rejected whatever the policy";
    }
  }
  SCOPED_TRACE(why);
  if (expected) {
    ASSERT_FALSE(tolerant.ok()) << Describe(tolerant);
    EXPECT_EQ(tolerant.error->kind, *expected) << Describe(tolerant);
    EXPECT_TRUE(tolerant.incidents.empty());
    return;
  }
  ASSERT_TRUE(tolerant.ok()) << Describe(tolerant);
  EXPECT_TRUE(tolerant.report.accepted);
  ASSERT_FALSE(tolerant.incidents.empty());
  for (const auto& issue : tolerant.report.issues) {
    EXPECT_EQ(issue.level(), v1::ValidationIssue::LEVEL_WARNING) << issue.message();
  }
  // Everything strict objects to is still there, as warnings, in the same order.
  if (!strict.ok()) {
    ASSERT_GE(tolerant.report.issues.size(), strict.report.issues.size());
    for (std::size_t i = 0; i < strict.report.issues.size(); ++i) {
      EXPECT_EQ(tolerant.report.issues[i].message(), strict.report.issues[i].message());
      EXPECT_EQ(tolerant.report.issues[i].line(), strict.report.issues[i].line());
    }
  }
  for (std::size_t i = 0; i < tolerant.incidents.size(); ++i) {
    EXPECT_EQ(tolerant.incidents[i].source().content(), document);
    EXPECT_EQ(tolerant.incidents[i].source().incident_index(), i);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusVerdictTest, ::testing::ValuesIn(Cases()), CaseName);

// The tables above must name real corpus documents, or they silently stop testing anything.
TEST(CorpusVerdictTablesTest, NameExistingDocuments) {
  const fs::path root = testing::SharedIodefDir();
  for (const Override& o : kStrictOverrides) EXPECT_TRUE(fs::exists(root / o.file)) << o.file;
  for (const Unmappable& u : kTolerantUnmappable) {
    EXPECT_TRUE(fs::exists(root / u.file)) << u.file;
  }
  for (const TolerantInvalid& t : kTolerantInvalid) {
    EXPECT_TRUE(fs::exists(root / t.file)) << t.file;
  }
}

}  // namespace
}  // namespace ncirt::iodef
