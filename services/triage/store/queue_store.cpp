#include "triage/store/queue_store.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "intake/uuid.hpp"
#include "ncirt/v1/incident.pb.h"
#include "triage/constituency/matcher.hpp"
#include "triage/priority.hpp"
#include "triage/store/detail_store.hpp"
#include "triage/store/entry_rows.hpp"
#include "triage/store/metrics_store.hpp"
#include "triage/store/user_store.hpp"
#include "triage/store/work_store.hpp"

namespace ncirt::triage::store {
namespace {

using common::ErrorKind;
using common::Fail;

// Timestamps cross the boundary as milliseconds since the epoch (clock.hpp), converted exactly
// on the server side.
#define NCIRT_MS_TO_TS(n) "('epoch'::timestamptz + " n "::bigint * interval '1 millisecond')"
#define NCIRT_TS_TO_MS(c) "(extract(epoch FROM " c ") * 1000)::bigint"

#define NCIRT_ENTRY_COLUMNS                                                                   \
  "incident_id::text, state, priority, score, severity_override, intake_version, tlp, "       \
  "submitter, assignee, category, merged_into::text, sla_elapsed_ms, " NCIRT_TS_TO_MS(        \
      "sla_since") ", " NCIRT_TS_TO_MS("triage_due_at") ", " NCIRT_TS_TO_MS("created_at") ", " \
      NCIRT_TS_TO_MS("updated_at")

constexpr const char* kOutboxPending = "triage_outbox_pending";
constexpr const char* kOutboxPendingSql =
    "SELECT o.seq, o.incident_id::text, i.version, i.model, i.tlp, i.submitter "
    "FROM intake.triage_outbox o JOIN intake.incidents i ON i.id = o.incident_id "
    "WHERE o.delivered_at IS NULL ORDER BY o.seq LIMIT $1 FOR UPDATE OF o SKIP LOCKED";

// Inserts a new incident, or refreshes what intake owns of a known one when the version is
// newer; RETURNING says which (xmax = 0 only for a freshly inserted row), and no row comes back
// when a stale event changed nothing.
constexpr const char* kUpsert = "triage_upsert_incident";
constexpr const char* kUpsertSql =
    "INSERT INTO triage.incidents (incident_id, priority, score, intake_version, tlp, submitter, "
    "sla_since, triage_due_at, created_at, updated_at) VALUES ($1::uuid, $2, $3, $4, $5, $6, "
    NCIRT_MS_TO_TS("$7") ", " NCIRT_MS_TO_TS("$8") ", " NCIRT_MS_TO_TS("$7") ", "
    NCIRT_MS_TO_TS("$7") ") ON CONFLICT (incident_id) DO UPDATE SET priority = "
    "EXCLUDED.priority, score = EXCLUDED.score, intake_version = EXCLUDED.intake_version, "
    "tlp = EXCLUDED.tlp, updated_at = EXCLUDED.updated_at, "
    // An open incident's time-to-triage due instant follows its new priority (arrival + the
    // target, sla.hpp; $8 - $7 is that target), unless an analyst's override decides it.
    "triage_due_at = CASE WHEN triage.incidents.state IN ('new', 'triaged', 'in_progress', "
    "'waiting') AND triage.incidents.severity_override IS NULL THEN triage.incidents.created_at "
    "+ ($8::bigint - $7::bigint) * interval '1 millisecond' ELSE triage.incidents.triage_due_at "
    "END "
    "WHERE triage.incidents.intake_version < EXCLUDED.intake_version "
    "RETURNING (xmax = 0) AS inserted";

constexpr const char* kMarkDelivered = "triage_outbox_delivered";
constexpr const char* kMarkDeliveredSql =
    "UPDATE intake.triage_outbox SET delivered_at = " NCIRT_MS_TO_TS("$2") " WHERE seq = $1";

constexpr const char* kAllTargets = "triage_sla_targets_all";
constexpr const char* kAllTargetsSql =
    "SELECT priority, time_to_triage_s, time_to_resolve_s FROM triage.sla_targets";

constexpr const char* kSetTargets = "triage_sla_targets_set";
constexpr const char* kSetTargetsSql =
    "UPDATE triage.sla_targets SET time_to_triage_s = $2, time_to_resolve_s = $3, "
    "updated_by = $4, updated_at = " NCIRT_MS_TO_TS("$5") " WHERE priority = $1";

// Claim-next in one statement, so a claim costs what a bare SKIP LOCKED claim costs in round
// trips (BEGIN, this, COMMIT): `pick` takes the longest-overdue unassigned `new` incident, or,
// when none is overdue, the most urgent by effective priority, score and age (LIMIT 1 over the
// UNION ALL stops after the first branch that yields a row, so the second branch locks nothing
// then); `claimed` assigns it; `audit` records the claim in audit.pending in the same
// statement. Every answer is one row: `inbox` says whether intake's outbox holds incidents
// triage has not taken in yet. Unless $4 is true, nothing is claimed while it does (the
// one-time filter runs before any row is locked), so the caller takes them in first and claims
// again with $4 true: a claim never passes over a more urgent incident waiting in the outbox.
constexpr const char* kClaim = "triage_claim";
constexpr const char* kClaimSql =
    "WITH inbox AS (SELECT EXISTS (SELECT 1 FROM intake.triage_outbox WHERE delivered_at IS "
    "NULL) AS waiting), "
    "pick AS (SELECT incident_id AS picked, overdue FROM ("
    "SELECT * FROM (SELECT incident_id, true AS overdue FROM triage.incidents WHERE state = "
    "'new' AND assignee IS NULL AND triage_due_at <= " NCIRT_MS_TO_TS("$2")
    " AND ($4 OR NOT (SELECT waiting FROM inbox)) ORDER BY triage_due_at, incident_id LIMIT 1 "
    "FOR UPDATE SKIP LOCKED) overdue_first "
    "UNION ALL "
    "SELECT * FROM (SELECT incident_id, false AS overdue FROM triage.incidents WHERE state = "
    "'new' AND assignee IS NULL AND ($4 OR NOT (SELECT waiting FROM inbox)) ORDER BY "
    "coalesce(severity_override, priority), score DESC, created_at, incident_id LIMIT 1 FOR "
    "UPDATE SKIP LOCKED) most_urgent) candidates LIMIT 1), "
    "claimed AS (UPDATE triage.incidents SET assignee = $1, updated_at = " NCIRT_MS_TO_TS("$2")
    " FROM pick WHERE triage.incidents.incident_id = pick.picked RETURNING "
    NCIRT_ENTRY_COLUMNS ", pick.overdue), "
    "audit AS (INSERT INTO audit.pending (at, actor, origin, action, subject, detail) SELECT "
    "'epoch'::timestamptz + $2::bigint * interval '1 millisecond', $1, $3, 'claim', "
    "claimed.incident_id, CASE WHEN claimed.overdue THEN '{\"overdue\":true}' ELSE "
    "'{\"overdue\":false}' END FROM claimed) "
    "SELECT claimed.*, inbox.waiting FROM inbox LEFT JOIN claimed ON true";

constexpr const char* kGet = "triage_get_incident";
constexpr const char* kGetSql =
    "SELECT " NCIRT_ENTRY_COLUMNS " FROM triage.incidents WHERE incident_id = $1::uuid";

constexpr const char* kLock = "triage_lock_incidents";
constexpr const char* kLockSql =
    "SELECT " NCIRT_ENTRY_COLUMNS " FROM triage.incidents WHERE incident_id = ANY($1::uuid[]) "
    "ORDER BY incident_id FOR UPDATE";

constexpr const char* kMove = "triage_move_incident";
constexpr const char* kMoveSql =
    "UPDATE triage.incidents SET state = $2, sla_elapsed_ms = $3, "
    "sla_since = CASE WHEN $4 THEN " NCIRT_MS_TO_TS("$5") " END, "
    "triaged_at = CASE WHEN $2 <> 'new' AND triaged_at IS NULL THEN " NCIRT_MS_TO_TS("$5")
    " ELSE triaged_at END, "
    "resolved_at = CASE WHEN $2 = 'resolved' THEN " NCIRT_MS_TO_TS("$5") " ELSE resolved_at END, "
    "merged_into = NULLIF($6, '')::uuid, updated_at = " NCIRT_MS_TO_TS("$5")
    " WHERE incident_id = $1::uuid RETURNING " NCIRT_ENTRY_COLUMNS;

}  // namespace

const char* const kEntryColumns = NCIRT_ENTRY_COLUMNS;

namespace {

#undef NCIRT_ENTRY_COLUMNS
#undef NCIRT_TS_TO_MS
#undef NCIRT_MS_TO_TS

constexpr int kConsumeAtClaim = 64;
// kClaimSql's row: the 16 entry columns, `overdue`, then the inbox flag.
constexpr int kClaimInboxColumn = 17;

TimePoint MsToTime(const pqxx::field& field) {
  return TimePoint{std::chrono::milliseconds{field.as<std::int64_t>()}};
}

}  // namespace

QueueEntry EntryFromRow(const pqxx::row& r) {
  QueueEntry e;
  e.incident_id = r[0].as<std::string>();
  // The table's CHECK constraint admits only the tokens ParseState knows.
  e.state = ParseState(r[1].as<std::string>()).value_or(State::kNew);
  e.priority = r[2].as<int>();
  e.score = r[3].as<int>();
  if (!r[4].is_null()) e.severity_override = r[4].as<int>();
  e.intake_version = r[5].as<int>();
  e.tlp = r[6].as<std::string>();
  e.submitter = r[7].as<std::string>();
  if (!r[8].is_null()) e.assignee = r[8].as<std::string>();
  if (!r[9].is_null()) e.category = r[9].as<std::string>();
  if (!r[10].is_null()) e.merged_into = r[10].as<std::string>();
  e.sla.elapsed = std::chrono::milliseconds{r[11].as<std::int64_t>()};
  if (!r[12].is_null()) e.sla.running_since = MsToTime(r[12]);
  e.triage_due_at = MsToTime(r[13]);
  e.created_at = MsToTime(r[14]);
  e.updated_at = MsToTime(r[15]);
  return e;
}

namespace {

QueueEntry EntryFrom(const pqxx::row& r) { return EntryFromRow(r); }

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }


common::Result<void> CheckId(const std::string& incident_id) {
  if (intake::IsUuid(incident_id)) return {};
  return Fail(ErrorKind::kBadRequest, "'" + incident_id + "' is not an incident id (a UUID)",
              "incident_id");
}

common::Error NotFound(const std::string& incident_id) {
  return common::Error{ErrorKind::kNotFound, "triage has no incident " + incident_id,
                       "incident_id"};
}

bool IsRestricted(std::string_view tlp) {
  return tlp == "AMBER" || tlp == "AMBER+STRICT" || tlp == "RED";
}

using TargetTable = std::array<SlaTargets, 5>;  // indexed by priority 1..4

TargetTable ReadTargets(pqxx::work& work) {
  TargetTable table{};
  for (const auto& r : work.exec_prepared(kAllTargets)) {
    const int priority = r[0].as<int>();
    if (priority >= 1 && priority <= 4) {
      table[static_cast<std::size_t>(priority)] =
          SlaTargets{std::chrono::seconds{r[1].as<int>()}, std::chrono::seconds{r[2].as<int>()}};
    }
  }
  return table;
}

int ConsumeIn(pqxx::work& work, int limit, TimePoint now) {
  const pqxx::result pending = work.exec_prepared(kOutboxPending, limit);
  if (pending.empty()) return 0;
  const TargetTable targets = ReadTargets(work);
  const Actor system{"system", "system"};
  for (const auto& r : pending) {
    const std::string id = r[1].as<std::string>();
    const int version = r[2].as<int>();
    v1::Incident model;
    const pqxx::binarystring bytes(r[3]);
    // A model intake stored but that does not parse is a broken invariant, not bad input.
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      throw std::runtime_error("intake.incidents " + id + ": stored model does not parse");
    }
    // The constituents it touches (constituency/matcher.hpp), matched in this transaction.
    const Priority priority =
        ComputePriority(InputsFor(model, constituency::MatchIncident(work, id, now)));
    const TimePoint due =
        TriageDueAt(now, targets[static_cast<std::size_t>(priority.level)]);
    const pqxx::result upserted =
        work.exec_prepared(kUpsert, id, priority.level, priority.score, version,
                           r[4].as<std::string>(), r[5].as<std::string>(), Ms(now), Ms(due));
    if (!upserted.empty()) {
      const bool inserted = upserted[0][0].as<bool>();
      AppendAudit(work, system,
                  AuditEvent{inserted ? "received" : "updated-by-intake", id,
                             "{\"version\":" + std::to_string(version) + ",\"priority\":" +
                                 std::to_string(priority.level) + ",\"score\":" +
                                 std::to_string(priority.score) + "}"},
                  now);
    }
    work.exec_prepared0(kMarkDelivered, r[0].as<std::int64_t>(), Ms(now));
  }
  return static_cast<int>(pending.size());
}

