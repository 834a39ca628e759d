#include "triage/store/audit_log.hpp"

#include <algorithm>
#include <cstdint>

#include <pqxx/binarystring>
#include <pqxx/result>

namespace ncirt::triage::store {
namespace {

constexpr const char* kAuditLock = "triage_audit_lock";
constexpr const char* kAuditLockSql = "SELECT pg_advisory_xact_lock($1)";

constexpr const char* kAuditLast = "triage_audit_last";
constexpr const char* kAuditLastSql = "SELECT seq, hash FROM audit.log ORDER BY seq DESC LIMIT 1";

constexpr const char* kAuditInsert = "triage_audit_insert";
constexpr const char* kAuditInsertSql =
    "INSERT INTO audit.log (seq, at, actor, origin, action, subject, detail, prev_hash, hash) "
    "VALUES ($1, 'epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3, $4, $5, $6, "
    "$7, $8, $9)";

// Time as microseconds since the epoch, exactly (extract() returns numeric since PG 14).
constexpr const char* kAuditRead = "triage_audit_read";
constexpr const char* kAuditReadSql =
    "SELECT seq, (extract(epoch FROM at) * 1000000)::bigint, actor, origin, action, subject, "
    "detail, prev_hash, hash FROM audit.log WHERE seq > $1 ORDER BY seq LIMIT $2";
constexpr int kReadBatch = 5'000;

Sha256 HashFrom(const pqxx::field& field) {
  const pqxx::binarystring bytes(field);
  Sha256 hash{};
  // The table's CHECK constraint makes every stored hash 32 bytes.
  std::copy_n(bytes.data(), std::min(bytes.size(), hash.size()), hash.begin());
  return hash;
}

pqxx::binarystring Bytes(const Sha256& hash) {
  return pqxx::binarystring(std::string(hash.begin(), hash.end()));
}

}  // namespace

void PrepareAuditStatements(pqxx::connection& connection) {
  connection.prepare(kAuditLock, kAuditLockSql);
  connection.prepare(kAuditLast, kAuditLastSql);
  connection.prepare(kAuditInsert, kAuditInsertSql);
  connection.prepare(kAuditRead, kAuditReadSql);
}

AuditRow AppendAudit(pqxx::work& work, const Actor& actor, const AuditEvent& event,
                     TimePoint at) {
  work.exec_prepared(kAuditLock, kAuditAppendLockKey);
  AuditRow row;
  row.prev_hash = GenesisHash();
  std::int64_t last_seq = 0;
  if (const pqxx::result last = work.exec_prepared(kAuditLast); !last.empty()) {
    last_seq = last[0][0].as<std::int64_t>();
    row.prev_hash = HashFrom(last[0][1]);
  }
  row.entry = AuditEntry{last_seq + 1,
                         at.time_since_epoch().count() * 1000,
                         actor.name,
                         actor.origin,
                         event.action,
                         event.subject,
                         event.detail};
  row.hash = ChainHash(row.prev_hash, row.entry);
  work.exec_prepared0(kAuditInsert, row.entry.seq, row.entry.at_us, row.entry.actor,
                      row.entry.origin, row.entry.action, row.entry.subject, row.entry.detail,
                      Bytes(row.prev_hash), Bytes(row.hash));
  return row;
}

common::Result<ChainSummary> VerifyAuditLog(pqxx::work& work) {
  ChainVerifier verifier;
  std::int64_t after = 0;
  while (true) {
    const pqxx::result batch = work.exec_prepared(kAuditRead, after, kReadBatch);
    for (const auto& r : batch) {
      AuditRow row;
      row.entry = AuditEntry{r[0].as<std::int64_t>(), r[1].as<std::int64_t>(),
                             r[2].as<std::string>(),  r[3].as<std::string>(),
                             r[4].as<std::string>(),  r[5].as<std::string>(),
                             r[6].as<std::string>()};
      row.prev_hash = HashFrom(r[7]);
      row.hash = HashFrom(r[8]);
      if (auto fed = verifier.Feed(row); !fed) return std::unexpected(fed.error());
      after = row.entry.seq;
    }
    if (batch.size() < static_cast<std::size_t>(kReadBatch)) break;
  }
  return verifier.Summary();
}

}  // namespace ncirt::triage::store
