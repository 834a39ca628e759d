#pragma once
// The XML Schema simple types IODEF uses, read from and written to their lexical forms: dateTime,
// float/double, integer, base64Binary, NCName (xs:ID), language, and IODEF's own Portlist and
// Timezone patterns.
//
// Readers accept exactly the schema's lexical space after whitespace collapsing (so
// " 2015-07-18T09:00:00Z\n" is fine, "2015-07-18 09:00" is not) and say why when they refuse.
// Writers produce a canonical form the official schema accepts and the readers read back to the
// same value, which is what makes model -> XML -> model exact.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>

namespace ncirt::iodef {

// Leading and trailing XML whitespace (space, tab, CR, LF) removed.
std::string_view TrimXmlSpace(std::string_view text);

struct DateTimeRead {
  std::optional<google::protobuf::Timestamp> value;
  // True when the value had no timezone and was taken as UTC.
  bool assumed_utc = false;
  // Why the value was refused; empty when `value` is set.
  std::string error;
};
// xs:dateTime to a UTC Timestamp. Years 0001-9999 only (the Timestamp range).
DateTimeRead ReadDateTime(std::string_view text);
// "2015-07-18T14:00:00Z", with a fraction only when nanos are set (trailing zeros dropped).
std::string WriteDateTime(const google::protobuf::Timestamp& value);

// xs:float / xs:double lexical form (including INF, -INF, NaN).
std::optional<double> ReadDouble(std::string_view text);
// The shortest form that reads back to the same double; "INF", "-INF", "NaN" when not finite.
std::string WriteDouble(double value);

// xs:integer within int64.
std::optional<std::int64_t> ReadInteger(std::string_view text);

// xs:base64Binary (whitespace inside allowed) to lower-case hex; nullopt when not base64.
std::optional<std::string> Base64ToHex(std::string_view text);
// Lower-case or upper-case hex of whole bytes to base64; nullopt when not hex.
std::optional<std::string> HexToBase64(std::string_view hex);
bool IsHex(std::string_view text);

// xs:NCName, the lexical space of xs:ID and xs:IDREF (ASCII letters, digits, '_', '-', '.', and
// any non-ASCII character; not starting with a digit, '-' or '.').
bool IsNcName(std::string_view text);
// xs:language: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*
bool IsLanguage(std::string_view text);
// IODEF PortlistType: \d+(-\d+)?(,\d+(-\d+)?)*
bool IsPortlist(std::string_view text);
// IODEF TimezoneType: Z|[+-](0[0-9]|1[0-4]):[0-5][0-9]
bool IsTimezone(std::string_view text);

// The digest length in bytes of an XML-DSig / XML-Enc DigestMethod algorithm URI (md5, sha1,
// sha224, sha256, sha384, sha512); nullopt when unknown.
std::optional<std::size_t> DigestLength(std::string_view algorithm_uri);

}  // namespace ncirt::iodef