std::string ArrayOf(const std::string& a, const std::string& b) {
  // Both were checked by IsUuid, so they need no quoting.
  return "{" + a + "," + b + "}";
}

std::string MoveDetail(State from, State to) {
  return "{\"from\":\"" + std::string(StateName(from)) + "\",\"to\":\"" +
         std::string(StateName(to)) + "\"}";
}

}  // namespace

void PrepareStatements(pqxx::connection& connection) {
  PrepareAuditStatements(connection);
  PrepareUserStatements(connection);
  PrepareWorkStatements(connection);
  PrepareDetailStatements(connection);
  PrepareMetricsStatements(connection);
  connection.prepare(kOutboxPending, kOutboxPendingSql);
  connection.prepare(kUpsert, kUpsertSql);
  connection.prepare(kMarkDelivered, kMarkDeliveredSql);
  connection.prepare(kAllTargets, kAllTargetsSql);
  connection.prepare(kSetTargets, kSetTargetsSql);
  connection.prepare(kClaim, kClaimSql);
  connection.prepare(kGet, kGetSql);
  connection.prepare(kLock, kLockSql);
  connection.prepare(kMove, kMoveSql);
}

QueueStore::QueueStore(common::pg::Pool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

common::Result<int> QueueStore::ConsumeOutbox(int limit) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) { return ConsumeIn(work, limit, clock_.Now()); });
}

