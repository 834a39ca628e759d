#include "common/pg/migrations.hpp"

#include <map>
#include <string>
#include <string_view>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "EmbeddedMigrationFiles.hpp"

namespace ncirt::common::pg {
namespace {

constexpr std::string_view kLock = "SELECT pg_advisory_lock($1)";
constexpr std::string_view kUnlock = "SELECT pg_advisory_unlock($1)";
constexpr std::string_view kBackendPid = "SELECT pg_backend_pid()";
constexpr std::string_view kCreateHistory = R"(
CREATE TABLE IF NOT EXISTS public.schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))";
constexpr std::string_view kSelectHistory =
    "SELECT version, name, checksum FROM public.schema_migrations ORDER BY version";
constexpr std::string_view kInsertRecord =
    "INSERT INTO public.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)";

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

// Holds the session advisory lock for the lifetime of the object.
class MigrationLock {
 public:
  explicit MigrationLock(pqxx::connection& connection) : connection_(connection) {
    pqxx::nontransaction work(connection_);
    work.exec_params1(std::string(kLock), kMigrationLockKey);
    backend_pid_ = work.exec1(std::string(kBackendPid))[0].as<int>();
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

  ~MigrationLock() {
    if (!connection_.is_open()) {
      return;  // The session ended, and the lock with it.
    }
    try {
      pqxx::nontransaction work(connection_);
      work.exec_params1(std::string(kUnlock), kMigrationLockKey);
    } catch (const pqxx::failure&) {
      // The lock must not outlive the run; ending the session is the other way to release it.
      connection_.disconnect();
    }
  }

  // A session-level lock belongs to one backend. libpqxx 6 may silently reconnect a broken
  // connection when the next transaction begins, which would lose the lock without a sign;
  // every migration's transaction therefore checks it still runs on the locking backend.
  void CheckStillHeld(pqxx::work& work) const {
    if (work.exec1(std::string(kBackendPid))[0].as<int>() != backend_pid_) {
      throw pqxx::broken_connection(
          "the database connection was re-established during migration; the migration lock "
          "was lost with the old session");
    }
  }

 private:
  pqxx::connection& connection_;
  int backend_pid_ = 0;
};

std::map<int, MigrationRecord> ReadHistory(pqxx::connection& connection) {
  pqxx::nontransaction work(connection);
  work.exec0(std::string(kCreateHistory));
  std::map<int, MigrationRecord> recorded;
  for (const auto& row : work.exec(std::string(kSelectHistory))) {
    MigrationRecord record{row[0].as<int>(), row[1].as<std::string>(), row[2].as<std::string>()};
    recorded.emplace(record.version, std::move(record));
  }
  return recorded;
}

Result<MigrationRecord> ApplyOne(pqxx::connection& connection, const MigrationLock& lock,
                                 const MigrationFile& file) {
  pqxx::work work(connection);
  lock.CheckStillHeld(work);
  try {
    work.exec(file.sql);
    work.exec_params0(std::string(kInsertRecord), file.version, file.name, file.checksum);
    work.commit();
  } catch (const pqxx::sql_error& e) {
    // Leaving this scope rolls the whole file back, record row included.
    std::string state = e.sqlstate().empty() ? "" : " [SQLSTATE " + e.sqlstate() + "]";
    return Fail(ErrorKind::kBadConfig,
                "migration '" + file.file_name + "' failed and was rolled back: " +
                    Trimmed(e.what()) + state,
                file.file_name);
  }
  return MigrationRecord{file.version, file.name, file.checksum};
}

}  // namespace

std::vector<MigrationSource> EmbeddedMigrations() {
  std::vector<MigrationSource> sources;
  for (const ncirt::EmbeddedFile& file : EmbeddedMigrationFiles()) {
    sources.push_back(MigrationSource{std::string(file.path), std::string(file.bytes)});
  }
  return sources;
}

Result<std::vector<MigrationRecord>> Migrate(pqxx::connection& connection) {
  const std::vector<MigrationSource> sources = EmbeddedMigrations();
  return Migrate(connection, sources);
}

Result<std::vector<MigrationRecord>> Migrate(pqxx::connection& connection,
                                             std::span<const MigrationSource> sources) {
  auto files = PrepareMigrations(sources);
  if (!files) {
    return std::unexpected(std::move(files.error()));
  }
  const MigrationLock lock(connection);
  // Read under the lock: another runner may have applied some of the files meanwhile.
  auto pending = PendingMigrations(*files, ReadHistory(connection));
  if (!pending) {
    return std::unexpected(std::move(pending.error()));
  }
  std::vector<MigrationRecord> applied;
  for (const MigrationFile& file : *pending) {
    auto record = ApplyOne(connection, lock, file);
    if (!record) {
      return std::unexpected(std::move(record.error()));
    }
    applied.push_back(std::move(*record));
  }
  return applied;
}

}  // namespace ncirt::common::pg
