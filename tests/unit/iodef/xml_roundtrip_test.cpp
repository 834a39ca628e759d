// Every IODEF XML document of the corpus (docs/v2, docs/v1), one case each:
// map (tolerantly) -> render -> the rendering is valid against the official iodef-2.0.xsd ->
// map again -> the two models are equal.
//
// "Equal" is exact, field by field (MessageDifferencer), against what the renderer says it
// writes: PrepareForXml() of the first model (render_xml_prepare.hpp). Preparation changes a
// model only in documented ways, which this file restates on its own (Normalise()) and checks:
// the document language made explicit, the DomainData statuses RFC 7970 requires, a missing
// AdditionalData dtype, IODEF v1 content in its v2 form; and what the official schema cannot hold is left out and named in
// Rendered::omitted, which the table below pins per document. The unavoidable exceptions are
// therefore all in that table, each with its reason.
#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "iodef/codec.hpp"
#include "iodef/enums.hpp"
#include "iodef/map_xml.hpp"
#include "iodef/render_xml_prepare.hpp"
#include "iodef/schema_validator.hpp"
#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

DocPtr Parse(const std::string& xml) {
  return DocPtr(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "doc.xml", nullptr,
                              XML_PARSE_NONET),
                &xmlFreeDoc);
}

// The official schema from the shared corpus, read with libxml2 directly (imports through the
// corpus's catalog, no network): independent of the copy compiled into the codec.
class OfficialSchema {
 public:
  static OfficialSchema& Get() {
    static OfficialSchema schema;
    return schema;
  }

  // Every violation, one per line; empty when valid.
  std::string Violations(xmlDoc& doc) {
    std::string out;
    std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> ctxt(
        xmlSchemaNewValidCtxt(schema_), &xmlSchemaFreeValidCtxt);
    xmlSchemaSetValidStructuredErrors(
        ctxt.get(),
        [](void* sink, xmlErrorPtr error) {
          *static_cast<std::string*>(sink) +=
              "line " + std::to_string(error->line) + ": " + error->message;
        },
        &out);
    if (xmlSchemaValidateDoc(ctxt.get(), &doc) != 0 && out.empty()) out = "invalid";
    return out;
  }

 private:
  OfficialSchema() {
    const std::string dir = (testing::SharedIodefDir() / "schema").string();
    xmlLoadCatalog((dir + "/catalog.xml").c_str());
    xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
    std::unique_ptr<xmlSchemaParserCtxt, decltype(&xmlSchemaFreeParserCtxt)> parser(
        xmlSchemaNewParserCtxt((dir + "/iodef-2.0.xsd").c_str()), &xmlSchemaFreeParserCtxt);
    schema_ = xmlSchemaParse(parser.get());
    if (schema_ == nullptr) throw std::runtime_error("iodef-2.0.xsd does not compile");
  }
  xmlSchema* schema_ = nullptr;
};

v1::SourceFormat FormatOf(const xmlDoc& doc) {
  const xmlNode* root = xmlDocGetRootElement(&doc);
  const std::string ns = root->ns != nullptr ? reinterpret_cast<const char*>(root->ns->href) : "";
  return ns == "urn:ietf:params:xml:ns:iodef-1.0" ? v1::SOURCE_FORMAT_IODEF_V1_XML
                                                  : v1::SOURCE_FORMAT_IODEF_V2_XML;
}

