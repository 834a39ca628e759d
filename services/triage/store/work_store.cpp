#include "triage/store/work_store.hpp"

#include <array>

#include <nlohmann/json.hpp>
#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "triage/store/entry_rows.hpp"
#include "triage/taxonomy.hpp"

namespace ncirt::triage::store {
namespace {

using common::ErrorKind;
using common::Fail;

std::string Ts(const char* param) {
  return std::string("('epoch'::timestamptz + ") + param + "::bigint * interval '1 millisecond')";
}

// An incident touches a constituent when the constituency matcher linked them
// (triage.incident_constituents, keyed by incident first, so this is one index probe per row).
constexpr const char* kConstituentFilter =
    "($5 = '' OR EXISTS (SELECT 1 FROM triage.incident_constituents c "
    "WHERE c.incident_id = triage_incidents.incident_id AND c.handle = $5))";

constexpr const char* kList = "triage_work_list";
const std::string kListSql =
    std::string("SELECT ") + kEntryColumns +
    " FROM triage.incidents triage_incidents WHERE ($1 = '' OR state = $1) AND ($2 = '' OR "
    "category = $2) AND ($3 = '' OR assignee = $3) AND ($4 = '' OR submitter = $4) AND " +
    kConstituentFilter + " AND (created_at, incident_id) > (" + Ts("$6") +
    ", $7::uuid) ORDER BY created_at, incident_id LIMIT $8";

// Overdue first: the part (0 overdue at $9, 1 otherwise; the same test as sla.hpp's
// EvaluateSla) leads the order and the keyset.
constexpr const char* kListOverdue = "triage_work_list_overdue";
const std::string kListOverdueSql =
    std::string("SELECT ") + kEntryColumns +
    " FROM (SELECT t.*, CASE WHEN (t.sla_elapsed_ms + coalesce(greatest(0, ($9::bigint - "
    "(extract(epoch FROM t.sla_since) * 1000)::bigint)), 0)) > 1000::bigint * CASE WHEN t.state "
    "= 'new' THEN s.time_to_triage_s WHEN t.state IN ('triaged', 'in_progress', 'waiting') THEN "
    "s.time_to_resolve_s END THEN 0 ELSE 1 END AS part FROM triage.incidents t JOIN "
    "triage.sla_targets s ON s.priority = coalesce(t.severity_override, t.priority)) "
    "triage_incidents WHERE ($1 = '' OR state = $1) AND ($2 = '' OR category = $2) AND "
    "($3 = '' OR assignee = $3) AND ($4 = '' OR submitter = $4) AND " + kConstituentFilter +
    " AND (part, created_at, incident_id) > ($10, " + Ts("$6") +
    ", $7::uuid) ORDER BY part, created_at, incident_id LIMIT $8";

constexpr const char* kTargets = "triage_work_targets";
constexpr const char* kTargetsSql =
    "SELECT priority, time_to_triage_s, time_to_resolve_s FROM triage.sla_targets";

// One statement per editable column, each locking and returning the row.
constexpr const char* kAssign = "triage_work_assign";
const std::string kAssignSql = "UPDATE triage.incidents SET assignee = NULLIF($2, ''), "
                               "updated_at = " + Ts("$3") +
                               " WHERE incident_id = $1::uuid RETURNING " + kEntryColumns;

constexpr const char* kCategory = "triage_work_category";
const std::string kCategorySql = "UPDATE triage.incidents SET category = $2, updated_at = " +
                                 Ts("$3") + " WHERE incident_id = $1::uuid RETURNING " +
                                 kEntryColumns;

constexpr const char* kOverride = "triage_work_override";
const std::string kOverrideSql =
    "UPDATE triage.incidents SET severity_override = NULLIF($2, 0), updated_at = " + Ts("$3") +
    " WHERE incident_id = $1::uuid RETURNING " + kEntryColumns;

constexpr const char* kExists = "triage_work_exists";
constexpr const char* kExistsSql =
    "SELECT 1 FROM triage.incidents WHERE incident_id = $1::uuid FOR SHARE";

constexpr const char* kTlpOf = "triage_work_tlp_of";
constexpr const char* kTlpOfSql =
    "SELECT tlp FROM triage.incidents WHERE incident_id = $1::uuid";

constexpr const char* kAddComment = "triage_work_add_comment";
const std::string kAddCommentSql =
    "INSERT INTO triage.comments (incident_id, author, body, created_at) VALUES ($1::uuid, $2, "
    "$3, " + Ts("$4") + ") RETURNING id";

constexpr const char* kComments = "triage_work_comments";
const std::string kCommentsSql =
    "SELECT id, author, body, (extract(epoch FROM created_at) * 1000)::bigint FROM "
    "triage.comments WHERE incident_id = $1::uuid ORDER BY id";

constexpr const char* kAddLink = "triage_work_add_link";
const std::string kAddLinkSql =
    "INSERT INTO triage.links (incident_a, incident_b, relation, created_by, created_at) VALUES "
    "(least($1::uuid, $2::uuid), greatest($1::uuid, $2::uuid), $3, $4, " + Ts("$5") +
    ") ON CONFLICT DO NOTHING";

constexpr const char* kLinks = "triage_work_links";
constexpr const char* kLinksSql =
    "SELECT CASE WHEN incident_a = $1::uuid THEN incident_b ELSE incident_a END::text, "
    "relation, created_by FROM triage.links WHERE incident_a = $1::uuid OR incident_b = "
    "$1::uuid ORDER BY created_at";

constexpr std::size_t kMaxCommentBytes = 16384;

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

common::Error NotFound(const std::string& id) {
  return common::Error{ErrorKind::kNotFound, "triage has no incident " + id, "incident_id"};
}

// Runs one of the single-column updates and audits it.
common::Result<QueueEntry> Edit(common::pg::Pool& pool, const Clock& clock, const Actor& actor,
                                const std::string& id, const char* statement,
                                const std::string& value_text, int value_int, bool use_int,
                                const std::string& action, const std::string& detail) {
  if (auto valid = CheckIncidentId(id); !valid) return std::unexpected(valid.error());
  return common::pg::RunTransaction(pool, [&](pqxx::work& work) -> common::Result<QueueEntry> {
    const TimePoint now = clock.Now();
    const pqxx::result rows = use_int ? work.exec_prepared(statement, id, value_int, Ms(now))
                                      : work.exec_prepared(statement, id, value_text, Ms(now));
    if (rows.empty()) return std::unexpected(NotFound(id));
    AppendAudit(work, actor, AuditEvent{action, id, detail}, now);
    return EntryFromRow(rows[0]);
  });
}

}  // namespace

void PrepareWorkStatements(pqxx::connection& connection) {
  connection.prepare(kList, kListSql);
  connection.prepare(kListOverdue, kListOverdueSql);
  connection.prepare(kTargets, kTargetsSql);
  connection.prepare(kAssign, kAssignSql);
  connection.prepare(kCategory, kCategorySql);
  connection.prepare(kOverride, kOverrideSql);
  connection.prepare(kExists, kExistsSql);
  connection.prepare(kTlpOf, kTlpOfSql);
  connection.prepare(kAddComment, kAddCommentSql);
  connection.prepare(kComments, kCommentsSql);
  connection.prepare(kAddLink, kAddLinkSql);
  connection.prepare(kLinks, kLinksSql);
}

WorkStore::WorkStore(common::pg::Pool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

common::Result<QueuePage> WorkStore::List(const QueueFilter& filter,
                                          const std::optional<PageKey>& after, int limit) {
  if (limit < 1 || limit > 500) {
    return Fail(ErrorKind::kBadRequest, "limit must be between 1 and 500", "limit");
  }
  if (!filter.state.empty() && !ParseState(filter.state)) {
    return Fail(ErrorKind::kBadRequest, "'" + filter.state + "' is not a workflow state",
                "state");
  }
  PageKey start =
      after.value_or(PageKey{TimePoint{}, "00000000-0000-0000-0000-000000000000", -1, {}});
  if (auto valid = CheckIncidentId(start.incident_id); !valid) {
    return std::unexpected(valid.error());
  }
  if (after && filter.overdue_first != after->as_of.has_value()) {
    return Fail(ErrorKind::kBadRequest,
                "this 'after' key belongs to a listing with a different overdue_first; "
                "start again without 'after'",
                "after");
  }
  const TimePoint as_of = start.as_of.value_or(clock_.Now());
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    std::array<SlaTargets, 5> targets{};  // indexed by priority 1..4
    for (const auto& r : work.exec_prepared(kTargets)) {
      const int p = r[0].as<int>();
      if (p >= 1 && p <= 4) {
        targets[static_cast<std::size_t>(p)] = SlaTargets{
            std::chrono::seconds{r[1].as<int>()}, std::chrono::seconds{r[2].as<int>()}};
      }
    }
    const pqxx::result rows =
        filter.overdue_first
            ? work.exec_prepared(kListOverdue, filter.state, filter.category, filter.assignee,
                                 filter.submitter, filter.constituent, Ms(start.created_at),
                                 start.incident_id, limit, Ms(as_of), start.part)
            : work.exec_prepared(kList, filter.state, filter.category, filter.assignee,
                                 filter.submitter, filter.constituent, Ms(start.created_at),
                                 start.incident_id, limit);
    QueuePage page;
    for (const auto& row : rows) {
      QueueEntry entry = EntryFromRow(row);
      // The table's CHECK constraints keep both priorities within 1..4.
      const SlaTargets t = targets[static_cast<std::size_t>(entry.EffectivePriority())];
      page.sla.push_back(EvaluateSla(entry.state, entry.sla, t, as_of));
      page.targets.push_back(t);
      page.entries.push_back(std::move(entry));
    }
    if (page.entries.size() == static_cast<std::size_t>(limit)) {
      const QueueEntry& last = page.entries.back();
      page.next = PageKey{last.created_at, last.incident_id, 0, std::nullopt};
      if (filter.overdue_first) {
        page.next->part = page.sla.back().overdue ? 0 : 1;
        page.next->as_of = as_of;
      }
    }
    return page;
  });
}

