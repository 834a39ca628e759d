#pragma once
// The reading side shared by every IODEF XML class mapper: which namespace is IODEF here, how to
// find a class's children, read its attributes, text, times and numbers, and how to record a
// located issue when a value had to be carried differently or left out.
//
// Mapping is tolerant by design (the validator, not the mapper, judges the document): a value
// that cannot be read becomes an issue with the element's line and schema path, and the field
// stays unset. Only the codec's hard requirements (IncidentID, a generation time) fail, in
// map_incident.cpp.
//
// Internal to the codec (map_*.cpp). Thread-safety: a MapContext belongs to one MapXml() call.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

#include "iodef/enums.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

inline constexpr std::string_view kV2Namespace = "urn:ietf:params:xml:ns:iodef-2.0";
inline constexpr std::string_view kV1Namespace = "urn:ietf:params:xml:ns:iodef-1.0";
inline constexpr std::string_view kIodefEnumNamespace = "urn:ietf:params:xml:ns:iodef-enum-1.0";
inline constexpr std::string_view kXmlDsigNamespace = "http://www.w3.org/2000/09/xmldsig#";

std::string_view LocalName(const xmlNode* node);
std::string_view NamespaceOf(const xmlNode* node);
// "/IODEF-Document/Incident/Assessment/Confidence": the element's ancestry by local name.
std::string SchemaPath(const xmlNode* node);
// An attribute without namespace; nullopt when absent.
std::optional<std::string> Attribute(const xmlNode* node, std::string_view name);
// The element's text content (all descendant text), as written.
std::string RawText(const xmlNode* node);
// RawText with leading and trailing whitespace removed: identifiers, addresses, URLs, names.
std::string Text(const xmlNode* node);

class MapContext {
 public:
  MapContext(IodefVersion version, std::vector<v1::ValidationIssue>* issues);

  IodefVersion version() const { return version_; }
  bool v1() const { return version_ == IodefVersion::kV1; }
  std::string_view ns() const;

  // True for an element of this document's IODEF namespace with this local name.
  bool Is(const xmlNode* node, std::string_view local_name) const;
  // The IODEF-namespace children named `local_name`, in document order.
  std::vector<const xmlNode*> Children(const xmlNode* parent, std::string_view local_name) const;
  // The first such child; nullptr when none. A second one is reported (the schema allows one).
  const xmlNode* Child(const xmlNode* parent, std::string_view local_name);

  void Warn(const xmlNode* node, std::string message);
  void Warn(const xmlNode* node, std::string_view attribute, std::string message);

  // An enumerated attribute pair (named by Info(attr) unless overridden), with the ext-value
  // rule applied and an issue recorded when the value had to be changed or dropped.
  TokenRead Token(const xmlNode* node, EnumAttr attr);
  TokenRead Token(const xmlNode* node, EnumAttr attr, std::string_view name,
                  std::string_view ext_name);
  template <typename E>
  EnumRead<E> Enum(const xmlNode* node);

  // Sets `restriction` from @restriction/@ext-restriction when present.
  void ReadRestriction(const xmlNode* node, v1::RestrictionValue* restriction);

  // The element's content as xs:dateTime; an issue and nullopt when it is not one. A value
  // without a timezone is taken as UTC, with a warning.
  std::optional<google::protobuf::Timestamp> Time(const xmlNode* node);
  // The first child `child` as a time; nullopt when absent or unreadable (then reported).
  std::optional<google::protobuf::Timestamp> ChildTime(const xmlNode* parent,
                                                       std::string_view child);
  // Element content or attribute as a number; an issue and nullopt when malformed. `what` names
  // the value in the message ("Confidence content").
  std::optional<double> Double(const xmlNode* node, std::string_view text, std::string_view what,
                               std::string_view attribute = {});
  std::optional<std::int64_t> Integer(const xmlNode* node, std::string_view text,
                                      std::string_view what, std::string_view attribute = {});

  // MLStringType: text with xml:lang (v1: lang) and translation-id.
  v1::LocalizedText Localized(const xmlNode* node) const;
  // Every child `local_name` as LocalizedText.
  void ReadLocalized(const xmlNode* parent, std::string_view local_name,
                     google::protobuf::RepeatedPtrField<v1::LocalizedText>* target) const;
  // Every child `local_name`'s trimmed text.
  void ReadStrings(const xmlNode* parent, std::string_view local_name,
                   google::protobuf::RepeatedPtrField<std::string>* target) const;
  // The child's trimmed text, when the child exists.
  std::optional<std::string> ChildText(const xmlNode* parent, std::string_view local_name);

  // ExtensionType (AdditionalData and kin). See map_extension.cpp for how content becomes text.
  v1::ExtensionData Extension(const xmlNode* node);
  void ReadExtensions(const xmlNode* parent, std::string_view local_name,
                      google::protobuf::RepeatedPtrField<v1::ExtensionData>* target);

 private:
  IodefVersion version_;
  std::vector<v1::ValidationIssue>* issues_;
};

}  // namespace ncirt::iodef
