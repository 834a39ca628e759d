#include "iodef/normalize.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <cstring>
#include <set>
#include <tuple>

#include <openssl/evp.h>

namespace ncirt::iodef {
namespace {

using v1::IndicatorKind;
using v1::NormalizedIndicator;

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

NormalizedIndicator Make(IndicatorKind kind, std::string value, std::string algorithm = {}) {
  NormalizedIndicator n;
  n.set_kind(kind);
  n.set_value(std::move(value));
  n.set_hash_algorithm(std::move(algorithm));
  return n;
}

std::optional<int> ParsePrefixLength(std::string_view text, int max_bits) {
  int bits = -1;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), bits);
  if (ec != std::errc() || ptr != text.data() + text.size() || bits < 0 || bits > max_bits) {
    return std::nullopt;
  }
  return bits;
}

// Prefix length of a contiguous dotted-decimal mask (255.255.255.0 → 24); nullopt otherwise.
std::optional<int> MaskToPrefix(std::string_view mask) {
  in_addr addr{};
  if (inet_pton(AF_INET, std::string(mask).c_str(), &addr) != 1) return std::nullopt;
  const std::uint32_t bits = ntohl(addr.s_addr);
  const int ones = std::popcount(bits);
  const std::uint32_t expected = ones == 0 ? 0u : ~0u << (32 - ones);
  if (bits != expected) return std::nullopt;
  return ones;
}

// The network address (host bits cleared) and prefix, as canonical CIDR text.
std::optional<NormalizedIndicator> CanonicalNetwork(std::string_view address, int prefix) {
  std::array<unsigned char, 16> bytes{};
  const std::string text(address);
  int family = AF_INET;
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) != 1) {
    family = AF_INET6;
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return std::nullopt;
  }
  const int total_bits = family == AF_INET ? 32 : 128;
  if (prefix > total_bits) return std::nullopt;
  for (int bit = prefix; bit < total_bits; ++bit) {
    bytes[static_cast<std::size_t>(bit / 8)] &= static_cast<unsigned char>(~(0x80u >> (bit % 8)));
  }
  char out[INET6_ADDRSTRLEN];
  if (inet_ntop(family, bytes.data(), out, sizeof out) == nullptr) return std::nullopt;
  const bool host = prefix == total_bits;
  if (host) {
    return Make(family == AF_INET ? v1::INDICATOR_KIND_IPV4_ADDRESS
                                  : v1::INDICATOR_KIND_IPV6_ADDRESS, out);
  }
  return Make(family == AF_INET ? v1::INDICATOR_KIND_IPV4_NETWORK
                                : v1::INDICATOR_KIND_IPV6_NETWORK,
              std::string(out) + "/" + std::to_string(prefix));
}

class Collector {
 public:
  void Add(std::optional<NormalizedIndicator> indicator, std::string_view role) {
    if (!indicator) return;
    indicator->set_role(std::string(role));
    auto key = std::make_tuple(static_cast<int>(indicator->kind()), indicator->value(),
                               indicator->hash_algorithm(), indicator->role());
    if (seen_.insert(std::move(key)).second) out_.push_back(std::move(*indicator));
  }
  void Add(IndicatorKind kind, std::optional<std::string> value, std::string_view role) {
    if (value) Add(Make(kind, std::move(*value)), role);
  }

  void FromAddress(const v1::Address& address, std::string_view role);
  void FromDomain(const v1::DomainData& domain, std::string_view role) {
    Add(v1::INDICATOR_KIND_DOMAIN, NormalizeDomain(domain.name()), role);
  }
  void FromNode(const v1::Node& node, std::string_view role) {
    for (const auto& a : node.addresses()) FromAddress(a, role);
    for (const auto& d : node.domain_data()) FromDomain(d, role);
  }
  void FromService(const v1::Service& service, std::string_view role) {
    for (const auto& url : service.urls()) Add(v1::INDICATOR_KIND_URL, NormalizeUrl(url), role);
  }
  void FromSystem(const v1::System& system, std::string_view role_override = {});
  void FromFile(const v1::FileObservable& file, std::string_view role) {
    for (const auto& h : file.hashes()) {
      if (auto hex = NormalizeHashHex(h.value_hex())) {
        Add(Make(v1::INDICATOR_KIND_HASH, *hex, HashAlgorithmName(h.algorithm())), role);
      }
    }
  }
  void FromBulk(const v1::BulkObservable& bulk, std::string_view role);
  void FromObservable(const v1::Observable& o, std::string_view role);
  void FromExpression(const v1::IndicatorExpression& e, std::string_view role) {
    for (const auto& o : e.observables()) FromObservable(o, role);
    for (const auto& nested : e.expressions()) FromExpression(nested, role);
  }
  void FromEventData(const v1::EventData& event) {
    for (const auto& s : event.systems()) FromSystem(s);
    for (const auto& nested : event.event_data()) FromEventData(nested);
  }