common::Result<std::optional<QueueEntry>> QueueStore::ClaimNext(const Actor& actor) {
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> std::optional<QueueEntry> {
        const TimePoint now = clock_.Now();
        pqxx::row claimed = work.exec_prepared1(kClaim, actor.name, Ms(now), actor.origin, false);
        if (claimed[0].is_null() && claimed[kClaimInboxColumn].as<bool>()) {
          // Incidents intake announced since the last poll join the queue first, in this
          // transaction, and then the claim runs again over the whole queue.
          ConsumeIn(work, kConsumeAtClaim, now);
          claimed = work.exec_prepared1(kClaim, actor.name, Ms(now), actor.origin, true);
        }
        if (claimed[0].is_null()) return std::nullopt;
        return EntryFrom(claimed);
      });
}

common::Result<QueueEntry> QueueStore::Get(const Actor& actor, const std::string& incident_id) {
  if (auto valid = CheckId(incident_id); !valid) return std::unexpected(valid.error());
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<QueueEntry> {
        const pqxx::result rows = work.exec_prepared(kGet, incident_id);
        if (rows.empty()) return std::unexpected(NotFound(incident_id));
        QueueEntry entry = EntryFrom(rows[0]);
        if (IsRestricted(entry.tlp)) {
          AppendAudit(work, actor,
                      AuditEvent{"read", incident_id, "{\"tlp\":\"" + entry.tlp + "\"}"},
                      clock_.Now());
        }
        return entry;
      });
}

