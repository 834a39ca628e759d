#pragma once
// The pure half of the migration runner: which files are migrations, in what order, with what
// checksum, and which of them a database still needs. No I/O; migrations.hpp does the SQL.
//
// A migration is a file `schemas/sql/NNNN_name.sql`: four decimal digits (the version), an
// underscore, a name of lowercase letters, digits and underscores, and `.sql`. Versions start
// at 1 and have no gaps or duplicates, so two branches that both add "0007" collide at build
// time instead of one silently shadowing the other. Once merged, a file is never edited: the
// database records each applied file's SHA-256 and the runner refuses to continue when the
// file it was built with differs.
//
// Thread-safety: pure functions over values.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"

namespace ncirt::common::pg {

// A migration as given to the runner: its file name and its SQL text.
struct MigrationSource {
  std::string file_name;  // "0001_schemas.sql"
  std::string sql;
};

// A migration checked and ready to apply.
struct MigrationFile {
  int version = 0;        // 1 for 0001_schemas.sql
  std::string name;       // "schemas"
  std::string file_name;  // "0001_schemas.sql"
  std::string sql;
  std::string checksum;   // lowercase hex SHA-256 of sql's bytes
};

// A row of public.schema_migrations: what a database says it has applied.
struct MigrationRecord {
  int version = 0;
  std::string name;
  std::string checksum;

  friend bool operator==(const MigrationRecord&, const MigrationRecord&) = default;
};

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// Splits "0001_schemas.sql" into version 1 and name "schemas". kBadConfig naming the file and
// the rule it breaks otherwise.
struct MigrationName {
  int version = 0;
  std::string name;
};
Result<MigrationName> ParseMigrationFileName(std::string_view file_name);

// Checks every name, sorts by version, requires versions 1..n without gaps or duplicates and
// computes checksums. An empty list is valid (nothing to apply).
Result<std::vector<MigrationFile>> PrepareMigrations(std::span<const MigrationSource> sources);

// Given the prepared files and what the database has recorded (by version), returns the files
// still to apply, in order. kBadConfig when a recorded migration's checksum or name differs
// from the file of the same version (someone edited or renamed a merged migration), or when a
// version is missing below one that is recorded (the history was not produced by this runner).
// Recorded versions newer than every file are accepted: a newer release migrated this database
// and an older instance may still be running during a rolling upgrade.
Result<std::vector<MigrationFile>> PendingMigrations(
    std::span<const MigrationFile> files, const std::map<int, MigrationRecord>& recorded);

}  // namespace ncirt::common::pg
