// Load shedding on the real ncirt-exchange program (issue 9): two complete CIRTs
// (tests/support/platform.hpp), CERT-A and CERT-B sharing both ways, while B's partner port is
// attacked from other loopback addresses. What B's operators and A's analysts would notice:
//   - hundreds of connections from one address: all beyond its share (32) are closed at once,
//     before any TLS work, and counted in ncirt_exchange_connections_refused_total;
//   - connections that never finish the TLS handshake (silent, or trickling a ClientHello byte
//     by byte) are cut by the handshake timeout (6 s here), trickle or not;
//   - bytes that are no TLS at all, and a pinned partner sending oversized or garbage frames,
//     lose only their own connection;
//   - more connections than the listener's bound (256), from many addresses: the excess is
//     closed at once and the open count never passes the bound;
// and through all of it A's shares reach B, and B's reach A, each exactly once, A's exchange
// reconnects after a crash, and B's exchange neither dies nor balloons.
// Loopback only; each test a few seconds after its two platforms start.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/net/frame_codec.hpp"
#include "flood_client.hpp"
#include "ncirt/v1/envelope.pb.h"
#include "support/platform.hpp"

namespace ncirt::hardening {
namespace {

namespace http = boost::beast::http;
using namespace std::chrono_literals;
using testing::Platform;
using testing::Service;

// ncirt-exchange's listener bounds (FrameListenerOptions' defaults, which it runs with).
constexpr int kPerAddress = 32;
constexpr int kMaxConnections = 256;
// B's NCIRT_EXCHANGE_HANDSHAKE_TIMEOUT: long enough that a flood holds the listener full while
// the test looks, short enough for a quick test.
constexpr auto kHandshakeTimeout = 6s;

// A Hello frame as a partner named `name` opens its session with.
std::string HelloFrame(const std::string& name) {
  v1::Envelope envelope;
  envelope.set_request_id(1);
  envelope.mutable_hello()->set_protocol_version(1);
  envelope.mutable_hello()->set_cirt_name(name);
  envelope.mutable_hello()->set_max_frame_size(common::net::kMinMaxFrameSize);
  envelope.mutable_hello()->set_max_window(1);
  return common::net::EncodeFrame(envelope, 1 << 20).value();
}

class ExchangeFloodTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = std::make_unique<Platform>(testing::PlatformOptions{
        .exchange = true, .name = "CERT-A", .host = "cert-a.example", .pki = &pki_});
    b_ = std::make_unique<Platform>(testing::PlatformOptions{
        .exchange = true, .name = "CERT-B", .host = "cert-b.example", .pki = &pki_,
        .exchange_env = {{"NCIRT_EXCHANGE_HANDSHAKE_TIMEOUT", "6s"}}});
    a_->StartAll();
    b_->StartAll();
    a_->RegisterPartner(*b_, {"GREEN"}, false);
    b_->RegisterPartner(*a_, {"GREEN"}, false);
  }
  void TearDown() override {
    if (HasFailure()) ADD_FAILURE() << "A:\n" << a_->Logs() << "\nB:\n" << b_->Logs();
  }

  // `from` submits `n` GREEN incidents and shares them with `to`.
  static void Share(Platform& from, const Platform& to, const std::string& prefix, int n) {
    for (const std::string& id : from.SubmitMany(prefix, n, v1::TLP_GREEN)) {
      from.Share(id, {to.name()});
    }
  }
  static long long Arrived(const Platform& at, const Platform& from) {
    return at.Count("SELECT count(*) FROM intake.incidents WHERE submitter = 'partner:" +
                    from.name() + "'");
  }
  // Every share `from` made is delivered, and `at` holds each exactly once.
  static void ExpectExactlyOnce(Platform& from, const Platform& at, long long n) {
    ASSERT_TRUE(Platform::WaitFor(
        [&] {
          return from.Count("SELECT count(*) FROM exchange.outbox WHERE state = 'pending'") == 0;
        },
        30s));
    EXPECT_EQ(from.Count("SELECT count(*) FROM exchange.outbox WHERE state = 'delivered'"), n);
    EXPECT_EQ(Arrived(at, from), n);
    EXPECT_EQ(at.Count("SELECT count(DISTINCT origin_incident_id) FROM exchange.received_shares"),
              n);
  }

