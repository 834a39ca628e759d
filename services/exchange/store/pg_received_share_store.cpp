#include "exchange/store/pg_received_share_store.hpp"

#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"

namespace ncirt::exchange::store {
namespace {

constexpr const char* kFind = "exchange_received_find";
constexpr const char* kLatest = "exchange_received_latest";
constexpr const char* kRecord = "exchange_received_record";
constexpr const char* kColumns =
    "partner_id, share_id, origin_incident_id, version, receiver_incident_id, applied";

ReceivedShare ReceivedOf(const pqxx::row& row) {
  return ReceivedShare{.partner_id = row[0].as<std::int64_t>(),
                       .share_id = row[1].as<std::string>(),
                       .origin_incident_id = row[2].as<std::string>(),
                       .version = row[3].as<std::uint64_t>(),
                       .receiver_incident_id = row[4].as<std::string>(),
                       .applied = row[5].as<bool>()};
}

std::optional<ReceivedShare> FirstOf(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return ReceivedOf(rows[0]);
}

}  // namespace

void PgReceivedShareStore::Prepare(pqxx::connection& c) {
  const std::string columns = kColumns;
  c.prepare(kFind, "SELECT " + columns +
                       " FROM exchange.received_shares WHERE partner_id = $1 AND share_id = $2");
  c.prepare(kLatest, "SELECT " + columns +
                         " FROM exchange.received_shares WHERE partner_id = $1 AND "
                         "origin_incident_id = $2 AND applied ORDER BY version DESC LIMIT 1");
  c.prepare(kRecord,
            "INSERT INTO exchange.received_shares (" + columns +
                ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (partner_id, share_id) DO NOTHING");
}

common::Result<std::optional<ReceivedShare>> PgReceivedShareStore::Find(
    std::int64_t partner_id, const std::string& share_id) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    return FirstOf(work.exec_prepared(kFind, partner_id, share_id));
  });
}

common::Result<std::optional<ReceivedShare>> PgReceivedShareStore::Latest(
    std::int64_t partner_id, const std::string& origin_incident_id) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    return FirstOf(work.exec_prepared(kLatest, partner_id, origin_incident_id));
  });
}

common::Result<void> PgReceivedShareStore::Record(const ReceivedShare& share) {
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) {
    work.exec_prepared(kRecord, share.partner_id, share.share_id, share.origin_incident_id,
                       share.version, share.receiver_incident_id, share.applied);
  });
}

}  // namespace ncirt::exchange::store
