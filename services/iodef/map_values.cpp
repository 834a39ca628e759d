#include "iodef/map_values.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace ncirt::iodef {
namespace {

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<int> Digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool Expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Index(char c) {
  const std::size_t pos = kBase64Alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view TrimXmlSpace(std::string_view text) {
  while (!text.empty() && IsXmlSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsXmlSpace(text.back())) text.remove_suffix(1);
  return text;
}

DateTimeRead ReadDateTime(std::string_view raw) {
  const std::string_view text = TrimXmlSpace(raw);
  DateTimeRead out;
  const auto refuse = [&](std::string why) {
    out.error = "'" + std::string(text) + "' is not an xs:dateTime (" + why + ")";
    return out;
  };
  std::size_t pos = 0;
  const auto year = Digits(text, pos, 4);
  if (!year || (pos < text.size() && IsDigit(text[pos]))) {
    return refuse("expected a four-digit year 0001-9999");
  }
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  {
    const bool ok = Expect(text, pos, '-') && (month = Digits(text, pos, 2).value_or(-1)) >= 0 &&
                    Expect(text, pos, '-') && (day = Digits(text, pos, 2).value_or(-1)) >= 0 &&
                    Expect(text, pos, 'T') && (hour = Digits(text, pos, 2).value_or(-1)) >= 0 &&
                    Expect(text, pos, ':') && (minute = Digits(text, pos, 2).value_or(-1)) >= 0 &&
                    Expect(text, pos, ':') && (second = Digits(text, pos, 2).value_or(-1)) >= 0;
    if (!ok) return refuse("expected YYYY-MM-DDThh:mm:ss");
  }
  std::int32_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && IsDigit(text[pos])) {
      if (digits < 9) nanos = nanos * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return refuse("a '.' must be followed by digits");
    for (std::size_t i = digits; i < 9; ++i) nanos *= 10;
  }
  int offset_minutes = 0;
  if (pos == text.size()) {
    out.assumed_utc = true;
  } else if (text[pos] == 'Z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto oh = Digits(text, pos, 2);
    const bool colon = Expect(text, pos, ':');
    const auto om = Digits(text, pos, 2);
    if (!oh || !colon || !om || *oh > 14 || *om > 59 || (*oh == 14 && *om != 0)) {
      return refuse("bad timezone offset");
    }
    offset_minutes = sign * (*oh * 60 + *om);
  }
  if (pos != text.size()) return refuse("unexpected characters after the time");
  if (*year == 0) return refuse("year 0000 does not exist");
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(*year, month)) {
    return refuse("no such date");
  }
  const bool end_of_day = hour == 24 && minute == 0 && second == 0 && nanos == 0;
  if ((hour > 23 && !end_of_day) || minute > 59 || second > 59) return refuse("no such time");
  const std::int64_t seconds = DaysFromCivil(*year, static_cast<unsigned>(month),
                                             static_cast<unsigned>(day)) *
                                   86400 +
                               hour * 3600 + minute * 60 + second - offset_minutes * 60;
  // Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
  constexpr std::int64_t kMinSeconds = -62135596800;
  constexpr std::int64_t kMaxSeconds = 253402300799;
  if (seconds < kMinSeconds || seconds > kMaxSeconds) return refuse("outside years 0001-9999");
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(nanos);
  out.value = ts;
  return out;
}

std::string WriteDateTime(const google::protobuf::Timestamp& value) {
  const std::int64_t seconds = value.seconds();
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const Civil civil = CivilFromDays(days);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                static_cast<long long>(civil.year), civil.month, civil.day,
                static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                static_cast<long long>(rest % 60));
  std::string out = buffer;
  if (value.nanos() > 0) {
    std::snprintf(buffer, sizeof buffer, ".%09d", value.nanos());
    std::string fraction = buffer;
    while (fraction.back() == '0') fraction.pop_back();
    out += fraction;
  }
  out += 'Z';
  return out;
}

