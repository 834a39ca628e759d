#include "common/pg/migration_files.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace ncirt::common::pg {
namespace {

constexpr std::string_view kSuffix = ".sql";
constexpr std::size_t kDigits = 4;

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

std::string NameRule(std::string_view file_name, std::string_view what) {
  return "migration file '" + std::string(file_name) + "' " + std::string(what) +
         "; migrations are named NNNN_name.sql (four digits, then lowercase letters, digits "
         "and '_')";
}

// "0007": versions are shown as they appear in file names.
std::string Version4(int version) {
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "%04d", version);
  return text.data();
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    // Only an OpenSSL built without SHA-256 or out of memory gets here.
    throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
  }
  std::string hex;
  hex.reserve(length * 2);
  constexpr std::string_view kHex = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

Result<MigrationName> ParseMigrationFileName(std::string_view file_name) {
  if (!file_name.ends_with(kSuffix)) {
    return Fail(ErrorKind::kBadConfig, NameRule(file_name, "does not end in .sql"));
  }
  const std::string_view stem = file_name.substr(0, file_name.size() - kSuffix.size());
  if (stem.size() < kDigits + 2 || stem[kDigits] != '_' ||
      !std::all_of(stem.begin(), stem.begin() + kDigits,
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return Fail(ErrorKind::kBadConfig, NameRule(file_name, "does not start with NNNN_"));
  }
  const std::string_view name = stem.substr(kDigits + 1);
  if (!std::all_of(name.begin(), name.end(), IsNameChar)) {
    return Fail(ErrorKind::kBadConfig, NameRule(file_name, "has a name with other characters"));
  }
  int version = 0;
  for (std::size_t i = 0; i < kDigits; ++i) {
    version = version * 10 + (stem[i] - '0');
  }
  if (version == 0) {
    return Fail(ErrorKind::kBadConfig,
                NameRule(file_name, "has version 0000; versions start at 0001"));
  }
  return MigrationName{version, std::string(name)};
}

Result<std::vector<MigrationFile>> PrepareMigrations(std::span<const MigrationSource> sources) {
  std::vector<MigrationFile> files;
  files.reserve(sources.size());
  for (const MigrationSource& source : sources) {
    auto parsed = ParseMigrationFileName(source.file_name);
    if (!parsed) {
      return std::unexpected(parsed.error());
    }
    files.push_back(MigrationFile{parsed->version, std::move(parsed->name), source.file_name,
                                  source.sql, Sha256Hex(source.sql)});
  }
  std::stable_sort(files.begin(), files.end(),
                   [](const MigrationFile& a, const MigrationFile& b) {
                     return a.version < b.version;
                   });
  for (std::size_t i = 0; i < files.size(); ++i) {
    const int expected = static_cast<int>(i) + 1;
    if (i > 0 && files[i].version == files[i - 1].version) {
      return Fail(ErrorKind::kBadConfig,
                  "migration files " + Quoted(files[i - 1].file_name) + " and " +
                      Quoted(files[i].file_name) + " have the same version " +
                      Version4(files[i].version) + "; renumber the newer one");
    }
    if (files[i].version != expected) {
      return Fail(ErrorKind::kBadConfig,
                  "migration version " + Version4(expected) + " is missing before " +
                      Quoted(files[i].file_name) + "; versions run from 0001 without gaps");
    }
  }
  return files;
}

Result<std::vector<MigrationFile>> PendingMigrations(
    std::span<const MigrationFile> files, const std::map<int, MigrationRecord>& recorded) {
  std::vector<MigrationFile> pending;
  const int newest_recorded = recorded.empty() ? 0 : recorded.rbegin()->first;
  for (const MigrationFile& file : files) {
    const auto it = recorded.find(file.version);
    if (it == recorded.end()) {
      if (file.version < newest_recorded) {
        return Fail(ErrorKind::kBadConfig,
                    "migration " + Quoted(file.file_name) +
                        " was never applied, yet the database records the later version " +
                        Version4(newest_recorded) +
                        "; public.schema_migrations was not written in order by this runner");
      }
      pending.push_back(file);
      continue;
    }
    const MigrationRecord& record = it->second;
    if (record.checksum != file.checksum) {
      return Fail(ErrorKind::kBadConfig,
                  "migration " + Quoted(file.file_name) +
                      " differs from the one applied to this database (SHA-256 " +
                      record.checksum + " applied, " + file.checksum +
                      " now); a merged migration must never be edited, add a new one instead");
    }
    if (record.name != file.name) {
      return Fail(ErrorKind::kBadConfig,
                  "migration " + Version4(file.version) + " was applied as " +
                      Quoted(record.name) + " but is now named " + Quoted(file.name) +
                      "; a merged migration must never be renamed");
    }
  }
  return pending;
}

}  // namespace ncirt::common::pg
