#pragma once
// The TLP gate: whether an incident's marking lets it go to a partner at all.
//
// TLP 2.0 as ncirt applies it between CIRTs: RED never leaves the instance; AMBER and
// AMBER+STRICT go only to partners whose agreement names that level; CLEAR and GREEN go to
// partners whose agreement names those. An incident without a marking (TLP_UNSPECIFIED) never
// leaves: intake marks every incident, so an unmarked one is a defect to look at, not content to
// share.
//
// Thread-safety: pure function.

#include <optional>

#include "exchange/policy/agreement.hpp"
#include "exchange/policy/refusal.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::exchange::policy {

// nullopt when `incident.tlp()` may go to the partner of `agreement`, else why not.
std::optional<Refusal> CheckTlp(const v1::Incident& incident, const Agreement& agreement);

}  // namespace ncirt::exchange::policy
