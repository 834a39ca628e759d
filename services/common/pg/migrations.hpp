#pragma once
// Brings a database to the schema this binary was built with.
//
// The numbered files of schemas/sql/ are compiled into the library (EmbeddedMigrations()), so
// a binary applies exactly what it was built and tested with, whatever files lie around at run
// time. Migrate() then:
//   1. checks the files' names and numbering (migration_files.hpp);
//   2. takes the session advisory lock kMigrationLockKey, waiting for any other runner (several
//      service instances starting at once migrate one after the other, and each migration is
//      applied exactly once);
//   3. creates public.schema_migrations(version, name, checksum, applied_at) if missing;
//   4. refuses (kBadConfig) if a recorded migration's SHA-256 differs from the file's: someone
//      edited a merged migration, and the database no longer matches what the code expects;
//   5. applies each file not yet recorded, in order, each in its own transaction together with
//      its schema_migrations row: a migration is applied entirely or not at all. A failing one
//      stops the run with kBadConfig naming the file and carrying PostgreSQL's message; the
//      ones before it stay applied;
//   6. releases the lock and returns what it applied (empty when the database was up to date).
//
// A migration file therefore must not contain BEGIN/COMMIT or statements that cannot run inside
// a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, CREATE DATABASE).
//
// A lost connection (pqxx::broken_connection) propagates; the lock dies with the session and
// the current migration's transaction rolls back, so running again later is safe.
//
// Thread-safety: Migrate() uses only the connection it is given (one thread at a time per
// connection, as libpqxx requires). Concurrent runners on separate connections serialise on the
// advisory lock, across threads, processes and machines.

#include <cstdint>
#include <span>
#include <vector>

#include <pqxx/connection>

#include "common/error/error.hpp"
#include "common/pg/migration_files.hpp"

namespace ncirt::common::pg {

// The pg_advisory_lock(bigint) key held while migrating: the ASCII bytes "ncirtmig". In
// pg_locks it shows as locktype 'advisory', classid 1852008818, objid 1953327463, objsubid 1.
inline constexpr std::int64_t kMigrationLockKey = 0x6e63'6972'746d'6967;

// The migrations compiled into this binary (schemas/sql/*.sql), in file-name order.
std::vector<MigrationSource> EmbeddedMigrations();

// Applies the embedded migrations. Returns the records of the migrations it applied, in order.
Result<std::vector<MigrationRecord>> Migrate(pqxx::connection& connection);

// Applies `sources` instead of the embedded files (tests use it to apply broken or edited
// migrations).
Result<std::vector<MigrationRecord>> Migrate(pqxx::connection& connection,
                                             std::span<const MigrationSource> sources);

}  // namespace ncirt::common::pg