common::Result<QueueEntry> WorkStore::Assign(const Actor& actor, const std::string& incident_id,
                                             const std::string& assignee) {
  return Edit(pool_, clock_, actor, incident_id, kAssign, assignee, 0, false, "assign",
              nlohmann::json{{"assignee", assignee}}.dump());
}

common::Result<QueueEntry> WorkStore::SetCategory(const Actor& actor,
                                                  const std::string& incident_id,
                                                  const std::string& category) {
  if (!FindCategory(category)) {
    return Fail(ErrorKind::kBadRequest,
                "'" + category + "' is not a category of the taxonomy (e.g. 'fraud/phishing')",
                "category");
  }
  return Edit(pool_, clock_, actor, incident_id, kCategory, category, 0, false, "category",
              nlohmann::json{{"category", category}}.dump());
}

common::Result<QueueEntry> WorkStore::SetSeverityOverride(const Actor& actor,
                                                          const std::string& incident_id,
                                                          std::optional<int> level) {
  if (level && (*level < 1 || *level > 4)) {
    return Fail(ErrorKind::kBadRequest, "a priority override is 1 to 4, or null to remove it",
                "priority");
  }
  return Edit(pool_, clock_, actor, incident_id, kOverride, std::string(), level.value_or(0),
              true, "severity-override",
              nlohmann::json{{"priority", level ? nlohmann::json(*level) : nlohmann::json()}}
                  .dump());
}

