#pragma once
// The JSON form of a partner CIRT in triage's sharing API (docs/api-exchange.md, "Partners"):
// reading an administrator's request body into an exchange::Partner, and writing one back.
//
// PartnerFromJson checks shapes only (which members exist, their JSON types, TLP names); the
// rules on values (country code, endpoint, pin, no RED) are exchange::ValidatePartner's, which
// the routes call next, so there is one gate for every way a partner gets registered.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "exchange/partner.hpp"

namespace ncirt::triage::sharing {

// The partner in `body`. `path_name` is the {name} of a PUT: the body's name may then be
// omitted, and must equal it when present. kBadRequest naming the member otherwise.
common::Result<exchange::Partner> PartnerFromJson(const nlohmann::json& body,
                                                  const std::optional<std::string>& path_name);

nlohmann::json PartnerJson(const exchange::Partner& partner);

}  // namespace ncirt::triage::sharing
