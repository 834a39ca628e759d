#include "iodef/map_context.hpp"

#include <libxml/parser.h>

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

DocPtr Parse(const std::string& xml) {
  return DocPtr(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "doc.xml", nullptr,
                              XML_PARSE_NONET),
                &xmlFreeDoc);
}

const xmlNode* Root(const DocPtr& doc) { return xmlDocGetRootElement(doc.get()); }

constexpr char kV2[] =
    "<IODEF-Document xmlns='urn:ietf:params:xml:ns:iodef-2.0' "
    "xmlns:sci='urn:ietf:params:xml:ns:iodef-sci-1.0' xmlns:x='urn:example:x'>\n"
    "<Incident purpose='hacking'>\n"
    "<x:Contact/>\n"
    "<Contact/>\n"
    "<Confidence rating='low'/>\n"
    "<Confidence rating='high'/>\n"
    "<AdditionalData dtype='xml'>\n  <sci:Note a='1'>kept &amp; escaped</sci:Note>\n"
    "</AdditionalData>\n"
    "</Incident>\n"
    "</IODEF-Document>\n";

TEST(MapContextTest, ChildrenAreIodefElementsOfTheDocumentsNamespaceOnly) {
  DocPtr doc = Parse(kV2);
  std::vector<v1::ValidationIssue> issues;
  MapContext ctx(IodefVersion::kV2, &issues);
  const xmlNode* incident = ctx.Children(Root(doc), "Incident").front();
  EXPECT_EQ(ctx.Children(incident, "Contact").size(), 1u);
  MapContext v1_ctx(IodefVersion::kV1, &issues);
  EXPECT_TRUE(v1_ctx.Children(incident, "Contact").empty());
  EXPECT_EQ(SchemaPath(ctx.Children(incident, "Contact").front()),
            "/IODEF-Document/Incident/Contact");
}

TEST(MapContextTest, ASecondSingleElementIsReportedAndTheFirstIsUsed) {
  DocPtr doc = Parse(kV2);
  std::vector<v1::ValidationIssue> issues;
  MapContext ctx(IodefVersion::kV2, &issues);
  const xmlNode* incident = ctx.Children(Root(doc), "Incident").front();
  const xmlNode* confidence = ctx.Child(incident, "Confidence");
  ASSERT_NE(confidence, nullptr);
  EXPECT_EQ(Attribute(confidence, "rating"), "low");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line(), 6u);
  EXPECT_EQ(issues[0].level(), v1::ValidationIssue::LEVEL_WARNING);
}

TEST(MapContextTest, AnUnregisteredTokenIsReportedAtItsAttribute) {
  DocPtr doc = Parse(kV2);
  std::vector<v1::ValidationIssue> issues;
  MapContext ctx(IodefVersion::kV2, &issues);
  const xmlNode* incident = ctx.Children(Root(doc), "Incident").front();
  const EnumRead<v1::Purpose> purpose = ctx.Enum<v1::Purpose>(incident);
  EXPECT_EQ(purpose.value, v1::PURPOSE_EXT_VALUE);
  EXPECT_EQ(purpose.ext, "hacking");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].schema_path(), "/IODEF-Document/Incident/@purpose");
  EXPECT_EQ(issues[0].line(), 2u);
  EXPECT_NE(issues[0].message().find("'hacking' is not registered"), std::string::npos);
}

TEST(MapContextTest, XmlContentIsSerialisedWithTheNamespacesItUses) {
  DocPtr doc = Parse(kV2);
  std::vector<v1::ValidationIssue> issues;
  MapContext ctx(IodefVersion::kV2, &issues);
  const xmlNode* incident = ctx.Children(Root(doc), "Incident").front();
  const v1::ExtensionData data = ctx.Extension(ctx.Children(incident, "AdditionalData").front());
  EXPECT_EQ(data.dtype(), "xml");
  EXPECT_EQ(data.value(),
            "<sci:Note xmlns:sci=\"urn:ietf:params:xml:ns:iodef-sci-1.0\" a=\"1\">kept &amp; "
            "escaped</sci:Note>");
  EXPECT_TRUE(issues.empty());
}

TEST(MapContextTest, V1TextTakesItsLanguageFromThePlainLangAttribute) {
  DocPtr doc = Parse(
      "<Incident xmlns='urn:ietf:params:xml:ns:iodef-1.0'>"
      "<Description lang='de'>  Wurm  </Description></Incident>");
  std::vector<v1::ValidationIssue> issues;
  MapContext ctx(IodefVersion::kV1, &issues);
  const v1::LocalizedText text = ctx.Localized(ctx.Children(Root(doc), "Description").front());
  EXPECT_EQ(text.text(), "Wurm");
  EXPECT_EQ(text.lang(), "de");
}

TEST(MapContextTest, MalformedNumbersAndTimesAreWarningsNotFailures) {
  DocPtr doc = Parse(
      "<IODEF-Document xmlns='urn:ietf:params:xml:ns:iodef-2.0'>"
      "<DetectTime>yesterday</DetectTime></IODEF-Document>");
  std::vector<v1::ValidationIssue> issues;
  MapContext ctx(IodefVersion::kV2, &issues);
  EXPECT_FALSE(ctx.ChildTime(Root(doc), "DetectTime").has_value());
  EXPECT_FALSE(ctx.Integer(Root(doc), "80x", "Port").has_value());
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].schema_path(), "/IODEF-Document/DetectTime");
  EXPECT_NE(issues[1].message().find("Port '80x' is not an integer"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::iodef
