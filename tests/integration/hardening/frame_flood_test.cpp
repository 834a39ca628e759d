// Load shedding on the partner port (issue 9): common/net's FrameListener, which exchange runs
// for partners, under connection floods from one address, while a well-behaved, pinned partner
// from 127.0.0.1 keeps connecting and having its shares acknowledged. In-process, on loopback,
// a few seconds. (When the ncirt-exchange program is in this checkout, the same floods belong
// against the binary, like integration_hardening_intake does for intake.)
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "common/net/frame_listener.hpp"
#include "flood_client.hpp"
#include "frame_test_fixture.hpp"

namespace ncirt::hardening {
namespace {

using namespace ncirt::common::net;
using namespace ncirt::common::net::frametest;

constexpr std::size_t kPerAddress = 4;

class FrameFloodTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FrameListenerOptions options;
    options.session = FastOptions("CERT-A");
    options.session.handshake_timeout = 1s;
    options.worker_threads = 2;
    options.max_connections = 64;
    options.max_connections_per_address = kPerAddress;
    options.drain_timeout = 2s;
    listener_ = std::make_unique<FrameListener>(options, *server_tls_, AckingHandler);
    auto started = listener_->Start();
    ASSERT_TRUE(started) << started.error().ToString();
  }

  // The partner connects afresh and one share is acknowledged, within `timeout`.
  void ExpectPartnerServed(const std::string& share_id) {
    auto partner = Dial(rt_, *client_tls_, listener_->Port(), FastOptions("CERT-B"));
    ASSERT_TRUE(partner.WaitEstablished(3s)) << share_id;
    auto reply = partner.session->AsyncRequest(MakeShare(share_id), asio::use_future);
    ASSERT_EQ(reply.wait_for(3s), std::future_status::ready) << share_id;
    auto result = reply.get();
    ASSERT_TRUE(result) << result.error().ToString();
    EXPECT_TRUE(result->has_ack()) << share_id;
  }

  ncirt::testing::Pki pki_;
  ncirt::testing::CertFiles server_cert_ = pki_.Issue("server.example");
  ncirt::testing::CertFiles client_cert_ = pki_.Issue("client.example");
  ContextPtr server_tls_ = MakeContext(true, pki_, server_cert_, {client_cert_.spki_pin});
  ContextPtr client_tls_ = MakeContext(false, pki_, client_cert_, {server_cert_.spki_pin});
  Runtime rt_;
  std::unique_ptr<FrameListener> listener_;
};

TEST_F(FrameFloodTest, SilentConnectionsHoldingAPeersSlotsAreCutByTheHandshakeTimeout) {
  std::vector<std::unique_ptr<FloodConnection>> silent;
  for (std::size_t i = 0; i < kPerAddress; ++i) {
    silent.push_back(std::make_unique<FloodConnection>("127.0.0.2", listener_->Port(),
                                                       pki_.CaFile().string(), false, 2s));
    ASSERT_TRUE(silent.back()->connected());
  }
  ExpectPartnerServed("while-silent");
  for (auto& c : silent) EXPECT_TRUE(c->WaitClosedByServer(3s));
  // Only the partner's session (still open from the first check) is left.
  EXPECT_TRUE(Eventually([&] { return listener_->Stats().connections_open == 1; }, 3s))
      << listener_->Stats().connections_open;
  EXPECT_GE(listener_->Stats().sessions_failed, kPerAddress);
  ExpectPartnerServed("after-silent");
}

TEST_F(FrameFloodTest, HundredsOfConnectionsFromOneAddressAreRefusedAtOnceBeyondItsShare) {
  std::vector<std::unique_ptr<FloodConnection>> flood;
  for (int i = 0; i < 200; ++i) {
    flood.push_back(std::make_unique<FloodConnection>("127.0.0.3", listener_->Port(),
                                                      pki_.CaFile().string(), false, 2s));
  }
  int closed_at_once = 0;
  for (auto& c : flood) closed_at_once += c->WaitClosedByServer(20ms);
  EXPECT_GE(closed_at_once, 200 - static_cast<int>(kPerAddress));
  EXPECT_GE(listener_->Stats().connections_refused, 200u - kPerAddress);
  ExpectPartnerServed("during-flood");
}

TEST_F(FrameFloodTest, GarbageInsteadOfTlsClosesOnlyThatConnection) {
  std::vector<std::unique_ptr<FloodConnection>> noisy;
  for (std::size_t i = 0; i < kPerAddress; ++i) {
    noisy.push_back(std::make_unique<FloodConnection>("127.0.0.4", listener_->Port(),
                                                      pki_.CaFile().string(), false, 2s));
    // A 4-byte length of 2 GiB, as a frame would start, where a TLS ClientHello must be.
    noisy.back()->Send(std::string("\x7f\xff\xff\xff", 4) + std::string(1024, 'x'));
  }
  for (auto& c : noisy) EXPECT_TRUE(c->WaitClosedByServer(2s));
  ExpectPartnerServed("after-garbage");
}

}  // namespace
}  // namespace ncirt::hardening