  std::vector<NormalizedIndicator> Take() { return std::move(out_); }

 private:
  std::vector<NormalizedIndicator> out_;
  std::set<std::tuple<int, std::string, std::string, std::string>> seen_;
};

void Collector::FromAddress(const v1::Address& address, std::string_view role) {
  const std::string_view value = address.value();
  switch (address.category()) {
    case v1::ADDRESS_CATEGORY_ASN:
      Add(v1::INDICATOR_KIND_ASN, NormalizeAsn(value), role);
      return;
    case v1::ADDRESS_CATEGORY_E_MAIL:
      Add(v1::INDICATOR_KIND_EMAIL, NormalizeEmail(value), role);
      return;
    case v1::ADDRESS_CATEGORY_SITE_URI:
      Add(v1::INDICATOR_KIND_URL, NormalizeUrl(value), role);
      return;
    case v1::ADDRESS_CATEGORY_IPV4_ADDR:
    case v1::ADDRESS_CATEGORY_IPV6_ADDR:
    case v1::ADDRESS_CATEGORY_UNSPECIFIED:
      // Reporters often leave IPv4 addresses with IODEF's default category (ipv6-addr): the text
      // decides the family, and a network written as an address is still a network.
      Add(value.find('/') == std::string_view::npos ? NormalizeAddress(value)
                                                    : NormalizeNetwork(value), role);
      return;
    case v1::ADDRESS_CATEGORY_IPV4_NET:
    case v1::ADDRESS_CATEGORY_IPV4_NET_MASKED:
    case v1::ADDRESS_CATEGORY_IPV6_NET:
    case v1::ADDRESS_CATEGORY_IPV6_NET_MASKED:
      Add(NormalizeNetwork(value), role);
      return;
    default:
      // ipv4-net-mask (a bare mask), MAC and ATM addresses and extensions identify nothing the
      // platform correlates on.
      return;
  }
}

std::string_view SystemRole(const v1::System& system) {
  switch (system.category()) {
    case v1::SYSTEM_CATEGORY_SOURCE: return "source";
    case v1::SYSTEM_CATEGORY_TARGET: return "target";
    case v1::SYSTEM_CATEGORY_INTERMEDIATE: return "intermediate";
    case v1::SYSTEM_CATEGORY_SENSOR: return "sensor";
    case v1::SYSTEM_CATEGORY_INFRASTRUCTURE: return "infrastructure";
    case v1::SYSTEM_CATEGORY_WATCHLIST: return "watchlist";
    case v1::SYSTEM_CATEGORY_EXT_VALUE: return system.ext_category();
    default: return "";
  }
}

void Collector::FromSystem(const v1::System& system, std::string_view role_override) {
  const std::string_view role = role_override.empty() ? SystemRole(system) : role_override;
  FromNode(system.node(), role);
  for (const auto& s : system.services()) FromService(s, role);
}

void Collector::FromBulk(const v1::BulkObservable& bulk, std::string_view role) {
  const std::string& type = bulk.type();
  for (const auto& raw : bulk.values()) {
    const std::string_view v = raw;
    if (type == "ipv4-addr" || type == "ipv6-addr") {
      Add(NormalizeAddress(v), role);
    } else if (type == "ipv4-net" || type == "ipv6-net") {
      Add(NormalizeNetwork(v), role);
    } else if (type == "domain-name") {
      Add(v1::INDICATOR_KIND_DOMAIN, NormalizeDomain(v), role);
    } else if (type == "asn") {
      Add(v1::INDICATOR_KIND_ASN, NormalizeAsn(v), role);
    } else if (type == "e-mail") {
      Add(v1::INDICATOR_KIND_EMAIL, NormalizeEmail(v), role);
    } else if (type == "site-uri" || type == "http-request-uri") {
      Add(v1::INDICATOR_KIND_URL, NormalizeUrl(v), role);
    } else if (type == "file-hash") {
      Add(v1::INDICATOR_KIND_HASH, NormalizeHashHex(v), role);
    }
  }
}

void Collector::FromObservable(const v1::Observable& o, std::string_view role) {
  switch (o.content_case()) {
    case v1::Observable::kSystem: FromSystem(o.system(), role); break;
    case v1::Observable::kAddress: FromAddress(o.address(), role); break;
    case v1::Observable::kDomainData: FromDomain(o.domain_data(), role); break;
    case v1::Observable::kService: FromService(o.service(), role); break;
    case v1::Observable::kFileData: FromFile(o.file_data(), role); break;
    case v1::Observable::kBulkObservable: FromBulk(o.bulk_observable(), role); break;
    case v1::Observable::kEmailData:
      for (const auto& to : o.email_data().to()) {
        Add(v1::INDICATOR_KIND_EMAIL, NormalizeEmail(to), role);
      }
      Add(v1::INDICATOR_KIND_EMAIL, NormalizeEmail(o.email_data().from()), role);
      break;
    default: break;
  }
}

}  // namespace

