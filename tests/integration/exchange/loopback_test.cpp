// Two CIRTs on loopback, each with its own PostgreSQL database, a generated PKI and pinned
// keys: CIRT A shares through its outbox, the Deliverer and a FrameConnector; CIRT B receives
// with a FrameListener running the inbound handler and stores through intake.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <pqxx/pqxx>

#include "common/net/frame_connector.hpp"
#include "common/net/frame_listener.hpp"
#include "common/net/tls_context.hpp"
#include "exchange/outbox/deliverer.hpp"
#include "exchange/peer/connector_link.hpp"
#include "exchange/peer/inbound_handler.hpp"
#include "exchange/store/pg_outbox_store.hpp"
#include "exchange/store/pg_partner_store.hpp"
#include "exchange/store/pg_received_share_store.hpp"
#include "exchange/store/prepare.hpp"
#include "intake/store/pg_incident_store.hpp"
#include "intake/store/prepare.hpp"
#include "iodef/marking.hpp"
#include "support/pg_cluster.hpp"
#include "support/pki.hpp"
#include "loopback_cirt.hpp"

namespace ncirt::exchange {
namespace {

using namespace std::chrono_literals;
namespace net = common::net;

using loopback::LoopbackSession;

// One CIRT with the stores this test prepares, eight pooled connections.
struct Cirt : loopback::LoopbackCirt {
  Cirt(std::string cirt_name, ncirt::testing::Pki& pki,
       std::optional<ncirt::testing::CertFiles> own = std::nullopt)
      : LoopbackCirt(std::move(cirt_name), pki, &store::PrepareStatements, 8, std::move(own)) {}
};

v1::Incident Reported(int n, v1::Tlp tlp) {
  v1::Incident incident;
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
  incident.set_id(uuid);
  incident.mutable_incident_id()->set_id("inc-" + std::to_string(n));
  incident.mutable_incident_id()->set_name("cert-a.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.set_tlp(tlp);
  incident.add_descriptions()->set_text(std::string("marked ") +
                                        std::string(iodef::TlpName(tlp)));
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_PERSON);
  contact->add_emails()->set_address("alice-" + std::to_string(n) + "@example.org");
  return incident;
}

class LoopbackTest : public ::testing::Test {
 protected:
  LoopbackTest() : guard_(io_.get_executor()), io_thread_([this] { io_.run(); }) {}
  ~LoopbackTest() override {
    io_.stop();
    io_thread_.join();
    workers_.join();
  }

  std::unique_ptr<net::FrameConnector> Connect(Cirt& from, std::uint16_t port) {
    net::FrameConnectorOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.backoff = {.initial_delay = 20ms, .multiplier = 2.0, .max_delay = 200ms};
    options.connect_timeout = 2s;
    options.session = LoopbackSession(from.name);
    auto connector = std::make_unique<net::FrameConnector>(
        options, *from.client_tls, peer::MakeInboundHandler(from.pins, from.receiver),
        io_.get_executor(), workers_.get_executor());
    EXPECT_TRUE(connector->Start());
    return connector;
  }

  // Runs delivery rounds until nothing is pending or `deadline` passes; returns what is left.
  static int Deliver(outbox::Deliverer& deliverer, std::chrono::seconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < end) {
      const auto round = deliverer.RunRound();
      if (!round) return -1;
      if (round->pending == 0) return 0;
      if (round->no_link || round->failed > 0) std::this_thread::sleep_for(20ms);
    }
    return 1;
  }

