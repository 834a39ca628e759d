#include "triage/store/audit_log.hpp"

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
  }
};

TEST_F(AuditLogTest, IntactLogVerifies) {
  MakeHistory();
  auto summary = store_->VerifyAudit();
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  EXPECT_EQ(summary->rows, 4);
  EXPECT_EQ(summary->last_seq, 4);
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
