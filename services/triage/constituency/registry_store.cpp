#include "triage/constituency/registry_store.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "triage/constituency/matcher.hpp"
#include "triage/constituency/normalize.hpp"
#include "triage/constituency/registry_sql.hpp"
#include "triage/constituency/registry_statements.hpp"

namespace ncirt::triage::constituency {
namespace {

using common::ErrorKind;
using common::Fail;

#define TS NCIRT_CONSTITUENCY_MS_TO_TS
#define BOUND NCIRT_CONSTITUENCY_BOUND_MS
#define BOUNDS BOUND("valid_from") ", " BOUND("valid_to")
// Valid at $2, or every row when $3 (history) is true.
#define AT_OR_ALL "($3 OR (valid_from <= " TS("$2") " AND " TS("$2") " < valid_to))"

constexpr const char* kVersions = "constituency_versions";
constexpr const char* kVersionsSql =
    "SELECT id, name, sector, criticality, " BOUNDS ", changed_by FROM "
    "triage.constituent_versions WHERE handle = $1 AND " AT_OR_ALL " ORDER BY valid_from, id";

constexpr const char* kRanges = "constituency_ranges_of";
constexpr const char* kRangesSql =
    "SELECT id, network::text, " BOUNDS " FROM triage.constituent_ranges WHERE handle = $1 "
    "AND " AT_OR_ALL " ORDER BY network, valid_from";
constexpr const char* kAsns = "constituency_asns_of";
constexpr const char* kAsnsSql =
    "SELECT id, asn::text, " BOUNDS " FROM triage.constituent_asns WHERE handle = $1 AND "
    AT_OR_ALL " ORDER BY asn, valid_from";
constexpr const char* kDomains = "constituency_domains_of";
constexpr const char* kDomainsSql =
    "SELECT id, domain, " BOUNDS " FROM triage.constituent_domains WHERE handle = $1 AND "
    AT_OR_ALL " ORDER BY domain, valid_from";
constexpr const char* kContacts = "constituency_contacts_of";
constexpr const char* kContactsSql =
    "SELECT id, email, " BOUNDS ", role, phone, pgp_fingerprint, language FROM "
    "triage.constituent_contacts WHERE handle = $1 AND " AT_OR_ALL
    " ORDER BY role, email, valid_from";

constexpr const char* kList = "constituency_list";
constexpr const char* kListSql =
    "SELECT handle, id, name, sector, criticality, " BOUNDS ", changed_by FROM "
    "triage.constituent_versions WHERE handle > $1 AND valid_from <= " TS("$2") " AND "
    TS("$2") " < valid_to ORDER BY handle LIMIT $3";

// Facts to close with their organisation.
constexpr const char* kCurrentFactIds = "constituency_current_fact_ids";
constexpr const char* kCurrentFactIdsSql =
    "SELECT 'range', id FROM triage.constituent_ranges WHERE handle = $1 AND valid_to = "
    "'infinity' UNION ALL SELECT 'asn', id FROM triage.constituent_asns WHERE handle = $1 AND "
    "valid_to = 'infinity' UNION ALL SELECT 'domain', id FROM triage.constituent_domains WHERE "
    "handle = $1 AND valid_to = 'infinity' UNION ALL SELECT 'contact', id FROM "
    "triage.constituent_contacts WHERE handle = $1 AND valid_to = 'infinity'";

constexpr const char* kLookupRange = "constituency_lookup_range";
constexpr const char* kLookupRangeSql =
    "SELECT r.handle, v.name, v.sector, v.criticality, r.network::text, masklen(r.network) "
    "FROM triage.constituent_ranges r JOIN triage.constituent_versions v ON v.handle = r.handle "
    "AND v.valid_from <= " TS("$2") " AND " TS("$2") " < v.valid_to WHERE r.network >>= "
    "$1::cidr AND r.valid_from <= " TS("$2") " AND " TS("$2") " < r.valid_to "
    "ORDER BY masklen(r.network) DESC";
constexpr const char* kLookupAsn = "constituency_lookup_asn";
constexpr const char* kLookupAsnSql =
    "SELECT a.handle, v.name, v.sector, v.criticality, 'AS' || a.asn, 0 "
    "FROM triage.constituent_asns a JOIN triage.constituent_versions v ON v.handle = a.handle "
    "AND v.valid_from <= " TS("$2") " AND " TS("$2") " < v.valid_to WHERE a.asn = $1::bigint "
    "AND a.valid_from <= " TS("$2") " AND " TS("$2") " < a.valid_to";
constexpr const char* kLookupDomain = "constituency_lookup_domain";
constexpr const char* kLookupDomainSql =
    "SELECT d.handle, v.name, v.sector, v.criticality, d.domain, length(d.domain_reversed) - "
    "length(replace(d.domain_reversed, '.', '')) FROM triage.constituent_domains d JOIN "
    "triage.constituent_versions v ON v.handle = d.handle AND v.valid_from <= " TS("$2")
    " AND " TS("$2") " < v.valid_to WHERE d.domain_reversed = "
    "ANY(triage.reversed_domain_suffixes($1, 1)) AND d.valid_from <= " TS("$2") " AND "
    TS("$2") " < d.valid_to ORDER BY length(d.domain_reversed) DESC";

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

std::optional<TimePoint> BoundOf(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return TimePoint{std::chrono::milliseconds{f.as<std::int64_t>()}};
}

VersionRecord VersionFrom(const pqxx::row& r, int first) {
  VersionRecord v;
  v.id = r[first].as<std::int64_t>();
  v.attributes.name = r[first + 1].as<std::string>();
  v.attributes.sector = r[first + 2].as<std::string>();
  if (!r[first + 3].is_null()) {
    v.attributes.criticality = ParseCriticality(r[first + 3].as<std::string>());
  }
  v.validity = Validity{BoundOf(r[first + 4]), BoundOf(r[first + 5])};
  v.changed_by = r[first + 6].as<std::string>();
  return v;
}

FactRecord FactRow(const pqxx::row& r, FactKind kind) {
  FactRecord f;
  f.id = r[0].as<std::int64_t>();
  f.value.kind = kind;
  f.value.value = r[1].as<std::string>();
  if (kind == FactKind::kAsn) f.value.asn = r[1].as<std::int64_t>();
  if (kind == FactKind::kDomain) f.value.domain_reversed = ReversedDomain(f.value.value);
  if (kind == FactKind::kContact) {
    f.value.contact = Contact{r[4].as<std::string>(), f.value.value, r[5].as<std::string>(),
                              r[6].as<std::string>(), r[7].as<std::string>()};
  }
  f.validity = Validity{BoundOf(r[2]), BoundOf(r[3])};
  return f;
}

std::string Audit(const nlohmann::json& detail) { return detail.dump(); }

nlohmann::json FactDetail(const FactValue& fact) {
  nlohmann::json j = {{"kind", FactKindName(fact.kind)}, {"value", fact.value}};
  if (fact.kind == FactKind::kContact) j["role"] = fact.contact.role;
  return j;
}

common::Error Unknown(const std::string& handle) {
  return common::Error{ErrorKind::kNotFound,
                       "the registry has no current organisation '" + handle + "'", "handle"};
}

common::Error Taken(const FactValue& fact, const std::string& owner) {
  return common::Error{ErrorKind::kConflict,
                       std::string(FactKindName(fact.kind)) + " " + fact.value +
                           " is registered to '" + owner +
                           "'; remove it there first, or add it with \"transfer\": true",
                       std::string(FactKindName(fact.kind))};
}

std::optional<Organisation> Read(pqxx::work& work, const std::string& handle, TimePoint at,
                                 bool history) {
  const pqxx::result versions = work.exec_prepared(kVersions, handle, Ms(at), history);
  if (versions.empty()) return std::nullopt;
  Organisation o;
  o.handle = handle;
  for (const auto& r : versions) o.history.push_back(VersionFrom(r, 0));
  o.version = o.history.back();
  if (!history) o.history.clear();
  const std::pair<const char*, FactKind> kinds[] = {{kRanges, FactKind::kRange},
                                                    {kAsns, FactKind::kAsn},
                                                    {kDomains, FactKind::kDomain},
                                                    {kContacts, FactKind::kContact}};
  for (const auto& [statement, kind] : kinds) {
    for (const auto& r : work.exec_prepared(statement, handle, Ms(at), history)) {
      o.facts.push_back(FactRow(r, kind));
    }
  }
  return o;
}

// Adds one fact under the organisation's lock: checks the current owner, transfers if asked.
common::Result<FactRecord> AddOne(pqxx::work& work, const store::Actor& actor,
                                  const std::string& handle, const FactValue& fact,
                                  std::optional<TimePoint> valid_from, bool transfer,
                                  TimePoint now, Affected& affected) {
  if (fact.kind == FactKind::kContact && sql::HasContact(work, handle, fact.contact)) {
    return Fail(ErrorKind::kConflict, "'" + handle + "' already has the " + fact.contact.role +
                                          " contact " + fact.contact.email, "contact");
  }
  if (auto owner = sql::CurrentOwner(work, fact)) {
    if (owner->handle == handle) {
      return Fail(ErrorKind::kConflict, std::string(FactKindName(fact.kind)) + " " +
                                            fact.value + " is already registered to '" +
                                            handle + "'", std::string(FactKindName(fact.kind)));
    }
    if (!transfer) return std::unexpected(Taken(fact, owner->handle));
    const auto closed =
        sql::CloseFactRow(work, fact.kind, owner->id, owner->handle, valid_from.value_or(now));
    // The owner's row was locked by CurrentOwner, so it is still current.
    if (!closed || !closed->validity.to) {
      throw std::runtime_error("registry: the locked registration of " + fact.value +
                               " could not be closed");
    }
    AppendAudit(work, actor,
                store::AuditEvent{"constituency-transfer-out", sql::Subject(owner->handle),
                                  Audit({{"fact", FactDetail(fact)}, {"to", handle}})},
                now);
    valid_from = closed->validity.to;
  }
  FactRecord record = sql::InsertFact(work, handle, fact, valid_from, actor.name);
  AppendAudit(work, actor,
              store::AuditEvent{"constituency-add", sql::Subject(handle),
                                Audit({{"fact", FactDetail(fact)}, {"id", record.id}})},
              now);
  sql::NoteAffected(affected, fact);
  return record;
}

}  // namespace

void PrepareRegistryStatements(pqxx::connection_base& c) {
  sql::Prepare(c);
  c.prepare(kVersions, kVersionsSql);
  c.prepare(kRanges, kRangesSql);
  c.prepare(kAsns, kAsnsSql);
  c.prepare(kDomains, kDomainsSql);
  c.prepare(kContacts, kContactsSql);
  c.prepare(kList, kListSql);
  c.prepare(kCurrentFactIds, kCurrentFactIdsSql);
  c.prepare(kLookupRange, kLookupRangeSql);
  c.prepare(kLookupAsn, kLookupAsnSql);
  c.prepare(kLookupDomain, kLookupDomainSql);
}

RegistryStore::RegistryStore(common::pg::Pool& pool, const Clock& clock)
    : pool_(pool), clock_(clock) {}

common::Result<Organisation> RegistryStore::Create(const store::Actor& actor,
                                                   const NewOrganisation& input) {
  if (auto h = CheckHandle(input.handle, "handle"); !h) return std::unexpected(h.error());
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<Organisation> {
    PrepareConstituencyStatements(work.conn());
    const TimePoint now = clock_.Now();
    if (sql::CurrentVersion(work, input.handle)) {
      return Fail(ErrorKind::kConflict, "the organisation '" + input.handle + "' exists",
                  "handle");
    }
    sql::AddVersion(work, input.handle, input.attributes, input.valid_from, actor.name, now);
    AppendAudit(work, actor,
                store::AuditEvent{"constituency-create", sql::Subject(input.handle),
                                  Audit({{"name", input.attributes.name},
                                         {"sector", input.attributes.sector}})},
                now);
    Affected affected;
    for (const auto& fact : input.facts) {
      auto added = AddOne(work, actor, input.handle, fact, input.valid_from, false, now,
                          affected);
      if (!added) return std::unexpected(added.error());
    }
    RematchOpen(work, affected, actor, now);
    return *Read(work, input.handle, now, false);
  });
}

