#pragma once
// The triage queue in PostgreSQL (triage.incidents): taking incidents
// in from intake's outbox, claim-next, workflow moves, merge and SLA targets. Every change
// appends its audit row (audit_log.hpp) in the same transaction, and every call returns only
// after COMMIT.
//
// Intake to triage, exactly once. ConsumeOutbox takes pending rows of intake.triage_outbox
// (FOR UPDATE SKIP LOCKED, so several triage instances share the work without waiting on each
// other), creates or refreshes the triage row of each incident (priority from the current
// model, priority.hpp; an update from intake recomputes the priority but never touches the
// workflow), and marks the outbox row delivered, all in one transaction: a crash before COMMIT
// leaves the rows pending, and a row once delivered is never taken again. The service runs it
// on a short timer, and a claim runs it first whenever the outbox holds anything.
//
// Claim-next. ClaimNext assigns the most urgent unassigned `new` incident to the analyst:
// first any incident past its time-to-triage (sla.hpp), the longest overdue first (the
// escalation); otherwise by effective priority (the override, else the computed one), then
// score, then age. The candidate row is locked with FOR UPDATE SKIP LOCKED, so concurrent
// claims skip each other's rows instead of waiting, and no incident is handed out twice. The
// choice, the assignment and the claim's audit record are one statement, so a claim costs the
// round trips of a bare SKIP LOCKED claim (docs/benchmarks.md); when intake's outbox holds
// incidents not yet taken in, that statement claims nothing, and the claim takes them in and
// chooses again in the same transaction, so it never passes over a more urgent newcomer.
//
// Time comes from the injected Clock, so SLA behaviour is testable; the database's now() is
// not used for anything the workflow decides.
//
// Thread-safety: one instance may be shared by all threads (it holds only the pool and clock).

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/connection>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "triage/audit_chain.hpp"
#include "triage/clock.hpp"
#include "triage/sla.hpp"
#include "triage/store/audit_log.hpp"
#include "triage/workflow.hpp"

namespace ncirt::triage::store {

struct QueueEntry {
  std::string incident_id;
  State state = State::kNew;
  // Computed priority (1..4) and score; severity_override when an analyst set one.
  int priority = 4;
  int score = 0;
  std::optional<int> severity_override;
  int intake_version = 1;
  std::string tlp;
  std::string submitter;
  std::optional<std::string> assignee;
  std::optional<std::string> category;
  std::optional<std::string> merged_into;
  SlaClock sla;
  TimePoint triage_due_at;
  TimePoint created_at;
  TimePoint updated_at;

  int EffectivePriority() const { return severity_override.value_or(priority); }
};

// Registers every statement of triage's stores (this file, audit_log.hpp, user_store.hpp,
// work_store.hpp, detail_store.hpp, metrics_store.hpp);
// use as the Pool's on_connect.
void PrepareStatements(pqxx::connection& connection);

class QueueStore {
 public:
  // REQUIRES: pool and clock outlive the store; the pool's connections were prepared with
  // PrepareStatements.
  QueueStore(common::pg::Pool& pool, const Clock& clock);

  // Moves up to `limit` pending outbox rows into the queue; returns how many it took.
  common::Result<int> ConsumeOutbox(int limit);

  // The incident now assigned to `actor`, or nullopt when nothing is waiting.
  common::Result<std::optional<QueueEntry>> ClaimNext(const Actor& actor);

  // One incident; kNotFound when triage does not know it. Reading an AMBER, AMBER+STRICT or
  // RED incident appends a "read" audit row.
  common::Result<QueueEntry> Get(const Actor& actor, const std::string& incident_id);

  // Moves the incident to `to` (workflow.hpp decides; kConflict names the allowed states),
  // updating the SLA clock. Moving to merged goes through Merge.
  common::Result<QueueEntry> Transition(const Actor& actor, const std::string& incident_id,
                                        State to);

  // Marks `duplicate` merged into `survivor`. The duplicate keeps its rows (comments, history,
  // audit) and points to the survivor. kConflict when the survivor is itself merged or final,
  // when both are the same, or when the duplicate may not move to merged.
  common::Result<QueueEntry> Merge(const Actor& actor, const std::string& duplicate,
                                   const std::string& survivor);

  // The SLA targets of a priority level (1..4); kNotFound for another level.
  common::Result<SlaTargets> GetSlaTargets(int priority);
  // Sets them; kBadRequest when a target is not positive or resolve < triage.
  common::Result<void> SetSlaTargets(const Actor& actor, int priority, SlaTargets targets);

  // Chains pending audit records (audit_log.hpp step 2) until none is left or `limit` were
  // chained; returns how many.
  common::Result<int> ChainAudit(int limit = 100'000);

  // Chains what is pending, then verifies the whole audit chain (audit_log.hpp).
  common::Result<ChainSummary> VerifyAudit();

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
};

}  // namespace ncirt::triage::store
