#pragma once
// The writing half of RenderXml(): puts a prepared model (render_xml_prepare.hpp) into a libxml2
// tree in the IODEF v2 namespace, in the schema's element order. It decides nothing: every value
// it meets was already made writable, so it writes what is there and leaves out what is empty.
//
// Elements carry the "iodef" prefix rather than a default namespace, so that XML content of
// ExtensionData (which may hold unqualified elements) keeps its own namespaces when written and
// read back. Escaping is libxml2's.
//
// Internal to the codec: render_xml.cpp and render_xml_write_*.cpp.
// Thread-safety: one XmlWriter per document being written.

#include <string_view>

#include <libxml/tree.h>

#include "iodef/enums.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

class XmlWriter {
 public:
  // Creates the IODEF-Document root in `doc`.
  explicit XmlWriter(xmlDoc* doc);
  xmlNode* root() const { return root_; }

  xmlNode* Element(xmlNode* parent, std::string_view name);
  xmlNode* TextElement(xmlNode* parent, std::string_view name, std::string_view text);
  // An element in the XML-DSig (ds:) or RFC 7495 (enum:) namespace.
  xmlNode* DsElement(xmlNode* parent, std::string_view name, std::string_view text);
  xmlNode* EnumNsElement(xmlNode* parent, std::string_view name, std::string_view text);

  // Attributes are written only when the value is not empty.
  void Attr(xmlNode* node, std::string_view name, std::string_view value);
  void Lang(xmlNode* node, std::string_view lang);
  // The attribute pair of `attr` (names from Info(attr)).
  void Token(xmlNode* node, EnumAttr attr, std::string_view token, std::string_view ext);
  void Token(xmlNode* node, std::string_view name, std::string_view ext_name,
             std::string_view token, std::string_view ext);
  template <typename E>
  void Enum(xmlNode* node, E value, std::string_view ext);
  void Restriction(xmlNode* node, const v1::RestrictionValue& restriction);

  void Localized(xmlNode* parent, std::string_view name, const v1::LocalizedText& text);
  void Localized(xmlNode* parent, std::string_view name,
                 const google::protobuf::RepeatedPtrField<v1::LocalizedText>& texts);
  void Strings(xmlNode* parent, std::string_view name,
               const google::protobuf::RepeatedPtrField<std::string>& values);
  void Time(xmlNode* parent, std::string_view name, const google::protobuf::Timestamp& time);
  void Extensions(xmlNode* parent, std::string_view name,
                  const google::protobuf::RepeatedPtrField<v1::ExtensionData>& data);

  // Classes shared across the files.
  void Contact(xmlNode* parent, const v1::Contact& contact);
  void IncidentId(xmlNode* parent, const v1::IncidentId& id);
  void IndicatorId(xmlNode* parent, const v1::IndicatorId& id);
  void Confidence(xmlNode* parent, const v1::Confidence& confidence);
  void Counter(xmlNode* parent, const v1::Counter& counter);
  void Assessment(xmlNode* parent, const v1::Assessment& assessment);
  void Method(xmlNode* parent, const v1::Method& method);
  void Reference(xmlNode* parent, const v1::Reference& reference);
  void EventData(xmlNode* parent, const v1::EventData& event);
  void System(xmlNode* parent, const v1::System& system);
  void Address(xmlNode* parent, const v1::Address& address);
  void DomainData(xmlNode* parent, const v1::DomainData& domain);
  void Service(xmlNode* parent, const v1::Service& service);
  void NodeRole(xmlNode* parent, const v1::NodeRole& role);
  void Discovery(xmlNode* parent, const v1::Discovery& discovery);
  void Indicator(xmlNode* parent, const v1::IodefIndicator& indicator);
  void Observable(xmlNode* parent, const v1::Observable& observable);
  void Expression(xmlNode* parent, const v1::IndicatorExpression& expression);

 private:
  xmlNs* Namespace(std::string_view href, std::string_view prefix);

  xmlDoc* doc_;
  xmlNode* root_;
  xmlNs* iodef_;
};

}  // namespace ncirt::iodef
