#pragma once
// The JSON form of an incident's full detail (GET /v1/incidents/{id}, docs/api.md): the queue
// entry's members, then the SLA status, origin, times, marking, assessments, indicators,
// comments, links, intake versions, history and the whole model (protobuf's JSON mapping of
// ncirt.v1.Incident, field names as in the .proto).
//
// Thread-safety: pure functions.

#include <nlohmann/json.hpp>

#include "triage/sla.hpp"
#include "triage/store/detail_store.hpp"

namespace ncirt::triage::handlers {

nlohmann::json SlaJson(const SlaStatus& status, const SlaTargets& targets);
nlohmann::json DetailJson(const store::IncidentDetail& detail);

}  // namespace ncirt::triage::handlers