common::Result<Organisation> RegistryStore::Get(const std::string& handle,
                                                std::optional<TimePoint> at, bool history) {
  if (auto h = CheckHandle(handle, "handle"); !h) return std::unexpected(h.error());
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<Organisation> {
    PrepareConstituencyStatements(work.conn());
    auto o = Read(work, handle, at.value_or(clock_.Now()), history);
    if (!o) {
      return Fail(ErrorKind::kNotFound, "the registry has no organisation '" + handle + "'" +
                                            (at ? " at that time" : ""), "handle");
    }
    return *o;
  });
}

common::Result<OrganisationPage> RegistryStore::List(std::optional<TimePoint> at,
                                                     const std::string& after, int limit) {
  if (limit < 1 || limit > 1000) {
    return Fail(ErrorKind::kBadRequest, "limit must be 1 to 1000", "limit");
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    PrepareConstituencyStatements(work.conn());
    OrganisationPage page;
    const pqxx::result rows =
        work.exec_prepared(kList, after, Ms(at.value_or(clock_.Now())), limit + 1);
    for (const auto& r : rows) {
      if (static_cast<int>(page.organisations.size()) == limit) {
        page.next_after = page.organisations.back().handle;
        break;
      }
      Organisation o;
      o.handle = r[0].as<std::string>();
      o.version = VersionFrom(r, 1);
      page.organisations.push_back(std::move(o));
    }
    return page;
  });
}