  // `n` plain TCP connections to B's partner port from `source`.
  std::vector<std::unique_ptr<FloodConnection>> Open(const std::string& source, int n) {
    std::vector<std::unique_ptr<FloodConnection>> out;
    for (int i = 0; i < n; ++i) {
      out.push_back(std::make_unique<FloodConnection>(source, b_->exchange_port(),
                                                      pki_.CaFile().string(), false, 2s));
    }
    return out;
  }
  // How many of `connections` B has closed within 300 ms (far below the handshake timeout, so
  // only refusals count).
  static int ClosedAtOnce(std::vector<std::unique_ptr<FloodConnection>>& connections) {
    std::this_thread::sleep_for(300ms);
    int closed = 0;
    for (auto& c : connections) closed += c->WaitClosedByServer(1ms) ? 1 : 0;
    return closed;
  }

  long ExchangeRssKib() { return ResidentKib(b_->process(Service::kExchange).pid()); }

  testing::Pki pki_;
  std::unique_ptr<Platform> a_;
  std::unique_ptr<Platform> b_;
};

TEST_F(ExchangeFloodTest, FloodsSlowHandshakesAndBadFramesLeaveBothPartnersServedExactlyOnce) {
  // A third identity, pinned at B as a partner, that will misbehave after a valid handshake.
  const testing::CertFiles mallory = pki_.Issue("cert-m.example");
  // Its endpoint is a free port: B's link to it just keeps retrying, which is beside the point.
  const std::string nowhere =
      "127.0.0.1:" + std::to_string(testing::ServiceProcess::FreeLoopbackPort());
  ASSERT_EQ(b_->Triage(http::verb::post, "/v1/partners",
                       {{"name", "CERT-M"}, {"country", "EE"}, {"endpoint", nowhere},
                        {"spki_sha256", mallory.spki_pin}, {"agreement", "test"},
                        {"allowed_tlps", {"GREEN"}}, {"allowed_categories", {"*"}},
                        {"personal_data_allowed", false}})
                .status,
            201);
  ASSERT_TRUE(Platform::WaitFor(
      [&] { return b_->ExchangeMetric("ncirt_exchange_pinned_partners") == 2; }, 10s));
  Share(*a_, *b_, "before-", 5);
  ASSERT_TRUE(Platform::WaitFor([&] { return Arrived(*b_, *a_) == 5; }, 30s));
  const long rss_before = ExchangeRssKib();
  const double refused_before = b_->ExchangeMetric("ncirt_exchange_connections_refused_total");

  // Hundreds of connections from 127.0.0.2 that never start TLS: all beyond its share are
  // closed at once rather than queued.
  auto flood = Open("127.0.0.2", 200);
  EXPECT_GE(ClosedAtOnce(flood), 200 - kPerAddress);
  EXPECT_GE(b_->ExchangeMetric("ncirt_exchange_connections_refused_total"),
            refused_before + 200 - kPerAddress);

  // Slow handshakes from 127.0.0.3: a TLS record header trickled a byte at a time keeps the
  // connection busy but does not stretch the handshake deadline.
  auto slow = Open("127.0.0.3", 8);
  const std::string header("\x16\x03\x01\x02\x00", 5);
  for (std::size_t i = 0; i < header.size(); ++i) {
    for (auto& c : slow) c->Send(header.substr(i, 1));
    std::this_thread::sleep_for(400ms);
  }

  // Bytes that are no TLS ClientHello (a 2 GiB frame length) from 127.0.0.4.
  auto noisy = Open("127.0.0.4", 4);
  for (auto& c : noisy) c->Send(std::string("\x7f\xff\xff\xff", 4) + std::string(1024, 'x'));
  for (auto& c : noisy) EXPECT_TRUE(c->WaitClosedByServer(5s));

  // The pinned partner from 127.0.0.5: after a valid handshake and Hello, an oversized frame
  // on some sessions and a frame of garbage on others. Each loses its own session only.
  std::vector<std::unique_ptr<FloodConnection>> bad_frames;
  for (int i = 0; i < 8; ++i) {
    bad_frames.push_back(std::make_unique<FloodConnection>(
        "127.0.0.5", b_->exchange_port(), pki_.CaFile().string(), true, 3s, &mallory));
    ASSERT_TRUE(bad_frames.back()->handshaken()) << i;
    bad_frames.back()->Send(HelloFrame("CERT-M"));
    bad_frames.back()->Send(i % 2 == 0 ? std::string("\x7f\xff\xff\xff", 4)
                                       : std::string("\x00\x00\x00\x40", 4) +
                                             std::string(64, '\xee'));
  }
  for (auto& c : bad_frames) EXPECT_TRUE(c->WaitClosedByServer(5s));

  // Meanwhile both directions keep working, and A's exchange, killed, reconnects mid-flood.
  Share(*a_, *b_, "during-", 10);
  Share(*b_, *a_, "from-b-", 5);
  a_->Kill(Service::kExchange);
  a_->Start(Service::kExchange);
  ASSERT_TRUE(Platform::WaitFor([&] { return Arrived(*b_, *a_) == 15; }, 30s)) << Arrived(*b_, *a_);
  ASSERT_TRUE(Platform::WaitFor([&] { return Arrived(*a_, *b_) == 5; }, 30s)) << Arrived(*a_, *b_);

  // The silent and the trickling connections are cut by the handshake timeout.
  for (auto& c : flood) EXPECT_TRUE(c->WaitClosedByServer(kHandshakeTimeout + 2s));
  for (auto& c : slow) EXPECT_TRUE(c->WaitClosedByServer(kHandshakeTimeout + 2s));

  ExpectExactlyOnce(*a_, *b_, 15);
  ExpectExactlyOnce(*b_, *a_, 5);
  EXPECT_TRUE(b_->process(Service::kExchange).Running()) << "B's exchange died";
  EXPECT_LT(ExchangeRssKib() - rss_before, 64 * 1024) << "B's exchange grew by more than 64 MiB";
  EXPECT_EQ(b_->Count("SELECT count(*) FROM intake.incidents WHERE submitter = 'partner:CERT-M'"),
            0);
}

