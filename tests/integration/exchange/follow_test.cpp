// Updates follow the incident, withdrawals and Query status, on real PostgreSQL: the triggers
// of the "exchange_follow" migration note changes of shared incidents, FollowChanges queues a
// new version per recipient, and a received withdrawal takes the incident out of the queue.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include <pqxx/pqxx>

#include "exchange/outbox/share_plan.hpp"
#include "exchange/receiver.hpp"
#include "exchange/store/follow_changes.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "exchange/store/pg_share_batch_store.hpp"
#include "exchange/store/share_source.hpp"
#include "exchange/store/prepare.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/prepare.hpp"
#include "support/pg_cluster.hpp"

namespace ncirt::exchange {
namespace {

v1::Share PartnerShare(std::uint64_t version, v1::ShareKind kind = v1::SHARE_KIND_VERSION) {
  v1::Share share;
  share.set_share_id("p-1:v" + std::to_string(version));
  share.set_kind(kind);
  share.set_origin_incident_id("p-1");
  share.set_version(version);
  v1::Incident& incident = *share.mutable_incident();
  if (kind == v1::SHARE_KIND_WITHDRAWAL) {
    incident.add_descriptions()->set_text("sent by mistake");
    return share;
  }
  incident.mutable_incident_id()->set_id("1");
  incident.mutable_incident_id()->set_name("cert-p.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.set_tlp(v1::TLP_GREEN);
  incident.add_descriptions()->set_text("version " + std::to_string(version));
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  return share;
}

class FollowTest : public ::testing::Test {
 protected:
  FollowTest()
      : dsn_(ncirt::testing::PgCluster::Shared().CreateDatabase()),
        pool_({.dsn = dsn_, .max_connections = 2, .on_connect = &store::PrepareStatements}),
        partners_(pool_),
        outbox_(pool_),
        incidents_(pool_, &intake::SecureRandomBytes),
        received_(pool_),
        batches_(pool_, incidents_),
        group_(batches_, 8, 1),
        receiver_(received_, group_) {
    partner_ = Register("CERT-P", 'A', {v1::TLP_GREEN});
    other_ = Register("CERT-Q", 'E', {v1::TLP_GREEN});
  }

  // `pin` repeats one base64 digit whose low two bits are 0 (a canonical 32-byte pin).
  Partner Register(std::string name, char pin, std::vector<v1::Tlp> tlps) {
    return partners_
        .Create(ValidatePartner(Partner{.name = std::move(name),
                                        .country = "LV",
                                        .endpoint = "localhost:7443",
                                        .spki_sha256 = std::string(43, pin) + "=",
                                        .agreement = "a",
                                        .allowed_tlps = std::move(tlps),
                                        .allowed_categories = {"*"}})
                    .value())
        .value();
  }

  // An incident in intake (received from partner_) with its triage row; returns its id.
  std::string Incident() {
    const std::string id = Received();
    TakeIntoTriage(id);
    return id;
  }
  // An incident in intake received from partner_, not yet in triage's queue.
  std::string Received() {
    const Reply reply = receiver_.Receive(partner_, PartnerShare(1));
    EXPECT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
    return std::get<v1::Ack>(reply).receiver_incident_id();
  }
  // Triage taking the incident in (the row its ConsumeOutbox inserts).
  void TakeIntoTriage(const std::string& id) {
    Exec("INSERT INTO triage.incidents (incident_id, priority, score, intake_version, tlp, "
         "submitter, created_at, updated_at, triage_due_at) VALUES ($1::uuid, 3, 0, 1, 'GREEN', "
         "'partner:CERT-P', now(), now(), now())",
         id);
  }

  long long Count(const std::string& sql) {
    pqxx::connection c(dsn_);
    pqxx::nontransaction work(c);
    return work.exec1(sql)[0].as<long long>();
  }
  // Runs `sql` with $1 = `id`.
  void Exec(const std::string& sql, const std::string& id) {
    pqxx::connection c(dsn_);
    pqxx::work work(c);
    work.exec_params(sql, id);
    work.commit();
  }
  static google::protobuf::Timestamp Now() {
    google::protobuf::Timestamp t;
    t.set_seconds(1'800'000'000);
    return t;
  }
  void ShareWith(const std::string& id, const Partner& to) {
    pqxx::connection c(dsn_);
    store::PrepareStatements(c);
    pqxx::work work(c);
    const auto source = store::LoadShareable(work, id);
    ASSERT_TRUE(source);
    store::EnqueueIn(work, id, outbox::PlanShare(source->incident, source->provenance, {to}),
                     Now());
    work.commit();
  }

  std::string dsn_;
  common::pg::Pool pool_;
  store::PgPartnerStore partners_;
  store::PgOutboxStore outbox_;
  intake::store::PgIncidentStore incidents_;
  store::PgReceivedShareStore received_;
  store::PgShareBatchStore batches_;
  GroupCommit group_;
  Receiver receiver_;
  Partner partner_;
  Partner other_;
};

TEST_F(FollowTest, AStateChangeOfASharedIncidentQueuesOneNewVersionPerRecipient) {
  const std::string id = Incident();
  Exec("UPDATE triage.incidents SET state = 'triaged' WHERE incident_id = $1::uuid", id);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.changed_incidents"), 0)
      << "an incident never shared is not followed";

  ShareWith(id, other_);
  Exec("UPDATE triage.incidents SET state = 'in_progress' WHERE incident_id = $1::uuid", id);
  Exec("UPDATE triage.incidents SET category = 'fraud/phishing' WHERE incident_id = $1::uuid",
       id);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.changed_incidents"), 1) << "noted once";
  const auto versions = store::FollowChanges(pool_, partners_.List().value(), Now(), 10);
  ASSERT_TRUE(versions) << versions.error().ToString();
  EXPECT_EQ(*versions, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.changed_incidents"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.outbox WHERE version = 2 AND partner_id = " +
                  std::to_string(other_.id)),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.outbox WHERE partner_id = " +
                  std::to_string(partner_.id)),
            0)
      << "only partners that received it get updates";
  const auto pending = outbox_.Pending(other_.id, 0, 10).value();
  ASSERT_EQ(pending.size(), 2u);
  v1::Share update;
  ASSERT_TRUE(update.ParseFromString(pending[1].share));
  EXPECT_EQ(update.incident().status(), v1::INCIDENT_STATUS_IN_PROGRESS);
  EXPECT_EQ(update.originator(), "CERT-P") << "a partner's incident names its originator";
}

TEST_F(FollowTest, AnUpdateThePolicyNowRefusesIsRecordedAndNotSent) {
  const std::string id = Incident();
  ShareWith(id, other_);
  Exec("UPDATE exchange.partners SET allowed_tlps = '{}' WHERE name = $1", other_.name);
  Exec("UPDATE triage.incidents SET state = 'triaged' WHERE incident_id = $1::uuid", id);
  ASSERT_EQ(store::FollowChanges(pool_, partners_.List().value(), Now(), 10).value(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.outbox"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.sharing_history WHERE event = 'refused' AND "
                  "reason = 'tlp-not-agreed'"),
            1);
}

TEST_F(FollowTest, AWithdrawnIncidentIsNoLongerFollowed) {
  const std::string id = Incident();
  ShareWith(id, other_);
  {
    pqxx::connection c(dsn_);
    store::PrepareStatements(c);
    pqxx::work work(c);
    EXPECT_EQ(store::WithdrawIn(work, id, store::Recipients(work, id), "mistake", Now()), 2u);
    work.commit();
  }
  Exec("UPDATE triage.incidents SET state = 'triaged' WHERE incident_id = $1::uuid", id);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.changed_incidents"), 0);
  v1::Share withdrawal;
  ASSERT_TRUE(withdrawal.ParseFromString(outbox_.Pending(other_.id, 0, 10).value().at(1).share));
  EXPECT_EQ(withdrawal.kind(), v1::SHARE_KIND_WITHDRAWAL);
  EXPECT_EQ(withdrawal.incident().descriptions(0).text(), "mistake");
}

TEST_F(FollowTest, ReceivedWithdrawalRejectsTheQueuedIncidentOnceAndQueryReportsIt) {
  const std::string id = Incident();
  v1::Query query;
  query.set_origin_incident_id("p-1");
  auto before = receiver_.Answer(partner_, query);
  ASSERT_TRUE(std::holds_alternative<v1::QueryResult>(before));
  EXPECT_EQ(std::get<v1::QueryResult>(before).state(), "new");
  EXPECT_EQ(std::get<v1::QueryResult>(before).receiver_incident_id(), id);

  const Reply reply = receiver_.Receive(partner_, PartnerShare(2, v1::SHARE_KIND_WITHDRAWAL));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
  EXPECT_EQ(Count("SELECT count(*) FROM triage.incidents WHERE state = 'rejected'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM triage.comments WHERE author = 'partner:CERT-P' AND "
                  "body LIKE '%sent by mistake'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.pending WHERE action = "
                  "'incident.withdrawn_by_partner'"),
            1);
  receiver_.Receive(partner_, PartnerShare(2, v1::SHARE_KIND_WITHDRAWAL));
  EXPECT_EQ(Count("SELECT count(*) FROM triage.comments"), 1) << "a re-send changes nothing";

  auto after = receiver_.Answer(partner_, query);
  ASSERT_TRUE(std::holds_alternative<v1::QueryResult>(after));
  EXPECT_EQ(std::get<v1::QueryResult>(after).state(), "withdrawn");
  EXPECT_EQ(std::get<v1::QueryResult>(after).latest_version(), 2u);
  query.set_origin_incident_id("never-sent");
  EXPECT_EQ(std::get<v1::Nack>(receiver_.Answer(partner_, query)).code(),
            v1::NACK_CODE_UNKNOWN_INCIDENT);
  EXPECT_EQ(std::get<v1::Nack>(receiver_.Answer(other_, query)).code(),
            v1::NACK_CODE_UNKNOWN_INCIDENT)
      << "another partner learns nothing of CERT-P's incidents";
}

TEST_F(FollowTest, AWithdrawalThatArrivesBeforeTriageHasTheIncidentRemovesItWhenTriageTakesItIn) {
  const std::string id = Received();
  const Reply reply = receiver_.Receive(partner_, PartnerShare(2, v1::SHARE_KIND_WITHDRAWAL));
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
  EXPECT_EQ(Count("SELECT count(*) FROM triage.incidents"), 0) << "triage has not got it yet";
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.received_shares WHERE queue_pending"), 1);

  TakeIntoTriage(id);
  EXPECT_EQ(Count("SELECT count(*) FROM triage.incidents WHERE state = 'rejected'"), 1)
      << "it never shows up in the queue";
  EXPECT_EQ(Count("SELECT count(*) FROM triage.comments WHERE author = 'partner:CERT-P' AND "
                  "body LIKE '%before this incident reached the queue%sent by mistake'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit.pending WHERE action = "
                  "'incident.withdrawn_by_partner' AND detail LIKE '%applied_when_triage%'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.received_shares WHERE queue_pending"), 0);
  v1::Query query;
  query.set_origin_incident_id("p-1");
  auto status = receiver_.Answer(partner_, query);
  ASSERT_TRUE(std::holds_alternative<v1::QueryResult>(status));
  EXPECT_EQ(std::get<v1::QueryResult>(status).state(), "withdrawn");
}

// Triage's transaction that takes the incident in is still open when the withdrawal comes: the
// withdrawal cannot see triage's row yet, so it waits on the incident's lock (the trigger took
// it, because the incident's received_shares row committed with intake's rows) and then
// finds the row; it is not left waiting for a take-in that has already happened.
TEST_F(FollowTest, AWithdrawalDuringTriagesTakeInWaitsForItAndIsApplied) {
  const std::string id = Received();
  pqxx::connection triage(dsn_);
  pqxx::work take_in(triage);
  take_in.exec_params(
      "INSERT INTO triage.incidents (incident_id, priority, score, intake_version, tlp, "
      "submitter, created_at, updated_at, triage_due_at) VALUES ($1::uuid, 3, 0, 1, 'GREEN', "
      "'partner:CERT-P', now(), now(), now())",
      id);

  std::optional<Reply> reply;
  std::thread withdraw(
      [&] { reply = receiver_.Receive(partner_, PartnerShare(2, v1::SHARE_KIND_WITHDRAWAL)); });
  // Bounded wait until the withdrawal is blocked on the advisory lock the trigger holds.
  bool waiting = false;
  for (int i = 0; i < 2000 && !waiting; ++i) {
    waiting = Count("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                    "WHERE d.datname = current_database() AND l.locktype = 'advisory' "
                    "AND NOT l.granted") == 1;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waiting) << "the withdrawal should wait for triage's open take-in";
  take_in.commit();
  withdraw.join();

  ASSERT_TRUE(reply && std::holds_alternative<v1::Ack>(*reply));
  EXPECT_EQ(Count("SELECT count(*) FROM triage.incidents WHERE state = 'rejected'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM triage.comments WHERE author = 'partner:CERT-P'"), 1)
      << "applied once, by the withdrawal, not again by the trigger";
  EXPECT_EQ(Count("SELECT count(*) FROM exchange.received_shares WHERE queue_pending"), 0);
}

TEST_F(FollowTest, AnIncidentPassedOnNamesItsFirstReporterInTheShareAndTheHistory) {
  v1::Share share = PartnerShare(1);
  share.set_originator("CERT-X");  // CERT-P passes on what CERT-X first reported
  const Reply reply = receiver_.Receive(partner_, share);
  ASSERT_TRUE(std::holds_alternative<v1::Ack>(reply)) << std::get<v1::Nack>(reply).message();
  const std::string id = std::get<v1::Ack>(reply).receiver_incident_id();
  ShareWith(id, other_);

  const auto pending = outbox_.Pending(other_.id, 0, 10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  v1::Share sent;
  ASSERT_TRUE(sent.ParseFromString(pending->at(0).share));
  EXPECT_EQ(sent.originator(), "CERT-X") << "not CERT-P, which only passed it on";
  const auto history = outbox_.History(id);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->at(0).event, "queued");
  EXPECT_NE(history->at(0).detail.find("originator: CERT-X"), std::string::npos)
      << history->at(0).detail;
}

TEST_F(FollowTest, AnIncidentPassedOnWithoutANamedReporterNamesThePartnerItCameFrom) {
  const std::string id = Received();
  ShareWith(id, other_);
  const auto pending = outbox_.Pending(other_.id, 0, 10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  v1::Share sent;
  ASSERT_TRUE(sent.ParseFromString(pending->at(0).share));
  EXPECT_EQ(sent.originator(), "CERT-P");
  EXPECT_NE(outbox_.History(id)->at(0).detail.find("originator: CERT-P"), std::string::npos);
}

TEST_F(FollowTest, AnIncidentTriageTakesInWithoutAWithdrawalStaysInTheQueue) {
  const std::string id = Received();
  TakeIntoTriage(id);
  EXPECT_EQ(Count("SELECT count(*) FROM triage.incidents WHERE state = 'new'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM triage.comments"), 0);
}

}  // namespace
}  // namespace ncirt::exchange
