#pragma once
// A partner CIRT as the registry keeps it, and the checks every registration passes.
//
// ValidatePartner() is the one gate between what an administrator typed and the registry: it
// normalises (country upper case, categories as agreement.hpp compares them, TLP levels
// deduplicated in scale order) and refuses, with kBadRequest naming the field, anything the
// exchange could not use: an endpoint that is not host:port, a pin that is not the base64 of a
// SHA-256 digest, TLP:RED or an unmarked level among the allowed ones.
//
// The pin is the SHA-256 of the partner certificate's SubjectPublicKeyInfo, base64 (44
// characters), as computed by:
//   openssl x509 -in partner.pem -pubkey -noout | openssl pkey -pubin -outform der |
//     openssl dgst -sha256 -binary | base64
//
// Thread-safety: plain values and pure functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "exchange/policy/agreement.hpp"
#include "ncirt/v1/marking.pb.h"

namespace ncirt::exchange {

struct Partner {
  // Assigned by the registry; 0 before the partner is stored.
  std::int64_t id = 0;
  // Unique, as it appears in messages and sharing history ("CERT-EE").
  std::string name;
  // ISO 3166-1 alpha-2 country code.
  std::string country;
  // Where its exchange listener is: "host:port" or "[v6-address]:port".
  std::string endpoint;
  // base64 SHA-256 of the partner certificate's SubjectPublicKeyInfo.
  std::string spki_sha256;
  // The agreement it shares under, and what that agreement lets it receive.
  std::string agreement;
  std::vector<v1::Tlp> allowed_tlps;
  std::vector<std::string> allowed_categories;
  bool personal_data_allowed = false;
  bool original_document_allowed = false;
  bool enabled = true;
};

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
};

// Splits "host:port" or "[v6]:port"; kBadRequest when the host is empty or the port is not
// 1..65535.
common::Result<Endpoint> ParseEndpoint(std::string_view text);

// True when `pin` is the canonical base64 of 32 bytes (43 characters and one '=').
bool IsValidPin(std::string_view pin);

// The partner, normalised, or kBadRequest naming the first unusable field.
common::Result<Partner> ValidatePartner(Partner partner);

// The terms the sharing policy applies to this partner.
policy::Agreement AgreementOf(const Partner& partner);

}  // namespace ncirt::exchange
