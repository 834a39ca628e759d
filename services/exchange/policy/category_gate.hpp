#pragma once
// The category gate: whether every category of an incident is one the partner agreed to.
//
// An incident's categories are the IODEF v2 IncidentCategory texts of all its Assessments
// (including those inside EventData), normalised (agreement.hpp). An incident goes to a partner
// only when each of its categories is in the agreement: sending a "phishing + malware" incident
// to a partner who agreed to phishing alone would hand over the malware part too. An incident
// with no category goes only to partners whose agreement accepts any category ("*").
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <vector>

#include "exchange/policy/agreement.hpp"
#include "exchange/policy/refusal.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::exchange::policy {

// The incident's normalised categories, deduplicated, in first-seen order.
std::vector<std::string> IncidentCategories(const v1::Incident& incident);

// nullopt when every category may go to the partner of `agreement`, else why not.
std::optional<Refusal> CheckCategories(const v1::Incident& incident, const Agreement& agreement);

}  // namespace ncirt::exchange::policy
