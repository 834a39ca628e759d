#include "iodef/json_formats.hpp"

#include <array>
#include <cstdio>

namespace ncirt::iodef {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Reads exactly `count` digits at `at`; advances `at`.
std::optional<int> Digits(std::string_view text, std::size_t& at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (!IsDigit(text[at + i])) return std::nullopt;
    value = value * 10 + (text[at + i] - '0');
  }
  at += count;
  return value;
}

bool Expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
                                  day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct CivilDate {
  std::int64_t year;
  int month;
  int day;
};

CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (IsDigit(c)) return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

}  // namespace

std::optional<UnixTime> ParseDateTime(std::string_view text) {
  std::size_t at = 0;
  const auto year = Digits(text, at, 4);
  if (!year || !Expect(text, at, '-')) return std::nullopt;
  const auto month = Digits(text, at, 2);
  if (!month || *month < 1 || *month > 12 || !Expect(text, at, '-')) return std::nullopt;
  const auto day = Digits(text, at, 2);
  if (!day || *day < 1 || *day > DaysInMonth(*year, *month)) return std::nullopt;
  if (at >= text.size() || (text[at] != 'T' && text[at] != 't')) return std::nullopt;
  ++at;
  const auto hour = Digits(text, at, 2);
  if (!hour || *hour > 23 || !Expect(text, at, ':')) return std::nullopt;
  const auto minute = Digits(text, at, 2);
  if (!minute || *minute > 59 || !Expect(text, at, ':')) return std::nullopt;
  const auto second = Digits(text, at, 2);
  if (!second || *second > 60) return std::nullopt;
  std::int32_t nanos = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    std::size_t digits = 0;
    std::int32_t scale = 100'000'000;
    while (at < text.size() && IsDigit(text[at])) {
      if (digits < 9) {
        nanos += (text[at] - '0') * scale;
        scale /= 10;
      }
      ++digits;
      ++at;
    }
    if (digits == 0) return std::nullopt;
  }
  if (at >= text.size()) return std::nullopt;
  int offset_minutes = 0;
  if (text[at] == 'Z' || text[at] == 'z') {
    ++at;
  } else if (text[at] == '+' || text[at] == '-') {
    const int sign = text[at] == '-' ? -1 : 1;
    ++at;
    const auto offset_hour = Digits(text, at, 2);
    if (!offset_hour || *offset_hour > 23 || !Expect(text, at, ':')) return std::nullopt;
    const auto offset_minute = Digits(text, at, 2);
    if (!offset_minute || *offset_minute > 59) return std::nullopt;
    offset_minutes = sign * (*offset_hour * 60 + *offset_minute);
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  const std::int64_t seconds = DaysFromCivil(*year, *month, *day) * 86400 + *hour * 3600 +
                               *minute * 60 + *second - offset_minutes * 60;
  return UnixTime{seconds, nanos};
}

std::optional<std::string> FormatDateTime(const UnixTime& time) {
  if (time.nanos < 0 || time.nanos > 999'999'999) return std::nullopt;
  std::int64_t days = time.seconds / 86400;
  std::int64_t rest = time.seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  if (date.year < 0 || date.year > 9999) return std::nullopt;
  char buffer[48];
  int length = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d",
                             static_cast<int>(date.year), date.month, date.day,
                             static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60),
                             static_cast<int>(rest % 60));
  std::string out(buffer, static_cast<std::size_t>(length));
  if (time.nanos != 0) {
    if (time.nanos % 1'000'000 == 0) {
      length = std::snprintf(buffer, sizeof buffer, ".%03d", time.nanos / 1'000'000);
    } else if (time.nanos % 1'000 == 0) {
      length = std::snprintf(buffer, sizeof buffer, ".%06d", time.nanos / 1'000);
    } else {
      length = std::snprintf(buffer, sizeof buffer, ".%09d", time.nanos);
    }
    out.append(buffer, static_cast<std::size_t>(length));
  }
  out.push_back('Z');
  return out;
}

bool IsUri(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || !IsAlpha(text[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const char c = text[i];
    if (!IsAlpha(c) && !IsDigit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  static constexpr std::string_view kAllowed =
      "-._~"            // unreserved punctuation
      ":/?#[]@"         // gen-delims
      "!$&'()*+,;=";    // sub-delims
  for (std::size_t i = colon + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (IsAlpha(c) || IsDigit(c) || kAllowed.find(c) != std::string_view::npos) continue;
    if (c == '%' && i + 2 < text.size() && IsHexDigit(text[i + 1]) && IsHexDigit(text[i + 2])) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

bool IsBase64(std::string_view text) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    if (kBase64Alphabet.find(text[i]) == std::string_view::npos) return false;
  }
  return true;
}

std::optional<std::string> DecodeBase64Lenient(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  bool padding_seen = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      padding_seen = true;
      continue;
    }
    const int value = Base64Value(c);
    if (value < 0 || padding_seen) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t chunk = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                                static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(kBase64Alphabet[(chunk >> 18) & 63]);
    out.push_back(kBase64Alphabet[(chunk >> 12) & 63]);
    out.push_back(kBase64Alphabet[(chunk >> 6) & 63]);
    out.push_back(kBase64Alphabet[chunk & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t chunk = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) chunk |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(kBase64Alphabet[(chunk >> 18) & 63]);
    out.push_back(kBase64Alphabet[(chunk >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Alphabet[(chunk >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 15]);
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  auto nibble = [](char c) -> int {
    if (IsDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

}  // namespace ncirt::iodef
