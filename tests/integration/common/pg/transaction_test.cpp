#include "common/pg/transaction.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include <pqxx/nontransaction>

#include "support/pg_cluster.hpp"

namespace ncirt::common::pg {
namespace {

using ncirt::testing::PgCluster;

// A pool on a fresh database with table counter(id, n) holding the row (1, 0).
class TransactionTest : public ::testing::Test {
 protected:
  TransactionTest() : dsn_(PgCluster::Shared().CreateDatabase()), pool_({.dsn = dsn_}) {
    pqxx::connection setup(dsn_);
    pqxx::nontransaction work(setup);
    work.exec0("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)");
    work.exec0("INSERT INTO counter VALUES (1, 0)");
    work.exec0("CREATE TABLE on_call (doctor text PRIMARY KEY, on_duty bool NOT NULL)");
    work.exec0("INSERT INTO on_call VALUES ('alice', true), ('bob', true)");
  }

  int Counter() {
    pqxx::connection connection(dsn_);
    pqxx::nontransaction work(connection);
    return work.exec1("SELECT n FROM counter WHERE id = 1")[0].as<int>();
  }

  // Adds `delta` to the counter in a SERIALIZABLE transaction of its own connection.
  void ConcurrentAdd(int delta) {
    pqxx::connection connection(dsn_);
    pqxx::work work(connection);
    work.exec0("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
    work.exec_params0("UPDATE counter SET n = n + $1 WHERE id = 1", delta);
    work.commit();
  }

  // Terminates backend `pid` from another connection and waits until it is gone.
  void Terminate(int pid) {
    pqxx::connection killer(dsn_);
    pqxx::nontransaction work(killer);
    work.exec_params1("SELECT pg_terminate_backend($1, 5000)", pid);
  }

  // Retries without real pauses, so the tests take no wall-clock time for backoff.
  static RetryPolicy NoPause(int max_attempts) {
    RetryPolicy policy;
    policy.max_attempts = max_attempts;
    policy.sleep = [](std::chrono::microseconds) {};
    return policy;
  }

  std::string dsn_;
  Pool pool_;
};

TEST_F(TransactionTest, CommitsWhatTheFunctionDidAndReturnsItsValue) {
  const Result<int> result = RunTransaction(pool_, [](pqxx::work& work) {
    return work.exec1("UPDATE counter SET n = n + 5 WHERE id = 1 RETURNING n")[0].as<int>();
  });
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(*result, 5);
  EXPECT_EQ(Counter(), 5);  // Seen from another connection: committed.
}

TEST_F(TransactionTest, ErrorResultRollsBackEverything) {
  const Result<void> result = RunTransaction(pool_, [](pqxx::work& work) -> Result<void> {
    work.exec0("UPDATE counter SET n = 99 WHERE id = 1");
    return Fail(ErrorKind::kConflict, "workflow refuses");
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Counter(), 0);
}

TEST_F(TransactionTest, UnexpectedExceptionRollsBackAndPropagates) {
  EXPECT_THROW(RunTransaction(pool_,
                              [](pqxx::work& work) {
                                work.exec0("UPDATE counter SET n = 99 WHERE id = 1");
                                throw std::logic_error("bug");
                              }),
               std::logic_error);
  EXPECT_EQ(Counter(), 0);
  EXPECT_EQ(pool_.OpenConnections(), pool_.IdleConnections());  // The lease came back.
}

TEST_F(TransactionTest, IsolationLevelIsAppliedToTheTransaction) {
  const auto level = [](pqxx::work& work) {
    return work.exec1("SHOW transaction_isolation")[0].as<std::string>();
  };
  EXPECT_EQ(RunTransaction(pool_, level).value(), "read committed");
  EXPECT_EQ(RunTransaction(pool_, Isolation::kSerializable, level).value(), "serializable");
  EXPECT_EQ(RunTransaction(pool_, Isolation::kRepeatableRead, level).value(), "repeatable read");
}

TEST_F(TransactionTest, RetriesARealSerializationFailureAndSucceeds) {
  int attempts = 0;
  const Result<int> result = RunTransaction(
      pool_, Isolation::kSerializable,
      [&](pqxx::work& work) {
        ++attempts;
        const int seen = work.exec1("SELECT n FROM counter WHERE id = 1")[0].as<int>();
        // The first time, another SERIALIZABLE transaction changes the row after our snapshot
        // and commits first; our UPDATE then fails with SQLSTATE 40001.
        if (attempts == 1) ConcurrentAdd(100);
        work.exec_params0("UPDATE counter SET n = $1 WHERE id = 1", seen + 1);
        return seen + 1;
      },
      NoPause(5));
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(*result, 101);
  EXPECT_EQ(Counter(), 101);  // Neither update was lost.
}

TEST_F(TransactionTest, RetriesAWriteSkewDetectedBySerializableIsolation) {
  // Rule: at least one doctor stays on call. Two transactions each see two on call and each
  // sign a different doctor off; SERIALIZABLE must fail one of them.
  int attempts = 0;
  const Result<bool> signed_off = RunTransaction(
      pool_, Isolation::kSerializable,
      [&](pqxx::work& work) {
        ++attempts;
        const int on_duty =
            work.exec1("SELECT count(*) FROM on_call WHERE on_duty")[0].as<int>();
        if (attempts == 1) {
          pqxx::connection other_connection(dsn_);
          pqxx::work other(other_connection);
          other.exec0("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
          other.exec1("SELECT count(*) FROM on_call WHERE on_duty");
          other.exec0("UPDATE on_call SET on_duty = false WHERE doctor = 'bob'");
          other.commit();
        }
        if (on_duty < 2) return false;
        work.exec0("UPDATE on_call SET on_duty = false WHERE doctor = 'alice'");
        return true;
      },
      NoPause(5));
  ASSERT_TRUE(signed_off.has_value()) << signed_off.error().ToString();
  EXPECT_EQ(attempts, 2);
  EXPECT_FALSE(*signed_off);  // On the retry it saw bob gone and kept alice on call.
  pqxx::connection check(dsn_);
  pqxx::nontransaction work(check);
  EXPECT_EQ(work.exec1("SELECT count(*) FROM on_call WHERE on_duty")[0].as<int>(), 1);
}

TEST_F(TransactionTest, PersistentConflictGivesUpAsUnavailableAfterMaxAttempts) {
  int attempts = 0;
  const Result<void> result = RunTransaction(
      pool_, Isolation::kSerializable,
      [&](pqxx::work& work) {
        ++attempts;
        work.exec1("SELECT n FROM counter WHERE id = 1");
        ConcurrentAdd(1);
        work.exec0("UPDATE counter SET n = n + 1000 WHERE id = 1");
      },
      NoPause(3));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(Counter(), 3);  // Only the competing transactions committed.
}

TEST_F(TransactionTest, KilledBackendPropagatesAsBrokenConnectionAndThePoolRecovers) {
  int attempts = 0;
  EXPECT_THROW(RunTransaction(
                   pool_,
                   [&](pqxx::work& work) {
                     ++attempts;
                     Terminate(work.conn().backendpid());
                     work.exec0("UPDATE counter SET n = 7 WHERE id = 1");
                   },
                   NoPause(5)),
               pqxx::broken_connection);
  EXPECT_EQ(attempts, 1);  // Not retried: the caller answers 503.
  EXPECT_EQ(pool_.OpenConnections(), 0U);

  const Result<int> after = RunTransaction(pool_, [](pqxx::work& work) {
    return work.exec1("UPDATE counter SET n = n + 1 WHERE id = 1 RETURNING n")[0].as<int>();
  });
  ASSERT_TRUE(after.has_value()) << after.error().ToString();
  EXPECT_EQ(*after, 1);
}

TEST_F(TransactionTest, StaleIdleConnectionsAreReplacedWithoutTheCallerNoticing) {
  // What a server restart does to a pool: every idle connection's backend is gone.
  Pool pool({.dsn = dsn_, .max_connections = 2});
  {
    auto first = pool.Acquire();
    auto second = pool.Acquire();
    ASSERT_TRUE(first.has_value() && second.has_value());
    Terminate((*first)->backendpid());
    Terminate((*second)->backendpid());
  }
  ASSERT_EQ(pool.IdleConnections(), 2U);  // Still look open: nothing has used them since.

  int calls = 0;
  const Result<int> result = RunTransaction(pool, [&](pqxx::work& work) {
    ++calls;
    return work.exec1("UPDATE counter SET n = n + 1 WHERE id = 1 RETURNING n")[0].as<int>();
  });
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(*result, 1);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(pool.OpenConnections(), 1U);  // Both stale ones dropped, one fresh one opened.
}

TEST_F(TransactionTest, ConnectionLostAtCommitIsInDoubtAndNeverRetried) {
  int attempts = 0;
  EXPECT_THROW(RunTransaction(
                   pool_,
                   [&](pqxx::work& work) {
                     ++attempts;
                     work.exec0("UPDATE counter SET n = 7 WHERE id = 1");
                     // The backend dies after the work and before COMMIT reaches it.
                     Terminate(work.conn().backendpid());
                   },
                   NoPause(5)),
               pqxx::in_doubt_error);
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(pool_.OpenConnections(), 0U);
  EXPECT_EQ(Counter(), 0);  // Here we know it was lost; the caller could not have known.
}

TEST_F(TransactionTest, NoConnectionInTimeIsUnavailableWithoutCallingTheFunction) {
  Pool tiny({.dsn = dsn_, .max_connections = 1, .acquire_timeout = std::chrono::milliseconds{50}});
  auto held = tiny.Acquire();
  ASSERT_TRUE(held.has_value());
  bool called = false;
  const Result<void> result = RunTransaction(tiny, [&](pqxx::work&) { called = true; });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace ncirt::common::pg