common::Result<Organisation> RegistryStore::Update(const store::Actor& actor,
                                                   const std::string& handle,
                                                   const OrganisationAttributes& attributes,
                                                   std::optional<TimePoint> valid_from) {
  if (auto h = CheckHandle(handle, "handle"); !h) return std::unexpected(h.error());
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<Organisation> {
    PrepareConstituencyStatements(work.conn());
    const TimePoint now = clock_.Now();
    if (!sql::CurrentVersion(work, handle)) return std::unexpected(Unknown(handle));
    const auto from =
        sql::CloseVersion(work, handle, valid_from.value_or(now), valid_from.has_value());
    if (!from) {
      return Fail(ErrorKind::kConflict, "the current version of '" + handle +
                                            "' starts at or after valid_from_ms", "valid_from_ms");
    }
    sql::AddVersion(work, handle, attributes, *from, actor.name, now);
    AppendAudit(work, actor,
                store::AuditEvent{"constituency-update", sql::Subject(handle),
                                  Audit({{"name", attributes.name},
                                         {"sector", attributes.sector},
                                         {"criticality",
                                          attributes.criticality
                                              ? CriticalityName(*attributes.criticality)
                                              : "derived"}})},
                now);
    Affected affected;
    affected.handles.push_back(handle);
    RematchOpen(work, affected, actor, now);
    return *Read(work, handle, now, false);
  });
}

