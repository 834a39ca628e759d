#pragma once
// Why the sharing policy will not send an incident to a partner, as a value: a stable reason
// code (recorded in the incident's sharing history and counted in metrics) and a sentence a
// person can act on, naming the incident's marking or category and the partner's agreement.
//
// Thread-safety: plain values and pure functions.

#include <cstdint>
#include <string>
#include <string_view>

namespace ncirt::exchange::policy {

enum class RefusalReason : std::uint8_t {
  // The incident has no TLP marking (TLP_UNSPECIFIED): nothing unmarked leaves.
  kUnmarked,
  // TLP:RED never leaves the instance.
  kRed,
  // The partner's agreement does not list the incident's TLP level.
  kTlpNotAgreed,
  // One of the incident's categories is outside the partner's agreement.
  kCategoryNotAgreed,
  // The incident has no category and the agreement accepts only named categories.
  kUncategorised,
  // A partner's incident whose marking forbids passing it on (AMBER+STRICT).
  kReshareForbidden,
  // The incident's own IncidentID is restricted beyond what the partner may receive; it cannot
  // be removed without losing the incident's identity.
  kIdentifierRestricted,
};

// Stable machine name: "unmarked", "red", "tlp-not-agreed", "category-not-agreed",
// "uncategorised", "reshare-forbidden", "identifier-restricted".
std::string_view ReasonName(RefusalReason reason);

struct Refusal {
  RefusalReason reason;
  std::string message;
};

}  // namespace ncirt::exchange::policy
