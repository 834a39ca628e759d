#include "iodef/cddl_prelude.hpp"

#include <array>
#include <utility>

#include "iodef/json_formats.hpp"
#include "iodef/json_text.hpp"

namespace ncirt::iodef::cddl {
namespace {

constexpr std::array<std::pair<std::string_view, PreludeType>, 22> kNames = {{
    {"any", PreludeType::kAny},
    {"text", PreludeType::kText},
    {"tstr", PreludeType::kText},
    {"bool", PreludeType::kBool},
    {"true", PreludeType::kTrue},
    {"false", PreludeType::kFalse},
    {"null", PreludeType::kNull},
    {"nil", PreludeType::kNull},
    {"int", PreludeType::kInteger},
    {"integer", PreludeType::kInteger},
    {"uint", PreludeType::kUnsigned},
    {"nint", PreludeType::kNegative},
    {"number", PreludeType::kNumber},
    {"float", PreludeType::kNumber},
    {"float16", PreludeType::kNumber},
    {"float32", PreludeType::kNumber},
    {"float64", PreludeType::kNumber},
    {"float16-32", PreludeType::kNumber},
    {"float32-64", PreludeType::kNumber},
    {"tdate", PreludeType::kDateTime},
    {"uri", PreludeType::kUri},
    {"eb64legacy", PreludeType::kBase64},
}};

std::optional<std::string> WrongKind(PreludeType type, const nlohmann::json& value) {
  return "expected " + DescribePrelude(type) + ", found " + DescribeKind(value);
}

}  // namespace

std::optional<PreludeType> FindPreludeType(std::string_view name) {
  for (const auto& [prelude_name, type] : kNames) {
    if (prelude_name == name) return type;
  }
  return std::nullopt;
}

std::optional<std::string> CheckPrelude(PreludeType type, const nlohmann::json& value) {
  switch (type) {
    case PreludeType::kAny:
      return std::nullopt;
    case PreludeType::kText:
      if (value.is_string()) return std::nullopt;
      return WrongKind(type, value);
    case PreludeType::kBool:
      if (value.is_boolean()) return std::nullopt;
      return WrongKind(type, value);
    case PreludeType::kTrue:
    case PreludeType::kFalse:
      if (value.is_boolean() && value.get<bool>() == (type == PreludeType::kTrue)) {
        return std::nullopt;
      }
      return WrongKind(type, value);
    case PreludeType::kNull:
      if (value.is_null()) return std::nullopt;
      return WrongKind(type, value);
    case PreludeType::kInteger:
      if (value.is_number_integer()) return std::nullopt;
      return WrongKind(type, value);
    case PreludeType::kUnsigned:
      if (value.is_number_unsigned() ||
          (value.is_number_integer() && value.get<std::int64_t>() >= 0)) {
        return std::nullopt;
      }
      return WrongKind(type, value);
    case PreludeType::kNegative:
      if (value.is_number_integer() && !value.is_number_unsigned() &&
          value.get<std::int64_t>() < 0) {
        return std::nullopt;
      }
      return WrongKind(type, value);
    case PreludeType::kNumber:
      if (value.is_number()) return std::nullopt;
      return WrongKind(type, value);
    case PreludeType::kDateTime:
      if (!value.is_string()) return WrongKind(type, value);
      if (ParseDateTime(value.get_ref<const std::string&>())) return std::nullopt;
      return QuoteValue(value) + " is not an RFC 3339 date-time (e.g. 2015-07-18T09:00:00-05:00)";
    case PreludeType::kUri:
      if (!value.is_string()) return WrongKind(type, value);
      if (IsUri(value.get_ref<const std::string&>())) return std::nullopt;
      return QuoteValue(value) + " is not an absolute URI (RFC 3986)";
    case PreludeType::kBase64:
      if (!value.is_string()) return WrongKind(type, value);
      if (IsBase64(value.get_ref<const std::string&>())) return std::nullopt;
      return QuoteValue(value) + " is not base64 (RFC 4648 §4, padded, no white space)";
  }
  return WrongKind(type, value);
}

std::string DescribePrelude(PreludeType type) {
  switch (type) {
    case PreludeType::kAny:
      return "any value";
    case PreludeType::kText:
      return "a string";
    case PreludeType::kBool:
      return "true or false";
    case PreludeType::kTrue:
      return "true";
    case PreludeType::kFalse:
      return "false";
    case PreludeType::kNull:
      return "null";
    case PreludeType::kInteger:
      return "an integer";
    case PreludeType::kUnsigned:
      return "a non-negative integer";
    case PreludeType::kNegative:
      return "a negative integer";
    case PreludeType::kNumber:
      return "a number";
    case PreludeType::kDateTime:
      return "an RFC 3339 date-time string";
    case PreludeType::kUri:
      return "a URI string";
    case PreludeType::kBase64:
      return "a base64 string";
  }
  return "a value";
}

unsigned KindsOf(PreludeType type) {
  switch (type) {
    case PreludeType::kAny:
      return kJsonAny;
    case PreludeType::kText:
    case PreludeType::kDateTime:
    case PreludeType::kUri:
    case PreludeType::kBase64:
      return kJsonString;
    case PreludeType::kBool:
    case PreludeType::kTrue:
    case PreludeType::kFalse:
      return kJsonBool;
    case PreludeType::kNull:
      return kJsonNull;
    case PreludeType::kInteger:
    case PreludeType::kUnsigned:
    case PreludeType::kNegative:
    case PreludeType::kNumber:
      return kJsonNumber;
  }
  return kJsonAny;
}

JsonKind KindOf(const nlohmann::json& value) {
  if (value.is_null()) return kJsonNull;
  if (value.is_boolean()) return kJsonBool;
  if (value.is_number()) return kJsonNumber;
  if (value.is_string()) return kJsonString;
  if (value.is_array()) return kJsonArray;
  return kJsonObject;
}

std::string DescribeKind(const nlohmann::json& value) {
  switch (KindOf(value)) {
    case kJsonNull:
      return "null";
    case kJsonBool:
      return "a boolean";
    case kJsonNumber:
      return value.is_number_integer() ? "an integer" : "a number with a fraction";
    case kJsonString:
      return "a string";
    case kJsonArray:
      return "an array";
    default:
      return "an object";
  }
}

std::string QuoteValue(const nlohmann::json& value) {
  if (value.is_string()) return "'" + Abbreviate(value.get_ref<const std::string&>(), 80) + "'";
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  return Abbreviate(value.dump(), 80);
}

}  // namespace ncirt::iodef::cddl
