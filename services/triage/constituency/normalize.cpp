#include "triage/constituency/normalize.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>

namespace ncirt::triage::constituency {
namespace {

using common::ErrorKind;
using common::Fail;

std::unexpected<common::Error> Bad(std::string_view where, std::string message) {
  return Fail(ErrorKind::kBadRequest, std::move(message), std::string(where));
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ParseInt(std::string_view text, int& out) {
  if (text.empty() || text.size() > 3) return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool IsLabelChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

}  // namespace

common::Result<std::string> NormalizeCidr(std::string_view text, std::string_view where) {
  const std::size_t slash = text.find('/');
  const std::string address(text.substr(0, slash));
  std::array<unsigned char, 16> bytes{};
  int family = AF_INET;
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) != 1) {
    family = AF_INET6;
    if (inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) {
      return Bad(where, Quoted(text) + " is not an IPv4 or IPv6 network in CIDR form "
                        "(e.g. 192.0.2.0/24, 2001:db8::/32)");
    }
  }
  const int bits = family == AF_INET ? 32 : 128;
  int prefix = bits;
  if (slash != std::string_view::npos &&
      (!ParseInt(text.substr(slash + 1), prefix) || prefix < 0 || prefix > bits)) {
    return Bad(where, Quoted(text) + ": the prefix length must be 0 to " + std::to_string(bits));
  }
  bool host_bits = false;
  for (int bit = prefix; bit < bits; ++bit) {
    auto& byte = bytes[static_cast<std::size_t>(bit / 8)];
    const auto mask = static_cast<unsigned char>(0x80u >> (bit % 8));
    if (byte & mask) host_bits = true;
    byte = static_cast<unsigned char>(byte & ~mask);
  }
  char buffer[INET6_ADDRSTRLEN];
  inet_ntop(family, bytes.data(), buffer, sizeof buffer);
  const std::string canonical = std::string(buffer) + "/" + std::to_string(prefix);
  if (host_bits) {
    return Bad(where, Quoted(text) + " has host bits set; the network is " + canonical);
  }
  return canonical;
}

common::Result<std::int64_t> NormalizeAsn(std::string_view text, std::string_view where) {
  std::string_view digits = text;
  if (digits.size() > 2 && (digits[0] == 'A' || digits[0] == 'a') &&
      (digits[1] == 'S' || digits[1] == 's')) {
    digits.remove_prefix(2);
  }
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() ||
      value > 0xFFFFFFFFull) {
    return Bad(where, Quoted(text) + " is not an AS number (64500 or AS64500, at most "
                      "4294967295)");
  }
  return static_cast<std::int64_t>(value);
}

common::Result<std::string> NormalizeDomain(std::string_view text, std::string_view where) {
  std::string domain = Lower(text);
  if (!domain.empty() && domain.back() == '.') domain.pop_back();
  if (domain.empty() || domain.size() > 253) {
    return Bad(where, Quoted(text) + " is not a domain name (1 to 253 characters)");
  }
  std::size_t start = 0;
  int labels = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string::npos) dot = domain.size();
    const std::string_view label(domain.data() + start, dot - start);
    const bool ok = !label.empty() && label.size() <= 63 && label.front() != '-' &&
                    label.back() != '-' &&
                    std::all_of(label.begin(), label.end(), IsLabelChar);
    if (!ok) {
      return Bad(where, Quoted(text) + " is not a domain name: label '" + std::string(label) +
                        "' must be 1 to 63 letters, digits, '-' or '_', not starting or ending "
                        "with '-'");
    }
    ++labels;
    start = dot + 1;
  }
  if (labels < 2) {
    return Bad(where, Quoted(text) + " is a top-level domain; register the organisation's own "
                      "domain (e.g. example.org)");
  }
  return domain;
}

std::string ReversedDomain(std::string_view domain) {
  std::string reversed;
  std::size_t end = domain.size();
  while (end > 0) {
    const std::size_t dot = domain.rfind('.', end - 1);
    const std::size_t start = dot == std::string_view::npos ? 0 : dot + 1;
    reversed.append(domain.substr(start, end - start));
    reversed += '.';
    if (dot == std::string_view::npos) break;
    end = dot;
  }
  return reversed;
}

common::Result<std::string> NormalizeEmail(std::string_view text, std::string_view where) {
  const std::size_t at = text.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) {
    return Bad(where, Quoted(text) + " is not an e-mail address (local@domain)");
  }
  const std::string_view local = text.substr(0, at);
  for (char c : local) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == ',' ||
        c == '@' || std::iscntrl(static_cast<unsigned char>(c))) {
      return Bad(where, Quoted(text) + " is not an e-mail address: the part before '@' may not "
                        "hold spaces, '<', '>', ',' or '@'");
    }
  }
  auto domain = NormalizeDomain(text.substr(at + 1), where);
  if (!domain) {
    return Bad(where, Quoted(text) + " is not an e-mail address: " + domain.error().message);
  }
  return std::string(local) + "@" + *domain;
}

