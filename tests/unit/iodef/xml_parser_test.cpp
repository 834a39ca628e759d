#include "iodef/xml_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/tree.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kV2Namespace = "urn:ietf:params:xml:ns:iodef-2.0";

std::string Hostile(const std::string& name) {
  return testing::ReadFile(testing::TestDataDir() / "hostile" / name);
}

std::string Corpus(const std::string& relative) {
  return testing::ReadFile(testing::SharedIodefDir() / "docs" / relative);
}

std::string Text(const xmlChar* text) { return reinterpret_cast<const char*>(text); }

// The first element child of `node` named `name`, searching depth-first.
const xmlNode* Find(const xmlNode* node, std::string_view name) {
  for (const xmlNode* child = node; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (Text(child->name) == name) return child;
    if (const xmlNode* found = Find(child->children, name)) return found;
  }
  return nullptr;
}

std::string ContentOf(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string text = Text(content);
  xmlFree(content);
  return text;
}

std::string Wrap(const std::string& body) {
  return "<IODEF-Document xmlns=\"" + std::string(kV2Namespace) + "\">" + body +
         "</IODEF-Document>";
}

// A root without a namespace declaration, so that only the attributes under test count.
std::string Plain(const std::string& body) { return "<r>" + body + "</r>"; }

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out.append(piece);
  return out;
}

TEST(XmlParserTest, ParsesCorpusDocumentWithNamespaceAndLines) {
  auto doc = ParseXml(Corpus("v2/rfc7970-s7.1-minimal.xml"), Limits{});
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  EXPECT_EQ(Text(root->name), "IODEF-Document");
  EXPECT_EQ(Text(root->ns->href), kV2Namespace);
  const xmlNode* id = Find(root, "IncidentID");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(ContentOf(id), "492382");
  EXPECT_EQ(xmlGetLineNo(id), 10);
}

TEST(XmlParserTest, KeepsLineNumbersPastLine65535) {
  std::string body;
  for (int i = 0; i < 70'000; ++i) body += "<Description>x</Description>\n";
  auto doc = ParseXml(Wrap("\n" + body + "<GenerationTime>t</GenerationTime>"), Limits{});
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  const xmlNode* last = Find(xmlDocGetRootElement(doc->get()), "GenerationTime");
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(xmlGetLineNo(last), 70'002);
}

TEST(XmlParserTest, ParsesUtf16WithByteOrderMark) {
  auto doc = ParseXml(Hostile("utf16-bom-valid.xml"), Limits{});
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  const xmlNode* description = Find(xmlDocGetRootElement(doc->get()), "Description");
  ASSERT_NE(description, nullptr);
  EXPECT_EQ(ContentOf(description),
            "\xC3\x9C" "berlastungsangriff auf Stra\xC3\x9F" "enverkehrs-\xC3\x84mter (Gr\xC3\xBC"
            "\xC3\x9F" "e, \xE2\x98\x83)");
}

TEST(XmlParserTest, ReportsMismatchedEndTagWithBothNamesAndPosition) {
  XmlPosition position;
  auto doc = ParseXml(Corpus("invalid/synth-v2-mismatched-end-tag.xml"), Limits{}, &position);
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().kind, ErrorKind::kInvalidDocument);
  EXPECT_EQ(doc.error().message,
            "end tag 'GenerationTim' does not match the start tag 'GenerationTime' opened on "
            "line 12");
  EXPECT_EQ(position.line, 12u);
  EXPECT_GT(position.column, 0u);
  EXPECT_EQ(doc.error().where,
            "line 12, column " + std::to_string(position.column));
}

TEST(XmlParserTest, RejectsUndeclaredEntityReference) {
  auto doc = ParseXml(Wrap("<Description>&secret;</Description>"), Limits{});
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().kind, ErrorKind::kInvalidDocument);
  EXPECT_THAT(doc.error().message, HasSubstr("'&secret;' is not defined"));
}

TEST(XmlParserTest, RejectsUndeclaredNamespacePrefix) {
  auto doc = ParseXml(Wrap("<x:Description>a</x:Description>"), Limits{});
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().kind, ErrorKind::kInvalidDocument);
  EXPECT_THAT(doc.error().message, HasSubstr("prefix x"));
}

TEST(XmlParserTest, AcceptsNamespaceUriWarningsAsWellFormed) {
  // RFC 7970's own extension example declares xmlns:iodef=" urn:..." (a leading space); libxml2
  // warns, but the document is well-formed and must reach schema validation.
  auto doc = ParseXml(Corpus("invalid/rfc7970-s5.2-extension-excerpt.xml"), Limits{});
  EXPECT_TRUE(doc.has_value()) << doc.error().ToString();
}

TEST(XmlParserTest, RejectsEmptyInput) {
  auto doc = ParseXml("", Limits{});
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().kind, ErrorKind::kInvalidDocument);
}

