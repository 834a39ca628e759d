#pragma once
// The constituency registry in PostgreSQL (triage.constituent_* tables; the model and its time
// versioning are described in docs/api-constituency.md and the migration). Every change closes
// and adds rows rather than updating them, appends its audit record (store/audit_log.hpp) and
// re-matches the open incidents it concerns (matcher.hpp), all in one transaction, and returns
// only after COMMIT.
//
// Errors: kBadRequest for invalid input (checked before any SQL), kNotFound for an unknown
// organisation or fact, kConflict when a value is registered to another organisation, with a
// message naming it.
//
// Thread-safety: one instance may be shared by all threads (it holds only the pool and clock).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "common/pg/pool.hpp"
#include "triage/clock.hpp"
#include "triage/constituency/csv_import.hpp"
#include "triage/constituency/registry_types.hpp"
#include "triage/store/audit_log.hpp"

namespace ncirt::triage::constituency {

struct FactRecord {
  std::int64_t id = 0;
  FactValue value;
  Validity validity;
};

struct VersionRecord {
  std::int64_t id = 0;
  OrganisationAttributes attributes;
  Validity validity;
  std::string changed_by;
};

struct Organisation {
  std::string handle;
  VersionRecord version;           // the one valid at the time asked for (or the latest)
  std::vector<FactRecord> facts;   // ranges, AS numbers, domains, contacts, in that order
  std::vector<VersionRecord> history;  // every version, oldest first (history reads only)
};

struct NewOrganisation {
  std::string handle;
  OrganisationAttributes attributes;
  std::optional<TimePoint> valid_from;
  std::vector<FactValue> facts;
};

struct OrganisationPage {
  std::vector<Organisation> organisations;  // without facts
  std::optional<std::string> next_after;
};

struct LookupMatch {
  std::string handle, name, sector, via, entry;
  Criticality criticality = Criticality::kUnknown;
  int specificity = 0;
};

struct ImportReport {
  bool dry_run = true;
  int rows = 0;
  int organisations_created = 0;
  int organisations_updated = 0;
  int facts_added = 0;
  int unchanged = 0;
  int rematched = 0;
  // Non-empty: the file was refused and nothing was stored.
  std::vector<ImportError> errors;
};

class RegistryStore {
 public:
  // REQUIRES: pool and clock outlive the store.
  RegistryStore(common::pg::Pool& pool, const Clock& clock);

  common::Result<Organisation> Create(const store::Actor& actor, const NewOrganisation& input);
  // The organisation at `at` (default now) with its facts valid then; with `history` every
  // version and fact ever recorded. kNotFound when it did not exist at `at`.
  common::Result<Organisation> Get(const std::string& handle, std::optional<TimePoint> at,
                                   bool history);
  common::Result<OrganisationPage> List(std::optional<TimePoint> at, const std::string& after,
                                        int limit);
  // A new version of the attributes from `valid_from` (default now).
  common::Result<Organisation> Update(const store::Actor& actor, const std::string& handle,
                                      const OrganisationAttributes& attributes,
                                      std::optional<TimePoint> valid_from);
  // Closes the organisation and its current facts now; returns how many facts it closed.
  common::Result<int> Remove(const store::Actor& actor, const std::string& handle);

  // Adds a fact. With `transfer`, a range/AS number/domain currently registered to another
  // organisation is closed at the new fact's start instead of being a conflict.
  common::Result<FactRecord> AddFact(const store::Actor& actor, const std::string& handle,
                                     const FactValue& fact, std::optional<TimePoint> valid_from,
                                     bool transfer);
  // Closes a current fact now.
  common::Result<FactRecord> CloseFact(const store::Actor& actor, const std::string& handle,
                                       FactKind kind, std::int64_t id);

  // Checks the plan against the registry (registry_import.cpp) and, unless `dry_run` or any
  // row is bad, applies it. The report lists every bad row; errors mean nothing was stored.
  common::Result<ImportReport> Import(const store::Actor& actor, const ImportPlan& plan,
                                      bool dry_run);

  // Who owns an address/network ("range"), AS number or domain at `at` (default now).
  common::Result<std::vector<LookupMatch>> Lookup(const std::string& value,
                                                  std::optional<TimePoint> at);

 private:
  common::pg::Pool& pool_;
  const Clock& clock_;
};

}  // namespace ncirt::triage::constituency
