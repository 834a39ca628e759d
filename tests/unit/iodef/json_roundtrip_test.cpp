// model -> RenderJson -> strict check -> DecodeJson -> the same model, over the corpus.
//
// Every JSON document tolerant decoding accepts, and every IODEF v2 XML document of the corpus
// (through Decode(), i.e. MapXml), is rendered as RFC 8727 JSON. The rendering must pass the
// strict data-model check; decoding it must give back the model field for field when nothing was
// omitted. When RFC 8727 cannot hold something (named in Rendered::omitted), the second round
// must be lossless: what JSON carries once, it carries again unchanged.
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "iodef/codec.hpp"
#include "iodef/json_codec.hpp"
#include "iodef/json_data_model.hpp"
#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

// What decoding attaches besides the content: the source, the warnings, and the indicators
// Decode() derives from the content.
std::vector<v1::Incident> WithoutProvenance(std::vector<v1::Incident> incidents) {
  for (v1::Incident& incident : incidents) {
    incident.clear_source();
    incident.clear_warnings();
    incident.clear_normalized_indicators();
  }
  return incidents;
}

// "" when equal, else the differences.
std::string Differences(const std::vector<v1::Incident>& expected,
                        const std::vector<v1::Incident>& actual) {
  if (expected.size() != actual.size()) {
    return std::to_string(expected.size()) + " incidents became " + std::to_string(actual.size());
  }
  std::string all;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    std::string report;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&report);
    if (!differencer.Compare(expected[i], actual[i])) {
      all += "incident " + std::to_string(i) + ":\n" + report;
    }
  }
  return all;
}

struct RoundTrip {
  std::vector<std::string> omitted;
  std::vector<v1::Incident> decoded;
};

// Renders, checks the rendering strictly, decodes it.
RoundTrip RenderAndDecode(const std::vector<v1::Incident>& incidents) {
  common::Result<Rendered> rendered = RenderJson(incidents);
  EXPECT_TRUE(rendered) << rendered.error().ToString();
  if (!rendered) return {};
  const auto violations = CheckIodefJson(nlohmann::json::parse(rendered->document));
  EXPECT_TRUE(violations.empty()) << violations.front().pointer << ": "
                                  << violations.front().message;
  const Decoded decoded = DecodeJson(rendered->document, Policy::kStrict, {});
  EXPECT_TRUE(decoded.ok()) << decoded.error->ToString();
  for (const std::string& omission : rendered->omitted) {
    // The safety net of RenderJson() must never be what makes a rendering valid.
    EXPECT_EQ(omission.find("broke RFC 8727's data model"), std::string::npos) << omission;
  }
  EXPECT_TRUE(decoded.report.issues.empty())
      << decoded.report.issues.front().message();
  return RoundTrip{rendered->omitted, WithoutProvenance(decoded.incidents)};
}

void ExpectRoundTrip(const std::vector<v1::Incident>& original, bool expect_lossless) {
  const std::vector<v1::Incident> model = WithoutProvenance(original);
  const RoundTrip first = RenderAndDecode(model);
  if (first.omitted.empty()) {
    EXPECT_EQ(Differences(model, first.decoded), "");
  } else {
    EXPECT_FALSE(expect_lossless) << first.omitted.front();
  }
  const RoundTrip second = RenderAndDecode(first.decoded);
  EXPECT_TRUE(second.omitted.empty()) << second.omitted.front();
  EXPECT_EQ(Differences(first.decoded, second.decoded), "");
}

// How much of each JSON corpus document RFC 8727's own data model cannot hold once it is in the
// model, and why: values the strict check refuses, which tolerant decoding kept.
const std::map<std::string, std::size_t>& JsonOmissions() {
  static const std::map<std::string, std::size_t> omissions = {
      // The URL "32(https://qDSd.iqyw\b?)" holds a backspace; Node with DomainData and Address.
      {"cddl-validator-long-example.json", 2},
      {"cddl-validator-failed-long-example.json", 2},
      // Node with DomainData and Address; three Systems whose Node has neither.
      {"jsoniodef-wg-long-example.json", 7},
      // Node with DomainData and Address; System category ext-value without ext-category.
      {"milewg-converter-in-example-recursive.json", 3},
      {"milewg-converter-in-long-example.json", 1},
      {"milewg-converter-out-long-example-xml2json.json", 1},
      // Dozens of ext-value pairs broken on purpose by the converter's test generator.
      {"milewg-converter-in-longlong-example.json", 77},
      // Two URLs with a space in them; a sha256 DigestValue whose hex digits have a space in
      // them, so it reads as 48 bytes of base64; WindowsRegistryKeysModified, which the model
      // does not map.
      {"milewg-converter-out-rfc8274-draft-malware.json", 4},
  };
  return omissions;
}

