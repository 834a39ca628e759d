#include "support/pg_cluster.hpp"

#include <gtest/gtest.h>

#include <string>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "common/pg/migrations.hpp"

namespace ncirt::testing {
namespace {

TEST(PgClusterTest, CreatedDatabaseCarriesEveryEmbeddedMigration) {
  pqxx::connection connection(PgCluster::Shared().CreateDatabase());
  pqxx::nontransaction work(connection);
  const auto applied = work.exec1("SELECT count(*) FROM public.schema_migrations")[0].as<int>();
  EXPECT_EQ(applied, static_cast<int>(common::pg::EmbeddedMigrations().size()));
  const auto schemas = work.exec1(
      "SELECT count(*) FROM pg_namespace "
      "WHERE nspname IN ('intake', 'triage', 'exchange', 'audit')")[0].as<int>();
  EXPECT_EQ(schemas, 4);
}

TEST(PgClusterTest, EachTestDatabaseIsIsolatedFromTheOthers) {
  pqxx::connection first(PgCluster::Shared().CreateDatabase());
  pqxx::connection second(PgCluster::Shared().CreateDatabase());
  EXPECT_NE(first.dbname(), second.dbname());
  pqxx::nontransaction(first).exec0("CREATE TABLE only_here (id int)");
  pqxx::nontransaction work(second);
  EXPECT_TRUE(work.exec1("SELECT to_regclass('public.only_here')")[0].is_null());
}

TEST(PgClusterTest, EmptyDatabaseHasNoMigrationHistory) {
  pqxx::connection connection(PgCluster::Shared().CreateEmptyDatabase());
  pqxx::nontransaction work(connection);
  EXPECT_TRUE(work.exec1("SELECT to_regclass('public.schema_migrations')")[0].is_null());
}

TEST(PgClusterTest, ConnectsOverTcpWithThePasswordOfRoleNcirt) {
  pqxx::connection connection(PgCluster::Shared().CreateDatabase());
  pqxx::nontransaction work(connection);
  EXPECT_EQ(work.exec1("SELECT current_user")[0].as<std::string>(), "ncirt");
  EXPECT_EQ(work.exec1("SELECT inet_server_addr()::text")[0].as<std::string>(), "127.0.0.1/32");
  EXPECT_EQ(work.exec1("SHOW fsync")[0].as<std::string>(), "on");
}

}  // namespace
}  // namespace ncirt::testing
