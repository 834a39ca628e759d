#include "intake/store/pg_health_store.hpp"

#include <algorithm>

#include <pqxx/except>
#include <pqxx/nontransaction>

#include "common/pg/migration_files.hpp"
#include "common/pg/migrations.hpp"

namespace ncirt::intake::store {
namespace {

constexpr const char* kSchemaVersion = "intake_schema_version";
constexpr const char* kSchemaVersionSql =
    "SELECT coalesce(max(version), 0) FROM public.schema_migrations";

constexpr const char* kPendingTriage = "intake_pending_triage";
constexpr const char* kPendingTriageSql =
    "SELECT count(*) FROM intake.triage_outbox WHERE delivered_at IS NULL";

int BuiltInSchemaVersion() {
  auto files = common::pg::PrepareMigrations(common::pg::EmbeddedMigrations());
  if (!files || files->empty()) return 0;
  return files->back().version;
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

PgHealthStore::PgHealthStore(common::pg::Pool& pool, std::chrono::milliseconds acquire_timeout)
    : pool_(pool), acquire_timeout_(acquire_timeout), required_version_(BuiltInSchemaVersion()) {}

void PgHealthStore::Prepare(pqxx::connection& c) {
  c.prepare(kSchemaVersion, kSchemaVersionSql);
  c.prepare(kPendingTriage, kPendingTriageSql);
}

common::Result<void> PgHealthStore::Ready() {
  auto lease = pool_.Acquire(acquire_timeout_);
  if (!lease) return std::unexpected(std::move(lease.error()));
  try {
    pqxx::nontransaction work(**lease);
    const int version = work.exec_prepared1(kSchemaVersion)[0].as<int>();
    if (version < required_version_) {
      return common::Fail(common::ErrorKind::kUnavailable,
                          "the database schema is at migration " + std::to_string(version) +
                              " but this build needs " + std::to_string(required_version_) +
                              "; run ncirt-migrate");
    }
    return {};
  } catch (const pqxx::undefined_table&) {
    return common::Fail(common::ErrorKind::kUnavailable,
                        "the database has no migrations applied; run ncirt-migrate");
  } catch (const pqxx::failure& e) {
    lease->Discard();
    return common::Fail(common::ErrorKind::kUnavailable,
                        "PostgreSQL does not answer: " + Trimmed(e.what()));
  }
}

common::Result<std::int64_t> PgHealthStore::PendingTriage() {
  auto lease = pool_.Acquire(acquire_timeout_);
  if (!lease) return std::unexpected(std::move(lease.error()));
  try {
    pqxx::nontransaction work(**lease);
    return work.exec_prepared1(kPendingTriage)[0].as<std::int64_t>();
  } catch (const pqxx::failure& e) {
    lease->Discard();
    return common::Fail(common::ErrorKind::kUnavailable,
                        "PostgreSQL does not answer: " + Trimmed(e.what()));
  }
}

}  // namespace ncirt::intake::store
