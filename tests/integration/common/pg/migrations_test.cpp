#include "common/pg/migrations.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "support/pg_cluster.hpp"

namespace ncirt::common::pg {
namespace {

using ::testing::HasSubstr;
using ncirt::testing::PgCluster;

int CountRows(pqxx::connection& connection, const std::string& query) {
  pqxx::nontransaction work(connection);
  return work.exec1(query)[0].as<int>();
}

bool TableExists(pqxx::connection& connection, const std::string& name) {
  pqxx::nontransaction work(connection);
  return !work.exec_params1("SELECT to_regclass($1)", name)[0].is_null();
}

std::vector<int> Versions(const std::vector<MigrationRecord>& records) {
  std::vector<int> versions;
  for (const auto& record : records) versions.push_back(record.version);
  return versions;
}

TEST(MigrationsTest, AppliesEmbeddedMigrationsInOrderAndRerunningIsANoOp) {
  pqxx::connection connection(PgCluster::Shared().CreateEmptyDatabase());
  const auto embedded = EmbeddedMigrations();

  const auto first = Migrate(connection);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  std::vector<int> expected;
  for (int v = 1; v <= static_cast<int>(embedded.size()); ++v) expected.push_back(v);
  EXPECT_EQ(Versions(*first), expected);
  EXPECT_EQ(first->front().name, "schemas");
  EXPECT_EQ(first->front().checksum, Sha256Hex(embedded.front().sql));
  EXPECT_EQ(CountRows(connection, "SELECT count(*) FROM pg_namespace WHERE nspname IN "
                                  "('intake', 'triage', 'exchange', 'audit')"),
            4);

  const auto second = Migrate(connection);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(CountRows(connection, "SELECT count(*) FROM public.schema_migrations"),
            static_cast<int>(embedded.size()));
}

TEST(MigrationsTest, LaterFilesAreAppliedOnTopOfEarlierRuns) {
  pqxx::connection connection(PgCluster::Shared().CreateEmptyDatabase());
  const std::vector<MigrationSource> v1 = {{"0001_a.sql", "CREATE TABLE a (id int);"}};
  const std::vector<MigrationSource> v2 = {{"0001_a.sql", "CREATE TABLE a (id int);"},
                                           {"0002_b.sql", "CREATE TABLE b (id int);"}};
  ASSERT_TRUE(Migrate(connection, v1).has_value());
  const auto applied = Migrate(connection, v2);
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  EXPECT_EQ(Versions(*applied), std::vector<int>{2});
  EXPECT_TRUE(TableExists(connection, "b"));
}

TEST(MigrationsTest, FailingMigrationLeavesNothingOfItselfAndNamesTheFile) {
  pqxx::connection connection(PgCluster::Shared().CreateEmptyDatabase());
  const std::vector<MigrationSource> files = {
      {"0001_good.sql", "CREATE TABLE kept (id int);"},
      {"0002_broken.sql",
       "CREATE TABLE half_done (id int);\n"
       "INSERT INTO kept VALUES (1);\n"
       "SELECT no_such_column FROM kept;\n"},
      {"0003_never.sql", "CREATE TABLE never (id int);"}};

  const auto result = Migrate(connection, files);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kBadConfig);
  EXPECT_EQ(result.error().where, "0002_broken.sql");
  EXPECT_THAT(result.error().message, HasSubstr("0002_broken.sql"));
  EXPECT_THAT(result.error().message, HasSubstr("no_such_column"));  // PostgreSQL's own words

  EXPECT_TRUE(TableExists(connection, "kept"));  // 0001 was committed before 0002 started.
  EXPECT_FALSE(TableExists(connection, "half_done"));
  EXPECT_FALSE(TableExists(connection, "never"));
  EXPECT_EQ(CountRows(connection, "SELECT count(*) FROM kept"), 0);
  EXPECT_EQ(CountRows(connection, "SELECT count(*) FROM public.schema_migrations"), 1);
}

TEST(MigrationsTest, EditedAppliedMigrationIsRefusedAndNothingNewIsApplied) {
  pqxx::connection connection(PgCluster::Shared().CreateEmptyDatabase());
  const std::vector<MigrationSource> original = {{"0001_a.sql", "CREATE TABLE a (id int);"}};
  ASSERT_TRUE(Migrate(connection, original).has_value());

  const std::vector<MigrationSource> edited = {
      {"0001_a.sql", "CREATE TABLE a (id bigint);"},
      {"0002_b.sql", "CREATE TABLE b (id int);"}};
  const auto result = Migrate(connection, edited);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kBadConfig);
  EXPECT_THAT(result.error().message, HasSubstr("0001_a.sql"));
  EXPECT_FALSE(TableExists(connection, "b"));
}

TEST(MigrationsTest, ConcurrentRunnersApplyEachMigrationExactlyOnce) {
  const std::string dsn = PgCluster::Shared().CreateEmptyDatabase();
  // Not idempotent on purpose: applying any of these twice fails. The sleeps widen the window
  // in which the second runner arrives while the first one is busy.
  const std::vector<MigrationSource> files = {
      {"0001_one.sql", "CREATE TABLE one (id int); SELECT pg_sleep(0.05);"},
      {"0002_two.sql", "CREATE TABLE two (id int); SELECT pg_sleep(0.05);"},
      {"0003_three.sql", "CREATE TABLE three (id int); INSERT INTO one VALUES (3);"}};

  std::latch start(2);
  Result<std::vector<MigrationRecord>> results[2];
  std::vector<std::thread> runners;
  for (int i = 0; i < 2; ++i) {
    runners.emplace_back([&, i] {
      pqxx::connection connection(dsn);
      start.arrive_and_wait();
      results[i] = Migrate(connection, files);
    });
  }
  for (auto& runner : runners) runner.join();

  ASSERT_TRUE(results[0].has_value()) << results[0].error().ToString();
  ASSERT_TRUE(results[1].has_value()) << results[1].error().ToString();
  // The lock is held for a whole run, so one runner applies everything, the other nothing.
  std::vector<int> all = Versions(*results[0]);
  const std::vector<int> other = Versions(*results[1]);
  all.insert(all.end(), other.begin(), other.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(results[0]->empty() || results[1]->empty());

  pqxx::connection check(dsn);
  EXPECT_EQ(CountRows(check, "SELECT count(*) FROM one"), 1);
  EXPECT_EQ(CountRows(check, "SELECT count(*) FROM public.schema_migrations"), 3);
}

TEST(MigrationsTest, AdvisoryLockIsReleasedWhenTheRunEnds) {
  const std::string dsn = PgCluster::Shared().CreateEmptyDatabase();
  pqxx::connection connection(dsn);
  ASSERT_TRUE(Migrate(connection).has_value());
  pqxx::connection observer(dsn);
  pqxx::nontransaction work(observer);
  const int held = work.exec_params1(
      "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid "
      "AND objid = $2::bigint::oid AND objsubid = 1",
      kMigrationLockKey >> 32, kMigrationLockKey & 0xffffffff)[0].as<int>();
  EXPECT_EQ(held, 0);
}

}  // namespace
}  // namespace ncirt::common::pg