// The documented changes preparation makes to any model, restated here independently of the
// renderer: the document language made explicit, RFC 7970's required DomainData statuses, the
// required dtype of an AdditionalData that had none (XEP-0268's), and the IODEF v1 forms upgraded (v1 Impact -> SystemImpact with v1-only types as ext-value,
// NodeName -> DomainData/Name). What is left out is checked separately, from `omitted`.
void Normalise(google::protobuf::Message& message) {
  if (auto* domain = dynamic_cast<v1::DomainData*>(&message)) {
    if (domain->system_status().empty()) domain->set_system_status("unknown");
    if (domain->domain_status().empty()) domain->set_domain_status("unknown");
  }
  if (auto* data = dynamic_cast<v1::ExtensionData*>(&message);
      data && data->dtype().empty() && data->ext_dtype().empty()) {
    data->set_dtype(data->value().starts_with('<') ? "xml" : "string");
  }
  if (auto* node = dynamic_cast<v1::Node*>(&message)) {
    for (const std::string& name : node->node_names()) {
      v1::DomainData* domain = node->add_domain_data();
      domain->set_name(name);
    }
    node->clear_node_names();
  }
  if (auto* impact = dynamic_cast<v1::Impact*>(&message); impact && impact->has_v1_impact()) {
    v1::SystemImpact system = impact->v1_impact();
    if (!IsRegistered(EnumAttr::kSystemImpactType, system.type()) && !system.type().empty()) {
      system.set_ext_type(system.type());
      system.set_type("ext-value");
    }
    *impact->mutable_system() = system;
  }
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        Normalise(*reflection->MutableRepeatedMessage(&message, field, i));
      }
    } else {
      Normalise(*reflection->MutableMessage(&message, field));
    }
  }
}

std::vector<v1::Incident> Normalised(std::vector<v1::Incident> incidents) {
  const std::string lang = incidents.front().lang().empty() ? "en" : incidents.front().lang();
  for (v1::Incident& incident : incidents) {
    if (incident.lang().empty()) incident.set_lang(lang);
    Normalise(incident);
  }
  return incidents;
}

// What the official schema cannot hold, per document: how many omissions, and what some of
// them are about. Documents not listed must render with nothing left out.
struct Expected {
  // Not mappable at all: no ReportTime and no other time to take the generation time from
  // (map_xml_test.cpp pins the message).
  bool unmappable = false;
  std::size_t omissions = 0;
  std::vector<std::string> about;
};

// The RFC 7970 §7.2 example and its variants name a ThreatActor without URL (the schema needs
// one) and a BulkObservable type "fqdn", which the schema's list (without ext-value) cannot carry;
// the Indicator holding it goes with it.
const Expected kCampaign{.omissions = 3,
                         .about = {"ThreatActor without URL", "BulkObservable/@type: 'fqdn'",
                                   "IndicatorData/Indicator[0]: Indicator without"}};
// The guidance-draft malware example refers to FileData and registry keys inside Record, which
// the model does not map, and an "and" expression holds a WindowsRegistryKeysModified: the
// expressions that would mean something else without those parts go as a whole.
const Expected kMalware{.omissions = 10,
                        .about = {"uid-ref 'file-91011-001' names no id",
                                  "WindowsRegistryKeysModified is not in the model",
                                  "'and' expression lost a part"}};

const std::map<std::string, Expected>& Expectations() {
  static const std::map<std::string, Expected> table = {
      {"mantis-scan-no-reporttime.xml", {.unmappable = true}},
      {"xep0268-inquiry-incident.xml", {.unmappable = true}},
      {"rfc7970-s7.2-campaign-indicators.xml", kCampaign},
      {"milewg-rfc7970-campaign-prefixed-variant.xml", kCampaign},
      {"milewg-converter-rfc7970-campaign-ext-value.xml", kCampaign},
      {"milewg-converter-out-campaign.xml", {.omissions = 1, .about = {"ThreatActor without URL"}}},
      {"rfc8274-draft-malware.xml", kMalware},
      {"rfc8274-draft-malware-variant.xml", kMalware},
      {"milewg-converter-out-malware1-roundtrip.xml", kMalware},
      {"milewg-converter-out-long-example.xml",
       {.omissions = 4,
        .about = {"ThreatActor without URL",
                  "Confidence: numeric value 5 not written",
                  "BulkObservable/@type: 'fqdn'"}}},
      {"milewg-converter-out-example-recursive.xml",
       {.omissions = 4,
        .about = {"ThreatActor without URL", "'ext-value' without its ext-category value",
                  "'ext-value' without its ext-system-status value"}}},
      // The working group's machine-made stress document: ext-value without its ext-* value,
      // Confidence content, ThreatActors without URL, an unregistered IndicatorExpression
      // operator, references to AdditionalData ids the model does not keep.
      {"milewg-converter-out-longlong-example.xml",
       {.omissions = 76,
        .about = {"'ext-value' without its ext-type value",
                  "RFC 7970's schema gives Confidence no content",
                  "@operator: 'tac' is not in indicatorexpression-operator-type",
                  "Contact without type", "names no id in this document"}}},
  };
  return table;
}