TEST_F(ExchangeFloodTest, ConnectionsBeyondTheListenersBoundAreRefusedWhileAPartnerDelivers) {
  Share(*a_, *b_, "before-", 5);
  ASSERT_TRUE(Platform::WaitFor([&] { return Arrived(*b_, *a_) == 5; }, 30s));
  // A's session holds one place; nine addresses of 32 silent connections each ask for 288.
  std::vector<std::unique_ptr<FloodConnection>> all;
  for (int address = 2; address <= 10; ++address) {
    for (auto& c : Open("127.0.0." + std::to_string(address), kPerAddress)) {
      all.push_back(std::move(c));
    }
  }
  const int refused = ClosedAtOnce(all);
  EXPECT_GE(refused, 9 * kPerAddress - (kMaxConnections - 1));
  const double open = b_->ExchangeMetric("ncirt_exchange_connections_open");
  EXPECT_LE(open, kMaxConnections);
  EXPECT_GE(open, kMaxConnections - 8) << "the flood should fill the listener";
  // Full is full for everyone: a newcomer from an address of its own is refused too.
  auto newcomer = Open("127.0.0.11", 1);
  EXPECT_EQ(ClosedAtOnce(newcomer), 1);

  // A's established session keeps delivering while no new connection gets in.
  Share(*a_, *b_, "full-", 5);
  ASSERT_TRUE(Platform::WaitFor([&] { return Arrived(*b_, *a_) == 10; }, 20s)) << Arrived(*b_, *a_);
  EXPECT_GE(b_->ExchangeMetric("ncirt_exchange_connections_open"), kMaxConnections - 8)
      << "the listener should still have been full while A delivered";

  // The handshake timeout frees the places; A, killed, connects afresh and delivers.
  for (auto& c : all) EXPECT_TRUE(c->WaitClosedByServer(kHandshakeTimeout + 2s));
  EXPECT_TRUE(Platform::WaitFor(
      [&] { return b_->ExchangeMetric("ncirt_exchange_connections_open") <= 2; }, 5s));
  a_->Kill(Service::kExchange);
  a_->Start(Service::kExchange);
  Share(*a_, *b_, "after-", 5);
  ExpectExactlyOnce(*a_, *b_, 15);
  EXPECT_TRUE(b_->process(Service::kExchange).Running()) << "B's exchange died";
}

}  // namespace
}  // namespace ncirt::hardening