common::Result<Comment> WorkStore::AddComment(const Actor& actor,
                                              const std::string& incident_id,
                                              const std::string& body) {
  if (auto valid = CheckIncidentId(incident_id); !valid) return std::unexpected(valid.error());
  if (body.empty() || body.size() > kMaxCommentBytes) {
    return Fail(ErrorKind::kBadRequest, "a comment has 1 to 16384 bytes", "body");
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<Comment> {
    if (work.exec_prepared(kExists, incident_id).empty()) {
      return std::unexpected(NotFound(incident_id));
    }
    const TimePoint now = clock_.Now();
    const auto id = work.exec_prepared1(kAddComment, incident_id, actor.name, body, Ms(now))[0]
                        .as<std::int64_t>();
    AppendAudit(work, actor,
                AuditEvent{"comment", incident_id, nlohmann::json{{"comment_id", id}}.dump()},
                now);
    return Comment{id, actor.name, body, now};
  });
}

std::vector<Comment> ReadComments(pqxx::work& work, const std::string& incident_id) {
  std::vector<Comment> out;
  for (const auto& r : work.exec_prepared(kComments, incident_id)) {
    out.push_back(Comment{r[0].as<std::int64_t>(), r[1].as<std::string>(),
                          r[2].as<std::string>(),
                          TimePoint{std::chrono::milliseconds{r[3].as<std::int64_t>()}}});
  }
  return out;
}

