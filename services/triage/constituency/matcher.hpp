#pragma once
// Matching incidents to the organisations they touch (docs/api-constituency.md, "Matching"),
// inside the caller's transaction, and reading the stored matches back.
//
// MatchIncident is what triage's intake path calls (QueueStore::ConsumeOutbox) for every
// incident it takes in: it matches the incident's normalised indicators (intake.indicators)
// against the registry as it was when the incident arrived in triage (triage.incidents.created_at,
// or `now` for an incident not yet there), most specific first, stores the result in
// triage.incident_constituents and returns the criticality for the priority. Every lookup is an
// index lookup: GiST on the ranges, btree on AS numbers and reversed domains.
//
// RematchOpen is what every registry change calls in its own transaction: it finds the open
// incidents the change can concern (by indexed joins from the changed networks, AS numbers and
// domains into intake.indicators, and from the changed organisations into the stored
// matches), matches each again, and when its criticality changes recomputes its priority
// (priority.hpp; the SLA due time is left as it is) with an audit record.
//
// Thread-safety: functions over the caller's pqxx::work.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection_base>
#include <pqxx/transaction>

#include "triage/clock.hpp"
#include "triage/priority.hpp"
#include "triage/store/audit_log.hpp"

namespace ncirt::triage::constituency {

// Registers the statements of this folder on `connection` (idempotent: pqxx prepares lazily
// and accepts an identical re-definition). Every entry point calls it, so it also works on a
// pool whose on_connect did not (triage's own tests).
void PrepareConstituencyStatements(pqxx::connection_base& connection);

// Matches and stores; returns the incident's criticality (kUnknown when nothing matched).
Criticality MatchIncident(pqxx::work& work, const std::string& incident_id, TimePoint now);

// What a registry change touched.
struct Affected {
  std::vector<std::string> networks;         // canonical CIDR
  std::vector<std::string> asns;             // decimal
  std::vector<std::string> reversed_domains; // 'org.example.'
  std::vector<std::string> handles;          // organisations whose attributes changed
  bool Empty() const {
    return networks.empty() && asns.empty() && reversed_domains.empty() && handles.empty();
  }
};

// Re-matches the open incidents `affected` concerns; returns how many it re-matched.
int RematchOpen(pqxx::work& work, const Affected& affected, const store::Actor& actor,
                TimePoint now);

struct MatchedEntry {
  std::string via;    // "range", "asn", "domain"
  std::string entry;  // "192.0.2.0/24", "AS64500", "example.org"
  std::string indicator_kind;
  std::string indicator;
};

struct MatchedContact {
  std::string role, email, phone, pgp_fingerprint, language;
};

struct MatchedOrganisation {
  std::string handle, name, sector;
  Criticality criticality = Criticality::kUnknown;
  int specificity = 0;
  std::vector<MatchedEntry> matches;
  std::vector<MatchedContact> contacts;
};

struct IncidentConstituents {
  std::string incident_id;
  Criticality criticality = Criticality::kUnknown;
  std::optional<TimePoint> matched_at;
  std::vector<MatchedOrganisation> organisations;  // most specific first
};

// The stored matches of a triage incident, with the contacts valid at its arrival; nullopt
// when triage does not know the incident.
std::optional<IncidentConstituents> ReadMatches(pqxx::work& work,
                                                const std::string& incident_id);

}  // namespace ncirt::triage::constituency