common::Result<int> RegistryStore::Remove(const store::Actor& actor, const std::string& handle) {
  if (auto h = CheckHandle(handle, "handle"); !h) return std::unexpected(h.error());
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<int> {
    PrepareConstituencyStatements(work.conn());
    const TimePoint now = clock_.Now();
    if (!sql::CurrentVersion(work, handle)) return std::unexpected(Unknown(handle));
    Affected affected;
    affected.handles.push_back(handle);
    int closed = 0;
    for (const auto& r : work.exec_prepared(kCurrentFactIds, handle)) {
      const FactKind kind = *ParseFactKind(r[0].as<std::string>());
      auto fact = sql::CloseFactRow(work, kind, r[1].as<std::int64_t>(), handle, now);
      if (!fact) continue;  // closed meanwhile by a transfer to another organisation
      sql::NoteAffected(affected, fact->value);
      ++closed;
    }
    sql::CloseVersion(work, handle, now, false);
    AppendAudit(work, actor,
                store::AuditEvent{"constituency-remove", sql::Subject(handle),
                                  Audit({{"closed_facts", closed}})},
                now);
    RematchOpen(work, affected, actor, now);
    return closed;
  });
}

common::Result<FactRecord> RegistryStore::AddFact(const store::Actor& actor,
                                                  const std::string& handle,
                                                  const FactValue& fact,
                                                  std::optional<TimePoint> valid_from,
                                                  bool transfer) {
  if (auto h = CheckHandle(handle, "handle"); !h) return std::unexpected(h.error());
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<FactRecord> {
    PrepareConstituencyStatements(work.conn());
    const TimePoint now = clock_.Now();
    if (!sql::CurrentVersion(work, handle)) return std::unexpected(Unknown(handle));
    Affected affected;
    auto added = AddOne(work, actor, handle, fact, valid_from, transfer, now, affected);
    if (!added) return added;
    RematchOpen(work, affected, actor, now);
    return added;
  });
}