std::vector<std::string> AcceptedJsonDocuments() {
  std::vector<std::string> files;
  for (const std::string sub : {"json", "invalid"}) {
    for (const auto& path : testing::CorpusFiles(sub)) {
      if (path.extension() != ".json") continue;
      const std::string name = path.filename().string();
      // Not JSON, or without what the model needs (see json_codec_test.cpp's verdicts).
      if (name == "rfc8727-d14-s4.2-campaign-indicators.json" || name.starts_with("synth-")) {
        continue;
      }
      files.push_back(sub + "/" + name);
    }
  }
  return files;
}

class JsonRoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(JsonRoundTripTest, JsonCorpusDocumentKeepsItsModel) {
  const std::string document = testing::ReadFile(testing::SharedIodefDir() / "docs" / GetParam());
  const Decoded decoded = DecodeJson(document, Policy::kTolerant, {});
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  const std::string name = std::filesystem::path(GetParam()).filename().string();
  const auto expected = JsonOmissions().find(name);
  const std::size_t omissions = expected == JsonOmissions().end() ? 0 : expected->second;
  common::Result<Rendered> rendered = RenderJson(WithoutProvenance(decoded.incidents));
  ASSERT_TRUE(rendered) << rendered.error().ToString();
  EXPECT_EQ(rendered->omitted.size(), omissions)
      << (rendered->omitted.empty() ? "" : rendered->omitted.front());
  ExpectRoundTrip(decoded.incidents, omissions == 0);
}

INSTANTIATE_TEST_SUITE_P(Corpus, JsonRoundTripTest, ::testing::ValuesIn(AcceptedJsonDocuments()),
                         [](const auto& param_info) {
                           return testing::TestNameFor(param_info.param);
                         });

// The IODEF v2 XML documents whose whole model JSON carries: the RFCs' own examples among them.
// The others lose what RFC 8727 has no place for (named by RenderJson): a Node with both
// DomainData and Address, a Confidence without a value, URLs that are not URIs, ReferenceName
// text, classes the model does not map.
const std::vector<std::string>& LosslessXmlDocuments() {
  static const std::vector<std::string> files = {
      "milewg-converter-out-campaign.xml",
      "milewg-converter-out-malware2-roundtrip.xml",
      "milewg-converter-out-minimal.xml",
      "milewg-converter-rfc7970-campaign-ext-value.xml",
      "milewg-converter-rfc7970-minimal-reformatted.xml",
      "milewg-rfc7970-campaign-prefixed-variant.xml",
      "milewg-rfc7970-minimal-variant.xml",
      "rfc7970-s7.1-minimal.xml",
      "rfc7970-s7.2-campaign-indicators.xml",
      "rfc8274-draft-iot-malware.xml",
      "rfc8274-draft-malware-delivery-url.xml",
  };
  return files;
}

std::vector<std::string> XmlV2Documents() {
  std::vector<std::string> files;
  for (const auto& path : testing::CorpusFiles("v2")) files.push_back(path.filename().string());
  return files;
}

class XmlToJsonRoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(XmlToJsonRoundTripTest, XmlCorpusDocumentKeepsItsModelInJson) {
  const std::string document =
      testing::ReadFile(testing::SharedIodefDir() / "docs" / "v2" / GetParam());
  const Decoded decoded = Decode(document, Policy::kTolerant, {});
  ASSERT_TRUE(decoded.ok()) << decoded.error->ToString();
  const bool lossless = std::find(LosslessXmlDocuments().begin(), LosslessXmlDocuments().end(),
                                  GetParam()) != LosslessXmlDocuments().end();
  common::Result<Rendered> rendered = RenderJson(WithoutProvenance(decoded.incidents));
  ASSERT_TRUE(rendered) << rendered.error().ToString();
  EXPECT_EQ(rendered->omitted.empty(), lossless)
      << (rendered->omitted.empty() ? "nothing omitted" : rendered->omitted.front());
  ExpectRoundTrip(decoded.incidents, lossless);
}

INSTANTIATE_TEST_SUITE_P(Corpus, XmlToJsonRoundTripTest, ::testing::ValuesIn(XmlV2Documents()),
                         [](const auto& param_info) {
                           return testing::TestNameFor(param_info.param);
                         });

}  // namespace
}  // namespace ncirt::iodef
