#include "iodef/schema_validator.hpp"

#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "iodef/xml_parser.hpp"

namespace ncirt::iodef {
namespace {

std::string_view AsView(const xmlChar* text) {
  return text == nullptr ? std::string_view() : reinterpret_cast<const char*>(text);
}

bool IsIodefNamespace(std::string_view ns) {
  return ns == kIodefV2Namespace || ns == kIodefV1Namespace;
}

std::uint32_t LineOf(const xmlNode* node) {
  const long line = xmlGetLineNo(node);
  return line > 0 ? static_cast<std::uint32_t>(line) : 0;
}

struct Collector {
  std::vector<v1::ValidationIssue> issues;
};

void CollectIssue(void* collector, xmlErrorPtr error) {
  // Warnings are not violations; libxml2 uses them for schema-construction notes.
  if (error == nullptr || error->level < XML_ERR_ERROR) return;
  v1::ValidationIssue issue;
  issue.set_level(v1::ValidationIssue::LEVEL_ERROR);
  const auto* node = static_cast<const xmlNode*>(error->node);
  std::uint32_t line = error->line > 0 ? static_cast<std::uint32_t>(error->line) : 0;
  if (node != nullptr && (line == 0 || line == 65535)) line = LineOf(node);
  issue.set_line(line);
  issue.set_column(error->int2 > 0 ? static_cast<std::uint32_t>(error->int2) : 0);
  issue.set_schema_path(detail::ElementPath(node));
  issue.set_message(detail::RewriteSchemaMessage(error->message == nullptr ? "" : error->message));
  static_cast<Collector*>(collector)->issues.push_back(std::move(issue));
}

struct ValidCtxtDeleter {
  void operator()(xmlSchemaValidCtxt* ctxt) const { xmlSchemaFreeValidCtxt(ctxt); }
};

std::string QualifiedName(const xmlNode& node) {
  std::string name;
  if (node.ns != nullptr && node.ns->href != nullptr) {
    name = "{" + std::string(AsView(node.ns->href)) + "}";
  }
  return name + std::string(AsView(node.name));
}

}  // namespace

common::Result<v1::SourceFormat> DetectFormat(const xmlDoc& doc) {
  const xmlNode* root = xmlDocGetRootElement(&doc);
  if (root == nullptr) {
    return common::Fail(common::ErrorKind::kInvalidDocument, "the document has no root element");
  }
  const std::string where = "line " + std::to_string(LineOf(root));
  const std::string_view ns = root->ns == nullptr ? std::string_view() : AsView(root->ns->href);
  const std::string_view name = AsView(root->name);
  if (!IsIodefNamespace(ns)) {
    return common::Fail(common::ErrorKind::kInvalidDocument,
                        "not an IODEF document: root element " + QualifiedName(*root) +
                            "; IODEF documents are in namespace " +
                            std::string(kIodefV2Namespace) + " (or " +
                            std::string(kIodefV1Namespace) + ")",
                        where);
  }
  const bool v2 = ns == kIodefV2Namespace;
  if (name == "IODEF-Document") {
    return v2 ? v1::SOURCE_FORMAT_IODEF_V2_XML : v1::SOURCE_FORMAT_IODEF_V1_XML;
  }
  if (name == "Incident" && !v2) return v1::SOURCE_FORMAT_IODEF_V1_XML;
  return common::Fail(common::ErrorKind::kInvalidDocument,
                      "not an IODEF document: root element " + QualifiedName(*root) +
                          "; an IODEF document starts with IODEF-Document (or, in IODEF v1 only, "
                          "a bare Incident)",
                      where);
}

std::vector<v1::ValidationIssue> ValidateSchema(const xmlDoc& doc, v1::SourceFormat format) {
  xmlSchema* schema = detail::CompiledSchema(format);
  std::unique_ptr<xmlSchemaValidCtxt, ValidCtxtDeleter> ctxt(xmlSchemaNewValidCtxt(schema));
  if (ctxt == nullptr) throw std::bad_alloc();
  Collector collector;
  xmlSchemaSetValidStructuredErrors(ctxt.get(), &CollectIssue, &collector);
  {
    ScopedXmlErrorHandler scoped(&collector, &CollectIssue);
    // libxml2 takes a non-const tree but only reads it: no default attributes are added unless
    // XML_SCHEMA_VAL_VC_I_CREATE is set, which it is not.
    const int result = xmlSchemaValidateDoc(ctxt.get(), const_cast<xmlDoc*>(&doc));
    if (result < 0 && collector.issues.empty()) {
      throw std::runtime_error("libxml2 schema validation failed internally");
    }
  }
  // The schema's violations first (the first one is what a strict rejection names, matching
  // what xmllint reports), then the ext-value rule's; each list is in document order.
  std::vector<v1::ValidationIssue> issues = std::move(collector.issues);
  std::vector<v1::ValidationIssue> ext = detail::CheckExtAttributes(doc);
  issues.insert(issues.end(), std::make_move_iterator(ext.begin()),
                std::make_move_iterator(ext.end()));
  return issues;
}

namespace detail {

std::string ElementPath(const xmlNode* node) {
  if (node != nullptr && node->type == XML_ATTRIBUTE_NODE) node = node->parent;
  std::vector<std::string> names;
  for (; node != nullptr && node->type == XML_ELEMENT_NODE; node = node->parent) {
    const std::string_view ns = node->ns == nullptr ? std::string_view() : AsView(node->ns->href);
    std::string name(AsView(node->name));
    if (!IsIodefNamespace(ns) && node->ns != nullptr) {
      name = node->ns->prefix != nullptr ? std::string(AsView(node->ns->prefix)) + ":" + name
                                         : "{" + std::string(ns) + "}" + name;
    }
    names.push_back(std::move(name));
  }
  std::string path;
  for (auto it = names.rbegin(); it != names.rend(); ++it) path += "/" + *it;
  return path;
}

}  // namespace detail
}  // namespace ncirt::iodef
