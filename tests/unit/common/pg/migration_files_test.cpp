#include "common/pg/migration_files.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "common/pg/migrations.hpp"

namespace ncirt::common::pg {
namespace {

using ::testing::HasSubstr;

struct NameCase {
  const char* file_name;
  bool valid;
  int version;
  const char* name;
};

TEST(MigrationFilesTest, FileNamesFollowTheNumberedPattern) {
  const NameCase cases[] = {
      {"0001_schemas.sql", true, 1, "schemas"},
      {"0042_intake_incidents_2.sql", true, 42, "intake_incidents_2"},
      {"9999_last.sql", true, 9999, "last"},
      {"0000_zero.sql", false, 0, ""},
      {"1_short.sql", false, 0, ""},
      {"00001_five_digits.sql", false, 0, ""},
      {"0001-dash.sql", false, 0, ""},
      {"0001_.sql", false, 0, ""},
      {"0001_Upper.sql", false, 0, ""},
      {"0001_with space.sql", false, 0, ""},
      {"0001_schemas.SQL", false, 0, ""},
      {"0001_schemas.sql.orig", false, 0, ""},
      {"abcd_letters.sql", false, 0, ""},
  };
  for (const NameCase& c : cases) {
    const auto parsed = ParseMigrationFileName(c.file_name);
    ASSERT_EQ(parsed.has_value(), c.valid) << c.file_name;
    if (c.valid) {
      EXPECT_EQ(parsed->version, c.version) << c.file_name;
      EXPECT_EQ(parsed->name, c.name) << c.file_name;
    } else {
      EXPECT_EQ(parsed.error().kind, ErrorKind::kBadConfig) << c.file_name;
      EXPECT_THAT(parsed.error().message, HasSubstr(c.file_name));
    }
  }
}

TEST(MigrationFilesTest, ChecksumIsTheSha256OfTheBytes) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MigrationFilesTest, PreparedMigrationsAreOrderedByVersion) {
  const std::vector<MigrationSource> sources = {
      {"0003_c.sql", "SELECT 3;"}, {"0001_a.sql", "SELECT 1;"}, {"0002_b.sql", "SELECT 2;"}};
  const auto files = PrepareMigrations(sources);
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  ASSERT_EQ(files->size(), 3U);
  EXPECT_EQ((*files)[0].file_name, "0001_a.sql");
  EXPECT_EQ((*files)[1].file_name, "0002_b.sql");
  EXPECT_EQ((*files)[2].file_name, "0003_c.sql");
  EXPECT_EQ((*files)[1].version, 2);
  EXPECT_EQ((*files)[1].name, "b");
  EXPECT_EQ((*files)[1].sql, "SELECT 2;");
  EXPECT_EQ((*files)[1].checksum, Sha256Hex("SELECT 2;"));
}

TEST(MigrationFilesTest, TwoFilesWithOneVersionAreRefusedNamingBoth) {
  const std::vector<MigrationSource> sources = {
      {"0001_a.sql", ""}, {"0002_from_branch_x.sql", ""}, {"0002_from_branch_y.sql", ""}};
  const auto files = PrepareMigrations(sources);
  ASSERT_FALSE(files.has_value());
  EXPECT_EQ(files.error().kind, ErrorKind::kBadConfig);
  EXPECT_THAT(files.error().message, HasSubstr("0002_from_branch_x.sql"));
  EXPECT_THAT(files.error().message, HasSubstr("0002_from_branch_y.sql"));
}

TEST(MigrationFilesTest, AGapInVersionsIsRefusedNamingTheMissingVersion) {
  const std::vector<MigrationSource> sources = {{"0001_a.sql", ""}, {"0003_c.sql", ""}};
  const auto files = PrepareMigrations(sources);
  ASSERT_FALSE(files.has_value());
  EXPECT_THAT(files.error().message, HasSubstr("0002"));
  EXPECT_THAT(files.error().message, HasSubstr("0003_c.sql"));
}

TEST(MigrationFilesTest, ABadlyNamedFileIsRefusedBeforeAnythingElse) {
  const std::vector<MigrationSource> sources = {{"0001_a.sql", ""}, {"2_b.sql", ""}};
  const auto files = PrepareMigrations(sources);
  ASSERT_FALSE(files.has_value());
  EXPECT_THAT(files.error().message, HasSubstr("2_b.sql"));
}

std::vector<MigrationFile> ThreeFiles() {
  const std::vector<MigrationSource> sources = {
      {"0001_a.sql", "CREATE TABLE a();"},
      {"0002_b.sql", "CREATE TABLE b();"},
      {"0003_c.sql", "CREATE TABLE c();"}};
  return PrepareMigrations(sources).value();
}

MigrationRecord RecordOf(const MigrationFile& file) {
  return MigrationRecord{file.version, file.name, file.checksum};
}

TEST(MigrationFilesTest, OnlyUnrecordedFilesArePendingInOrder) {
  const auto files = ThreeFiles();
  const std::map<int, MigrationRecord> recorded = {{1, RecordOf(files[0])}};
  const auto pending = PendingMigrations(files, recorded);
  ASSERT_TRUE(pending.has_value()) << pending.error().ToString();
  ASSERT_EQ(pending->size(), 2U);
  EXPECT_EQ((*pending)[0].file_name, "0002_b.sql");
  EXPECT_EQ((*pending)[1].file_name, "0003_c.sql");
}

TEST(MigrationFilesTest, NothingIsPendingOnAnUpToDateDatabase) {
  const auto files = ThreeFiles();
  std::map<int, MigrationRecord> recorded;
  for (const auto& file : files) recorded.emplace(file.version, RecordOf(file));
  const auto pending = PendingMigrations(files, recorded);
  ASSERT_TRUE(pending.has_value());
  EXPECT_TRUE(pending->empty());
}

TEST(MigrationFilesTest, AnEditedAppliedMigrationIsRefused) {
  const auto files = ThreeFiles();
  MigrationRecord edited = RecordOf(files[1]);
  edited.checksum = Sha256Hex("CREATE TABLE b(id int);");
  const std::map<int, MigrationRecord> recorded = {{1, RecordOf(files[0])}, {2, edited}};
  const auto pending = PendingMigrations(files, recorded);
  ASSERT_FALSE(pending.has_value());
  EXPECT_EQ(pending.error().kind, ErrorKind::kBadConfig);
  EXPECT_THAT(pending.error().message, HasSubstr("0002_b.sql"));
  EXPECT_THAT(pending.error().message, HasSubstr("never be edited"));
}

TEST(MigrationFilesTest, ARenamedAppliedMigrationIsRefused) {
  const auto files = ThreeFiles();
  MigrationRecord renamed = RecordOf(files[0]);
  renamed.name = "old_name";
  const auto pending = PendingMigrations(files, {{1, renamed}});
  ASSERT_FALSE(pending.has_value());
  EXPECT_THAT(pending.error().message, HasSubstr("old_name"));
}

TEST(MigrationFilesTest, AHoleInTheRecordedHistoryIsRefused) {
  const auto files = ThreeFiles();
  const std::map<int, MigrationRecord> recorded = {{1, RecordOf(files[0])},
                                                   {3, RecordOf(files[2])}};
  const auto pending = PendingMigrations(files, recorded);
  ASSERT_FALSE(pending.has_value());
  EXPECT_THAT(pending.error().message, HasSubstr("0002_b.sql"));
}

TEST(MigrationFilesTest, NewerMigrationsFromALaterReleaseAreTolerated) {
  const auto files = ThreeFiles();
  std::map<int, MigrationRecord> recorded;
  for (const auto& file : files) recorded.emplace(file.version, RecordOf(file));
  recorded.emplace(4, MigrationRecord{4, "from_next_release", Sha256Hex("x")});
  const auto pending = PendingMigrations(files, recorded);
  ASSERT_TRUE(pending.has_value()) << pending.error().ToString();
  EXPECT_TRUE(pending->empty());
}

TEST(MigrationFilesTest, EmbeddedMigrationsAreWellFormedAndStartWithTheSchemas) {
  const auto sources = EmbeddedMigrations();
  const auto files = PrepareMigrations(sources);
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  ASSERT_FALSE(files->empty());
  EXPECT_EQ(files->front().file_name, "0001_schemas.sql");
  EXPECT_THAT(files->front().sql, HasSubstr("CREATE SCHEMA IF NOT EXISTS intake"));
}

}  // namespace
}  // namespace ncirt::common::pg
