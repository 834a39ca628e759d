#include "iodef/render_xml_fragment.hpp"

#include <memory>

#include <libxml/parser.h>

namespace ncirt::iodef {

xmlNode* ParseXmlFragment(xmlNode* context, std::string_view text, bool* ok) {
  *ok = true;
  if (text.empty()) return nullptr;
  xmlNode* list = nullptr;
  const xmlParserErrors rc =
      xmlParseInNodeContext(context, text.data(), static_cast<int>(text.size()),
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING, &list);
  if (rc != XML_ERR_OK) {
    xmlFreeNodeList(list);
    *ok = false;
    return nullptr;
  }
  return list;
}

bool IsXmlFragment(std::string_view text) {
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")), &xmlFreeDoc);
  xmlNode* root = xmlNewDocNode(doc.get(), nullptr, reinterpret_cast<const xmlChar*>("r"), nullptr);
  xmlDocSetRootElement(doc.get(), root);
  bool ok = false;
  xmlFreeNodeList(ParseXmlFragment(root, text, &ok));
  return ok;
}

namespace {

std::string FirstBarNamespace(const xmlNode* node) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    if (node->ns != nullptr && node->ns->href != nullptr) {
      const std::string_view href(reinterpret_cast<const char*>(node->ns->href));
      if (href.find('|') != std::string_view::npos) return std::string(href);
    }
    std::string inner = FirstBarNamespace(node->children);
    if (!inner.empty()) return inner;
  }
  return {};
}

}  // namespace

FragmentCheck CheckXmlFragment(std::string_view text) {
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")), &xmlFreeDoc);
  xmlNode* root = xmlNewDocNode(doc.get(), nullptr, reinterpret_cast<const xmlChar*>("r"), nullptr);
  xmlDocSetRootElement(doc.get(), root);
  FragmentCheck check;
  xmlNode* nodes = ParseXmlFragment(root, text, &check.well_formed);
  check.unwritable_namespace = FirstBarNamespace(nodes);
  xmlFreeNodeList(nodes);
  return check;
}

}  // namespace ncirt::iodef