std::optional<double> ReadDouble(std::string_view raw) {
  std::string_view text = TrimXmlSpace(raw);
  if (text == "INF" || text == "+INF") return HUGE_VAL;
  if (text == "-INF") return -HUGE_VAL;
  if (text == "NaN") return std::nan("");
  // Check the lexical form first: from_chars also takes "inf", "0x1p3" and the like.
  std::size_t pos = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
  std::size_t mantissa_digits = 0;
  while (pos < text.size() && IsDigit(text[pos])) ++pos, ++mantissa_digits;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && IsDigit(text[pos])) ++pos, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return std::nullopt;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    std::size_t exponent_digits = 0;
    while (pos < text.size() && IsDigit(text[pos])) ++pos, ++exponent_digits;
    if (exponent_digits == 0) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return std::nullopt;
  // Out of range: XML Schema maps such values to INF or 0; so do we.
  if (ec == std::errc::result_out_of_range) return value;
  if (ec != std::errc()) return std::nullopt;
  return value;
}

std::string WriteDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "INF" : "-INF";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

std::optional<std::int64_t> ReadInteger(std::string_view raw) {
  std::string_view text = TrimXmlSpace(raw);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text == "-") return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string> Base64ToHex(std::string_view text) {
  std::string compact;
  for (const char c : text) {
    if (!IsXmlSpace(c)) compact += c;
  }
  if (compact.size() % 4 != 0) return std::nullopt;
  std::string hex;
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    if (c == '=') {
      // Padding only at the end, at most two.
      if (i + 2 < compact.size()) return std::nullopt;
      ++padding;
      continue;
    }
    if (padding > 0) return std::nullopt;
    const int index = Base64Index(c);
    if (index < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const auto byte = static_cast<unsigned>((buffer >> bits) & 0xFF);
      hex += kHex[byte >> 4];
      hex += kHex[byte & 0xF];
    }
  }
  return hex;
}

bool IsHex(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (HexValue(c) < 0) return false;
  }
  return true;
}

std::optional<std::string> HexToBase64(std::string_view hex) {
  if (hex.size() % 2 != 0 || (!hex.empty() && !IsHex(hex))) return std::nullopt;
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    buffer = (buffer << 8) | static_cast<std::uint32_t>(HexValue(hex[i]) * 16 + HexValue(hex[i + 1]));
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Alphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kBase64Alphabet[(buffer << (6 - bits)) & 0x3F];
  while (out.size() % 4 != 0) out += '=';
  return out;
}

bool IsNcName(std::string_view text) {
  if (text.empty()) return false;
  const auto name_start = [](char c) {
    return IsAlpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
  };
  if (!name_start(text.front())) return false;
  for (const char c : text) {
    if (!(name_start(c) || IsDigit(c) || c == '-' || c == '.')) return false;
  }
  return true;
}

bool IsLanguage(std::string_view text) {
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    std::size_t length = 0;
    while (pos < text.size() && length < 9 &&
           (IsAlpha(text[pos]) || (!first && IsDigit(text[pos])))) {
      ++pos;
      ++length;
    }
    if (length == 0 || length > 8) return false;
    if (pos == text.size()) return true;
    if (text[pos] != '-') return false;
    ++pos;
    first = false;
  }
}

bool IsPortlist(std::string_view text) {
  std::size_t pos = 0;
  const auto number = [&] {
    const std::size_t start = pos;
    while (pos < text.size() && IsDigit(text[pos])) ++pos;
    return pos > start;
  };
  while (true) {
    if (!number()) return false;
    if (pos < text.size() && text[pos] == '-') {
      ++pos;
      if (!number()) return false;
    }
    if (pos == text.size()) return true;
    if (text[pos] != ',') return false;
    ++pos;
  }
}

bool IsTimezone(std::string_view text) {
  if (text == "Z") return true;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return false;
  std::size_t pos = 1;
  const auto hours = Digits(text, pos, 2);
  ++pos;
  const auto minutes = Digits(text, pos, 2);
  return hours && minutes && *hours <= 14 && *minutes <= 59;
}

std::optional<std::size_t> DigestLength(std::string_view uri) {
  const std::size_t hash = uri.rfind('#');
  const std::string_view name = hash == std::string_view::npos ? uri : uri.substr(hash + 1);
  if (name == "md5") return 16;
  if (name == "sha1") return 20;
  if (name == "sha224") return 28;
  if (name == "sha256") return 32;
  if (name == "sha384") return 48;
  if (name == "sha512") return 64;
  return std::nullopt;
}

}  // namespace ncirt::iodef
