#include "common/net/frame_listener.hpp"

#include <openssl/ssl.h>

#include <gtest/gtest.h>

#include "frame_test_fixture.hpp"

// The accept side on loopback with real TLS: who gets in (CA + pin + TLS 1.3), how many, and how
// it stops.
namespace ncirt::common::net {
namespace {

using namespace frametest;
using ncirt::testing::CertFiles;
using ncirt::testing::Pki;

class FrameListenerTest : public ::testing::Test {
 protected:
  void Start(FrameListenerOptions options = {}, RequestHandler handler = AckingHandler) {
    options.session = FastOptions("CERT-A");
    options.worker_threads = 4;
    options.drain_timeout = 2s;
    listener_ = std::make_unique<FrameListener>(options, *server_tls_, std::move(handler));
    auto started = listener_->Start();
    ASSERT_TRUE(started) << started.error().ToString();
  }

  Pki pki_;
  Pki other_ca_{"some other CA"};
  CertFiles server_cert_ = pki_.Issue("server.example");
  CertFiles client_cert_ = pki_.Issue("client.example");
  CertFiles unpinned_cert_ = pki_.Issue("stranger.example");
  CertFiles expired_cert_ = pki_.Issue("expired.example", -48h, -24h);
  CertFiles foreign_cert_ = other_ca_.Issue("client.example");
  CertFiles renewed_cert_ = pki_.Renew(client_cert_, "client.example");
  // The server pins every client key except the stranger's, so only CA validation, expiry or
  // the TLS version can refuse the expired and foreign ones.
  ContextPtr server_tls_ =
      MakeContext(true, pki_, server_cert_,
                  {client_cert_.spki_pin, expired_cert_.spki_pin, foreign_cert_.spki_pin});
  Runtime rt_;
  std::unique_ptr<FrameListener> listener_;
};

struct RefusedPeerCase {
  const char* name;
  const CertFiles* certificate;
  bool tls12_only;
};

TEST_F(FrameListenerTest, PeersThatFailCaPinExpiryOrTls13AreRefusedAndNeverEstablished) {
  Start();
  const RefusedPeerCase cases[] = {
      {"key_not_pinned", &unpinned_cert_, false},
      {"expired_certificate", &expired_cert_, false},
      {"other_ca", &foreign_cert_, false},
      {"tls12_only", &client_cert_, true},
  };
  std::uint64_t failed = 0;
  for (const auto& c : cases) {
    const CertFiles& cert = *c.certificate;
    auto tls = MakeContext(false, pki_, cert, {server_cert_.spki_pin},
                           c.tls12_only ? TlsMinVersion::kTls12 : TlsMinVersion::kTls13);
    if (c.tls12_only) SSL_CTX_set_max_proto_version(tls->native_handle(), TLS1_2_VERSION);
    auto client = Dial(rt_, *tls, listener_->Port(), FastOptions("intruder"));
    auto closed = client.WaitClosed();
    ASSERT_TRUE(closed) << c.name;
    EXPECT_EQ(closed->kind, ErrorKind::kUnauthenticated) << c.name << ": " << closed->message;
    EXPECT_FALSE(client.session->IsEstablished()) << c.name;
    ++failed;
    EXPECT_TRUE(Eventually([&] { return listener_->Stats().sessions_failed == failed; }))
        << c.name;
  }
  EXPECT_EQ(listener_->Stats().sessions_established, 0u);
  EXPECT_TRUE(listener_->Sessions().empty());
}

TEST_F(FrameListenerTest, ClientRefusesAServerWhoseKeyItDidNotPin) {
  Start();
  auto tls = MakeContext(false, pki_, client_cert_, {unpinned_cert_.spki_pin});
  auto client = Dial(rt_, *tls, listener_->Port(), FastOptions("CERT-B"));
  auto closed = client.WaitClosed();
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->kind, ErrorKind::kUnauthenticated);
  EXPECT_NE(closed->message.find("not pinned"), std::string::npos) << closed->message;
}

TEST_F(FrameListenerTest, RenewedCertificateWithTheSameKeyKeepsItsPin) {
  Start();
  ASSERT_EQ(renewed_cert_.spki_pin, client_cert_.spki_pin);
  auto tls = MakeContext(false, pki_, renewed_cert_, {server_cert_.spki_pin});
  auto client = Dial(rt_, *tls, listener_->Port(), FastOptions("CERT-B"));
  ASSERT_TRUE(client.WaitEstablished());
  ASSERT_TRUE(Eventually([&] { return listener_->Sessions().size() == 1; }));
  EXPECT_EQ(listener_->Sessions()[0]->Peer().pin, client_cert_.spki_pin);
}

TEST_F(FrameListenerTest, ServerContextThatDoesNotAskForClientCertificatesIsRefusedBySession) {
  // A context built the HTTPS way (no client certificate) must not yield an anonymous session.
  auto lax = MakeServerContext({.certificate_file = server_cert_.certificate,
                                .private_key_file = server_cert_.private_key,
                                .min_version = TlsMinVersion::kTls13});
  ASSERT_TRUE(lax);
  FrameListenerOptions options;
  options.session = FastOptions("CERT-A");
  FrameListener listener(options, **lax, AckingHandler);
  ASSERT_TRUE(listener.Start());
  auto tls = MakeContext(false, pki_, client_cert_, {server_cert_.spki_pin});
  auto client = Dial(rt_, *tls, listener.Port(), FastOptions("CERT-B"));
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_TRUE(Eventually([&] { return listener.Stats().sessions_failed == 1; }));
  EXPECT_EQ(listener.Stats().sessions_established, 0u);
}

TEST_F(FrameListenerTest, ConnectionsBeyondTheLimitAreClosedAtOnce) {
  FrameListenerOptions options;
  options.max_connections = 2;
  Start(options);
  auto tls = MakeContext(false, pki_, client_cert_, {server_cert_.spki_pin});
  auto first = Dial(rt_, *tls, listener_->Port(), FastOptions("CERT-B"));
  auto second = Dial(rt_, *tls, listener_->Port(), FastOptions("CERT-B"));
  ASSERT_TRUE(first.WaitEstablished());
  ASSERT_TRUE(second.WaitEstablished());
  auto third = Dial(rt_, *tls, listener_->Port(), FastOptions("CERT-B"));
  EXPECT_TRUE(third.WaitClosed());
  EXPECT_FALSE(third.session->IsEstablished());
  EXPECT_EQ(listener_->Stats().connections_refused, 1u);
  EXPECT_EQ(listener_->Stats().connections_open, 2u);
  // The two admitted ones are unaffected.
  auto reply = first.session->AsyncRequest(MakeShare("ok"), asio::use_future).get();
  ASSERT_TRUE(reply) << reply.error().ToString();
  EXPECT_TRUE(reply->has_ack());
}

TEST_F(FrameListenerTest, StopLetsInFlightRequestsFinishThenClosesEverySession) {
  std::atomic<int> started{0};
  Start({}, [&](const PeerInfo& peer, const v1::Envelope& r) {
    ++started;
    std::this_thread::sleep_for(200ms);
    return AckingHandler(peer, r);
  });
  auto tls = MakeContext(false, pki_, client_cert_, {server_cert_.spki_pin});
  auto client = Dial(rt_, *tls, listener_->Port(), FastOptions("CERT-B"));
  ASSERT_TRUE(client.WaitEstablished());
  auto reply = client.session->AsyncRequest(MakeShare("in-flight"), asio::use_future);
  ASSERT_TRUE(Eventually([&] { return started == 1; }));
  listener_->Stop();
  auto result = reply.get();
  ASSERT_TRUE(result) << result.error().ToString();
  ASSERT_TRUE(result->has_ack());
  EXPECT_EQ(result->ack().share_id(), "in-flight");
  auto closed = client.WaitClosed();
  ASSERT_TRUE(closed);
  EXPECT_EQ(listener_->Stats().connections_open, 0u);
}

TEST_F(FrameListenerTest, AddressThatCannotBeBoundIsABadConfig) {
  FrameListenerOptions options;
  options.address = "not-an-address";
  FrameListener listener(options, *server_tls_, AckingHandler);
  auto started = listener.Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().kind, ErrorKind::kBadConfig);
}

}  // namespace
}  // namespace ncirt::common::net