common::Result<QueueEntry> QueueStore::Transition(const Actor& actor,
                                                  const std::string& incident_id, State to) {
  if (auto valid = CheckId(incident_id); !valid) return std::unexpected(valid.error());
  if (to == State::kMerged) {
    return Fail(ErrorKind::kBadRequest,
                "an incident becomes 'merged' only by a merge, which names the survivor",
                "state");
  }
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<QueueEntry> {
        const pqxx::result rows = work.exec_prepared(kLock, ArrayOf(incident_id, incident_id));
        if (rows.empty()) return std::unexpected(NotFound(incident_id));
        const QueueEntry current = EntryFrom(rows[0]);
        if (auto legal = CheckTransition(current.state, to); !legal) {
          return std::unexpected(legal.error());
        }
        const TimePoint now = clock_.Now();
        const SlaClock clock = OnTransition(current.sla, to, now);
        const pqxx::result moved =
            work.exec_prepared(kMove, incident_id, std::string(StateName(to)),
                               clock.elapsed.count(), clock.running_since.has_value(), Ms(now),
                               std::string());
        AppendAudit(work, actor,
                    AuditEvent{"transition", incident_id, MoveDetail(current.state, to)}, now);
        return EntryFrom(moved.at(0));
      });
}

common::Result<QueueEntry> QueueStore::Merge(const Actor& actor, const std::string& duplicate,
                                             const std::string& survivor) {
  if (auto valid = CheckId(duplicate); !valid) return std::unexpected(valid.error());
  if (auto valid = CheckId(survivor); !valid) return std::unexpected(valid.error());
  if (duplicate == survivor) {
    return Fail(ErrorKind::kConflict, "an incident cannot be merged into itself", "survivor");
  }
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<QueueEntry> {
        const pqxx::result rows = work.exec_prepared(kLock, ArrayOf(duplicate, survivor));
        std::optional<QueueEntry> dup, surv;
        for (const auto& r : rows) {
          QueueEntry e = EntryFrom(r);
          (e.incident_id == duplicate ? dup : surv) = std::move(e);
        }
        if (!dup) return std::unexpected(NotFound(duplicate));
        if (!surv) return std::unexpected(NotFound(survivor));
        if (IsFinal(surv->state)) {
          return Fail(ErrorKind::kConflict,
                      "the survivor " + survivor + " is '" + std::string(StateName(surv->state)) +
                          "'; merge into an open incident",
                      "survivor");
        }
        if (auto legal = CheckTransition(dup->state, State::kMerged); !legal) {
          return std::unexpected(legal.error());
        }
        const TimePoint now = clock_.Now();
        const SlaClock clock = OnTransition(dup->sla, State::kMerged, now);
        const pqxx::result moved =
            work.exec_prepared(kMove, duplicate, std::string("merged"), clock.elapsed.count(),
                               false, Ms(now), survivor);
        AppendAudit(work, actor,
                    AuditEvent{"merge", duplicate, "{\"into\":\"" + survivor + "\"}"}, now);
        AppendAudit(work, actor,
                    AuditEvent{"merged-in", survivor, "{\"from\":\"" + duplicate + "\"}"}, now);
        return EntryFrom(moved.at(0));
      });
}

