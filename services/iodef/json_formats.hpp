#pragma once
// The text formats RFC 8727 gives its JSON strings (its Appendix A maps CDDL's prelude to JSON):
// RFC 3339 date-times (tdate), URIs (uri, RFC 3986) and base64 (eb64legacy, RFC 4648 §4).
// Used by the data-model checker to judge values, and by decoding and rendering to convert them.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ncirt::iodef {

// A point in time as seconds and nanoseconds since the Unix epoch (UTC).
struct UnixTime {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;  // 0..999'999'999
  bool operator==(const UnixTime&) const = default;
};

// RFC 3339 §5.6 date-time ("2015-07-18T09:00:00-05:00", "2015-07-18t14:00:00.5z"), with field
// ranges checked (month, day of that month, hour, minute, second up to a leap 60, offset).
// Fractions beyond nanoseconds are truncated. nullopt when the text is not such a date-time.
std::optional<UnixTime> ParseDateTime(std::string_view text);

// UTC, "Z", fraction only when non-zero and then with 3, 6 or 9 digits. nullopt for times
// outside years 0000..9999, which RFC 3339 cannot write.
std::optional<std::string> FormatDateTime(const UnixTime& time);

// An absolute URI: a scheme (ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")), ':', then only
// characters RFC 3986 allows in a URI (unreserved, reserved, or '%' with two hex digits). This is
// the character-level check JSON Schema validators apply for format "uri"; the parts of the
// hierarchical part are not parsed.
bool IsUri(std::string_view text);

// RFC 4648 §4 base64, classic alphabet, padded to a multiple of four characters.
bool IsBase64(std::string_view text);
// Decodes base64 leniently for tolerant input: ignores white space, accepts the URL-safe
// alphabet and missing padding. nullopt when other characters remain.
std::optional<std::string> DecodeBase64Lenient(std::string_view text);
std::string EncodeBase64(std::string_view bytes);

// Lower-case hex of the bytes, and back (nullopt for odd length or non-hex characters).
std::string ToHex(std::string_view bytes);
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace ncirt::iodef
