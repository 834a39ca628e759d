// Asking a partner for the status of an incident we shared with it, on loopback: CIRT A's
// analyst asks through triage's store, A's connection to B sends the Query and records B's
// QueryResult; B answers from its own database. Questions that cannot be answered are refused
// before anything is written.
#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include <boost/asio.hpp>
#include <pqxx/pqxx>

#include "common/net/frame_connector.hpp"
#include "common/net/frame_listener.hpp"
#include "common/net/tls_context.hpp"
#include "exchange/outbox/deliverer.hpp"
#include "exchange/outbox/status_asker.hpp"
#include "exchange/partner_links.hpp"
#include "exchange/peer/connector_link.hpp"
#include "exchange/peer/inbound_handler.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "exchange/store/pg_status_query_store.hpp"
#include "exchange/store/share_source.hpp"
#include "exchange/store/prepare.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/prepare.hpp"
#include "support/pg_cluster.hpp"
#include "support/pki.hpp"
#include "loopback_cirt.hpp"
#include "triage/sharing/status_query_store.hpp"

namespace ncirt::exchange {
namespace {

using namespace std::chrono_literals;
namespace net = common::net;

void PrepareAll(pqxx::connection& c) {
  store::PrepareStatements(c);
  triage::sharing::PrepareStatusQueryStatements(c);
  triage::store::PrepareAuditStatements(c);
}

using loopback::LoopbackSession;

// A partner's Share of its incident "c-1", which makes an incident in our intake.
v1::Share ShareFromC() {
  v1::Share share;
  share.set_share_id("c-1:v1");
  share.set_kind(v1::SHARE_KIND_VERSION);
  share.set_origin_incident_id("c-1");
  share.set_version(1);
  v1::Incident& incident = *share.mutable_incident();
  incident.mutable_incident_id()->set_id("1");
  incident.mutable_incident_id()->set_name("cert-c.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.set_tlp(v1::TLP_GREEN);
  incident.add_descriptions()->set_text("phishing wave");
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  return share;
}

// One CIRT with the stores and triage statements this test prepares.
struct Cirt : loopback::LoopbackCirt {
  Cirt(std::string cirt_name, ncirt::testing::Pki& pki)
      : LoopbackCirt(std::move(cirt_name), pki, &PrepareAll, 4) {}
  Partner Register(std::string partner_name, std::string pin, std::uint16_t port) {
    return LoopbackCirt::Register(std::move(partner_name), std::move(pin), {v1::TLP_GREEN}, port);
  }
};

class StatusQueryTest : public ::testing::Test {
 protected:
  StatusQueryTest() : guard_(io_.get_executor()), io_thread_([this] { io_.run(); }) {
    b_.Register("CERT-A", a_.cert.spki_pin, 1);
    b_.Listen(0, 2);
    port_ = b_.listener->Port();
    b_on_a_ = a_.Register("CERT-B", b_.cert.spki_pin, port_);
    // CERT-C is never connected: it only gives A an incident of its own to pass on.
    c_on_a_ = a_.Register("CERT-C", std::string(43, 'A') + "=", 1);

    net::FrameConnectorOptions connect;
    connect.host = "127.0.0.1";
    connect.port = port_;
    connect.backoff = {.initial_delay = 20ms, .multiplier = 2.0, .max_delay = 200ms};
    connect.connect_timeout = 2s;
    connect.session = LoopbackSession(a_.name);
    connector_ = std::make_unique<net::FrameConnector>(
        connect, *a_.client_tls, peer::MakeInboundHandler(a_.pins, a_.receiver),
        io_.get_executor(), workers_.get_executor());
    EXPECT_TRUE(connector_->Start());
    link_ = std::make_unique<peer::ConnectorLink>(*connector_);
  }
  ~StatusQueryTest() override {
    connector_->Stop();
    b_.listener->Stop();
    io_.stop();
    io_thread_.join();
    workers_.join();
  }

  // A's incident (received from CERT-C), shared with and acknowledged by B; returns its id.
  std::string SharedWithB() {
    const std::string id = QueuedForB();
    outbox::Deliverer deliverer(a_.outbox, *link_, b_on_a_.id, 4);
    const auto end = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < end) {
      const auto round = deliverer.RunRound();
      EXPECT_TRUE(round);
      if (!round || round->delivered > 0) break;
      std::this_thread::sleep_for(20ms);
    }
    return id;
  }

  // A's incident (received from CERT-C), queued for B; returns its id.
  std::string QueuedForB() {
    const auto reply = a_.receiver.Receive(c_on_a_, ShareFromC());
    EXPECT_TRUE(std::holds_alternative<v1::Ack>(reply));
    const std::string id = std::get<v1::Ack>(reply).receiver_incident_id();
    {
      pqxx::connection c(a_.dsn);
      PrepareAll(c);
      pqxx::work work(c);
      const auto source = store::LoadShareable(work, id);
      EXPECT_TRUE(source);
      google::protobuf::Timestamp now;
      now.set_seconds(1'800'000'000);
      store::EnqueueIn(work, id, outbox::PlanShare(source->incident, source->provenance,
                                                   {b_on_a_}),
                       now);
      work.commit();
    }
    return id;
  }

  // Polls `sql` on A until it yields `want` or `deadline` passes; returns the last value.
  std::string AwaitOnA(const std::string& sql, const std::string& want,
                       std::chrono::seconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    std::string got = a_.One(sql);
    while (got != want && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(20ms);
      got = a_.One(sql);
    }
    return got;
  }

  // Runs the asker's rounds until nothing is pending for B or `deadline` passes.
  void AskUntilDone(std::chrono::seconds deadline) {
    store::PgStatusQueryStore questions(a_.pool);
    outbox::StatusAsker asker(questions, *link_, b_on_a_.id, {});
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < end) {
      const auto round = asker.RunRound();
      ASSERT_TRUE(round) << round.error().message;
      if (round->pending == 0) return;
      if (round->no_link || round->retried > 0) std::this_thread::sleep_for(20ms);
    }
  }

  ncirt::testing::Pki pki_;
  Cirt a_{"CERT-A", pki_};
  Cirt b_{"CERT-B", pki_};
  triage::SystemClock clock_;
  triage::sharing::StatusQueryStore triage_{a_.pool, clock_};
  const triage::store::Actor alice_{.name = "alice", .origin = "test"};
  std::uint16_t port_ = 0;
  Partner b_on_a_;
  Partner c_on_a_;
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_{2};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread io_thread_;
  std::unique_ptr<net::FrameConnector> connector_;
  std::unique_ptr<peer::ConnectorLink> link_;
};

TEST_F(StatusQueryTest, QuestionGetsThePartnersStateAndVersionRecorded) {
  const std::string id = SharedWithB();
  const std::string theirs = a_.One("SELECT receiver_incident_id FROM exchange.outbox");
  ASSERT_FALSE(theirs.empty());
  // B's analysts took it in and are working on it.
  b_.Exec("INSERT INTO triage.incidents (incident_id, state, priority, score, intake_version, "
          "tlp, submitter, created_at, updated_at, triage_due_at) VALUES ('" +
          theirs + "', 'in_progress', 3, 0, 1, 'GREEN', 'partner:CERT-A', now(), now(), now())");

  const auto asked = triage_.Ask(alice_, id, "CERT-B");
  ASSERT_TRUE(asked) << asked.error().message;
  EXPECT_EQ(asked->state, "pending");
  EXPECT_EQ(asked->asked_by, "alice");
  EXPECT_EQ(a_.One("SELECT count(*) FROM audit.pending WHERE action = 'incident.status_query'"),
            "1");

  AskUntilDone(10s);
  const auto answered = triage_.Get(id, asked->id);
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->state, "answered");
  EXPECT_EQ(answered->partner_state, "in_progress");
  EXPECT_EQ(answered->partner_version, 1u);
  EXPECT_EQ(answered->receiver_incident_id, theirs);
  EXPECT_FALSE(answered->partner_updated_at.empty());
  EXPECT_FALSE(answered->answered_at.empty());
  EXPECT_EQ(triage_.List(id).value().size(), 1u);
}

TEST_F(StatusQueryTest, QuestionAboutAnIncidentThePartnerNeverGotFailsWithItsNack) {
  const std::string id = SharedWithB();
  // A question that slipped past triage's check (B lost the incident, say).
  b_.Exec("DELETE FROM exchange.received_shares");
  ASSERT_TRUE(triage_.Ask(alice_, id, "CERT-B"));
  AskUntilDone(10s);
  const auto questions = triage_.List(id).value();
  ASSERT_EQ(questions.size(), 1u);
  EXPECT_EQ(questions[0].state, "failed");
  EXPECT_EQ(questions[0].failure_reason, "NACK_CODE_UNKNOWN_INCIDENT");
  EXPECT_FALSE(questions[0].failure_detail.empty());
}

TEST_F(StatusQueryTest, QuestionsThatCannotBeAnsweredAreRefusedAndNothingIsWritten) {
  const std::string id = SharedWithB();
  const auto audit_before = a_.One("SELECT count(*) FROM audit.pending");

  const auto never_shared = triage_.Ask(alice_, id, "CERT-C");
  ASSERT_FALSE(never_shared);
  EXPECT_EQ(never_shared.error().kind, common::ErrorKind::kConflict);
  EXPECT_NE(never_shared.error().message.find("never delivered to partner 'CERT-C'"),
            std::string::npos)
      << never_shared.error().message;

  const auto no_partner = triage_.Ask(alice_, id, "CERT-Z");
  ASSERT_FALSE(no_partner);
  EXPECT_EQ(no_partner.error().kind, common::ErrorKind::kNotFound);

  const auto no_incident = triage_.Ask(alice_, "00000000-0000-4000-8000-000000000099", "CERT-B");
  ASSERT_FALSE(no_incident);
  EXPECT_EQ(no_incident.error().kind, common::ErrorKind::kNotFound);

  a_.Exec("UPDATE exchange.partners SET enabled = false WHERE name = 'CERT-B'");
  const auto disabled = triage_.Ask(alice_, id, "CERT-B");
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().kind, common::ErrorKind::kConflict);