common::Result<SlaTargets> QueueStore::GetSlaTargets(int priority) {
  if (priority < 1 || priority > 4) {
    return Fail(ErrorKind::kNotFound, "no SLA targets for priority " + std::to_string(priority) +
                                          "; priorities are 1 to 4", "priority");
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    return ReadTargets(work)[static_cast<std::size_t>(priority)];
  });
}

common::Result<void> QueueStore::SetSlaTargets(const Actor& actor, int priority,
                                               SlaTargets targets) {
  if (priority < 1 || priority > 4) {
    return Fail(ErrorKind::kNotFound, "no SLA targets for priority " + std::to_string(priority) +
                                          "; priorities are 1 to 4", "priority");
  }
  if (targets.time_to_triage.count() <= 0 || targets.time_to_resolve < targets.time_to_triage) {
    return Fail(ErrorKind::kBadRequest,
                "SLA targets need time_to_triage > 0 and time_to_resolve >= time_to_triage",
                "targets");
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    const TimePoint now = clock_.Now();
    const auto triage_s = static_cast<int>(targets.time_to_triage.count());
    const auto resolve_s = static_cast<int>(targets.time_to_resolve.count());
    work.exec_prepared(kSetTargets, priority, triage_s, resolve_s, actor.name, Ms(now));
    AppendAudit(work, actor,
                AuditEvent{"sla-targets", "",
                           "{\"priority\":" + std::to_string(priority) +
                               ",\"time_to_triage_s\":" + std::to_string(triage_s) +
                               ",\"time_to_resolve_s\":" + std::to_string(resolve_s) + "}"},
                now);
  });
}

common::Result<int> QueueStore::ChainAudit(int limit) {
  constexpr int kBatch = 1'000;
  int chained = 0;
  while (chained < limit) {
    const int want = std::min(kBatch, limit - chained);
    auto batch = common::pg::RunTransaction(
        pool_, [&](pqxx::work& work) { return ChainPending(work, want); });
    if (!batch) return std::unexpected(batch.error());
    chained += *batch;
    if (*batch < kBatch) break;
  }
  return chained;
}

common::Result<ChainSummary> QueueStore::VerifyAudit() {
  if (auto chained = ChainAudit(); !chained) return std::unexpected(chained.error());
  return common::pg::RunTransaction(pool_, common::pg::Isolation::kRepeatableRead,
                                    [](pqxx::work& work) { return VerifyAuditLog(work); });
}

common::Result<void> CheckIncidentId(const std::string& incident_id) {
  return CheckId(incident_id);
}

}  // namespace ncirt::triage::store
