#pragma once
// Appends to and verifies the hash-chained audit log (audit.log) inside the
// caller's transaction. audit_chain.hpp defines the hashing; this is its SQL side.
//
// Two steps, so that changes do not serialise on the chain (docs/benchmarks.md, triage):
//   1. AppendAudit inserts the record into audit.pending in the caller's
//      transaction, without any lock: the record commits or rolls back together with the
//      change it records, so a change never exists without its audit record, nor the other
//      way round.
//   2. ChainPending, run by one sequencer at a time under the transaction-scoped advisory lock
//      kAuditAppendLockKey, moves committed pending records into audit.log in order, giving
//      each its seq, prev_hash and hash, and deletes them from audit.pending in the same
//      transaction. The chain is therefore linear (no two rows share a prev_hash) and every
//      record is chained exactly once. The service runs it on its poll timer, and
//      verification runs it first.
// A pending record is not yet protected by the chain; the window is one poll interval.
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

// Records one event stamped `at` (step 1).
void AppendAudit(pqxx::work& work, const Actor& actor, const AuditEvent& event, TimePoint at);

// Chains up to `limit` pending records (step 2); returns how many it chained.
int ChainPending(pqxx::work& work, int limit);

// Reads the whole log in seq order and verifies its chain (audit_chain.hpp's ChainVerifier):
// the summary, or kConflict naming the first broken row.
common::Result<ChainSummary> VerifyAuditLog(pqxx::work& work);

}  // namespace ncirt::triage::store
