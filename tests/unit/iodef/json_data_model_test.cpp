#include "iodef/json_data_model.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "iodef/json_formats.hpp"
#include "iodef/json_reader.hpp"
#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return ToHex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

TEST(JsonDataModelTest, EmbedsThePublishedCddlUnmodified) {
  // The checksum recorded in schemas/iodef-json/SOURCES.md and in the corpus's SOURCES.md.
  EXPECT_EQ(Sha256Hex(PublishedIodefCddl()),
            "c9f454420b4571930a458a6246b23bda61b69c908037e8f8bb51ad1f6d03bc12");
}

TEST(JsonDataModelTest, ThePublishedCddlDoesNotCompile) {
  auto compiled = cddl::Schema::Compile(PublishedIodefCddl(), cddl::CompileOptions{"iodef-"});
  ASSERT_FALSE(compiled);
  EXPECT_NE(compiled.error().message.find("CDDL line 366"), std::string::npos)
      << compiled.error().message;
}

// Each correction is needed: with all the others applied, the text still fails, at its place.
TEST(JsonDataModelTest, EveryCorrectionIsNecessary) {
  const auto corrections = CddlCorrections();
  ASSERT_EQ(corrections.size(), 3u);
  const std::string expected_failures[] = {"'iodef-Indicator' without a member key",
                                           "expected a type, found ','", "'}' to close"};
  for (std::size_t skip = 0; skip < corrections.size(); ++skip) {
    std::string text(PublishedIodefCddl());
    for (std::size_t i = 0; i < corrections.size(); ++i) {
      if (i == skip) continue;
      const auto at = text.find(corrections[i].published);
      ASSERT_NE(at, std::string::npos);
      text.replace(at, corrections[i].published.size(), corrections[i].corrected);
    }
    auto compiled = cddl::Schema::Compile(text, cddl::CompileOptions{"iodef-"});
    ASSERT_FALSE(compiled) << "correction " << skip << " is not needed";
    EXPECT_NE(compiled.error().message.find(expected_failures[skip]), std::string::npos)
        << compiled.error().message;
  }
  auto corrected = CorrectedIodefCddl();
  ASSERT_TRUE(corrected) << corrected.error().message;
  EXPECT_TRUE(cddl::Schema::Compile(*corrected, cddl::CompileOptions{"iodef-"}));
}

std::vector<cddl::Violation> Check(const std::string& json_text) {
  return CheckIodefJson(nlohmann::json::parse(json_text));
}

constexpr const char* kMinimal = R"({
  "version": "2.0", "lang": "en",
  "Incident": [{
    "purpose": "reporting", "restriction": "private",
    "IncidentID": {"id": "492382", "name": "csirt.example.com"},
    "GenerationTime": "2015-07-18T09:00:00-05:00",
    "Contact": [{"type": "organization", "role": "creator",
                 "Email": [{"EmailTo": "contact@csirt.example.com"}]}]
  }]
})";

TEST(JsonDataModelTest, AcceptsRfc8727sMinimalExample) { EXPECT_TRUE(Check(kMinimal).empty()); }

TEST(JsonDataModelTest, PinsVersionToRfc8727sValue) {
  std::string document = kMinimal;
  document.replace(document.find("\"2.0\""), 5, "\"2.00\"");
  const auto violations = Check(document);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].pointer, "/version");
  EXPECT_EQ(violations[0].message, "'2.00' is not RFC 8727's version '2.0' (IODEF XML writes "
                                   "'2.00')");
}

TEST(JsonDataModelTest, ReadsTheCorrectedPartsAsTheirAuthorsMeant) {
  // Contact roles after "user" (the stray comma), Indicator in Incident (the stray 'f'), and
  // BusinessImpact as one Impact alternative among five (the missing brace).
  std::string document = kMinimal;
  document.replace(document.find("\"creator\""), 9, "\"vendor-support\"");
  document.replace(document.find("\"Contact\""), 0,
                   R"("Indicator": [{"IndicatorID": {"id": "i1", "name": "n", "version": "1"},
                                     "uid-ref": "x"}],
                      "Assessment": [{"Impact": [{"BusinessImpact": {"type": "extortion"}},
                                                 {"MonetaryImpact": {"value": 10000000}}]}],)");
  EXPECT_TRUE(Check(document).empty()) << Check(document).front().message;
}