common::Result<std::string> NormalizeFingerprint(std::string_view text, std::string_view where) {
  std::string hex;
  for (char c : text) {
    if (c == ' ') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return Bad(where, Quoted(text) + " is not a PGP fingerprint (hex digits, spaces allowed)");
    }
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (!hex.empty() && hex.size() != 40 && hex.size() != 64) {
    return Bad(where, Quoted(text) + " is not a PGP fingerprint: it has " +
                      std::to_string(hex.size()) + " hex digits, not 40 (v4) or 64 (v5)");
  }
  return hex;
}

common::Result<std::string> NormalizePhone(std::string_view text, std::string_view where) {
  if (text.size() > 32) return Bad(where, Quoted(text) + " is too long for a phone number");
  int digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0))) {
      return Bad(where, Quoted(text) + " is not a phone number ('+', digits, spaces, '-', "
                        "parentheses)");
    }
  }
  if (!text.empty() && digits < 3) {
    return Bad(where, Quoted(text) + " is not a phone number (too few digits)");
  }
  return std::string(text);
}

common::Result<std::string> NormalizeLanguage(std::string_view text, std::string_view where) {
  if (text.empty()) return std::string();
  const std::size_t dash = text.find('-');
  const std::string_view language = text.substr(0, dash);
  const std::string_view region =
      dash == std::string_view::npos ? std::string_view() : text.substr(dash + 1);
  const auto all_alpha = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  };
  const bool language_ok = language.size() >= 2 && language.size() <= 3 && all_alpha(language);
  const bool region_ok =
      dash == std::string_view::npos ||
      (region.size() == 2 && all_alpha(region)) ||
      (region.size() == 3 && std::all_of(region.begin(), region.end(), [](char c) {
         return std::isdigit(static_cast<unsigned char>(c));
       }));
  if (!language_ok || !region_ok) {
    return Bad(where, Quoted(text) + " is not a language tag (e.g. en, de-AT, es-419)");
  }
  std::string out = Lower(language);
  if (!region.empty()) {
    out += '-';
    for (char c : region) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

common::Result<std::string> NormalizeRole(std::string_view text, std::string_view where) {
  const std::string role = Lower(text);
  const bool ok = !role.empty() && role.size() <= 32 &&
                  std::all_of(role.begin(), role.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
                  });
  if (!ok) {
    return Bad(where, Quoted(text) + " is not a contact role (a word such as security, abuse, "
                      "noc; letters, digits and '-')");
  }
  return role;
}

common::Result<TimePoint> ParseDateTime(std::string_view text, std::string_view where) {
  const auto bad = [&] {
    return Bad(where, Quoted(text) + " is not a date or time (2025-03-01 or "
                      "2025-03-01T12:00:00Z)");
  };
  const auto number = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) return false;
    const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return ec == std::errc() && ptr == text.data() + pos + len;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!number(0, 4, y) || text.size() < 10 || text[4] != '-' || text[7] != '-' ||
      !number(5, 2, mo) || !number(8, 2, d)) {
    return bad();
  }
  const std::chrono::year_month_day date{std::chrono::year{y},
                                         std::chrono::month{static_cast<unsigned>(mo)},
                                         std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return bad();
  std::chrono::minutes offset{0};
  if (text.size() > 10) {
    if (text.size() < 20 || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
        text[16] != ':' || !number(11, 2, h) || !number(14, 2, mi) || !number(17, 2, s) ||
        h > 23 || mi > 59 || s > 60) {
      return bad();
    }
    const std::string_view zone = text.substr(19);
    if (zone == "Z" || zone == "z") {
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
      int zh = 0, zm = 0;
      if (!number(20, 2, zh) || !number(23, 2, zm) || zh > 23 || zm > 59) return bad();
      offset = std::chrono::minutes{(zone[0] == '-' ? -1 : 1) * (zh * 60 + zm)};
    } else {
      return bad();
    }
  }
  const auto midnight = std::chrono::sys_days{date};
  return TimePoint{std::chrono::duration_cast<std::chrono::milliseconds>(
      midnight.time_since_epoch() + std::chrono::hours{h} + std::chrono::minutes{mi} +
      std::chrono::seconds{s} - offset)};
}

}  // namespace ncirt::triage::constituency
