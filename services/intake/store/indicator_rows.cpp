#include "intake/store/indicator_rows.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "intake/store/sql_text.hpp"

namespace ncirt::intake::store {
namespace {

bool IsIpLiteral(std::string_view host) {
  const std::string text(host);
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

}  // namespace

std::string_view IndicatorKindName(v1::IndicatorKind kind) {
  switch (kind) {
    case v1::INDICATOR_KIND_IPV4_ADDRESS: return "ipv4-address";
    case v1::INDICATOR_KIND_IPV6_ADDRESS: return "ipv6-address";
    case v1::INDICATOR_KIND_IPV4_NETWORK: return "ipv4-network";
    case v1::INDICATOR_KIND_IPV6_NETWORK: return "ipv6-network";
    case v1::INDICATOR_KIND_DOMAIN: return "domain";
    case v1::INDICATOR_KIND_URL: return "url";
    case v1::INDICATOR_KIND_EMAIL: return "email";
    case v1::INDICATOR_KIND_HASH: return "hash";
    case v1::INDICATOR_KIND_ASN: return "asn";
    default: return "";
  }
}

std::optional<std::string> ReversedDomain(std::string_view domain) {
  while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.empty() || IsIpLiteral(domain)) return std::nullopt;
  std::string reversed;
  std::size_t end = domain.size();
  while (true) {
    const std::size_t dot = domain.rfind('.', end - 1);
    const std::size_t start = dot == std::string_view::npos ? 0 : dot + 1;
    if (end > start) {
      reversed.append(domain.substr(start, end - start));
      reversed += '.';
    }
    if (dot == std::string_view::npos || dot == 0) break;
    end = dot;
  }
  return reversed;
}

std::optional<std::string> UrlHost(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  if (rest.starts_with('[')) return std::nullopt;  // an IPv6 literal
  rest = rest.substr(0, rest.find(':'));
  if (rest.empty()) return std::nullopt;
  return std::string(rest);
}

std::vector<IndicatorRow> IndicatorRows(const v1::Incident& incident) {
  std::vector<IndicatorRow> rows;
  for (const auto& indicator : incident.normalized_indicators()) {
    const std::string_view kind = IndicatorKindName(indicator.kind());
    if (kind.empty()) continue;
    IndicatorRow row;
    row.kind = std::string(kind);
    row.value = indicator.value();
    row.hash_algorithm = indicator.hash_algorithm();
    row.role = indicator.role();
    switch (indicator.kind()) {
      case v1::INDICATOR_KIND_IPV4_ADDRESS:
      case v1::INDICATOR_KIND_IPV6_ADDRESS:
      case v1::INDICATOR_KIND_IPV4_NETWORK:
      case v1::INDICATOR_KIND_IPV6_NETWORK:
        row.address = indicator.value();
        break;
      case v1::INDICATOR_KIND_DOMAIN:
        row.domain_reversed = ReversedDomain(indicator.value());
        break;
      case v1::INDICATOR_KIND_URL:
        if (auto host = UrlHost(indicator.value())) row.domain_reversed = ReversedDomain(*host);
        break;
      case v1::INDICATOR_KIND_EMAIL:
        if (const auto at = indicator.value().rfind('@'); at != std::string::npos) {
          row.domain_reversed = ReversedDomain(std::string_view(indicator.value()).substr(at + 1));
        }
        break;
      default:
        break;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

// Whether SqlText would return `text` unchanged, decided cheaply: printable-or-control ASCII
// without NUL is valid UTF-8 (most elements: identifiers, hex, numbers, English text).
bool PlainAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b != 0 && b < 0x80;
  });
}

// `text` with '"' and '\\' backslash-escaped, appended in runs (documents are kilobytes long).
void AppendEscaped(std::string& out, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t at = text.find_first_of("\"\\"); at != std::string_view::npos;
       at = text.find_first_of("\"\\", start)) {
    out.append(text.substr(start, at - start));
    out += '\\';
    out += text[at];
    start = at + 1;
  }
  out.append(text.substr(start));
}

}  // namespace

std::string ArrayLiteral(const std::vector<std::optional<std::string>>& elements) {
  std::size_t size = 2;
  for (const auto& e : elements) size += e ? e->size() + 3 : 5;
  std::string out;
  out.reserve(size);
  out += '{';
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out += ',';
    if (!elements[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    if (PlainAscii(*elements[i])) {
      AppendEscaped(out, *elements[i]);
    } else {
      AppendEscaped(out, SqlText(*elements[i]));
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace ncirt::intake::store
