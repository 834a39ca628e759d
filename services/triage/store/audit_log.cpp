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

constexpr const char* kAuditPend = "triage_audit_pend";
constexpr const char* kAuditPendSql =
    "INSERT INTO audit.pending (at, actor, origin, action, subject, detail) VALUES "
    "('epoch'::timestamptz + $1::bigint * interval '1 microsecond', $2, $3, $4, $5, $6)";

constexpr const char* kAuditPending = "triage_audit_pending";
constexpr const char* kAuditPendingSql =
    "SELECT id, (extract(epoch FROM at) * 1000000)::bigint, actor, origin, action, subject, "
    "detail FROM audit.pending ORDER BY id LIMIT $1";

constexpr const char* kAuditUnpend = "triage_audit_unpend";
constexpr const char* kAuditUnpendSql = "DELETE FROM audit.pending WHERE id = ANY($1::bigint[])";

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
  connection.prepare(kAuditPend, kAuditPendSql);
  connection.prepare(kAuditPending, kAuditPendingSql);
  connection.prepare(kAuditUnpend, kAuditUnpendSql);
  connection.prepare(kAuditRead, kAuditReadSql);
}

void AppendAudit(pqxx::work& work, const Actor& actor, const AuditEvent& event,
                 TimePoint at) {
  work.exec_prepared0(kAuditPend, at.time_since_epoch().count() * 1000, actor.name,
                      actor.origin, event.action, event.subject, event.detail);
}

int ChainPending(pqxx::work& work, int limit) {
  work.exec_prepared(kAuditLock, kAuditAppendLockKey);
  const pqxx::result pending = work.exec_prepared(kAuditPending, limit);
  if (pending.empty()) return 0;
  Sha256 prev = GenesisHash();
  std::int64_t seq = 0;
  if (const pqxx::result last = work.exec_prepared(kAuditLast); !last.empty()) {
    seq = last[0][0].as<std::int64_t>();
    prev = HashFrom(last[0][1]);
  }
  std::string ids = "{";
  for (const auto& r : pending) {
    const AuditEntry entry{++seq,
                           r[1].as<std::int64_t>(),
                           r[2].as<std::string>(),
                           r[3].as<std::string>(),
                           r[4].as<std::string>(),
                           r[5].as<std::string>(),
                           r[6].as<std::string>()};
    const Sha256 hash = ChainHash(prev, entry);
    work.exec_prepared0(kAuditInsert, entry.seq, entry.at_us, entry.actor, entry.origin,
                        entry.action, entry.subject, entry.detail, Bytes(prev), Bytes(hash));
    prev = hash;
    if (ids.size() > 1) ids += ',';
    ids += r[0].as<std::string>();
  }
  ids += '}';
  work.exec_prepared(kAuditUnpend, ids);
  return static_cast<int>(pending.size());
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