class XmlRoundTripTest : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(XmlRoundTripTest, MapRenderValidateMapGivesTheSameModel) {
  const std::filesystem::path& path = GetParam();
  const auto row = Expectations().find(path.filename().string());
  const Expected expected = row != Expectations().end() ? row->second : Expected{};

  DocPtr source = Parse(testing::ReadFile(path));
  ASSERT_NE(source, nullptr) << "corpus document is not well-formed";
  const common::Result<Mapped> first = MapXml(*source, FormatOf(*source));
  if (expected.unmappable) {
    ASSERT_FALSE(first.has_value());
    EXPECT_EQ(first.error().kind, common::ErrorKind::kUnmappable);
    return;
  }
  ASSERT_TRUE(first.has_value()) << first.error().ToString();

  const common::Result<Rendered> rendered = RenderXml(first->incidents);
  ASSERT_TRUE(rendered.has_value()) << rendered.error().ToString();
  DocPtr output = Parse(rendered->document);
  ASSERT_NE(output, nullptr) << rendered->document;
  EXPECT_EQ(OfficialSchema::Get().Violations(*output), "") << rendered->document;
  EXPECT_TRUE(detail::CheckExtAttributes(*output).empty())
      << "RFC 7970 §5.1.1 ext-value rule broken:\n" << rendered->document;

  const common::Result<Mapped> second = MapXml(*output, v1::SOURCE_FORMAT_IODEF_V2_XML);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  // What the renderer wrote maps without a single issue.
  for (const v1::ValidationIssue& issue : second->issues) {
    ADD_FAILURE() << "issue mapping the rendering: " << issue.schema_path() << ": "
                  << issue.message();
  }

  // The round trip itself: exact, against what the renderer says it writes.
  const common::Result<PreparedDocument> prepared = PrepareForXml(first->incidents);
  ASSERT_TRUE(prepared.has_value());
  EXPECT_EQ(prepared->omitted, rendered->omitted);
  ASSERT_EQ(second->incidents.size(), prepared->incidents.size());
  for (std::size_t i = 0; i < prepared->incidents.size(); ++i) {
    google::protobuf::util::MessageDifferencer differencer;
    std::string report;
    differencer.ReportDifferencesToString(&report);
    EXPECT_TRUE(differencer.Compare(prepared->incidents[i], second->incidents[i]))
        << "incident " << i << " differs after the round trip:\n" << report;
  }

  // And what the renderer writes is the mapped model itself, but for the documented changes
  // and the omissions it names.
  std::string omissions;
  for (const std::string& line : rendered->omitted) omissions += "\n  " + line;
  EXPECT_EQ(rendered->omitted.size(), expected.omissions) << omissions;
  for (const std::string& needle : expected.about) {
    EXPECT_NE(omissions.find(needle), std::string::npos) << "no omission about: " << needle;
  }
  if (expected.omissions == 0) {
    const std::vector<v1::Incident> normalised = Normalised(first->incidents);
    for (std::size_t i = 0; i < normalised.size(); ++i) {
      google::protobuf::util::MessageDifferencer differencer;
      std::string report;
      differencer.ReportDifferencesToString(&report);
      EXPECT_TRUE(differencer.Compare(normalised[i], prepared->incidents[i]))
          << "preparation changed incident " << i << " beyond the documented changes:\n"
          << report;
    }
  }
}

std::vector<std::filesystem::path> XmlCorpus() {
  std::vector<std::filesystem::path> files = testing::CorpusFiles("v2");
  for (const std::filesystem::path& file : testing::CorpusFiles("v1")) files.push_back(file);
  return files;
}

INSTANTIATE_TEST_SUITE_P(Corpus, XmlRoundTripTest, ::testing::ValuesIn(XmlCorpus()),
                         [](const ::testing::TestParamInfo<std::filesystem::path>& p) {
                           return testing::TestNameFor(p.param);
                         });

}  // namespace
}  // namespace ncirt::iodef