  EXPECT_EQ(a_.One("SELECT count(*) FROM exchange.status_queries"), "0");
  EXPECT_EQ(a_.One("SELECT count(*) FROM audit.pending"), audit_before);
}

// Disabling stops the partner's connection, so nobody would ask its pending questions again:
// they end, failed with reason partner-disabled, in the disabling transaction; an answered one
// keeps its answer.
TEST_F(StatusQueryTest, QuestionsPendingWhenThePartnerIsDisabledFailWithPartnerDisabled) {
  const std::string id = SharedWithB();
  const auto first = triage_.Ask(alice_, id, "CERT-B");
  ASSERT_TRUE(first) << first.error().message;
  AskUntilDone(10s);
  const auto second = triage_.Ask(alice_, id, "CERT-B");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(triage_.Get(id, second->id)->state, "pending");

  Partner disabled = a_.partners.Get("CERT-B").value();
  disabled.enabled = false;
  ASSERT_TRUE(a_.partners.Update(disabled));

  const auto failed = triage_.Get(id, second->id).value();
  EXPECT_EQ(failed.state, "failed");
  EXPECT_EQ(failed.failure_reason, "partner-disabled");
  EXPECT_NE(failed.failure_detail.find("partner CERT-B was disabled before it answered"),
            std::string::npos)
      << failed.failure_detail;
  EXPECT_FALSE(failed.answered_at.empty());
  EXPECT_EQ(triage_.Get(id, first->id)->state, "answered");

  // Enabling it again does not revive the failed question; a new one can be asked.
  disabled.enabled = true;
  ASSERT_TRUE(a_.partners.Update(disabled));
  EXPECT_EQ(triage_.Get(id, second->id)->state, "failed");
  EXPECT_TRUE(triage_.Ask(alice_, id, "CERT-B"));
}

