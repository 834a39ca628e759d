#pragma once
// Everything an analyst needs about one incident, read in one consistent snapshot
// (GET /v1/incidents/{id}, docs/api.md): triage's queue row (state, assignee, priority, SLA
// clock), what intake stored (the model with its assessments and times, the IODEF ids, the
// submitter the incident came from, the marking), the normalised indicators, the comments and
// links, the versions intake received, and the incident's history of changes: its audit
// records, chained or still pending, oldest first.
//
// Reading an AMBER, AMBER+STRICT or RED incident is itself audited, in the same transaction:
// the answer is given only once the record of the read has committed.
//
// Thread-safety: one instance may be shared by all threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "ncirt/v1/incident.pb.h"
#include "triage/clock.hpp"
#include "triage/sla.hpp"
#include "triage/store/audit_log.hpp"
#include "triage/store/queue_store.hpp"
#include "triage/store/work_store.hpp"

namespace ncirt::triage::store {

struct IndicatorRow {
  std::string kind;
  std::string value;
  std::string hash_algorithm;
  std::string role;
};

// One audit record about the incident.
struct HistoryEvent {
  // nullopt while the record waits to be chained (audit_log.hpp).
  std::optional<std::int64_t> seq;
  std::int64_t at_us = 0;
  std::string actor;
  std::string origin;
  std::string action;
  std::string detail;
};

// A version intake received (the current one included).
struct IntakeVersion {
  int version = 1;
  std::string tlp;
  std::string submitter;
  TimePoint recorded_at;
};

struct IncidentDetail {
  QueueEntry entry;
  SlaTargets targets;
  SlaStatus sla;
  std::string iodef_id;
  std::string iodef_name;
  std::string purpose;
  std::optional<TimePoint> generation_time, report_time, detect_time, start_time, end_time;
  int warning_count = 0;
  v1::Incident model;
  std::vector<IndicatorRow> indicators;
  // True when the incident has more indicators than the answer lists (kMaxIndicators).
  bool indicators_truncated = false;
  std::vector<Comment> comments;
  std::vector<Link> links;
  std::vector<IntakeVersion> versions;
  std::vector<HistoryEvent> history;
};

void PrepareDetailStatements(pqxx::connection& connection);

class DetailStore {
 public:
  static constexpr int kMaxIndicators = 1000;

  DetailStore(common::pg::Pool& pool, const Clock& clock);

  // kBadRequest for a malformed id, kNotFound when triage does not know the incident.
  common::Result<IncidentDetail> Read(const Actor& actor, const std::string& incident_id);

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
};

}  // namespace ncirt::triage::store