common::Result<FactRecord> RegistryStore::CloseFact(const store::Actor& actor,
                                                    const std::string& handle, FactKind kind,
                                                    std::int64_t id) {
  if (auto h = CheckHandle(handle, "handle"); !h) return std::unexpected(h.error());
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<FactRecord> {
    PrepareConstituencyStatements(work.conn());
    const TimePoint now = clock_.Now();
    if (!sql::CurrentVersion(work, handle)) return std::unexpected(Unknown(handle));
    auto fact = sql::CloseFactRow(work, kind, id, handle, now);
    if (!fact) {
      return Fail(ErrorKind::kNotFound, "'" + handle + "' has no current " +
                                            std::string(FactKindName(kind)) + " with id " +
                                            std::to_string(id), "id");
    }
    AppendAudit(work, actor,
                store::AuditEvent{"constituency-close", sql::Subject(handle),
                                  Audit({{"fact", FactDetail(fact->value)}, {"id", id}})},
                now);
    Affected affected;
    sql::NoteAffected(affected, fact->value);
    RematchOpen(work, affected, actor, now);
    return *fact;
  });
}

common::Result<std::vector<LookupMatch>> RegistryStore::Lookup(const std::string& value,
                                                               std::optional<TimePoint> at) {
  const char* statement = nullptr;
  std::string key;
  std::string via;
  if (auto cidr = NormalizeCidr(value, "value")) {
    statement = kLookupRange, key = *cidr, via = "range";
  } else if (value.find('/') != std::string::npos) {
    return std::unexpected(cidr.error());
  } else if (auto asn = NormalizeAsn(value, "value")) {
    statement = kLookupAsn, key = std::to_string(*asn), via = "asn";
  } else if (auto domain = NormalizeDomain(value, "value")) {
    statement = kLookupDomain, key = ReversedDomain(*domain), via = "domain";
  } else {
    return Fail(ErrorKind::kBadRequest, "'" + value + "' is not an address, network, AS number "
                                        "or domain", "value");
  }
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    PrepareConstituencyStatements(work.conn());
    std::vector<LookupMatch> out;
    for (const auto& r : work.exec_prepared(statement, key, Ms(at.value_or(clock_.Now())))) {
      std::optional<Criticality> given;
      if (!r[3].is_null()) given = ParseCriticality(r[3].as<std::string>());
      out.push_back(LookupMatch{r[0].as<std::string>(), r[1].as<std::string>(),
                                r[2].as<std::string>(), via, r[4].as<std::string>(),
                                EffectiveCriticality(r[2].as<std::string>(), given),
                                r[5].as<int>()});
    }
    return out;
  });
}

}  // namespace ncirt::triage::constituency