  ncirt::testing::Pki pki_;
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_{4};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread io_thread_;
};

TEST_F(LoopbackTest, EveryTlpLevelArrivesExactlyAsTheAgreementAllows) {
  Cirt a("CERT-A", pki_);
  Cirt b("CERT-B", pki_);
  b.Listen(0);
  const std::uint16_t port = b.listener->Port();
  b.Register(a, {v1::TLP_GREEN}, 1);
  const Partner to_b = a.Register(b, {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER}, port);

  int n = 0;
  for (const v1::Tlp tlp : {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER, v1::TLP_AMBER_STRICT,
                            v1::TLP_RED}) {
    a.Share(Reported(++n, tlp), {to_b});
  }
  auto connector = Connect(a, port);
  peer::ConnectorLink link(*connector);
  outbox::Deliverer deliverer(a.outbox, link, to_b.id, 64);
  ASSERT_EQ(Deliver(deliverer, 20s), 0);

  EXPECT_EQ(b.Count("SELECT count(*) FROM intake.incidents"), 3);
  EXPECT_EQ(b.Count("SELECT count(*) FROM intake.incidents WHERE tlp IN ('CLEAR','GREEN','AMBER') "
                    "AND submitter = 'partner:CERT-A'"),
            3);
  EXPECT_EQ(b.Count("SELECT count(*) FROM intake.incidents WHERE position('alice-'::bytea IN "
                    "model) > 0"),
            0)
      << "personal data removed";
  EXPECT_EQ(b.Count("SELECT count(*) FROM intake.documents WHERE position('alice-'::bytea IN "
                    "content) > 0"),
            0);
  EXPECT_EQ(a.Count("SELECT count(*) FROM exchange.sharing_history WHERE event = 'refused'"), 2);
  EXPECT_EQ(a.Count("SELECT count(*) FROM exchange.sharing_history WHERE event = 'acknowledged'"),
            3);
  connector->Stop();
  b.listener->Stop();
}

TEST_F(LoopbackTest, ReceiverDownWhileSharingGetsEverythingExactlyOnceWhenBack) {
  Cirt a("CERT-A", pki_);
  Cirt b("CERT-B", pki_);
  b.Listen(0);
  const std::uint16_t port = b.listener->Port();
  b.listener->Stop();
  b.listener.reset();
  b.Register(a, {v1::TLP_GREEN}, 1);
  const Partner to_b = a.Register(b, {v1::TLP_GREEN}, port);

  constexpr int kIncidents = 200;
  for (int i = 1; i <= kIncidents; ++i) a.Share(Reported(i, v1::TLP_GREEN), {to_b});
  auto connector = Connect(a, port);
  peer::ConnectorLink link(*connector);
  outbox::Deliverer deliverer(a.outbox, link, to_b.id, 64);
  EXPECT_EQ(Deliver(deliverer, 1s), 1) << "nothing can be delivered while B is down";

  b.Listen(port);
  ASSERT_EQ(Deliver(deliverer, 60s), 0);
  EXPECT_EQ(b.Count("SELECT count(*) FROM intake.incidents"), kIncidents);
  EXPECT_EQ(b.Count("SELECT count(*) FROM exchange.received_shares"), kIncidents);
  EXPECT_EQ(a.Count("SELECT count(*) FROM exchange.outbox WHERE state = 'delivered'"), kIncidents);
  connector->Stop();
  b.listener->Stop();
}

TEST_F(LoopbackTest, UnpinnedPeerIsRefusedAndChangesNothing) {
  Cirt a("CERT-A", pki_);
  Cirt b("CERT-B", pki_);
  b.Listen(0);
  const std::uint16_t port = b.listener->Port();
  // A pins B, but B has not registered A: A's key is valid under the CA but not pinned.
  const Partner to_b = a.Register(b, {v1::TLP_GREEN}, port);
  a.Share(Reported(1, v1::TLP_GREEN), {to_b});
  auto connector = Connect(a, port);
  peer::ConnectorLink link(*connector);
  outbox::Deliverer deliverer(a.outbox, link, to_b.id, 64);
  EXPECT_EQ(Deliver(deliverer, 2s), 1);
  EXPECT_EQ(b.Count("SELECT count(*) FROM intake.incidents"), 0);
  EXPECT_GE(b.listener->Stats().sessions_failed, 1u);
  EXPECT_EQ(b.listener->Stats().sessions_established, 0u);
  connector->Stop();
  b.listener->Stop();
}

TEST_F(LoopbackTest, SharesFlowBothWaysEachUnderItsOwnAgreement) {
  Cirt a("CERT-A", pki_);
  Cirt b("CERT-B", pki_);
  a.Listen(0);
  b.Listen(0);
  const Partner a_to_b = a.Register(b, {v1::TLP_AMBER}, b.listener->Port());
  const Partner b_to_a = b.Register(a, {v1::TLP_GREEN}, a.listener->Port());
  a.Share(Reported(1, v1::TLP_AMBER), {a_to_b});
  b.Share(Reported(2, v1::TLP_GREEN), {b_to_a});
  b.Share(Reported(3, v1::TLP_AMBER), {b_to_a});
  auto a_connector = Connect(a, b.listener->Port());
  auto b_connector = Connect(b, a.listener->Port());
  peer::ConnectorLink a_link(*a_connector);
  peer::ConnectorLink b_link(*b_connector);
  outbox::Deliverer a_deliverer(a.outbox, a_link, a_to_b.id, 64);
  outbox::Deliverer b_deliverer(b.outbox, b_link, b_to_a.id, 64);
  ASSERT_EQ(Deliver(a_deliverer, 20s), 0);
  ASSERT_EQ(Deliver(b_deliverer, 20s), 0);
  EXPECT_EQ(b.Count("SELECT count(*) FROM intake.incidents WHERE tlp = 'AMBER'"), 1);
  EXPECT_EQ(a.Count("SELECT count(*) FROM intake.incidents"), 1) << "B's AMBER is not for A";
  EXPECT_EQ(a.Count("SELECT count(*) FROM intake.incidents WHERE tlp = 'GREEN' AND "
                    "submitter = 'partner:CERT-B'"),
            1);
  a_connector->Stop();
  b_connector->Stop();
  a.listener->Stop();
  b.listener->Stop();
}

// A peer whose certificate fails before the pin is even looked at: refused, nothing stored.
class RefusedCertificateTest : public LoopbackTest,
                               public ::testing::WithParamInterface<std::string> {};

TEST_P(RefusedCertificateTest, PeerIsRefusedAndChangesNothing) {
  ncirt::testing::Pki other_ca("another CA");
  const ncirt::testing::CertFiles own =
      GetParam() == "Expired"
          ? pki_.Issue("CERT-A.example", -std::chrono::hours(48), -std::chrono::hours(24))
          : other_ca.Issue("CERT-A.example");
  // A trusts B's CA; B cannot validate A's certificate (expired, or from a CA it does not
  // trust), so the refusal is B's.
  Cirt a("CERT-A", pki_, own);
  Cirt b("CERT-B", pki_);
  b.Listen(0);
  b.Register(a, {v1::TLP_GREEN}, 1);  // even pinned, the certificate itself is refused
  const Partner to_b = a.Register(b, {v1::TLP_GREEN}, b.listener->Port());
  a.Share(Reported(1, v1::TLP_GREEN), {to_b});
  auto connector = Connect(a, b.listener->Port());
  peer::ConnectorLink link(*connector);
  outbox::Deliverer deliverer(a.outbox, link, to_b.id, 64);
  EXPECT_EQ(Deliver(deliverer, 2s), 1);
  EXPECT_EQ(b.Count("SELECT count(*) FROM intake.incidents"), 0);
  EXPECT_EQ(b.listener->Stats().sessions_established, 0u);
  EXPECT_GE(b.listener->Stats().sessions_failed, 1u);
  connector->Stop();
  b.listener->Stop();
}

INSTANTIATE_TEST_SUITE_P(Certificates, RefusedCertificateTest,
                         ::testing::Values("Expired", "WrongCa"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace ncirt::exchange
