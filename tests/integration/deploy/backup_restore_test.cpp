// Backup and restore exactly as docs/operations.md writes them: `pg_dump -Fc` of a populated
// database, `pg_restore --no-owner --exit-on-error` into an empty database of a fresh cluster.
// Populated through the real paths: reports submitted to intake over HTTPS (incidents,
// indicators, documents, outbox rows) and triage consuming part of the outbox, triaging and
// reading (queue rows, audit entries). Afterwards every row of every table and every sequence
// position must be identical, and the audit chain must still verify.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

#include <unistd.h>

#include <pqxx/connection>
#include <pqxx/result>
#include <pqxx/transaction>

#include "common/pg/pool.hpp"
#include "intake_fixture.hpp"
#include "support/pg_cluster.hpp"
#include "triage/clock.hpp"
#include "triage/store/audit_log.hpp"
#include "triage/store/queue_store.hpp"

namespace ncirt::deploy::testing {
namespace {

const std::string kPgBin = "/usr/lib/postgresql/15/bin/";

// Row count and a digest of every row (as text, in a stable order) of each table, and the
// position of each sequence, of all ncirt schemas: what a restore must reproduce.
std::map<std::string, std::string> Contents(const std::string& dsn) {
  pqxx::connection connection(dsn);
  pqxx::work work(connection);
  std::map<std::string, std::string> contents;
  for (const auto& row : work.exec(
           "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT "
           "IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
    const std::string table = row[0].as<std::string>();
    const auto digest = work.exec1("SELECT count(*)::text || ' rows ' || coalesce(md5("
                                   "string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM " +
                                   table + " t");
    contents[table] = digest[0].as<std::string>();
  }
  for (const auto& row : work.exec(
           "SELECT format('%I.%I', schemaname, sequencename), coalesce(last_value, 0)::text "
           "FROM pg_sequences ORDER BY 1")) {
    contents["sequence " + row[0].as<std::string>()] = row[1].as<std::string>();
  }
  return contents;
}

std::int64_t RowCount(const std::string& dsn, const std::string& table) {
  pqxx::connection connection(dsn);
  pqxx::work work(connection);
  return work.exec1("SELECT count(*) FROM " + table)[0].as<std::int64_t>();
}

// Runs a PostgreSQL client program; the connection strings hold only hex and URL characters.
void RunClient(const std::string& command) {
  const std::string line = kPgBin + command + " 2>&1";
  ASSERT_EQ(std::system(line.c_str()), 0) << "failed: " << command;
}

class BackupRestoreTest : public intake::testing::IntakeFixture {
 protected:
  // Submits `count` distinct reports through intake's HTTPS API.
  void SubmitReports(int count) {
    const std::string token = Token("sensor-backup", "submit,read");
    auto client = Client();
    for (int i = 0; i < count; ++i) {
      const auto reply =
          Submit(*client, token, intake::testing::DdosReport("backup-" + std::to_string(i)));
      ASSERT_EQ(reply.status, 201) << reply.body;
    }
  }
};

TEST_F(BackupRestoreTest, RestoredDatabaseHoldsEveryRowAndItsAuditChainStillVerifies) {
  SubmitReports(6);
  {
    common::pg::Pool pool({.dsn = dsn_, .max_connections = 2,
                           .on_connect = triage::store::PrepareStatements});
    triage::SystemClock clock;
    triage::store::QueueStore queue(pool, clock);
    // Part of the outbox consumed, part still pending: both must survive.
    const auto consumed = queue.ConsumeOutbox(4);
    ASSERT_TRUE(consumed) << consumed.error().ToString();
    ASSERT_EQ(*consumed, 4);
    const triage::store::Actor analyst{"analyst-1", "192.0.2.7"};
    const auto claimed = queue.ClaimNext(analyst);
    ASSERT_TRUE(claimed && *claimed) << "nothing claimed";
    const auto moved =
        queue.Transition(analyst, (*claimed)->incident_id, triage::State::kTriaged);
    ASSERT_TRUE(moved) << moved.error().ToString();
    // Audit entries through the append the triage handlers use (hash-chained, locked).
    pqxx::connection connection(dsn_);
    triage::store::PrepareStatements(connection);
    pqxx::work work(connection);
    for (const std::string action : {"incident.read", "incident.comment", "user.login"}) {
      triage::store::AppendAudit(work, analyst,
                                 {.action = action, .subject = (*claimed)->incident_id,
                                  .detail = R"({"test":"backup"})"},
                                 clock.Now());
    }
    work.commit();
    // Verification chains what is still pending first, so every record is in audit.log.
    const auto chained = queue.VerifyAudit();
    ASSERT_TRUE(chained) << chained.error().ToString();
  }
  for (const std::string table :
       {"intake.incidents", "intake.indicators", "intake.documents", "intake.triage_outbox",
        "triage.incidents", "audit.log"}) {
    ASSERT_GT(RowCount(dsn_, table), 0) << table << " is empty: the test would prove nothing";
  }
  const auto before = Contents(dsn_);

  const std::filesystem::path dump =
      std::filesystem::temp_directory_path() /
      ("ncirt-backup-test-" + std::to_string(::getpid()) + ".dump");
  RunClient("pg_dump -Fc -f " + dump.string() + " '" + dsn_ + "'");
  ncirt::testing::PgCluster fresh;
  const std::string restored = fresh.CreateEmptyDatabase();
  RunClient("pg_restore --no-owner --exit-on-error -d '" + restored + "' " + dump.string());
  std::filesystem::remove(dump);

  const auto after = Contents(restored);
  EXPECT_EQ(after, before);
  pqxx::connection connection(restored);
  triage::store::PrepareStatements(connection);
  pqxx::work work(connection);
  const auto chain = triage::store::VerifyAuditLog(work);
  ASSERT_TRUE(chain) << chain.error().ToString();
  EXPECT_EQ(chain->rows, RowCount(dsn_, "audit.log"));
}

}  // namespace
}  // namespace ncirt::deploy::testing
