#pragma once
// The analysts' work on incidents beyond the workflow, in PostgreSQL: the queue listing with
// filters and keyset paging, assignment, category, severity override, comments and links.
// Every change appends its audit row in the same transaction (audit_log.hpp) and returns only
// after COMMIT.
//
// Paging is by keyset on (created_at, incident_id), never by offset: a page is "the next
// `limit` rows after this key", so rows arriving meanwhile neither repeat nor vanish between
// pages, and page 1000 costs what page 1 does.
//
// Thread-safety: one instance may be shared by all threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "triage/clock.hpp"
#include "triage/sla.hpp"
#include "triage/store/audit_log.hpp"
#include "triage/store/queue_store.hpp"

namespace ncirt::triage::store {

// Empty members do not filter.
struct QueueFilter {
  std::string state;
  std::string category;
  std::string assignee;
  // The intake submitter the incident came from (a partner link, a sensor, a constituent).
  std::string submitter;
  std::string constituent;
  // Overdue incidents (sla.hpp: past the target of their phase) before all others, each part
  // in arrival order.
  bool overdue_first = false;
};

// The key of the last row of a page; the next page starts after it. With overdue_first the
// key also holds the row's part (0 overdue, 1 not) and the instant overdue was judged at, so
// every page of one listing splits the queue at the same instant.
struct PageKey {
  TimePoint created_at;
  std::string incident_id;
  int part = 0;
  std::optional<TimePoint> as_of;
};

struct QueuePage {
  std::vector<QueueEntry> entries;
  // The SLA status of entries[i] at the listing's instant, and its targets.
  std::vector<SlaStatus> sla;
  std::vector<SlaTargets> targets;
  // Set when there may be more rows.
  std::optional<PageKey> next;
};

struct Comment {
  std::int64_t id = 0;
  std::string author;
  std::string body;
  TimePoint created_at;
};

struct Link {
  std::string other;
  std::string relation;
  std::string created_by;
};

class WorkStore {
 public:
  WorkStore(common::pg::Pool& pool, const Clock& clock);

  // kBadRequest for an unknown state, a limit outside 1..500, or a key of the other order.
  common::Result<QueuePage> List(const QueueFilter& filter, const std::optional<PageKey>& after,
                                 int limit);

  // Assigns to `assignee` (empty: unassigns).
  common::Result<QueueEntry> Assign(const Actor& actor, const std::string& incident_id,
                                    const std::string& assignee);
  // kBadRequest for a token not in taxonomy.hpp.
  common::Result<QueueEntry> SetCategory(const Actor& actor, const std::string& incident_id,
                                         const std::string& category);
  // 1..4, or nullopt to go back to the computed priority.
  common::Result<QueueEntry> SetSeverityOverride(const Actor& actor,
                                                 const std::string& incident_id,
                                                 std::optional<int> level);

  // kBadRequest for an empty body or one over 16 KiB.
  common::Result<Comment> AddComment(const Actor& actor, const std::string& incident_id,
                                     const std::string& body);
  // Reading the comments or links of an AMBER, AMBER+STRICT or RED incident is audited as a
  // read by `actor`, like the incident itself (detail_store.hpp); kNotFound for an unknown
  // incident.
  common::Result<std::vector<Comment>> Comments(const Actor& actor,
                                                const std::string& incident_id);

  // kDuplicate when the two are linked already; kBadRequest for a link to itself or an
  // unknown relation ("related", "same-campaign", "same-actor").
  common::Result<void> AddLink(const Actor& actor, const std::string& a, const std::string& b,
                               const std::string& relation);
  common::Result<std::vector<Link>> Links(const Actor& actor, const std::string& incident_id);

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
};

void PrepareWorkStatements(pqxx::connection& connection);

// The comments (oldest first) and links of an incident, inside the caller's transaction.
std::vector<Comment> ReadComments(pqxx::work& work, const std::string& incident_id);
std::vector<Link> ReadLinks(pqxx::work& work, const std::string& incident_id);

}  // namespace ncirt::triage::store
