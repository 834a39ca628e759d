#pragma once
// Turns a registry CSV file (format: docs/api-constituency.md, "CSV import") into an import
// plan: the organisations it names, with their attributes, and the facts (ranges, AS numbers,
// domains, contacts) to add, every value checked and normalised and every bad row reported
// with its line number and column. What needs the database (is the handle known, is a range
// registered to someone else) is checked by RegistryStore::Import, which reports by line too.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triage/clock.hpp"
#include "triage/constituency/registry_types.hpp"

namespace ncirt::triage::constituency {

enum class FactKind { kRange, kAsn, kDomain, kContact };

std::string_view FactKindName(FactKind kind);  // "range", "asn", "domain", "contact"
// Also the plural path segment: "ranges", "asns", "domains", "contacts".
std::optional<FactKind> ParseFactKind(std::string_view name);
std::optional<FactKind> ParseFactCollection(std::string_view plural);

// One value an organisation owns or a contact of it, normalised.
struct FactValue {
  FactKind kind = FactKind::kRange;
  // range: canonical CIDR; asn: decimal; domain: normalised domain; contact: e-mail address.
  std::string value;
  std::int64_t asn = 0;
  std::string domain_reversed;
  Contact contact;
};

// Checks and normalises `value` (and for a contact, `contact`) as a fact of `kind`;
// kBadRequest naming `where` otherwise.
common::Result<FactValue> CheckFact(FactKind kind, std::string_view value, Contact contact,
                                    std::string_view where);

inline constexpr std::string_view kCsvHeader =
    "handle,name,sector,criticality,kind,value,role,phone,pgp_fingerprint,language,valid_from";

struct ImportError {
  int line = 0;
  std::string column;
  std::string message;
};

struct ImportOrganisation {
  std::string handle;
  // Given on some row (the first such row's line in attributes_line); nullopt when no row of
  // the file sets them.
  std::optional<OrganisationAttributes> attributes;
  int attributes_line = 0;
  int first_line = 0;
};

struct ImportFact {
  int line = 0;
  std::string handle;
  FactValue fact;
  std::optional<TimePoint> valid_from;
};

struct ImportPlan {
  int rows = 0;
  std::vector<ImportOrganisation> organisations;  // in order of first appearance
  std::vector<ImportFact> facts;                  // in file order, duplicates removed
  std::vector<ImportError> errors;                // every bad row, in line order
};

ImportPlan PlanImport(std::string_view csv);

}  // namespace ncirt::triage::constituency
