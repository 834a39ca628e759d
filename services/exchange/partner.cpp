#include "exchange/partner.hpp"

#include <algorithm>
#include <charconv>

#include "exchange/text.hpp"
#include "iodef/marking.hpp"

namespace ncirt::exchange {
namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

common::Result<Partner> Refuse(std::string_view field, std::string_view why) {
  return common::Fail(common::ErrorKind::kBadRequest, Cat({"partner ", field, ": ", why}),
                      std::string(field));
}

bool HasControl(std::string_view text) {
  return std::ranges::any_of(text, [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

}  // namespace

common::Result<Endpoint> ParseEndpoint(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        Cat({"endpoint \"", text, "\" is not host:port"}), "endpoint");
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') {
      return common::Fail(common::ErrorKind::kBadRequest,
                          Cat({"endpoint \"", text, "\" has an unclosed [IPv6] host"}),
                          "endpoint");
    }
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        Cat({"endpoint \"", text, "\": write an IPv6 host as [address]:port"}),
                        "endpoint");
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(),
                                         port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535 || HasControl(host) || host.find(' ') != std::string_view::npos) {
    return common::Fail(common::ErrorKind::kBadRequest,
                        Cat({"endpoint \"", text, "\" needs a host and a port 1..65535"}),
                        "endpoint");
  }
  return Endpoint{std::string(host), static_cast<std::uint16_t>(port)};
}

bool IsValidPin(std::string_view pin) {
  if (pin.size() != 44 || pin[43] != '=') return false;
  for (std::size_t i = 0; i < 43; ++i) {
    if (kBase64Alphabet.find(pin[i]) == std::string_view::npos) return false;
  }
  // 32 bytes leave two unused bits in the last character; canonical base64 has them zero.
  return (kBase64Alphabet.find(pin[42]) & 0x3) == 0;
}

common::Result<Partner> ValidatePartner(Partner partner) {
  if (partner.name.empty() || partner.name.size() > 200 || HasControl(partner.name)) {
    return Refuse("name", "must be 1 to 200 printable characters");
  }
  for (char& c : partner.country) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (partner.country.size() != 2 ||
      !std::ranges::all_of(partner.country, [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return Refuse("country", Cat({"\"", partner.country,
                                  "\" is not an ISO 3166-1 alpha-2 code such as \"EE\""}));
  }
  if (auto endpoint = ParseEndpoint(partner.endpoint); !endpoint) {
    return Refuse("endpoint", endpoint.error().message);
  }
  if (!IsValidPin(partner.spki_sha256)) {
    return Refuse("spki_sha256",
                  "must be the base64 SHA-256 of the certificate's SubjectPublicKeyInfo "
                  "(44 characters ending in '=')");
  }
  if (partner.agreement.empty() || HasControl(partner.agreement)) {
    return Refuse("agreement", "must name the agreement the partner shares under");
  }
  for (const v1::Tlp tlp : partner.allowed_tlps) {
    if (tlp == v1::TLP_RED || tlp == v1::TLP_UNSPECIFIED || !v1::Tlp_IsValid(tlp)) {
      return Refuse("allowed_tlps", "may list CLEAR, GREEN, AMBER and AMBER+STRICT; TLP:RED "
                                    "never leaves this CIRT");
    }
  }
  std::ranges::sort(partner.allowed_tlps);
  partner.allowed_tlps.erase(std::ranges::unique(partner.allowed_tlps).begin(),
                             partner.allowed_tlps.end());
  std::vector<std::string> categories;
  for (const std::string& category : partner.allowed_categories) {
    std::string normalised = policy::NormaliseCategory(category);
    if (normalised.empty() || HasControl(normalised)) {
      return Refuse("allowed_categories", "categories must be non-empty printable text");
    }
    if (std::ranges::find(categories, normalised) == categories.end()) {
      categories.push_back(std::move(normalised));
    }
  }
  partner.allowed_categories = std::move(categories);
  return partner;
}

policy::Agreement AgreementOf(const Partner& partner) {
  return policy::Agreement{.partner = partner.name,
                           .name = partner.agreement,
                           .allowed_tlps = partner.allowed_tlps,
                           .allowed_categories = partner.allowed_categories,
                           .personal_data_allowed = partner.personal_data_allowed,
                           .original_document_allowed = partner.original_document_allowed};
}

}  // namespace ncirt::exchange
