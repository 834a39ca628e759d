#pragma once
// Who sees which statistics: the TLP ceiling of a statistics request.
//
// Figures are of two kinds. Counts and durations (how many incidents per category, sector,
// source, TLP, state; medians) say how much happened, not what: they are computed over every
// incident, whatever its marking, for every role that may read triage. Named items (the top
// indicators and the most affected organisations) are content of the incidents they come
// from: they are drawn only from incidents marked at or below the request's ceiling.
//
//   role      ceiling        why
//   lead      RED            answers for the CIRT's reporting and reads everything it holds
//   admin     RED            as lead
//   analyst   AMBER+STRICT   RED incidents are read one by one, each read audited (docs/api.md);
//   auditor   AMBER+STRICT   a list of RED indicators would bypass that
//
// A request may lower its ceiling with `tlp=` (e.g. `tlp=CLEAR` for a report to publish);
// asking for more than the role allows is refused (kForbidden), not silently lowered, so a
// report never claims a marking its reader could not have.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"
#include "triage/auth/roles.hpp"

namespace ncirt::triage::stats {

// TLP 2.0, in increasing restriction.
enum class Tlp { kClear, kGreen, kAmber, kAmberStrict, kRed };

// "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED" (the tokens triage.incidents.tlp holds).
std::string_view TlpName(Tlp tlp);
// Also accepts lower case and "WHITE" (TLP 1.0's name for CLEAR).
std::optional<Tlp> ParseTlp(std::string_view text);

Tlp RoleCeiling(auth::Role role);

// The ceiling for `role`, lowered to `requested` when given. kBadRequest for an unknown
// token; kForbidden when `requested` is above the role's ceiling.
common::Result<Tlp> RequestCeiling(auth::Role role, const std::optional<std::string>& requested);

// The TLP tokens at or below `ceiling`, least restricted first.
std::vector<std::string> TlpsUpTo(Tlp ceiling);

}  // namespace ncirt::triage::stats
