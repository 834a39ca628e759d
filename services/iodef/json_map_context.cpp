#include "iodef/json_map_context.hpp"

#include <cmath>
#include <limits>

#include "iodef/json_formats.hpp"
#include "iodef/json_reader.hpp"
#include "iodef/json_text.hpp"
#include "iodef/map_values.hpp"

namespace ncirt::iodef {
namespace {

// The range of google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
constexpr std::int64_t kMinTimestampSeconds = -62135596800;
constexpr std::int64_t kMaxTimestampSeconds = 253402300799;

std::string Quote(std::string_view text) { return "'" + Abbreviate(text, 80) + "'"; }

}  // namespace

std::optional<JsonAt> JsonAt::Member(std::string_view name) const {
  if (!value.is_object()) return std::nullopt;
  const auto it = value.find(name);
  if (it == value.end()) return std::nullopt;
  return JsonAt{*it, AppendPointer(pointer, name)};
}

std::vector<JsonAt> JsonAt::Items(std::string_view name) const {
  std::vector<JsonAt> items;
  const std::optional<JsonAt> member = Member(name);
  if (!member) return items;
  if (!member->value.is_array()) {
    items.push_back(*member);
    return items;
  }
  items.reserve(member->value.size());
  for (std::size_t i = 0; i < member->value.size(); ++i) {
    items.push_back(JsonAt{member->value[i], AppendPointer(member->pointer, i)});
  }
  return items;
}

void JsonMapContext::Warn(const std::string& pointer, std::string message) {
  v1::ValidationIssue issue;
  issue.set_level(v1::ValidationIssue::LEVEL_WARNING);
  issue.set_schema_path(pointer);
  issue.set_message(std::move(message));
  issues_->push_back(std::move(issue));
}

std::optional<std::string> JsonMapContext::String(const JsonAt& object,
                                                  std::string_view name) const {
  const std::optional<JsonAt> member = object.Member(name);
  if (!member || !member->value.is_string()) return std::nullopt;
  return member->value.get<std::string>();
}

void JsonMapContext::ReadStrings(const JsonAt& object, std::string_view name,
                                 google::protobuf::RepeatedPtrField<std::string>* target) const {
  for (const JsonAt& item : object.Items(name)) {
    if (item.value.is_string()) target->Add(item.value.get<std::string>());
  }
}

TokenRead JsonMapContext::Token(const JsonAt& object, EnumAttr attr) {
  const EnumAttrInfo& info = Info(attr);
  return Token(object, attr, info.attribute, info.ext_attribute);
}

TokenRead JsonMapContext::Token(const JsonAt& object, EnumAttr attr, std::string_view name,
                                std::string_view ext_name) {
  const std::optional<std::string> token = String(object, name);
  const std::optional<std::string> ext =
      ext_name.empty() ? std::nullopt : String(object, ext_name);
  TokenRead read = ReadToken(attr, token, ext, IodefVersion::kV2);
  if (read.status == TokenStatus::kAlias) {
    read.status = TokenStatus::kRegistered;  // RFC 8727's own spelling
  } else if (read.status == TokenStatus::kExtValue && IsRegistered(attr, read.ext)) {
    read = TokenRead{read.ext, "", TokenStatus::kRegistered};
  }
  const std::string why = DescribeRead(attr, token.value_or(""), read, IodefVersion::kV2);
  if (!why.empty()) Warn(AppendPointer(object.pointer, name), why);
  return read;
}

template <typename E>
EnumRead<E> JsonMapContext::Enum(const JsonAt& object) {
  const TokenRead read = Token(object, AttrOf<E>());
  EnumRead<E> out;
  out.status = read.status;
  if (read.token.empty()) return out;
  if (read.token == kExtValueToken) {
    const std::optional<E> ext_value = EnumFromToken<E>(kExtValueToken);
    if (!ext_value) return out;
    out.value = CanonicalEnum<E>(*ext_value, read.ext);
    out.ext = out.value == *ext_value ? read.ext : "";
    return out;
  }
  out.value = EnumFromToken<E>(read.token).value_or(E{});
  return out;
}

template EnumRead<v1::Purpose> JsonMapContext::Enum<v1::Purpose>(const JsonAt&);
template EnumRead<v1::IncidentStatus> JsonMapContext::Enum<v1::IncidentStatus>(const JsonAt&);
template EnumRead<v1::Restriction> JsonMapContext::Enum<v1::Restriction>(const JsonAt&);
template EnumRead<v1::ContactRole> JsonMapContext::Enum<v1::ContactRole>(const JsonAt&);
template EnumRead<v1::ContactType> JsonMapContext::Enum<v1::ContactType>(const JsonAt&);
template EnumRead<v1::ConfidenceRating> JsonMapContext::Enum<v1::ConfidenceRating>(
    const JsonAt&);
template EnumRead<v1::Severity> JsonMapContext::Enum<v1::Severity>(const JsonAt&);
template EnumRead<v1::AddressCategory> JsonMapContext::Enum<v1::AddressCategory>(const JsonAt&);
template EnumRead<v1::SystemCategory> JsonMapContext::Enum<v1::SystemCategory>(const JsonAt&);

void JsonMapContext::ReadRestriction(const JsonAt& object, v1::RestrictionValue* restriction) {
  const EnumRead<v1::Restriction> read = Enum<v1::Restriction>(object);
  if (read.value == v1::RESTRICTION_UNSPECIFIED) return;
  restriction->set_value(read.value);
  restriction->set_ext(read.ext);
}

std::string JsonMapContext::Untag(const JsonAt& value, std::string_view tag,
                                  std::string_view what) {
  std::string text = value.value.get<std::string>();
  const std::string prefix = std::string(tag) + "(";
  if (text.size() > prefix.size() && text.starts_with(prefix) && text.back() == ')') {
    Warn(value.pointer, Quote(text) + " is written in CBOR tag notation; read as the " +
                            std::string(what) + " inside the parentheses");
    text = text.substr(prefix.size(), text.size() - prefix.size() - 1);
  }
  return text;
}

std::optional<google::protobuf::Timestamp> JsonMapContext::Time(const JsonAt& value) {
  if (!value.value.is_string()) return std::nullopt;
  std::string text = Untag(value, "0", "date-time");
  std::optional<UnixTime> time = ParseDateTime(text);
  if (!time && text.size() > 10 && text[10] == ' ') {
    text[10] = 'T';
    time = ParseDateTime(text);
    if (time) Warn(value.pointer, "a space separates date and time; read as RFC 3339's 'T'");
  }
  if (!time) {
    // xs:dateTime also admits a time without timezone, which the XML mapper takes as UTC.
    const DateTimeRead read = ReadDateTime(text);
    if (!read.value) {
      Warn(value.pointer, Quote(value.value.get<std::string>()) +
                              " is not a date-time; left unset");
      return std::nullopt;
    }
    Warn(value.pointer, Quote(text) + " has no timezone; taken as UTC");
    return read.value;
  }
  if (time->seconds < kMinTimestampSeconds || time->seconds > kMaxTimestampSeconds) {
    Warn(value.pointer, Quote(text) + " is outside the years 0001 to 9999 the model holds; "
                                      "left unset");
    return std::nullopt;
  }
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(time->seconds);
  timestamp.set_nanos(time->nanos);
  return timestamp;
}

std::optional<google::protobuf::Timestamp> JsonMapContext::MemberTime(const JsonAt& object,
                                                                      std::string_view name) {
  const std::optional<JsonAt> member = object.Member(name);
  if (!member) return std::nullopt;
  return Time(*member);
}

std::optional<double> JsonMapContext::Number(const JsonAt& object, std::string_view name) {
  const std::optional<JsonAt> member = object.Member(name);
  if (!member) return std::nullopt;
  if (member->value.is_number()) return member->value.get<double>();
  if (member->value.is_string()) {
    // Pre-RFC writers put numbers in strings ("value": "0.5").
    if (std::optional<double> parsed = ReadDouble(member->value.get<std::string>())) {
      Warn(member->pointer, "the number is written as a string; read as " +
                                Abbreviate(member->value.get<std::string>(), 40));
      return parsed;
    }
  }
  Warn(member->pointer, "not a number; left unset");
  return std::nullopt;
}

std::optional<std::int64_t> JsonMapContext::Integer(const JsonAt& object,
                                                    std::string_view name) {
  const std::optional<JsonAt> member = object.Member(name);
  if (!member) return std::nullopt;
  const Json& value = member->value;
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() <= static_cast<std::uint64_t>(
                                          std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(value.get<std::uint64_t>());
    }
  } else if (value.is_number_integer()) {
    return value.get<std::int64_t>();
  } else if (value.is_string()) {
    if (std::optional<std::int64_t> parsed = ReadInteger(value.get<std::string>())) {
      Warn(member->pointer, "the integer is written as a string; read as " +
                                std::to_string(*parsed));
      return parsed;
    }
  }
  Warn(member->pointer, "not an integer the model can hold; left unset");
  return std::nullopt;
}