std::optional<NormalizedIndicator> NormalizeAddress(std::string_view text) {
  text = Trim(text);
  if (text.find('/') != std::string_view::npos) return std::nullopt;
  // IPv6 zone ids ("fe80::1%eth0") name an interface on the reporter's host: drop them.
  if (const auto pct = text.find('%'); pct != std::string_view::npos) text = text.substr(0, pct);
  return CanonicalNetwork(text, text.find(':') == std::string_view::npos ? 32 : 128);
}

std::optional<NormalizedIndicator> NormalizeNetwork(std::string_view text) {
  text = Trim(text);
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return NormalizeAddress(text);
  const auto address = text.substr(0, slash);
  const auto suffix = text.substr(slash + 1);
  const bool v6 = address.find(':') != std::string_view::npos;
  auto prefix = ParsePrefixLength(suffix, v6 ? 128 : 32);
  if (!prefix && !v6) prefix = MaskToPrefix(suffix);
  if (!prefix) return std::nullopt;
  return CanonicalNetwork(address, *prefix);
}

std::optional<std::string> NormalizeDomain(std::string_view text) {
  text = Trim(text);
  if (text.ends_with('.')) text.remove_suffix(1);
  if (text.empty() || text.size() > 253) return std::nullopt;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    // Letters, digits, '-', '.', '_' (service labels) and UTF-8 of internationalised names.
    if (!(std::isalnum(u) || c == '-' || c == '.' || c == '_' || u >= 0x80)) return std::nullopt;
  }
  if (text.find("..") != std::string_view::npos || text.front() == '.') return std::nullopt;
  return Lower(text);
}

std::optional<std::string> NormalizeEmail(std::string_view text) {
  text = Trim(text);
  if (text.starts_with("mailto:")) text.remove_prefix(7);
  const auto at = text.rfind('@');
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  auto domain = NormalizeDomain(text.substr(at + 1));
  if (!domain) return std::nullopt;
  // The local part is case-sensitive in principle (RFC 5321); only the domain is folded.
  return std::string(text.substr(0, at)) + "@" + *domain;
}

std::optional<std::string> NormalizeUrl(std::string_view text) {
  text = Trim(text);
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  const auto host_start = scheme_end + 3;
  auto host_end = text.find_first_of("/?#", host_start);
  if (host_end == std::string_view::npos) host_end = text.size();
  auto authority = text.substr(host_start, host_end - host_start);
  if (authority.empty()) return std::nullopt;
  // Scheme and host are case-insensitive; path and query are not.
  std::string userinfo;
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    userinfo = std::string(authority.substr(0, at + 1));
    authority.remove_prefix(at + 1);
  }
  return Lower(text.substr(0, scheme_end)) + "://" + userinfo + Lower(authority) +
         std::string(text.substr(host_end));
}

std::optional<std::string> NormalizeAsn(std::string_view text) {
  text = Trim(text);
  if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's')) {
    text.remove_prefix(2);
  }
  std::uint64_t asn = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), asn);
  if (ec != std::errc() || ptr != text.data() + text.size() || asn > 0xFFFFFFFFull) {
    return std::nullopt;
  }
  return std::to_string(asn);
}

std::optional<std::string> NormalizeHashHex(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  const bool hex = std::ranges::all_of(text, [](unsigned char c) { return std::isxdigit(c); });
  if (hex && text.size() % 2 == 0 && text.size() >= 32) return Lower(text);
  // XML-DSig DigestValue is base64.
  std::string decoded(text.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n <= 0) return std::nullopt;
  const auto padding = static_cast<int>(std::count(text.end() - std::min<std::size_t>(2, text.size()),
                                                   text.end(), '='));
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < n - padding; ++i) {
    const auto b = static_cast<unsigned char>(decoded[static_cast<std::size_t>(i)]);
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  if (out.size() < 32) return std::nullopt;
  return out;
}

std::string HashAlgorithmName(std::string_view uri_or_name) {
  const auto hash = uri_or_name.rfind('#');
  std::string name = Lower(hash == std::string_view::npos ? uri_or_name
                                                          : uri_or_name.substr(hash + 1));
  std::erase(name, '-');
  return name;
}

std::vector<NormalizedIndicator> ExtractIndicators(const v1::Incident& incident) {
  Collector c;
  for (const auto& event : incident.event_data()) c.FromEventData(event);
  for (const auto& indicator : incident.indicators()) {
    if (indicator.has_observable()) c.FromObservable(indicator.observable(), "indicator");
    if (indicator.has_expression()) c.FromExpression(indicator.expression(), "indicator");
  }
  return c.Take();
}

void FillNormalizedIndicators(v1::Incident& incident) {
  auto indicators = ExtractIndicators(incident);
  incident.clear_normalized_indicators();
  for (auto& i : indicators) *incident.add_normalized_indicators() = std::move(i);
}

}  // namespace ncirt::iodef
