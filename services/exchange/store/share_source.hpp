#pragma once
// What the outbox shares, read from the database inside the caller's transaction: an incident
// as partners see it (intake's model, with triage's workflow state and category carried over),
// where it came from, and who has received it. Triage's share routes and the exchange
// service's update follower (follower.hpp) both build Shares from this, so a first share and a
// later update go through exactly the same policy.
//
// What triage adds to the model:
//   - the workflow state as the IODEF Incident@status (new/triaged -> new, in_progress/waiting
//     -> in-progress, resolved/closed -> resolved; rejected and merged keep the model's);
//   - the analyst's category, added to the incident's first Assessment when it is not there
//     yet (an IODEF Assessment needs an impact, so none is invented when the model has none).
//
// Thread-safety: functions over the caller's pqxx::work.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "exchange/policy/reshare.hpp"
#include "ncirt/v1/incident.pb.h"

namespace ncirt::exchange::store {

struct Shareable {
  v1::Incident incident;
  policy::Provenance provenance;
  // Triage's workflow state, or "" when triage has not taken the incident in yet.
  std::string state;
};

void PrepareShareSourceStatements(pqxx::connection& connection);

// The incident, or nullopt when there is none with this id. REQUIRES: intake::IsUuid(incident_id).
std::optional<Shareable> LoadShareable(pqxx::work& work, const std::string& incident_id);

// The partners (id, name) that have a version of the incident delivered or still queued: those
// updates and withdrawals go to.
std::vector<std::pair<std::int64_t, std::string>> Recipients(pqxx::work& work,
                                                             const std::string& incident_id);

// True when the incident's latest sharing action was a withdrawal.
bool IsWithdrawn(pqxx::work& work, const std::string& incident_id);

// The triage state mapped onto the IODEF status, and the category added (see above).
void ApplyTriageView(v1::Incident& incident, const std::string& state,
                     const std::string& category);

}  // namespace ncirt::exchange::store