std::optional<std::int32_t> JsonMapContext::Integer32(const JsonAt& object,
                                                      std::string_view name) {
  const std::optional<std::int64_t> value = Integer(object, name);
  if (!value) return std::nullopt;
  if (*value < std::numeric_limits<std::int32_t>::min() ||
      *value > std::numeric_limits<std::int32_t>::max()) {
    Warn(AppendPointer(object.pointer, name),
         std::string(name) + " " + std::to_string(*value) + " is out of range; left unset");
    return std::nullopt;
  }
  return static_cast<std::int32_t>(*value);
}

std::optional<v1::LocalizedText> JsonMapContext::Localized(const JsonAt& value) const {
  v1::LocalizedText text;
  if (value.value.is_string()) {
    text.set_text(value.value.get<std::string>());
    return text;
  }
  if (!value.value.is_object()) return std::nullopt;
  if (auto content = String(value, "value")) text.set_text(*content);
  if (auto lang = String(value, "lang")) text.set_lang(*lang);
  if (auto id = String(value, "translation-id")) text.set_translation_id(*id);
  return text;
}

void JsonMapContext::ReadLocalized(
    const JsonAt& object, std::string_view name,
    google::protobuf::RepeatedPtrField<v1::LocalizedText>* target) const {
  for (const JsonAt& item : object.Items(name)) {
    if (std::optional<v1::LocalizedText> text = Localized(item)) *target->Add() = std::move(*text);
  }
}