TEST(XmlParserTest, EachLimitHasItsOwnMessage) {
  struct Case {
    std::string name;
    Limits limits;
    std::string document;
    std::string message;
  };
  Limits depth;
  depth.max_depth = 3;
  Limits elements;
  elements.max_elements = 3;
  Limits attribute;
  attribute.max_attribute_bytes = 8;
  Limits text;
  text.max_text_bytes = 8;
  Limits size;
  size.max_document_bytes = 10;
  const std::vector<Case> cases = {
      {"depth", depth, Plain("<a><b><c/></b></a>"),
       "elements are nested more than 3 levels deep, the limit; the excess starts at element 'c'"},
      {"elements", elements, Plain("<a/><b/><c/>"),
       "the document has more than 3 elements, the limit; the excess starts at element 'c'"},
      {"attribute", attribute, Plain("<a name=\"123456789\"/>"),
       "attribute 'name' of element 'a' is 9 bytes long; the limit is 8 bytes"},
      {"namespace", attribute, Plain("<a xmlns:p=\"urn:12345\"/>"),
       "attribute 'xmlns:p' of element 'a' is 9 bytes long; the limit is 8 bytes"},
      {"text", text, Plain("<a>123456789</a>"),
       "text content of element 'a' is longer than 8 bytes, the limit"},
      {"cdata", text, Plain("<a><![CDATA[12345]]>6789</a>"),
       "text content of element 'a' is longer than 8 bytes, the limit"},
      {"size", size, Plain("<a/>"), "the document is 11 bytes long; the limit is 10 bytes"},
  };
  for (const Case& c : cases) {
    auto doc = ParseXml(c.document, c.limits);
    ASSERT_FALSE(doc.has_value()) << c.name;
    EXPECT_EQ(doc.error().kind, ErrorKind::kTooLarge) << c.name;
    EXPECT_EQ(doc.error().message, c.message) << c.name;
  }
}

TEST(XmlParserTest, DocumentsAtTheLimitsParse) {
  Limits limits;
  limits.max_depth = 3;
  limits.max_elements = 4;
  limits.max_attribute_bytes = 9;
  limits.max_text_bytes = 9;
  const std::string document = Plain("<a n=\"123456789\"><b>123456789</b></a><c/>");
  limits.max_document_bytes = document.size();
  auto doc = ParseXml(document, limits);
  EXPECT_TRUE(doc.has_value()) << doc.error().ToString();
}

// --- Hostile inputs --------------------------------------------------------------------------

struct HostileCase {
  std::string name;
  std::function<std::string()> document;
  ErrorKind kind;
  std::string message;
  std::uint32_t line;  // 0: not checked
};

std::string HostNameContent() {
  const std::filesystem::path path = "/etc/hostname";
  if (!std::filesystem::exists(path)) return {};
  std::string content = testing::ReadFile(path);
  while (!content.empty() && (content.back() == '\n' || content.back() == ' ')) content.pop_back();
  return content;
}

const std::vector<HostileCase>& HostileCases() {
  static const std::vector<HostileCase> cases = {
      {"billion_laughs", [] { return Hostile("billion-laughs.xml"); },
       ErrorKind::kInvalidDocument,
       "document type declarations are not allowed in incident reports", 2},
      {"xxe_local_file", [] { return Hostile("xxe-local-file.xml"); },
       ErrorKind::kInvalidDocument,
       "document type declarations are not allowed in incident reports", 2},
      {"external_dtd_over_http", [] { return Hostile("external-dtd-http.xml"); },
       ErrorKind::kInvalidDocument,
       "document type declarations are not allowed in incident reports", 2},
      {"parameter_entities", [] { return Hostile("parameter-entities.xml"); },
       ErrorKind::kInvalidDocument,
       "document type declarations are not allowed in incident reports", 2},
      {"corpus_entity_expansion", [] { return Corpus("invalid/synth-v2-entity-expansion.xml"); },
       ErrorKind::kInvalidDocument,
       "document type declarations are not allowed in incident reports", 3},
      {"corpus_xxe", [] { return Corpus("invalid/synth-v2-xxe-external-entity.xml"); },
       ErrorKind::kInvalidDocument,
       "document type declarations are not allowed in incident reports", 3},
      {"nesting_depth_10000",
       [] { return Wrap(Repeat("<a>", 10'000) + Repeat("</a>", 10'000)); },
       ErrorKind::kTooLarge,
       "elements are nested more than 64 levels deep, the limit; the excess starts at element "
       "'a'",
       1},
      {"attribute_10_mb",
       [] { return Wrap("<IncidentID name=\"" + std::string(10u << 20, 'A') + "\">1</IncidentID>"); },
       ErrorKind::kTooLarge,
       // Over libxml2's own 10,000,000-byte limit, which stops it before any callback of ours.
       "an attribute value is more than 10000000 bytes long; the limit is 65536 bytes", 1},
      {"attribute_9_mb",
       [] { return Wrap("<IncidentID name=\"" + std::string(9u << 20, 'A') + "\">1</IncidentID>"); },
       ErrorKind::kTooLarge,
       "attribute 'name' of element 'IncidentID' is 9437184 bytes long; the limit is 65536 bytes",
       1},
      {"one_million_elements", [] { return Wrap(Repeat("<a/>", 1'000'000)); },
       ErrorKind::kTooLarge,
       "the document has more than 500000 elements, the limit; the excess starts at element 'a'",
       1},
      {"text_5_mb",
       [] { return Wrap("<Description>" + std::string(5u << 20, 't') + "</Description>"); },
       ErrorKind::kTooLarge,
       "text content of element 'Description' is longer than 4194304 bytes, the limit", 1},
      {"over_size_limit", [] { return Wrap(std::string((16u << 20) + 1, ' ')); },
       ErrorKind::kTooLarge, "the document is 16777291 bytes long; the limit is 16777216 bytes",
       0},
      {"truncated", [] { return Hostile("truncated.xml"); }, ErrorKind::kInvalidDocument,
       "an attribute value is not closed by its quote (was the document truncated?)", 6},
      {"invalid_utf8", [] { return Hostile("invalid-utf8.xml"); }, ErrorKind::kInvalidDocument,
       "the document is not valid UTF-8 (bytes 0xFF 0xFE 0x20 0x72); save it as UTF-8 or declare "
       "its real encoding in the XML declaration",
       6},
  };
  return cases;
}

