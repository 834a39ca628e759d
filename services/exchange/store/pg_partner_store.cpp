#include "exchange/store/pg_partner_store.hpp"

#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "exchange/text.hpp"
#include "iodef/marking.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr char kSeparator = '\x1f';

constexpr const char* kColumns =
    "id, name, country, endpoint, spki_sha256, agreement, "
    "array_to_string(allowed_tlps, chr(31)), array_to_string(allowed_categories, chr(31)), "
    "personal_data_allowed, original_document_allowed, enabled";

constexpr const char* kInsert = "exchange_partner_insert";
constexpr const char* kUpdate = "exchange_partner_update";
constexpr const char* kGet = "exchange_partner_get";
constexpr const char* kList = "exchange_partner_list";

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += kSeparator;
    out += item;
  }
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(kSeparator, start);
    out.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string TlpList(const Partner& partner) {
  std::vector<std::string> names;
  for (const v1::Tlp tlp : partner.allowed_tlps) names.emplace_back(iodef::TlpName(tlp));
  return Joined(names);
}

Partner PartnerOf(const pqxx::row& row) {
  Partner p;
  p.id = row[0].as<std::int64_t>();
  p.name = row[1].as<std::string>();
  p.country = row[2].as<std::string>();
  p.endpoint = row[3].as<std::string>();
  p.spki_sha256 = row[4].as<std::string>();
  p.agreement = row[5].as<std::string>();
  for (const std::string& name : Split(row[6].as<std::string>())) {
    // The table's CHECK admits only names ParseTlp reads.
    if (auto tlp = iodef::ParseTlp(name)) p.allowed_tlps.push_back(*tlp);
  }
  p.allowed_categories = Split(row[7].as<std::string>());
  p.personal_data_allowed = row[8].as<bool>();
  p.original_document_allowed = row[9].as<bool>();
  p.enabled = row[10].as<bool>();
  return p;
}

common::Result<Partner> Duplicate(const pqxx::unique_violation& e, const Partner& partner) {
  const bool pin = std::string_view(e.what()).find("spki") != std::string_view::npos;
  return common::Fail(common::ErrorKind::kDuplicate,
                      pin ? Cat({"another partner already has the pin ", partner.spki_sha256})
                          : Cat({"a partner named \"", partner.name, "\" already exists"}),
                      pin ? "spki_sha256" : "name");
}

}  // namespace

void PgPartnerStore::Prepare(pqxx::connection& c) {
  const std::string columns = kColumns;
  c.prepare(kInsert,
            "INSERT INTO exchange.partners (name, country, endpoint, spki_sha256, agreement, "
            "allowed_tlps, allowed_categories, personal_data_allowed, original_document_allowed, "
            "enabled) VALUES ($1, $2, $3, $4, $5, string_to_array($6, chr(31)), "
            "string_to_array($7, chr(31)), $8, $9, $10) RETURNING " + columns);
  c.prepare(kUpdate,
            "UPDATE exchange.partners SET country = $2, endpoint = $3, spki_sha256 = $4, "
            "agreement = $5, allowed_tlps = string_to_array($6, chr(31)), "
            "allowed_categories = string_to_array($7, chr(31)), personal_data_allowed = $8, "
            "original_document_allowed = $9, enabled = $10, updated_at = now() "
            "WHERE name = $1 RETURNING " + columns);
  c.prepare(kGet, "SELECT " + columns + " FROM exchange.partners WHERE name = $1");
  c.prepare(kList, "SELECT " + columns + " FROM exchange.partners ORDER BY name");
}

common::Result<Partner> PgPartnerStore::Create(const Partner& partner) {
  return Create(partner, nullptr);
}

common::Result<Partner> PgPartnerStore::Update(const Partner& partner) {
  return Update(partner, nullptr);
}

common::Result<Partner> PgPartnerStore::Create(const Partner& partner, const AfterWrite& after) {
  try {
    return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
      Partner stored = PartnerOf(work.exec_prepared1(
          kInsert, partner.name, partner.country, partner.endpoint, partner.spki_sha256,
          partner.agreement, TlpList(partner), Joined(partner.allowed_categories),
          partner.personal_data_allowed, partner.original_document_allowed, partner.enabled));
      if (after) after(work, stored);
      return stored;
    });
  } catch (const pqxx::unique_violation& e) {
    return Duplicate(e, partner);
  }
}

common::Result<Partner> PgPartnerStore::Update(const Partner& partner,
                                              const AfterWrite& after) {
  try {
    return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<Partner> {
      const pqxx::result rows = work.exec_prepared(
          kUpdate, partner.name, partner.country, partner.endpoint, partner.spki_sha256,
          partner.agreement, TlpList(partner), Joined(partner.allowed_categories),
          partner.personal_data_allowed, partner.original_document_allowed, partner.enabled);
      if (rows.empty()) {
        return common::Fail(common::ErrorKind::kNotFound,
                            Cat({"no partner named \"", partner.name, "\""}), "name");
      }
      Partner stored = PartnerOf(rows[0]);
      if (after) after(work, stored);
      return stored;
    });
  } catch (const pqxx::unique_violation& e) {
    return Duplicate(e, partner);
  }
}

common::Result<Partner> PgPartnerStore::Get(std::string_view name) {
  const std::string key(name);
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> common::Result<Partner> {
    const pqxx::result rows = work.exec_prepared(kGet, key);
    if (rows.empty()) {
      return common::Fail(common::ErrorKind::kNotFound, Cat({"no partner named \"", key, "\""}),
                          "name");
    }
    return PartnerOf(rows[0]);
  });
}

common::Result<std::vector<Partner>> PgPartnerStore::List() {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    std::vector<Partner> out;
    for (const pqxx::row& row : work.exec_prepared(kList)) out.push_back(PartnerOf(row));
    return out;
  });
}

}  // namespace ncirt::exchange::store
