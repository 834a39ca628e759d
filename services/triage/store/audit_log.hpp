#pragma once
// Appends to and verifies the hash-chained audit log (audit.log, migration 0013) inside the
// caller's transaction. audit_chain.hpp defines the hashing; this is its SQL side.
//
// AppendAudit takes the transaction-scoped advisory lock kAuditAppendLockKey, reads the last
// row's seq and hash, and inserts the next row. Appenders therefore serialise from their
// append to their commit, and the chain is linear: no two rows share a prev_hash. The row
// commits or rolls back together with the change it records, so a change never exists without
// its audit row, nor the other way round.
//
// Thread-safety: functions over the caller's pqxx::work (one thread at a time per work).

#include <string>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "common/error/error.hpp"
#include "triage/audit_chain.hpp"
#include "triage/clock.hpp"

namespace ncirt::triage::store {

// Who acts: a user name (or "system") and where from (remote address, or "system").
struct Actor {
  std::string name;
  std::string origin;
};

struct AuditEvent {
  std::string action;
  // Usually an incident id; empty when the action concerns no incident.
  std::string subject;
  // A short JSON object with the particulars (new state, assignee, ...).
  std::string detail;
};

void PrepareAuditStatements(pqxx::connection& connection);

// Appends one row stamped `at`. Returns the row as written.
AuditRow AppendAudit(pqxx::work& work, const Actor& actor, const AuditEvent& event,
                     TimePoint at);

// Reads the whole log in seq order and verifies its chain (audit_chain.hpp's ChainVerifier):
// the summary, or kConflict naming the first broken row.
common::Result<ChainSummary> VerifyAuditLog(pqxx::work& work);

}  // namespace ncirt::triage::store
