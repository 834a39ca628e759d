#include "triage/constituency/registry_sql.hpp"

#include "triage/constituency/registry_statements.hpp"

namespace ncirt::triage::constituency::sql {
namespace {

#define TS NCIRT_CONSTITUENCY_MS_TO_TS
#define BOUND NCIRT_CONSTITUENCY_BOUND_MS
#define BOUNDS BOUND("valid_from") ", " BOUND("valid_to")

constexpr const char* kLockVersion = "constituency_lock_version";
constexpr const char* kLockVersionSql =
    "SELECT id, name, sector, criticality, " BOUNDS ", changed_by "
    "FROM triage.constituent_versions WHERE handle = $1 AND valid_to = 'infinity' FOR UPDATE";

constexpr const char* kHandleKnown = "constituency_handle_known";
constexpr const char* kHandleKnownSql =
    "SELECT 1 FROM triage.constituents WHERE handle = $1";

constexpr const char* kInsertHandle = "constituency_insert_handle";
constexpr const char* kInsertHandleSql =
    "INSERT INTO triage.constituents (handle, created_at) VALUES ($1, " TS("$2") ") "
    "ON CONFLICT (handle) DO NOTHING";

constexpr const char* kInsertVersion = "constituency_insert_version";
constexpr const char* kInsertVersionSql =
    "INSERT INTO triage.constituent_versions (handle, name, sector, criticality, valid_from, "
    "changed_by) VALUES ($1, $2, $3, NULLIF($4, ''), coalesce(" TS("$5") ", (SELECT "
    "max(valid_to) FROM triage.constituent_versions WHERE handle = $1), '-infinity'), $6) "
    "RETURNING id";

constexpr const char* kCloseVersion = "constituency_close_version";
constexpr const char* kCloseVersionSql =
    "UPDATE triage.constituent_versions SET valid_to = greatest(" TS("$2") ", valid_from + "
    "interval '1 millisecond') WHERE handle = $1 AND valid_to = 'infinity' AND (NOT $3 OR "
    "valid_from < " TS("$2") ") RETURNING " NCIRT_CONSTITUENCY_TS_TO_MS("valid_to");

constexpr const char* kOwnerRange = "constituency_owner_range";
constexpr const char* kOwnerRangeSql =
    "SELECT id, handle FROM triage.constituent_ranges WHERE network = $1::cidr "
    "AND valid_to = 'infinity' FOR UPDATE";
constexpr const char* kOwnerAsn = "constituency_owner_asn";
constexpr const char* kOwnerAsnSql =
    "SELECT id, handle FROM triage.constituent_asns WHERE asn = $1::bigint "
    "AND valid_to = 'infinity' FOR UPDATE";
constexpr const char* kOwnerDomain = "constituency_owner_domain";
constexpr const char* kOwnerDomainSql =
    "SELECT id, handle FROM triage.constituent_domains WHERE domain = $1 "
    "AND valid_to = 'infinity' FOR UPDATE";

constexpr const char* kHasContact = "constituency_has_contact";
constexpr const char* kHasContactSql =
    "SELECT 1 FROM triage.constituent_contacts WHERE handle = $1 AND role = $2 AND email = $3 "
    "AND valid_to = 'infinity'";

#define NCIRT_START(table, key, param)                                                 \
  "coalesce(" TS("$3") ", (SELECT max(valid_to) FROM triage." table " WHERE " key " = " \
  param "), '-infinity')"

constexpr const char* kInsertRange = "constituency_insert_range";
constexpr const char* kInsertRangeSql =
    "INSERT INTO triage.constituent_ranges (handle, network, valid_from, changed_by) VALUES "
    "($1, $2::cidr, " NCIRT_START("constituent_ranges", "network", "$2::cidr") ", $4) "
    "RETURNING id, network::text, " BOUNDS;
constexpr const char* kInsertAsn = "constituency_insert_asn";
constexpr const char* kInsertAsnSql =
    "INSERT INTO triage.constituent_asns (handle, asn, valid_from, changed_by) VALUES "
    "($1, $2::bigint, " NCIRT_START("constituent_asns", "asn", "$2::bigint") ", $4) "
    "RETURNING id, asn::text, " BOUNDS;
constexpr const char* kInsertDomain = "constituency_insert_domain";
constexpr const char* kInsertDomainSql =
    "INSERT INTO triage.constituent_domains (handle, domain, domain_reversed, valid_from, "
    "changed_by) VALUES ($1, $2, $5, " NCIRT_START("constituent_domains", "domain", "$2")
    ", $4) RETURNING id, domain, " BOUNDS;
constexpr const char* kInsertContact = "constituency_insert_contact";
constexpr const char* kInsertContactSql =
    "INSERT INTO triage.constituent_contacts (handle, email, valid_from, changed_by, role, "
    "phone, pgp_fingerprint, language) VALUES ($1, $2, coalesce(" TS("$3") ", '-infinity'), "
    "$4, $5, $6, $7, $8) RETURNING id, email, " BOUNDS;

#undef NCIRT_START

#define NCIRT_CLOSE(table, value)                                                       \
  "UPDATE triage." table " SET valid_to = greatest(" TS("$3") ", valid_from + interval "       \
  "'1 millisecond') WHERE id = $1 AND handle = $2 AND valid_to = 'infinity' RETURNING id, "   \
  value ", " BOUNDS

constexpr const char* kCloseRange = "constituency_close_range";
constexpr const char* kCloseRangeSql = NCIRT_CLOSE("constituent_ranges", "network::text");
constexpr const char* kCloseAsn = "constituency_close_asn";
constexpr const char* kCloseAsnSql = NCIRT_CLOSE("constituent_asns", "asn::text");
constexpr const char* kCloseDomain = "constituency_close_domain";
constexpr const char* kCloseDomainSql = NCIRT_CLOSE("constituent_domains", "domain");
constexpr const char* kCloseContact = "constituency_close_contact";
constexpr const char* kCloseContactSql =
    NCIRT_CLOSE("constituent_contacts", "email, role, phone, pgp_fingerprint, language");

#undef NCIRT_CLOSE

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

std::optional<TimePoint> BoundOf(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return TimePoint{std::chrono::milliseconds{f.as<std::int64_t>()}};
}

FactRecord FactFrom(const pqxx::row& r, FactKind kind) {
  FactRecord record;
  record.id = r[0].as<std::int64_t>();
  auto checked = CheckFact(kind, r[1].as<std::string>(),
                           kind == FactKind::kContact
                               ? Contact{r[4].as<std::string>(), r[1].as<std::string>(),
                                         r[5].as<std::string>(), r[6].as<std::string>(),
                                         r[7].as<std::string>()}
                               : Contact{},
                           "stored");
  // Stored values were checked on the way in; a failure here is a broken invariant.
  if (!checked) throw std::runtime_error("registry row " + std::to_string(record.id) + ": " +
                                         checked.error().message);
  record.value = *checked;
  record.validity = Validity{BoundOf(r[2]), BoundOf(r[3])};
  return record;
}

const char* CloseStatement(FactKind kind) {
  switch (kind) {
    case FactKind::kRange: return kCloseRange;
    case FactKind::kAsn: return kCloseAsn;
    case FactKind::kDomain: return kCloseDomain;
    case FactKind::kContact: return kCloseContact;
  }
  return kCloseRange;
}

}  // namespace

std::optional<Owner> CurrentOwner(pqxx::work& work, const FactValue& fact) {
  pqxx::result rows;
  switch (fact.kind) {
    case FactKind::kRange: rows = work.exec_prepared(kOwnerRange, fact.value); break;
    case FactKind::kAsn: rows = work.exec_prepared(kOwnerAsn, fact.asn); break;
    case FactKind::kDomain: rows = work.exec_prepared(kOwnerDomain, fact.value); break;
    case FactKind::kContact: return std::nullopt;
  }
  if (rows.empty()) return std::nullopt;
  return Owner{rows[0][0].as<std::int64_t>(), rows[0][1].as<std::string>()};
}

std::optional<VersionRecord> CurrentVersion(pqxx::work& work, const std::string& handle) {
  const pqxx::result rows = work.exec_prepared(kLockVersion, handle);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  VersionRecord v;
  v.id = r[0].as<std::int64_t>();
  v.attributes.name = r[1].as<std::string>();
  v.attributes.sector = r[2].as<std::string>();
  if (!r[3].is_null()) v.attributes.criticality = ParseCriticality(r[3].as<std::string>());
  v.validity = Validity{BoundOf(r[4]), BoundOf(r[5])};
  v.changed_by = r[6].as<std::string>();
  return v;
}

bool HandleKnown(pqxx::work& work, const std::string& handle) {
  return !work.exec_prepared(kHandleKnown, handle).empty();
}

std::int64_t AddVersion(pqxx::work& work, const std::string& handle,
                        const OrganisationAttributes& attributes,
                        std::optional<TimePoint> valid_from, const std::string& by,
                        TimePoint now) {
  work.exec_prepared(kInsertHandle, handle, Ms(now));
  const NullableMs from(valid_from);
  const std::string criticality =
      attributes.criticality ? std::string(CriticalityName(*attributes.criticality)) : "";
  return work
      .exec_prepared1(kInsertVersion, handle, attributes.name, attributes.sector, criticality,
                      from.Param(), by)[0]
      .as<std::int64_t>();
}

std::optional<TimePoint> CloseVersion(pqxx::work& work, const std::string& handle,
                                      TimePoint at, bool strict) {
  const pqxx::result rows = work.exec_prepared(kCloseVersion, handle, Ms(at), strict);
  if (rows.empty()) return std::nullopt;
  return TimePoint{std::chrono::milliseconds{rows[0][0].as<std::int64_t>()}};
}

FactRecord InsertFact(pqxx::work& work, const std::string& handle, const FactValue& fact,
                      std::optional<TimePoint> valid_from, const std::string& by) {
  const NullableMs from(valid_from);
  pqxx::row r;
  switch (fact.kind) {
    case FactKind::kRange:
      r = work.exec_prepared1(kInsertRange, handle, fact.value, from.Param(), by);
      break;
    case FactKind::kAsn:
      r = work.exec_prepared1(kInsertAsn, handle, fact.asn, from.Param(), by);
      break;
    case FactKind::kDomain:
      r = work.exec_prepared1(kInsertDomain, handle, fact.value, from.Param(), by,
                              fact.domain_reversed);
      break;
    case FactKind::kContact:
      r = work.exec_prepared1(kInsertContact, handle, fact.contact.email, from.Param(), by,
                              fact.contact.role, fact.contact.phone,
                              fact.contact.pgp_fingerprint, fact.contact.language);
      break;
  }
  FactRecord record;
  record.id = r[0].as<std::int64_t>();
  record.value = fact;
  record.validity = Validity{BoundOf(r[2]), BoundOf(r[3])};
  return record;
}

std::optional<FactRecord> CloseFactRow(pqxx::work& work, FactKind kind, std::int64_t id,
                                       const std::string& handle, TimePoint at) {
  const pqxx::result rows =
      work.exec_prepared(CloseStatement(kind), id, handle, Ms(at));
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  if (kind != FactKind::kContact) return FactFrom(r, kind);
  // Contacts return (id, email, from, to, role, phone, pgp, language) in a different order.
  FactRecord record;
  record.id = r[0].as<std::int64_t>();
  record.value.kind = kind;
  record.value.value = r[1].as<std::string>();
  record.value.contact = Contact{r[2].as<std::string>(), r[1].as<std::string>(),
                                 r[3].as<std::string>(), r[4].as<std::string>(),
                                 r[5].as<std::string>()};
  record.validity = Validity{BoundOf(r[6]), BoundOf(r[7])};
  return record;
}

bool HasContact(pqxx::work& work, const std::string& handle, const Contact& contact) {
  return !work.exec_prepared(kHasContact, handle, contact.role, contact.email).empty();
}

void NoteAffected(Affected& affected, const FactValue& fact) {
  switch (fact.kind) {
    case FactKind::kRange: affected.networks.push_back(fact.value); break;
    case FactKind::kAsn: affected.asns.push_back(fact.value); break;
    case FactKind::kDomain: affected.reversed_domains.push_back(fact.domain_reversed); break;
    case FactKind::kContact: break;  // contacts are read live; matching does not change
  }
}

std::string Subject(const std::string& handle) { return "constituent/" + handle; }

void Prepare(pqxx::connection_base& c) {
  c.prepare(kLockVersion, kLockVersionSql);
  c.prepare(kHandleKnown, kHandleKnownSql);
  c.prepare(kInsertHandle, kInsertHandleSql);
  c.prepare(kInsertVersion, kInsertVersionSql);
  c.prepare(kCloseVersion, kCloseVersionSql);
  c.prepare(kOwnerRange, kOwnerRangeSql);
  c.prepare(kOwnerAsn, kOwnerAsnSql);
  c.prepare(kOwnerDomain, kOwnerDomainSql);
  c.prepare(kHasContact, kHasContactSql);
  c.prepare(kInsertRange, kInsertRangeSql);
  c.prepare(kInsertAsn, kInsertAsnSql);
  c.prepare(kInsertDomain, kInsertDomainSql);
  c.prepare(kInsertContact, kInsertContactSql);
  c.prepare(kCloseRange, kCloseRangeSql);
  c.prepare(kCloseAsn, kCloseAsnSql);
  c.prepare(kCloseDomain, kCloseDomainSql);
  c.prepare(kCloseContact, kCloseContactSql);
}

}  // namespace ncirt::triage::constituency::sql
