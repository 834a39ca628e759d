#pragma once
// The registry's SQL, shared by registry_store.cpp (single changes) and registry_import.cpp
// (CSV): statement names, the per-kind statements for facts, and the small steps both files
// compose (lock an organisation, find a value's current owner, add a fact). Internal to
// constituency/.
//
// Thread-safety: functions over the caller's pqxx::work.

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/result>
#include <pqxx/transaction>

#include "triage/constituency/csv_import.hpp"
#include "triage/constituency/matcher.hpp"
#include "triage/constituency/registry_store.hpp"

namespace ncirt::triage::constituency::sql {

// The current owner of a range, AS number or domain.
struct Owner {
  std::int64_t id = 0;
  std::string handle;
};
std::optional<Owner> CurrentOwner(pqxx::work& work, const FactValue& fact);

// The current attributes of an organisation (locked FOR UPDATE); nullopt when it has none
// (unknown or removed).
std::optional<VersionRecord> CurrentVersion(pqxx::work& work, const std::string& handle);
// Whether the handle was ever registered.
bool HandleKnown(pqxx::work& work, const std::string& handle);

// Registers the handle if new and adds a version from `valid_from` (default: where the last
// version ended, else -infinity); returns its id.
std::int64_t AddVersion(pqxx::work& work, const std::string& handle,
                        const OrganisationAttributes& attributes,
                        std::optional<TimePoint> valid_from, const std::string& by,
                        TimePoint now);
// Closes the current version at `at` and returns the time it was closed at: `at`, or one
// millisecond after the version's start when that is later (a version changed in the same
// millisecond it began), so no version is empty. With `strict`, a version starting at or after
// `at` is not closed (nullopt): an explicit start must follow the current one.
std::optional<TimePoint> CloseVersion(pqxx::work& work, const std::string& handle,
                                      TimePoint at, bool strict);

// Inserts a fact from `valid_from` (default: where the value's last registration ended, else
// -infinity).
FactRecord InsertFact(pqxx::work& work, const std::string& handle, const FactValue& fact,
                      std::optional<TimePoint> valid_from, const std::string& by);
// Closes fact `id` of `kind` at `at` (or one millisecond after its start, when that is later);
// nullopt when it is not a current fact of `handle`.
std::optional<FactRecord> CloseFactRow(pqxx::work& work, FactKind kind, std::int64_t id,
                                       const std::string& handle, TimePoint at);
// Whether `handle` currently has this contact (role and e-mail).
bool HasContact(pqxx::work& work, const std::string& handle, const Contact& contact);

// Adds what matching a fact can change to `affected`.
void NoteAffected(Affected& affected, const FactValue& fact);

// {"action detail"} helpers: the audit subject of an organisation.
std::string Subject(const std::string& handle);

void Prepare(pqxx::connection_base& connection);

}  // namespace ncirt::triage::constituency::sql