class XmlParserHostileTest : public ::testing::TestWithParam<HostileCase> {};

TEST_P(XmlParserHostileTest, IsRefusedQuicklyWithItsOwnKindAndMessage) {
  const HostileCase& c = GetParam();
  const std::string document = c.document();
  XmlPosition position;
  ::testing::internal::CaptureStderr();
  const auto start = std::chrono::steady_clock::now();
  auto doc = ParseXml(document, Limits{}, &position);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const std::string printed = ::testing::internal::GetCapturedStderr();

  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().kind, c.kind);
  EXPECT_EQ(doc.error().message, c.message);
  if (c.line != 0) {
    EXPECT_EQ(position.line, c.line);
  }
  EXPECT_EQ(printed, "") << "libxml2 must not print";
  // Generous: the point is that nothing is expanded or fetched, which would take far longer.
  EXPECT_LT(elapsed, std::chrono::seconds(10));
  const std::string host = HostNameContent();
  if (!host.empty()) {
    EXPECT_THAT(doc.error().ToString(), Not(HasSubstr(host)));
  }
}

std::string HostileName(const ::testing::TestParamInfo<HostileCase>& case_info) {
  return case_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Hostile, XmlParserHostileTest, ::testing::ValuesIn(HostileCases()),
                         HostileName);

// Defence in depth: even a libxml2 call that asks for entity substitution and DTD loading cannot
// make the process read a file once the codec's loader is installed.
TEST(XmlParserTest, LibraryLoaderRefusesFilesEvenWhenAskedToLoadThem) {
  InitXmlLibrary();
  const std::string document =
      "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><r>&x;</r>";
  XmlDocPtr doc(xmlReadMemory(document.data(), static_cast<int>(document.size()), nullptr,
                              nullptr,
                              XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING));
  const std::string host = HostNameContent();
  if (doc != nullptr && !host.empty()) {
    EXPECT_THAT(ContentOf(xmlDocGetRootElement(doc.get())), Not(HasSubstr(host)));
  }
}

TEST(XmlParserTest, LibraryLoaderServesTheEmbeddedSchemaImportsWithoutNetwork) {
  InitXmlLibrary();
  XmlDocPtr doc(xmlReadFile("http://www.w3c.org/2001/xml.xsd", nullptr,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(Text(xmlDocGetRootElement(doc.get())->name), "schema");
}

TEST(XmlParserTest, ConcurrentParsesKeepTheirOwnErrors) {
  const std::string mismatched = Corpus("invalid/synth-v2-mismatched-end-tag.xml");
  const std::string utf8 = Hostile("invalid-utf8.xml");
  const std::string good = Corpus("v2/rfc8274-draft-malware.xml");
  std::vector<std::string> failures;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto a = ParseXml(mismatched, Limits{});
        auto b = ParseXml(utf8, Limits{});
        auto c = ParseXml(good, Limits{});
        const bool ok = !a && a.error().message.starts_with("end tag") &&
                        !b && b.error().message.starts_with("the document is not valid UTF-8") &&
                        c.has_value();
        if (!ok) {
          std::lock_guard lock(mutex);
          failures.push_back("thread " + std::to_string(t) + " iteration " + std::to_string(i));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_THAT(failures, ::testing::IsEmpty());
}

}  // namespace
}  // namespace ncirt::iodef
