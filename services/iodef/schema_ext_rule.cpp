// RFC 7970 §5.1.1 (and RFC 5070 §5.1): an enumerated attribute extends its list with the value
// "ext-value" plus the new value in the companion attribute "ext-<name>". The XSD declares both
// attributes independently, so it accepts an ext-* attribute without ext-value and ext-value
// without its ext-* attribute; both leave the value unknowable, so they are violations here.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iodef/schema_validator.hpp"

namespace ncirt::iodef::detail {
namespace {

constexpr std::string_view kExtPrefix = "ext-";
constexpr std::string_view kExtValue = "ext-value";

std::string_view AsView(const xmlChar* text) {
  return text == nullptr ? std::string_view() : reinterpret_cast<const char*>(text);
}

bool InIodefNamespace(const xmlNode& node) {
  if (node.ns == nullptr) return false;
  const std::string_view ns = AsView(node.ns->href);
  return ns == kIodefV2Namespace || ns == kIodefV1Namespace;
}

// The value of the unqualified attribute `name`, or nullopt when absent.
std::optional<std::string> AttributeValue(const xmlNode& element, std::string_view name) {
  for (const xmlAttr* attr = element.properties; attr != nullptr; attr = attr->next) {
    if (attr->ns != nullptr || AsView(attr->name) != name) continue;
    xmlChar* value = xmlNodeListGetString(element.doc, attr->children, 1);
    std::string text(AsView(value));
    xmlFree(value);
    return text;
  }
  return std::nullopt;
}

v1::ValidationIssue Issue(const xmlNode& element, std::string message) {
  v1::ValidationIssue issue;
  issue.set_level(v1::ValidationIssue::LEVEL_ERROR);
  const long line = xmlGetLineNo(&element);
  issue.set_line(line > 0 ? static_cast<std::uint32_t>(line) : 0);
  issue.set_schema_path(ElementPath(&element));
  issue.set_message(std::move(message));
  return issue;
}

// Where the rule is written, for the version the element belongs to.
std::string_view RuleReference(const xmlNode& element) {
  return AsView(element.ns->href) == kIodefV1Namespace ? "RFC 5070 section 5.1"
                                                        : "RFC 7970 section 5.1.1";
}

void CheckElement(const xmlNode& element, std::vector<v1::ValidationIssue>& issues) {
  const std::string named = "Element '" + std::string(AsView(element.name)) + "'";
  const std::string rule(RuleReference(element));
  for (const xmlAttr* attr = element.properties; attr != nullptr; attr = attr->next) {
    if (attr->ns != nullptr) continue;
    const std::string_view name = AsView(attr->name);
    if (name.starts_with(kExtPrefix)) {
      const std::string base(name.substr(kExtPrefix.size()));
      const std::optional<std::string> base_value = AttributeValue(element, base);
      if (base_value == kExtValue) continue;
      issues.push_back(Issue(
          element, named + ": attribute '" + std::string(name) + "' is set, but '" + base +
                       (base_value ? "' is '" + *base_value + "'" : "' is absent") +
                       "; an ext-* attribute is allowed only when its attribute is 'ext-value' "
                       "(" + rule + ")."));
      continue;
    }
    const std::optional<std::string> value = AttributeValue(element, name);
    if (value != kExtValue) continue;
    const std::string ext = std::string(kExtPrefix) + std::string(name);
    const std::optional<std::string> ext_value = AttributeValue(element, ext);
    if (ext_value && !ext_value->empty()) continue;
    issues.push_back(Issue(element, named + ": attribute '" + std::string(name) +
                                        "' is 'ext-value', but '" + ext +
                                        "' that must give the value is " +
                                        (ext_value ? "empty" : "absent") +
                                        " (" + rule + ")."));
  }
}

void Walk(const xmlNode* node, std::vector<v1::ValidationIssue>& issues) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    // Foreign elements (AdditionalData content, signatures, SCI) follow their own rules.
    if (!InIodefNamespace(*node)) continue;
    CheckElement(*node, issues);
    Walk(node->children, issues);
  }
}

}  // namespace

std::vector<v1::ValidationIssue> CheckExtAttributes(const xmlDoc& doc) {
  std::vector<v1::ValidationIssue> issues;
  Walk(xmlDocGetRootElement(&doc), issues);
  return issues;
}

}  // namespace ncirt::iodef::detail
