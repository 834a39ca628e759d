#include "triage/store/audit_log.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/transaction>

#include "triage_fixture.hpp"

namespace ncirt::triage::testing {
namespace {

const store::Actor kAlice{"alice", "192.0.2.10"};

class AuditLogTest : public TriageDbTest {
 protected:
  // Some history: two incidents received, one triaged, one read.
  void MakeHistory() {
    const std::string a =
        AddIntakeIncident(ModelWith(v1::SEVERITY_HIGH, v1::CONFIDENCE_RATING_HIGH, v1::TLP_RED),
                          "RED");
    AddIntakeIncident(ModelWith(v1::SEVERITY_LOW, v1::CONFIDENCE_RATING_LOW, v1::TLP_CLEAR),
                      "CLEAR");
    ASSERT_EQ(store_->ConsumeOutbox(10), 2);
    ASSERT_TRUE(store_->Transition(kAlice, a, State::kTriaged));
    ASSERT_TRUE(store_->Get(kAlice, a));
    auto chained = store_->ChainAudit();
    ASSERT_TRUE(chained.has_value());
    ASSERT_EQ(*chained, 4);
  }
};

TEST_F(AuditLogTest, IntactLogVerifies) {
  MakeHistory();
  auto summary = store_->VerifyAudit();
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  EXPECT_EQ(summary->rows, 4);
  EXPECT_EQ(summary->last_seq, 4);
}

TEST_F(AuditLogTest, ConcurrentChangesAreChainedOnceEachInOneLinearChain) {
  for (int i = 0; i < 40; ++i) {
    AddIntakeIncident(ModelWith(v1::SEVERITY_LOW, v1::CONFIDENCE_RATING_LOW, v1::TLP_CLEAR),
                      "CLEAR");
  }
  ASSERT_EQ(store_->ConsumeOutbox(100), 40);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        (void)store_->ClaimNext({"analyst" + std::to_string(t), "192.0.2.1"});
        (void)store_->ChainAudit(7);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto summary = store_->VerifyAudit();
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  EXPECT_EQ(summary->rows, 80);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.pending"), 0);
  EXPECT_EQ(Count("SELECT count(DISTINCT prev_hash) FROM audit.log"), 80);
}

TEST_F(AuditLogTest, EmptyLogVerifies) {
  auto summary = store_->VerifyAudit();
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->rows, 0);
}

TEST_F(AuditLogTest, ServiceRoleCannotChangeOrDeleteRows) {
  MakeHistory();
  pqxx::connection c(dsn_);
  {
    pqxx::work w(c);
    EXPECT_THROW(w.exec("UPDATE audit.log SET actor = 'mallory' WHERE seq = 2"),
                 pqxx::sql_error);
  }
  {
    pqxx::work w(c);
    EXPECT_THROW(w.exec("DELETE FROM audit.log WHERE seq = 2"), pqxx::sql_error);
  }
  EXPECT_TRUE(store_->VerifyAudit().has_value());
}

TEST_F(AuditLogTest, SuperuserTamperingIsDetectedAndTheRowNamed) {
  MakeHistory();
  auto super = Superuser();
  pqxx::work w(*super);
  // A superuser can switch the refusing trigger off; only the chain still tells.
  w.exec("SET LOCAL session_replication_role = replica");
  w.exec("UPDATE audit.log SET actor = 'mallory' WHERE seq = 3");
  w.commit();
  auto verified = store_->VerifyAudit();
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().where, "audit.log row 3");
  EXPECT_NE(verified.error().message.find("changed after it was written"), std::string::npos);
}

TEST_F(AuditLogTest, SuperuserDeletionIsDetected) {
  MakeHistory();
  auto super = Superuser();
  pqxx::work w(*super);
  w.exec("SET LOCAL session_replication_role = replica");
  w.exec("DELETE FROM audit.log WHERE seq = 2");
  w.commit();
  auto verified = store_->VerifyAudit();
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().where, "audit.log row 3");
  EXPECT_NE(verified.error().message.find("rows are missing"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::triage::testing
