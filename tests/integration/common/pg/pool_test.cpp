#include "common/pg/pool.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "support/pg_cluster.hpp"

namespace ncirt::common::pg {
namespace {

using ::testing::HasSubstr;
using ncirt::testing::PgCluster;
using namespace std::chrono_literals;

// Backends connected to the current database, as the server counts them.
int ServerSideConnections(pqxx::connection& connection) {
  pqxx::nontransaction work(connection);
  return work.exec1("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")[0]
      .as<int>();
}

// Terminates backend `pid` from a connection of its own and waits until it is gone.
void TerminateBackend(const std::string& dsn, int pid) {
  pqxx::connection killer(dsn);
  pqxx::nontransaction work(killer);
  ASSERT_TRUE(work.exec_params1("SELECT pg_terminate_backend($1, 5000)", pid)[0].as<bool>());
}

TEST(PoolTest, HandsOutAtMostMaxConnectionsThenTimesOutAsUnavailable) {
  Pool pool({.dsn = PgCluster::Shared().CreateDatabase(), .max_connections = 2});
  auto first = pool.Acquire(1s);
  auto second = pool.Acquire(1s);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  ASSERT_TRUE(second.has_value()) << second.error().ToString();

  const auto before = std::chrono::steady_clock::now();
  const auto third = pool.Acquire(100ms);
  const auto waited = std::chrono::steady_clock::now() - before;
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error().kind, ErrorKind::kUnavailable);
  EXPECT_THAT(third.error().message, HasSubstr("all 2 database connections"));
  EXPECT_GE(waited, 100ms);
  EXPECT_EQ(pool.OpenConnections(), 2U);
  EXPECT_EQ(ServerSideConnections(**first), 2);
}

TEST(PoolTest, WaiterReceivesTheConnectionReturnedWhileItWaits) {
  Pool pool({.dsn = PgCluster::Shared().CreateDatabase(), .max_connections = 1});
  auto held = pool.Acquire(1s);
  ASSERT_TRUE(held.has_value());
  const int pid = (*held)->backendpid();

  std::atomic<int> waiter_pid{0};
  std::thread waiter([&] {
    auto lease = pool.Acquire(10s);
    if (lease) waiter_pid = (*lease)->backendpid();
  });
  std::this_thread::sleep_for(50ms);
  { auto returned = std::move(*held); }  // The lease ends here and wakes the waiter.
  waiter.join();
  EXPECT_EQ(waiter_pid.load(), pid);  // The same connection, not a second one.
  EXPECT_EQ(pool.OpenConnections(), 1U);
}

TEST(PoolTest, ManyThreadsShareABoundedNumberOfConnections) {
  const std::string dsn = PgCluster::Shared().CreateDatabase();
  Pool pool({.dsn = dsn, .max_connections = 3});
  std::atomic<int> served{0};
  std::atomic<int> most_seen{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        auto lease = pool.Acquire(10s);
        if (!lease) continue;
        const int seen = ServerSideConnections(**lease);
        for (int m = most_seen.load(); seen > m && !most_seen.compare_exchange_weak(m, seen);) {
        }
        ++served;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(served.load(), 40);
  EXPECT_LE(most_seen.load(), 3);
  EXPECT_LE(pool.OpenConnections(), 3U);
}

TEST(PoolTest, OnConnectRunsOnceForEachNewConnection) {
  int opened = 0;
  Pool pool({.dsn = PgCluster::Shared().CreateDatabase(),
             .max_connections = 2,
             .on_connect = [&](pqxx::connection& c) {
               ++opened;
               c.prepare("pool_test_answer", "SELECT 42");
             }});
  for (int i = 0; i < 3; ++i) {
    auto lease = pool.Acquire(1s);
    ASSERT_TRUE(lease.has_value());
    pqxx::nontransaction work(**lease);
    EXPECT_EQ(work.exec_prepared1("pool_test_answer")[0].as<int>(), 42);
  }
  EXPECT_EQ(opened, 1);  // Reused, not reopened.
}

TEST(PoolTest, KilledBackendSurfacesAsBrokenConnectionAndThePoolRecovers) {
  const std::string dsn = PgCluster::Shared().CreateDatabase();
  Pool pool({.dsn = dsn, .max_connections = 1});
  int killed_pid = 0;
  {
    auto lease = pool.Acquire(1s);
    ASSERT_TRUE(lease.has_value());
    pqxx::work work(**lease);
    killed_pid = (*lease)->backendpid();
    TerminateBackend(dsn, killed_pid);
    EXPECT_THROW(work.exec("SELECT 1"), pqxx::broken_connection);
  }
  EXPECT_EQ(pool.OpenConnections(), 0U);  // The broken connection was not put back.

  auto fresh = pool.Acquire(1s);
  ASSERT_TRUE(fresh.has_value()) << fresh.error().ToString();
  EXPECT_NE((*fresh)->backendpid(), killed_pid);
  pqxx::nontransaction work(**fresh);
  EXPECT_EQ(work.exec1("SELECT 1")[0].as<int>(), 1);
}

TEST(PoolTest, UnreachableDatabaseIsUnavailableAndFreesTheSlot) {
  Pool pool({.dsn = "postgresql://ncirt@127.0.0.1:1/nothing?connect_timeout=2",
             .max_connections = 1});
  for (int i = 0; i < 2; ++i) {  // The failed attempt must not use up the only slot.
    const auto lease = pool.Acquire(1s);
    ASSERT_FALSE(lease.has_value());
    EXPECT_EQ(lease.error().kind, ErrorKind::kUnavailable);
    EXPECT_THAT(lease.error().message, HasSubstr("cannot connect to PostgreSQL"));
  }
  EXPECT_EQ(pool.OpenConnections(), 0U);
}

}  // namespace
}  // namespace ncirt::common::pg