// A question asked while the partner is being disabled: the question waits for the disabling
// to commit and is then refused, instead of being stored pending after the disabling's trigger
// already ran.
TEST_F(StatusQueryTest, AQuestionAskedDuringTheDisablingIsRefused) {
  const std::string id = SharedWithB();
  pqxx::connection admin(a_.dsn);
  pqxx::work disabling(admin);
  disabling.exec("UPDATE exchange.partners SET enabled = false WHERE name = 'CERT-B'");

  std::optional<common::Result<triage::sharing::StatusQuestion>> asked;
  std::thread analyst([&] { asked = triage_.Ask(alice_, id, "CERT-B"); });
  bool waiting = false;
  for (int i = 0; i < 2000 && !waiting; ++i) {
    // The row lock it waits for shows as a wait on the disabling's transaction id (pg_locks
    // has no database for those): any waiting lock held by a backend of this database.
    waiting = a_.One("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                     "WHERE a.datname = current_database() AND NOT l.granted") != "0";
    if (!waiting) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(waiting) << "the question should wait for the disabling";
  disabling.commit();
  analyst.join();
  ASSERT_TRUE(asked.has_value());
  ASSERT_FALSE(*asked);
  EXPECT_EQ(asked->error().kind, common::ErrorKind::kConflict);
  EXPECT_NE(asked->error().message.find("disabled"), std::string::npos);
  EXPECT_EQ(a_.One("SELECT count(*) FROM exchange.status_queries"), "0");
}

// What ncirt-exchange runs: the partner's link delivers the share and, on the same tick, asks
// the question a moment later and records the answer, with nothing but the database between
// triage and it.
TEST_F(StatusQueryTest, RunningPartnerLinkDeliversThenAsksOnItsOwnTick) {
  const std::string id = QueuedForB();
  ExchangeConfig config;
  config.cirt_name = a_.name;
  config.tls_certificate_file = a_.cert.certificate;
  config.tls_private_key_file = a_.cert.private_key;
  config.ca_file = pki_.CaFile();
  config.window = 4;
  config.idle_poll = 20ms;
  config.retry_initial = 20ms;
  config.retry_max = 200ms;
  config.handshake_timeout = 2s;
  store::PgStatusQueryStore questions(a_.pool);
  PartnerLinks links(config, a_.outbox, questions,
                     peer::MakeInboundHandler(a_.pins, a_.receiver), io_.get_executor(),
                     workers_.get_executor());
  links.Reconcile(a_.partners.List().value());
  ASSERT_EQ(AwaitOnA("SELECT state FROM exchange.outbox", "delivered", 10s), "delivered");

  const auto asked = triage_.Ask(alice_, id, "CERT-B");
  ASSERT_TRUE(asked) << asked.error().message;
  EXPECT_EQ(AwaitOnA("SELECT state FROM exchange.status_queries", "answered", 10s), "answered");
  links.StopAll();
  const auto answered = triage_.Get(id, asked->id).value();
  EXPECT_EQ(answered.partner_version, 1u);
  EXPECT_EQ(answered.receiver_incident_id,
            a_.One("SELECT receiver_incident_id FROM exchange.outbox"));
}

}  // namespace
}  // namespace ncirt::exchange
