#pragma once
// Correlation of incidents through their shared indicators, and duplicate proposals
// (docs/api-constituency.md, "Incidents"). Both are computed on request from intake's
// normalised indicators (intake.indicators) by indexed joins that start from the incident's own
// indicators: GiST `&&` on addresses and networks (the same address, an address inside a
// reported network, either way), the reversed-domain btree for a domain and its subdomains
// (a range scan on the prefix) and its parents (equality with each parent), and (kind, value)
// for URLs, hashes, e-mail addresses and AS numbers. No query reads all incidents: the work is
// bounded by the settings' count_limit per indicator.
//
// Own indicators: at most kMaxIndicatorsExamined of the incident's own indicators are
// examined; the answer says how many more it has ("and N more not examined").
//
// Over-correlation: an indicator shared by more than common_cap incidents lists only
// common_cap of them; the rest are counted ("and N more"), up to count_limit.
//
// Duplicates: open incidents with the same non-empty set of (kind, value) indicators and the
// same category, received within duplicate_window_s. Candidates are the incidents holding the
// incident's rarest indicator (at most count_limit of them), so the check stays bounded when
// every indicator is common.
//
// Thread-safety: one instance may be shared by all threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection_base>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "triage/clock.hpp"
#include "triage/store/audit_log.hpp"

namespace ncirt::triage::correlation {

struct Settings {
  int common_cap = 20;
  int count_limit = 1000;
  std::int64_t duplicate_window_s = 604800;
};

// kBadRequest naming the member when a value is out of range (see the migration's checks).
common::Result<void> CheckSettings(const Settings& settings);

struct SharedIndicator {
  std::string kind, value;              // this incident's indicator
  std::string their_kind, their_value;  // the related incident's indicator that matched it
};

struct RelatedIncident {
  std::string incident_id;
  std::optional<std::string> state;     // nullopt when triage has not taken it in yet
  std::optional<std::string> category;
  std::vector<SharedIndicator> shared;  // shared.size() is the shared count
};

struct IndicatorSummary {
  std::string kind, value;
  int incidents = 0;       // other incidents sharing it (at most count_limit)
  bool at_least = false;   // counting stopped at count_limit
  int listed = 0;
  int more = 0;            // incidents - listed
};

// How many of an incident's own distinct indicators a related-incidents look-up examines: the
// first ones in (kind, value) order. An incident with more (a scan report of 10,000 addresses)
// gets the rest counted as not examined, so one request's work stays bounded by this times
// count_limit index entries.
inline constexpr int kMaxIndicatorsExamined = 100;

struct Related {
  std::string incident_id;
  std::vector<RelatedIncident> related;     // most shared indicators first
  std::vector<IndicatorSummary> indicators;  // the examined ones
  int indicators_examined = 0;               // indicators.size()
  int indicators_not_examined = 0;           // own distinct indicators beyond the examined
};

struct DuplicateProposal {
  std::string incident_id;
  std::string state;
  std::optional<std::string> category;
  TimePoint created_at;
  int indicators = 0;
};

void PrepareCorrelationStatements(pqxx::connection_base& connection);

class CorrelationStore {
 public:
  // REQUIRES: pool and clock outlive the store.
  CorrelationStore(common::pg::Pool& pool, const Clock& clock);

  common::Result<Settings> GetSettings();
  common::Result<Settings> SetSettings(const store::Actor& actor, const Settings& settings);

  // kNotFound when intake does not know the incident; `cap` overrides common_cap.
  common::Result<Related> RelatedTo(const std::string& incident_id, std::optional<int> cap);

  // kNotFound when triage does not know the incident.
  common::Result<std::vector<DuplicateProposal>> Duplicates(const std::string& incident_id);

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
};

}  // namespace ncirt::triage::correlation
