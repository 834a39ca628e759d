#include "iodef/map_context.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "iodef/map_values.hpp"

namespace ncirt::iodef {
namespace {

const xmlChar* X(std::string_view text) { return reinterpret_cast<const xmlChar*>(text.data()); }

std::string Owned(xmlChar* value) {
  if (value == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

std::optional<std::string> XmlLangOf(const xmlNode* node) {
  xmlChar* value = xmlGetNsProp(node, X("lang"), XML_XML_NAMESPACE);
  if (value == nullptr) return std::nullopt;
  return Owned(value);
}

}  // namespace

std::string_view LocalName(const xmlNode* node) {
  return node->name != nullptr ? reinterpret_cast<const char*>(node->name) : "";
}

std::string_view NamespaceOf(const xmlNode* node) {
  return node->ns != nullptr && node->ns->href != nullptr
             ? reinterpret_cast<const char*>(node->ns->href)
             : "";
}

std::string SchemaPath(const xmlNode* node) {
  std::vector<std::string_view> names;
  for (const xmlNode* n = node; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    names.push_back(LocalName(n));
  }
  std::string path;
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    path += '/';
    path += *it;
  }
  return path;
}

std::optional<std::string> Attribute(const xmlNode* node, std::string_view name) {
  const std::string key(name);
  xmlChar* value = xmlGetNoNsProp(node, X(key));
  if (value == nullptr) return std::nullopt;
  return Owned(value);
}

std::string RawText(const xmlNode* node) { return Owned(xmlNodeGetContent(node)); }

std::string Text(const xmlNode* node) { return std::string(TrimXmlSpace(RawText(node))); }

MapContext::MapContext(IodefVersion version, std::vector<v1::ValidationIssue>* issues)
    : version_(version), issues_(issues) {}

std::string_view MapContext::ns() const { return v1() ? kV1Namespace : kV2Namespace; }

bool MapContext::Is(const xmlNode* node, std::string_view local_name) const {
  return node != nullptr && node->type == XML_ELEMENT_NODE && LocalName(node) == local_name &&
         NamespaceOf(node) == ns();
}

std::vector<const xmlNode*> MapContext::Children(const xmlNode* parent,
                                                 std::string_view local_name) const {
  std::vector<const xmlNode*> out;
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (Is(child, local_name)) out.push_back(child);
  }
  return out;
}

const xmlNode* MapContext::Child(const xmlNode* parent, std::string_view local_name) {
  const std::vector<const xmlNode*> all = Children(parent, local_name);
  if (all.empty()) return nullptr;
  if (all.size() > 1) {
    Warn(all[1], std::string(LocalName(parent)) + " has " + std::to_string(all.size()) + " " +
                     std::string(local_name) + " elements where the schema allows one; only the "
                     "first is mapped");
  }
  return all.front();
}

void MapContext::Warn(const xmlNode* node, std::string message) {
  v1::ValidationIssue issue;
  issue.set_level(v1::ValidationIssue::LEVEL_WARNING);
  issue.set_line(static_cast<std::uint32_t>(std::max(0L, xmlGetLineNo(node))));
  issue.set_schema_path(SchemaPath(node));
  issue.set_message(std::move(message));
  issues_->push_back(std::move(issue));
}

void MapContext::Warn(const xmlNode* node, std::string_view attribute, std::string message) {
  Warn(node, std::move(message));
  issues_->back().mutable_schema_path()->append("/@").append(attribute);
}

TokenRead MapContext::Token(const xmlNode* node, EnumAttr attr) {
  const EnumAttrInfo& info = Info(attr);
  return Token(node, attr, info.attribute, info.ext_attribute);
}

TokenRead MapContext::Token(const xmlNode* node, EnumAttr attr, std::string_view name,
                            std::string_view ext_name) {
  const std::optional<std::string> token = Attribute(node, name);
  const std::optional<std::string> ext =
      ext_name.empty() ? std::nullopt : Attribute(node, ext_name);
  TokenRead read = ReadToken(attr, token, ext, version_);
  const std::string why = DescribeRead(attr, token.value_or(""), read, version_);
  if (!why.empty()) Warn(node, name, why);
  return read;
}

template <typename E>
EnumRead<E> MapContext::Enum(const xmlNode* node) {
  const EnumAttrInfo& info = Info(AttrOf<E>());
  const std::optional<std::string> token = Attribute(node, info.attribute);
  const std::optional<std::string> ext =
      info.ext_attribute.empty() ? std::nullopt : Attribute(node, info.ext_attribute);
  EnumRead<E> read = ReadEnum<E>(token, ext, version_);
  const TokenRead as_token{std::string(iodef::Token(read.value)), read.ext, read.status};
  const std::string why = DescribeRead(AttrOf<E>(), token.value_or(""), as_token, version_);
  if (!why.empty()) Warn(node, info.attribute, why);
  return read;
}

template EnumRead<v1::Purpose> MapContext::Enum<v1::Purpose>(const xmlNode*);
template EnumRead<v1::IncidentStatus> MapContext::Enum<v1::IncidentStatus>(const xmlNode*);
template EnumRead<v1::Restriction> MapContext::Enum<v1::Restriction>(const xmlNode*);
template EnumRead<v1::ContactRole> MapContext::Enum<v1::ContactRole>(const xmlNode*);
template EnumRead<v1::ContactType> MapContext::Enum<v1::ContactType>(const xmlNode*);
template EnumRead<v1::ConfidenceRating> MapContext::Enum<v1::ConfidenceRating>(const xmlNode*);
template EnumRead<v1::Severity> MapContext::Enum<v1::Severity>(const xmlNode*);
template EnumRead<v1::AddressCategory> MapContext::Enum<v1::AddressCategory>(const xmlNode*);
template EnumRead<v1::SystemCategory> MapContext::Enum<v1::SystemCategory>(const xmlNode*);

void MapContext::ReadRestriction(const xmlNode* node, v1::RestrictionValue* restriction) {
  const EnumRead<v1::Restriction> read = Enum<v1::Restriction>(node);
  if (read.value == v1::RESTRICTION_UNSPECIFIED) return;
  restriction->set_value(read.value);
  restriction->set_ext(read.ext);
}

std::optional<google::protobuf::Timestamp> MapContext::Time(const xmlNode* node) {
  DateTimeRead read = ReadDateTime(RawText(node));
  if (!read.value) {
    Warn(node, read.error + "; left unset");
    return std::nullopt;
  }
  if (read.assumed_utc) {
    Warn(node, "'" + Text(node) + "' has no timezone; taken as UTC");
  }
  return read.value;
}

std::optional<google::protobuf::Timestamp> MapContext::ChildTime(const xmlNode* parent,
                                                                 std::string_view child) {
  const xmlNode* node = Child(parent, child);
  if (node == nullptr) return std::nullopt;
  return Time(node);
}

std::optional<double> MapContext::Double(const xmlNode* node, std::string_view text,
                                         std::string_view what, std::string_view attribute) {
  std::optional<double> value = ReadDouble(text);
  if (!value) {
    const std::string message = std::string(what) + " '" + std::string(TrimXmlSpace(text)) +
                                "' is not a number; left unset";
    attribute.empty() ? Warn(node, message) : Warn(node, attribute, message);
  }
  return value;
}

std::optional<std::int64_t> MapContext::Integer(const xmlNode* node, std::string_view text,
                                                std::string_view what,
                                                std::string_view attribute) {
  std::optional<std::int64_t> value = ReadInteger(text);
  if (!value) {
    const std::string message = std::string(what) + " '" + std::string(TrimXmlSpace(text)) +
                                "' is not an integer; left unset";
    attribute.empty() ? Warn(node, message) : Warn(node, attribute, message);
  }
  return value;
}

v1::LocalizedText MapContext::Localized(const xmlNode* node) const {
  v1::LocalizedText text;
  // Leading and trailing whitespace is the document's indentation, not the text.
  text.set_text(Text(node));
  std::optional<std::string> lang = XmlLangOf(node);
  // IODEF v1's schema names the attribute plain "lang"; documents use both.
  if (!lang && v1()) lang = Attribute(node, "lang");
  if (lang) text.set_lang(*lang);
  if (std::optional<std::string> id = Attribute(node, "translation-id")) {
    text.set_translation_id(*id);
  }
  return text;
}

void MapContext::ReadLocalized(const xmlNode* parent, std::string_view local_name,
                               google::protobuf::RepeatedPtrField<v1::LocalizedText>* target) const {
  for (const xmlNode* child : Children(parent, local_name)) *target->Add() = Localized(child);
}

void MapContext::ReadStrings(const xmlNode* parent, std::string_view local_name,
                             google::protobuf::RepeatedPtrField<std::string>* target) const {
  for (const xmlNode* child : Children(parent, local_name)) target->Add(Text(child));
}

std::optional<std::string> MapContext::ChildText(const xmlNode* parent,
                                                 std::string_view local_name) {
  const xmlNode* node = Child(parent, local_name);
  if (node == nullptr) return std::nullopt;
  return Text(node);
}

void MapContext::ReadExtensions(const xmlNode* parent, std::string_view local_name,
                                google::protobuf::RepeatedPtrField<v1::ExtensionData>* target) {
  for (const xmlNode* child : Children(parent, local_name)) *target->Add() = Extension(child);
}

}  // namespace ncirt::iodef