std::vector<Link> ReadLinks(pqxx::work& work, const std::string& incident_id) {
  std::vector<Link> out;
  for (const auto& r : work.exec_prepared(kLinks, incident_id)) {
    out.push_back(Link{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>()});
  }
  return out;
}

namespace {

// kNotFound for an unknown incident; for a restricted one, records `actor`'s read of `part`.
common::Result<void> CheckAndAuditRead(pqxx::work& work, const Clock& clock, const Actor& actor,
                                       const std::string& incident_id, const char* part) {
  const pqxx::result rows = work.exec_prepared(kTlpOf, incident_id);
  if (rows.empty()) return std::unexpected(NotFound(incident_id));
  const std::string tlp = rows[0][0].as<std::string>();
  if (tlp == "AMBER" || tlp == "AMBER+STRICT" || tlp == "RED") {
    AppendAudit(work, actor,
                AuditEvent{"read", incident_id,
                           nlohmann::json{{"tlp", tlp}, {"part", part}}.dump()},
                clock.Now());
  }
  return {};
}

}  // namespace

common::Result<std::vector<Comment>> WorkStore::Comments(const Actor& actor,
                                                         const std::string& incident_id) {
  if (auto valid = CheckIncidentId(incident_id); !valid) return std::unexpected(valid.error());
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<std::vector<Comment>> {
        if (auto read = CheckAndAuditRead(work, clock_, actor, incident_id, "comments"); !read) {
          return std::unexpected(read.error());
        }
        return ReadComments(work, incident_id);
      });
}

common::Result<void> WorkStore::AddLink(const Actor& actor, const std::string& a,
                                        const std::string& b, const std::string& relation) {
  for (const auto* id : {&a, &b}) {
    if (auto valid = CheckIncidentId(*id); !valid) return std::unexpected(valid.error());
  }
  if (a == b) return Fail(ErrorKind::kBadRequest, "an incident cannot be linked to itself", "to");
  if (relation != "related" && relation != "same-campaign" && relation != "same-actor") {
    return Fail(ErrorKind::kBadRequest,
                "relation must be related, same-campaign or same-actor", "relation");
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<void> {
    for (const auto* id : {&a, &b}) {
      if (work.exec_prepared(kExists, *id).empty()) return std::unexpected(NotFound(*id));
    }
    const TimePoint now = clock_.Now();
    if (work.exec_prepared(kAddLink, a, b, relation, actor.name, Ms(now)).affected_rows() == 0) {
      return Fail(ErrorKind::kDuplicate, "the two incidents are linked already", "to");
    }
    AppendAudit(work, actor,
                AuditEvent{"link", a, nlohmann::json{{"to", b}, {"relation", relation}}.dump()},
                now);
    return {};
  });
}

common::Result<std::vector<Link>> WorkStore::Links(const Actor& actor,
                                                   const std::string& incident_id) {
  if (auto valid = CheckIncidentId(incident_id); !valid) return std::unexpected(valid.error());
  return common::pg::RunTransaction(
      pool_, [&](pqxx::work& work) -> common::Result<std::vector<Link>> {
        if (auto read = CheckAndAuditRead(work, clock_, actor, incident_id, "links"); !read) {
          return std::unexpected(read.error());
        }
        return ReadLinks(work, incident_id);
      });
}

}  // namespace ncirt::triage::store
