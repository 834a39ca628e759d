#include <memory>

#include <libxml/tree.h>

#include "iodef/map_context.hpp"
#include "iodef/map_values.hpp"

namespace ncirt::iodef {
namespace {

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;
using BufferPtr = std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)>;

bool HasElementChild(const xmlNode* node) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) return true;
  }
  return false;
}

// One child serialised on its own. An element is first copied into a document of its own, so
// that namespaces declared on its ancestors (the IODEF root's xmlns:sci, say) are declared on it
// and the text is well-formed XML by itself.
std::string Serialise(const xmlNode* child) {
  BufferPtr buffer(xmlBufferCreate(), &xmlBufferFree);
  if (child->type == XML_ELEMENT_NODE) {
    DocPtr doc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")), &xmlFreeDoc);
    xmlNode* copy = xmlDocCopyNode(const_cast<xmlNode*>(child), doc.get(), 1);
    if (copy == nullptr) return {};
    xmlDocSetRootElement(doc.get(), copy);
    xmlNodeDump(buffer.get(), doc.get(), copy, 0, 0);
  } else {
    xmlNodeDump(buffer.get(), child->doc, const_cast<xmlNode*>(child), 0, 0);
  }
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                     static_cast<std::size_t>(xmlBufferLength(buffer.get())));
}

std::string SerialiseChildren(const xmlNode* node) {
  std::string out;
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    out += Serialise(child);
  }
  return out;
}

}  // namespace

v1::ExtensionData MapContext::Extension(const xmlNode* node) {
  v1::ExtensionData data;
  if (std::optional<std::string> name = Attribute(node, "name")) data.set_name(*name);
  const TokenRead dtype = Token(node, EnumAttr::kDtype);
  data.set_dtype(dtype.token);
  data.set_ext_dtype(dtype.ext);
  if (std::optional<std::string> meaning = Attribute(node, "meaning")) {
    data.set_meaning(*meaning);
  }
  if (std::optional<std::string> format_id = Attribute(node, "formatid")) {
    data.set_format_id(*format_id);
  }
  ReadRestriction(node, data.mutable_restriction());
  // dtype "xml" content is kept as XML text; so is element content under any other dtype (the
  // schema allows it), which is then carried as text on output.
  const bool as_xml = dtype.token == "xml" || HasElementChild(node);
  if (as_xml && dtype.token != "xml") {
    Warn(node, "element content in " + std::string(LocalName(node)) +
                   (dtype.token.empty() ? " without dtype" : " with dtype '" + dtype.token + "'") +
                   " is kept as XML text");
  }
  const std::string value = as_xml ? SerialiseChildren(node) : RawText(node);
  data.set_value(std::string(TrimXmlSpace(value)));
  return data;
}

}  // namespace ncirt::iodef
