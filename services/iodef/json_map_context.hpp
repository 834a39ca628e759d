#pragma once
// The reading side shared by the JSON class mappers (json_map_*.cpp): finding members of a
// parsed RFC 8727 document, reading enumerations with IODEF's ext-value rule, times, numbers,
// multilingual strings and extensions, and recording a warning (located by JSON pointer) when a
// value had to be carried differently or left out.
//
// Mapping is tolerant by design, as for XML (map_context.hpp): the data-model check, not the
// mapper, judges the document. Under the strict policy the mapper only sees documents the check
// accepted; under the tolerant one it reads what it can — a member of the wrong JSON type is
// skipped silently (the check has already reported it), a value it had to change is reported.
//
// Leniencies a tolerant reader applies, each reported: the draft validator's CBOR tag notation
// around a value ("0(2015-...)" for a date-time, "22(...)" for base64, "32(...)" for a URI) is
// unwrapped; a date-time with a space for "T" or without a timezone is read (the latter as UTC);
// base64 with white space or without padding is decoded.
//
// Internal to the codec. Thread-safety: a JsonMapContext belongs to one MapJson() call.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/repeated_ptr_field.h>
#include <google/protobuf/timestamp.pb.h>
#include <nlohmann/json.hpp>

#include "iodef/enums.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::iodef {

using Json = nlohmann::json;

// A value of the document and its JSON pointer, for reporting.
struct JsonAt {
  const Json& value;
  std::string pointer;

  // The member `name` of this value when it is an object that has it.
  std::optional<JsonAt> Member(std::string_view name) const;
  // The elements of member `name`: each element of an array; a lone value (a common slip of
  // pre-RFC writers) counts as one element. Empty when the member is absent.
  std::vector<JsonAt> Items(std::string_view name) const;
  bool IsObject() const { return value.is_object(); }
};

class JsonMapContext {
 public:
  explicit JsonMapContext(std::vector<v1::ValidationIssue>* issues) : issues_(issues) {}

  void Warn(const std::string& pointer, std::string message);

  // A string member's text; nullopt when absent or not a string.
  std::optional<std::string> String(const JsonAt& object, std::string_view name) const;
  // Every string element of member `name`.
  void ReadStrings(const JsonAt& object, std::string_view name,
                   google::protobuf::RepeatedPtrField<std::string>* target) const;

  // An enumerated member and its ext-* companion (named by Info(attr) unless overridden), with
  // the ext-value rule applied, reported when the value had to change or be dropped. RFC 8727's
  // spellings ("vendor-support", "count") are its own, not aliases worth a warning; and
  // "ext-value" with an ext naming a registered token reads as that token (RFC 8727's lists
  // lack a few of RFC 7970's, which then travel as ext-value).
  TokenRead Token(const JsonAt& object, EnumAttr attr);
  TokenRead Token(const JsonAt& object, EnumAttr attr, std::string_view name,
                  std::string_view ext_name);
  template <typename E>
  EnumRead<E> Enum(const JsonAt& object);
  void ReadRestriction(const JsonAt& object, v1::RestrictionValue* restriction);

  std::optional<google::protobuf::Timestamp> Time(const JsonAt& value);
  std::optional<google::protobuf::Timestamp> MemberTime(const JsonAt& object,
                                                        std::string_view name);
  std::optional<double> Number(const JsonAt& object, std::string_view name);
  std::optional<std::int64_t> Integer(const JsonAt& object, std::string_view name);
  // Within int32 (ports, protocols); an out-of-range value is reported and left unset.
  std::optional<std::int32_t> Integer32(const JsonAt& object, std::string_view name);

  // MLStringType: a string, or {"value", "lang", "translation-id"}.
  std::optional<v1::LocalizedText> Localized(const JsonAt& value) const;
  void ReadLocalized(const JsonAt& object, std::string_view name,
                     google::protobuf::RepeatedPtrField<v1::LocalizedText>* target) const;

  // ExtensionType.
  v1::ExtensionData Extension(const JsonAt& value);
  void ReadExtensions(const JsonAt& object, std::string_view name,
                      google::protobuf::RepeatedPtrField<v1::ExtensionData>* target);

  // A BYTE (eb64legacy) member as raw bytes; nullopt (reported) when it is not base64.
  std::optional<std::string> Bytes(const JsonAt& object, std::string_view name);
  // A URL string with any "32(...)" tag notation removed (reported); nullopt when not a string.
  std::optional<std::string> Url(const JsonAt& value);

 private:
  // The text inside the draft validator's tag notation "<tag>(...)"; the text itself otherwise.
  std::string Untag(const JsonAt& value, std::string_view tag, std::string_view what);

  std::vector<v1::ValidationIssue>* issues_;
};

}  // namespace ncirt::iodef
