#pragma once
// The JSON of sharing requests and answers (docs/api-exchange.md, "Sharing an incident" and
// "Sharing history"): the partner list a request names, each partner's decision as a preview
// or after queueing, and the sharing history.
//
// Thread-safety: pure functions.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "triage/sharing/sharing_store.hpp"

namespace ncirt::triage::sharing {

// Most partners one request may name.
inline constexpr std::size_t kMaxPartnersPerShare = 100;

// The "partners" member: 1..kMaxPartnersPerShare distinct strings. kBadRequest otherwise.
common::Result<std::vector<std::string>> PartnerNames(const nlohmann::json& body);

// The preview's answer (nothing stored): "send" or "refuse" per partner.
nlohmann::json PreviewJson(const ShareOutcome& outcome);

// The answer after queueing: "queued" (with its share_id) or "refused" per partner.
nlohmann::json SharedJson(const ShareOutcome& outcome);

nlohmann::json SharingViewJson(const SharingView& view);

}  // namespace ncirt::triage::sharing
