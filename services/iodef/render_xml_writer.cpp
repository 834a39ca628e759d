// XmlWriter's primitives, and the classes used everywhere: Contact, IncidentID, IndicatorID,
// Confidence, Counter.
#include "iodef/render_xml_writer.hpp"

#include <string>

#include "iodef/map_context.hpp"
#include "iodef/map_values.hpp"
#include "iodef/render_xml_fragment.hpp"

namespace ncirt::iodef {
namespace {

std::string Z(std::string_view text) { return std::string(text); }

const xmlChar* X(const std::string& text) { return reinterpret_cast<const xmlChar*>(text.c_str()); }

}  // namespace

XmlWriter::XmlWriter(xmlDoc* doc) : doc_(doc) {
  root_ = xmlNewDocNode(doc, nullptr, X("IODEF-Document"), nullptr);
  xmlDocSetRootElement(doc, root_);
  iodef_ = xmlNewNs(root_, X(Z(kV2Namespace)), X("iodef"));
  xmlSetNs(root_, iodef_);
}

xmlNs* XmlWriter::Namespace(std::string_view href, std::string_view prefix) {
  const std::string h(href);
  if (xmlNs* ns = xmlSearchNsByHref(doc_, root_, X(h))) return ns;
  return xmlNewNs(root_, X(h), X(Z(prefix)));
}

xmlNode* XmlWriter::Element(xmlNode* parent, std::string_view name) {
  return xmlNewChild(parent, iodef_, X(Z(name)), nullptr);
}

xmlNode* XmlWriter::TextElement(xmlNode* parent, std::string_view name, std::string_view text) {
  return xmlNewTextChild(parent, iodef_, X(Z(name)), X(Z(text)));
}

xmlNode* XmlWriter::DsElement(xmlNode* parent, std::string_view name, std::string_view text) {
  return xmlNewTextChild(parent, Namespace(kXmlDsigNamespace, "ds"), X(Z(name)),
                         text.empty() ? nullptr : X(Z(text)));
}

xmlNode* XmlWriter::EnumNsElement(xmlNode* parent, std::string_view name, std::string_view text) {
  return xmlNewTextChild(parent, Namespace(kIodefEnumNamespace, "enum"), X(Z(name)),
                         X(Z(text)));
}

void XmlWriter::Attr(xmlNode* node, std::string_view name, std::string_view value) {
  if (!value.empty()) xmlNewProp(node, X(Z(name)), X(Z(value)));
}

void XmlWriter::Lang(xmlNode* node, std::string_view lang) {
  if (!lang.empty()) xmlNodeSetLang(node, X(Z(lang)));
}

void XmlWriter::Token(xmlNode* node, EnumAttr attr, std::string_view token, std::string_view ext) {
  const EnumAttrInfo& info = Info(attr);
  Token(node, info.attribute, info.ext_attribute, token, ext);
}

void XmlWriter::Token(xmlNode* node, std::string_view name, std::string_view ext_name,
                      std::string_view token, std::string_view ext) {
  Attr(node, name, token);
  if (!ext_name.empty()) Attr(node, ext_name, ext);
}

template <typename E>
void XmlWriter::Enum(xmlNode* node, E value, std::string_view ext) {
  const TokenWrite write = WriteEnum(value, ext);
  Token(node, AttrOf<E>(), write.token, write.ext);
}

template void XmlWriter::Enum(xmlNode*, v1::Purpose, std::string_view);
template void XmlWriter::Enum(xmlNode*, v1::IncidentStatus, std::string_view);
template void XmlWriter::Enum(xmlNode*, v1::Restriction, std::string_view);
template void XmlWriter::Enum(xmlNode*, v1::ContactRole, std::string_view);
template void XmlWriter::Enum(xmlNode*, v1::ContactType, std::string_view);
template void XmlWriter::Enum(xmlNode*, v1::ConfidenceRating, std::string_view);
template void XmlWriter::Enum(xmlNode*, v1::Severity, std::string_view);
template void XmlWriter::Enum(xmlNode*, v1::AddressCategory, std::string_view);
template void XmlWriter::Enum(xmlNode*, v1::SystemCategory, std::string_view);

void XmlWriter::Restriction(xmlNode* node, const v1::RestrictionValue& restriction) {
  Enum(node, restriction.value(), restriction.ext());
}

void XmlWriter::Localized(xmlNode* parent, std::string_view name, const v1::LocalizedText& text) {
  xmlNode* node = TextElement(parent, name, text.text());
  Attr(node, "translation-id", text.translation_id());
  Lang(node, text.lang());
}

void XmlWriter::Localized(xmlNode* parent, std::string_view name,
                          const google::protobuf::RepeatedPtrField<v1::LocalizedText>& texts) {
  for (const v1::LocalizedText& text : texts) Localized(parent, name, text);
}

void XmlWriter::Strings(xmlNode* parent, std::string_view name,
                        const google::protobuf::RepeatedPtrField<std::string>& values) {
  for (const std::string& value : values) TextElement(parent, name, value);
}

void XmlWriter::Time(xmlNode* parent, std::string_view name,
                     const google::protobuf::Timestamp& time) {
  TextElement(parent, name, WriteDateTime(time));
}

void XmlWriter::Extensions(xmlNode* parent, std::string_view name,
                           const google::protobuf::RepeatedPtrField<v1::ExtensionData>& all) {
  for (const v1::ExtensionData& data : all) {
    xmlNode* node = Element(parent, name);
    Attr(node, "name", data.name());
    Token(node, EnumAttr::kDtype, data.dtype(), data.ext_dtype());
    Attr(node, "meaning", data.meaning());
    Attr(node, "formatid", data.format_id());
    Restriction(node, data.restriction());
    if (data.dtype() != "xml") {
      xmlNodeAddContent(node, X(data.value()));
      continue;
    }
    bool ok = false;
    xmlNode* nodes = ParseXmlFragment(node, data.value(), &ok);
    if (nodes == nullptr) continue;  // empty; preparation left out what does not parse
    // libxml2 indents an element's children only when none of them is text: an empty text node
    // first keeps the XML content exactly as it is.
    if (nodes->type != XML_TEXT_NODE) xmlAddChild(node, xmlNewText(X("")));
    xmlAddChildList(node, nodes);
  }
}

void XmlWriter::IncidentId(xmlNode* parent, const v1::IncidentId& id) {
  xmlNode* node = TextElement(parent, "IncidentID", id.id());
  Attr(node, "name", id.name());
  Attr(node, "instance", id.instance());
  Restriction(node, id.restriction());
}

void XmlWriter::IndicatorId(xmlNode* parent, const v1::IndicatorId& id) {
  xmlNode* node = TextElement(parent, "IndicatorID", id.id());
  Attr(node, "name", id.name());
  Attr(node, "version", id.version());
}

void XmlWriter::Confidence(xmlNode* parent, const v1::Confidence& confidence) {
  xmlNode* node = Element(parent, "Confidence");
  Enum(node, confidence.rating(), confidence.ext_rating());
}

void XmlWriter::Counter(xmlNode* parent, const v1::Counter& counter) {
  xmlNode* node = TextElement(parent, "Counter", WriteDouble(counter.value()));
  Token(node, EnumAttr::kCounterType, counter.type(), counter.ext_type());
  Token(node, EnumAttr::kCounterUnit, counter.unit(), counter.ext_unit());
  Attr(node, "meaning", counter.meaning());
  Token(node, EnumAttr::kDuration, counter.duration(), counter.ext_duration());
}

void XmlWriter::Contact(xmlNode* parent, const v1::Contact& contact) {
  xmlNode* node = Element(parent, "Contact");
  Enum(node, contact.role(), contact.ext_role());
  Enum(node, contact.type(), contact.ext_type());
  Restriction(node, contact.restriction());
  Localized(node, "ContactName", contact.names());
  Localized(node, "ContactTitle", contact.titles());
  Localized(node, "Description", contact.descriptions());
  for (const v1::RegistryHandle& handle : contact.registry_handles()) {
    xmlNode* child = TextElement(node, "RegistryHandle", handle.handle());
    Token(child, EnumAttr::kRegistry, handle.registry(), handle.ext_registry());
  }
  for (const v1::PostalAddress& postal : contact.postal_addresses()) {
    xmlNode* child = Element(node, "PostalAddress");
    Token(child, EnumAttr::kPostalAddressType, postal.type(), postal.ext_type());
    Localized(child, "PAddress", postal.address());
    Localized(child, "Description", postal.descriptions());
  }
  for (const v1::Email& email : contact.emails()) {
    xmlNode* child = Element(node, "Email");
    Token(child, EnumAttr::kEmailType, email.type(), email.ext_type());
    TextElement(child, "EmailTo", email.address());
    Localized(child, "Description", email.descriptions());
  }
  for (const v1::Telephone& phone : contact.telephones()) {
    xmlNode* child = Element(node, "Telephone");
    Token(child, EnumAttr::kTelephoneType, phone.type(), phone.ext_type());
    TextElement(child, "TelephoneNumber", phone.number());
    Localized(child, "Description", phone.descriptions());
  }
  if (!contact.timezone().empty()) TextElement(node, "Timezone", contact.timezone());
  for (const v1::Contact& nested : contact.contacts()) Contact(node, nested);
  Extensions(node, "AdditionalData", contact.additional_data());
}

}  // namespace ncirt::iodef
