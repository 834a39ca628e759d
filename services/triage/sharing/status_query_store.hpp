#pragma once
// Triage's side of asking a partner for the status of an incident we shared with it
// (docs/api-exchange.md "Asking a partner for an incident's status"): the question is written
// to exchange.status_queries with its audit record in one transaction, and the exchange
// service's connection to that partner sends it and records the answer. Only an incident the
// partner acknowledged (delivered) can be asked about: another question could only be answered
// "unknown incident", so it is refused here and nothing is written.
//
// Thread-safety: every member may be called from many threads at once; each call runs its own
// transaction on a pooled connection.

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "triage/clock.hpp"
#include "triage/store/audit_log.hpp"

namespace ncirt::triage::sharing {

// Prepares this unit's statements on every pool connection.
void PrepareStatusQueryStatements(pqxx::connection& connection);

// One question and, once there is one, its answer or why there is none.
struct StatusQuestion {
  std::int64_t id = 0;
  std::string incident_id;
  std::string partner;
  std::string asked_by;
  std::string asked_at;  // RFC 3339, UTC, milliseconds
  // "pending", "answered", "failed".
  std::string state;
  int attempts = 0;
  std::string last_error;
  // answered: the partner's QueryResult.
  std::string receiver_incident_id;
  std::string partner_state;
  std::uint64_t partner_version = 0;
  std::string partner_updated_at;  // empty when the partner did not say
  // failed: stable reason and sentence.
  std::string failure_reason;
  std::string failure_detail;
  std::string answered_at;  // empty while pending
};

class StatusQueryStore {
 public:
  // `pool` and `clock` must outlive the store; the pool's connections ran
  // PrepareStatusQueryStatements.
  StatusQueryStore(common::pg::Pool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  // Writes a pending question and its audit record. kNotFound: no such incident or partner;
  // kConflict: the partner is disabled, or never acknowledged a version of the incident.
  common::Result<StatusQuestion> Ask(const store::Actor& actor, const std::string& incident_id,
                                     const std::string& partner_name);

  // The incident's questions, newest first. kNotFound: no such incident.
  common::Result<std::vector<StatusQuestion>> List(const std::string& incident_id);

  // One question of the incident. kNotFound: no such incident or question.
  common::Result<StatusQuestion> Get(const std::string& incident_id, std::int64_t id);

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
};

}  // namespace ncirt::triage::sharing
