#pragma once
// The CDDL prelude types (RFC 8610 Appendix D) the checker knows, judged as JSON values the way
// RFC 8727 Appendix A maps them: text is a JSON string; integer a JSON number written without
// fraction or exponent (RFC 8727 §2.2.1); float32 and number any JSON number; tdate a string in
// RFC 3339 date-time form; uri a string holding an absolute URI; eb64legacy a string in base64.
// A name outside this list is not a prelude type here, so compiling a specification that uses it
// fails instead of accepting anything.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ncirt::iodef::cddl {

enum class PreludeType {
  kAny,
  kText,
  kBool,
  kTrue,
  kFalse,
  kNull,
  kInteger,
  kUnsigned,
  kNegative,
  kNumber,
  kDateTime,
  kUri,
  kBase64,
};

// JSON kinds a type can accept, as a bit set; used to pick the alternative closest to a value.
enum JsonKind : unsigned {
  kJsonNull = 1,
  kJsonBool = 2,
  kJsonNumber = 4,
  kJsonString = 8,
  kJsonArray = 16,
  kJsonObject = 32,
  kJsonAny = 63,
};

std::optional<PreludeType> FindPreludeType(std::string_view name);

// nullopt when `value` is of the type; otherwise why not, as a sentence fragment
// ("expected a string, found a number").
std::optional<std::string> CheckPrelude(PreludeType type, const nlohmann::json& value);

// "a string", "an integer", "an RFC 3339 date-time string"...
std::string DescribePrelude(PreludeType type);
unsigned KindsOf(PreludeType type);

JsonKind KindOf(const nlohmann::json& value);
// "a string", "an object", ... for messages.
std::string DescribeKind(const nlohmann::json& value);

// A value quoted for a message: strings in single quotes, shortened; other values as JSON.
std::string QuoteValue(const nlohmann::json& value);

}  // namespace ncirt::iodef::cddl