TEST(JsonDataModelTest, LocatesViolationsWithSentences) {
  const auto violations = Check(R"({"version": "2.0", "Incident": [{"purpose": "hacking",
      "GenerationTime": "2015-07-18 09:00", "Contact": [], "Bogus": 1}]})");
  std::vector<std::string> seen;
  for (const auto& v : violations) seen.push_back(v.pointer + ": " + v.message);
  const std::vector<std::string> expected = {
      "/Incident/0/purpose: 'hacking' is not one of 'traceback', 'mitigation', 'reporting', "
      "'watch', 'other' or 'ext-value'",
      "/Incident/0: member 'IncidentID' is required in Incident",
      "/Incident/0/GenerationTime: '2015-07-18 09:00' is not an RFC 3339 date-time (e.g. "
      "2015-07-18T09:00:00-05:00)",
      "/Incident/0/Contact: the array must not be empty",
      "/Incident/0/Bogus: member 'Bogus' is not defined in Incident",
  };
  EXPECT_EQ(seen, expected);
}

// What the data model finds in corpus documents whose verdict is not obvious; the full verdict
// table of every corpus JSON document is in json_codec_test.cpp.
struct CorpusFinding {
  const char* file;
  std::vector<std::string> pointers;  // all violations, in order
};

class JsonDataModelCorpusTest : public ::testing::TestWithParam<CorpusFinding> {};

TEST_P(JsonDataModelCorpusTest, FindsExactlyTheseViolations) {
  const auto text = testing::ReadFile(testing::SharedIodefDir() / "docs" / GetParam().file);
  auto document = ReadJson(text, {});
  ASSERT_TRUE(document) << document.error().error.message;
  std::vector<std::string> pointers;
  for (const auto& v : CheckIodefJson(*document)) pointers.push_back(v.pointer);
  EXPECT_EQ(pointers, GetParam().pointers);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, JsonDataModelCorpusTest,
    ::testing::Values(
        // The only difference from RFC 8727 Figure 4 is "2.00", the XML binding's version.
        CorpusFinding{"invalid/cddl-validator-failed-minimal.json", {"/version"}},
        CorpusFinding{"json/milewg-converter-in-minimal.json", {"/version"}},
        // IndicatorID version as a number; dates in the draft validator's tag notation "0(...)".
        CorpusFinding{"invalid/cddl-validator-failed-campaign-indicators.json",
                      {"/version", "/Incident/0/GenerationTime",
                       "/Incident/0/Indicator/0/IndicatorID/version",
                       "/Incident/0/Indicator/0/StartTime"}},
        // The working group's pre-RFC shape: impacts directly in Assessment, a list of values.
        CorpusFinding{"json/jsoniodef-wg-campaign-indicators.json",
                      {"/Incident/0/Assessment/0", "/Incident/0/Assessment/0/BusinessImpact",
                       "/Incident/0/Indicator/0/Observable/BulkObservable/BulkObservableList"}},
        // RFC 8727 makes Node's DomainData and Address alternatives (RFC 7970 allows both).
        CorpusFinding{"json/milewg-converter-in-long-example.json",
                      {"/version", "/Incident/0/EventData/0/System/0/Node/Address"}},
        CorpusFinding{"json/jsoniodef-wg-minimal.json", {}},
        CorpusFinding{"json/rfc8727-d14-s4.1-minimal.json", {}}),
    [](const auto& param_info) { return testing::TestNameFor(param_info.param.file); });

}  // namespace
}  // namespace ncirt::iodef