v1::ExtensionData JsonMapContext::Extension(const JsonAt& value) {
  v1::ExtensionData data;
  if (!value.IsObject()) return data;
  if (auto name = String(value, "name")) data.set_name(*name);
  const TokenRead dtype = Token(value, EnumAttr::kDtype);
  data.set_dtype(dtype.token);
  data.set_ext_dtype(dtype.ext);
  if (auto meaning = String(value, "meaning")) data.set_meaning(*meaning);
  if (auto format_id = String(value, "formatid")) data.set_format_id(*format_id);
  ReadRestriction(value, data.mutable_restriction());
  if (auto content = String(value, "value")) data.set_value(*content);
  return data;
}

void JsonMapContext::ReadExtensions(const JsonAt& object, std::string_view name,
                                    google::protobuf::RepeatedPtrField<v1::ExtensionData>* target) {
  for (const JsonAt& item : object.Items(name)) {
    if (item.IsObject()) *target->Add() = Extension(item);
  }
}

std::optional<std::string> JsonMapContext::Bytes(const JsonAt& object, std::string_view name) {
  const std::optional<JsonAt> member = object.Member(name);
  if (!member || !member->value.is_string()) return std::nullopt;
  const std::string text = Untag(*member, "22", "base64");
  if (std::optional<std::string> bytes = DecodeBase64Lenient(text)) {
    if (!IsBase64(text)) {
      Warn(member->pointer, "base64 with white space, another alphabet or no padding; decoded");
    }
    return bytes;
  }
  Warn(member->pointer, Quote(text) + " is not base64; left unset");
  return std::nullopt;
}

std::optional<std::string> JsonMapContext::Url(const JsonAt& value) {
  if (!value.value.is_string()) return std::nullopt;
  return Untag(value, "32", "URI");
}

}  // namespace ncirt::iodef
