#include "common/net/frame_connector.hpp"

#include <mutex>

#include <gtest/gtest.h>

#include "common/net/frame_listener.hpp"
#include "frame_test_fixture.hpp"

// The outbound long-lived connection against a real listener on loopback that goes away and
// comes back; randomness and the clock are injected, so the backoff delays are checked exactly.
namespace ncirt::common::net {
namespace {

using namespace frametest;
using ncirt::testing::CertFiles;
using ncirt::testing::Pki;
using std::chrono::milliseconds;

struct Retry {
  int retry;
  milliseconds delay;
  double draw;
};

class FrameConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A port that is free now and that the listener can be restarted on.
    StartListener(0);
    port_ = listener_->Port();
  }
  void StartListener(std::uint16_t port) {
    FrameListenerOptions options;
    options.port = port;
    options.worker_threads = 2;
    options.drain_timeout = 2s;
    options.session = FastOptions("CERT-A");
    listener_ = std::make_unique<FrameListener>(options, *server_tls_, AckingHandler);
    auto started = listener_->Start();
    ASSERT_TRUE(started) << started.error().ToString();
  }
  void StopListener() { listener_.reset(); }

  FrameConnectorOptions Options() {
    FrameConnectorOptions o;
    o.host = "127.0.0.1";
    o.port = port_;
    o.backoff = policy_;
    o.connect_timeout = 2s;
    o.stable_after = 10s;
    o.session = FastOptions("CERT-B");
    o.random = [this] {
      std::lock_guard lock(mutex_);
      last_draw_ = kDraws[draws_++ % std::size(kDraws)];
      return last_draw_;
    };
    o.now = [this] { return std::chrono::steady_clock::time_point(milliseconds(fake_ms_.load())); };
    o.on_retry = [this](int retry, milliseconds delay, const Error&) {
      std::lock_guard lock(mutex_);
      retries_.push_back({retry, delay, last_draw_});
    };
    return o;
  }
  std::vector<Retry> Retries() {
    std::lock_guard lock(mutex_);
    return retries_;
  }
  std::size_t RetryCount() { return Retries().size(); }

  static void ExpectRoundTrip(FrameConnector& connector, const std::string& id) {
    auto session = connector.Session();
    ASSERT_TRUE(session);
    auto reply = session->AsyncRequest(MakeShare(id), asio::use_future).get();
    ASSERT_TRUE(reply) << reply.error().ToString();
    EXPECT_EQ(reply->ack().share_id(), id);
  }

  static constexpr double kDraws[] = {0.5, 0.9, 0.1, 0.75, 0.999};
  const BackoffPolicy policy_{.initial_delay = milliseconds(20), .multiplier = 2.0,
                              .max_delay = milliseconds(80)};
  Pki pki_;
  CertFiles server_cert_ = pki_.Issue("server.example");
  CertFiles client_cert_ = pki_.Issue("client.example");
  ContextPtr server_tls_ = MakeContext(true, pki_, server_cert_, {client_cert_.spki_pin});
  ContextPtr client_tls_ = MakeContext(false, pki_, client_cert_, {server_cert_.spki_pin});
  Runtime rt_;
  std::unique_ptr<FrameListener> listener_;
  std::uint16_t port_ = 0;
  std::atomic<std::int64_t> fake_ms_{1'000'000};
  std::mutex mutex_;
  std::size_t draws_ = 0;     // GUARDED_BY(mutex_)
  double last_draw_ = 0;      // GUARDED_BY(mutex_)
  std::vector<Retry> retries_;  // GUARDED_BY(mutex_)
};

TEST_F(FrameConnectorTest, ReconnectsAfterTheListenerRestartsWithDelaysWithinTheComputedBounds) {
  FrameConnector connector(Options(), *client_tls_, AckingHandler, rt_.io.get_executor(),
                           rt_.workers.get_executor());
  ASSERT_TRUE(connector.Start());
  ASSERT_TRUE(Eventually([&] { return connector.Session() != nullptr; }));
  ExpectRoundTrip(connector, "before");

  StopListener();
  ASSERT_TRUE(Eventually([&] { return RetryCount() >= 5; }));
  EXPECT_EQ(connector.Session(), nullptr);
  StartListener(port_);
  ASSERT_TRUE(Eventually([&] { return connector.Stats().established == 2; }));
  ASSERT_TRUE(Eventually([&] { return connector.Session() != nullptr; }));
  ExpectRoundTrip(connector, "after");

  const auto retries = Retries();
  for (std::size_t i = 0; i < retries.size(); ++i) {
    const auto& r = retries[i];
    // The session never stayed up for stable_after (the fake clock stood still), so the retries
    // count on from 1 across the whole outage.
    EXPECT_EQ(r.retry, static_cast<int>(i) + 1);
    EXPECT_EQ(r.delay, BackoffDelay(policy_, r.retry, r.draw)) << "retry " << r.retry;
    EXPECT_GE(r.delay, milliseconds(0));
    EXPECT_LT(r.delay, BackoffCap(policy_, r.retry)) << "retry " << r.retry;
  }
  // The drawn fractions and growing caps give these exact pauses.
  ASSERT_GE(retries.size(), 5u);
  EXPECT_EQ(retries[0].delay, milliseconds(10));  // 0.5 * 20
  EXPECT_EQ(retries[1].delay, milliseconds(36));  // 0.9 * 40
  EXPECT_EQ(retries[2].delay, milliseconds(8));   // 0.1 * 80
  EXPECT_EQ(retries[3].delay, milliseconds(60));  // 0.75 * 80 (capped)
  EXPECT_EQ(retries[4].delay, milliseconds(79));  // 0.999 * 80
  const auto stats = connector.Stats();
  EXPECT_EQ(stats.attempts, retries.size() + 1);
  EXPECT_EQ(stats.failures, retries.size() - 1);  // all attempts but the two that made a session
  connector.Stop();
}

TEST_F(FrameConnectorTest, SessionThatStayedUpForStableAfterStartsTheBackoffOver) {
  StopListener();  // nobody listens: the connector counts up retries
  FrameConnector connector(Options(), *client_tls_, AckingHandler, rt_.io.get_executor(),
                           rt_.workers.get_executor());
  ASSERT_TRUE(connector.Start());
  ASSERT_TRUE(Eventually([&] { return RetryCount() >= 3; }));
  StartListener(port_);
  ASSERT_TRUE(Eventually([&] { return connector.Session() != nullptr; }));
  const int before_outage = Retries().back().retry;

  fake_ms_ += 10'000;  // the session has now been up for stable_after
  const std::size_t seen = RetryCount();
  StopListener();
  ASSERT_TRUE(Eventually([&] { return RetryCount() > seen; }));
  EXPECT_GE(before_outage, 3);
  EXPECT_EQ(Retries()[seen].retry, 1);
  connector.Stop();
}

TEST_F(FrameConnectorTest, SessionThatDroppedBeforeStableAfterKeepsGrowingTheBackoff) {
  StopListener();
  FrameConnector connector(Options(), *client_tls_, AckingHandler, rt_.io.get_executor(),
                           rt_.workers.get_executor());
  ASSERT_TRUE(connector.Start());
  ASSERT_TRUE(Eventually([&] { return RetryCount() >= 2; }));
  StartListener(port_);
  ASSERT_TRUE(Eventually([&] { return connector.Session() != nullptr; }));
  const std::size_t seen = RetryCount();
  StopListener();
  ASSERT_TRUE(Eventually([&] { return RetryCount() > seen; }));
  EXPECT_EQ(Retries()[seen].retry, Retries()[seen - 1].retry + 1);
  connector.Stop();
}

TEST_F(FrameConnectorTest, StopDuringALongPauseReturnsPromptly) {
  StopListener();
  auto options = Options();
  options.backoff = {.initial_delay = milliseconds(60'000), .max_delay = milliseconds(60'000)};
  FrameConnector connector(options, *client_tls_, AckingHandler, rt_.io.get_executor(),
                           rt_.workers.get_executor());
  ASSERT_TRUE(connector.Start());
  ASSERT_TRUE(Eventually([&] { return RetryCount() >= 1; }));
  const auto start = std::chrono::steady_clock::now();
  connector.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(connector.Stats().established, 0u);
}

TEST_F(FrameConnectorTest, StopClosesTheEstablishedSessionGracefully) {
  FrameConnector connector(Options(), *client_tls_, AckingHandler, rt_.io.get_executor(),
                           rt_.workers.get_executor());
  ASSERT_TRUE(connector.Start());
  ASSERT_TRUE(Eventually([&] { return connector.Session() != nullptr; }));
  ExpectRoundTrip(connector, "one");
  connector.Stop();
  EXPECT_EQ(connector.Session(), nullptr);
  EXPECT_TRUE(Eventually([&] { return listener_->Stats().connections_open == 0; }));
  EXPECT_TRUE(Retries().empty());
}

TEST_F(FrameConnectorTest, UnusableOptionsAreRefusedAtStart) {
  auto no_host = Options();
  no_host.host.clear();
  auto no_port = Options();
  no_port.port = 0;
  auto tiny_frames = Options();
  tiny_frames.session.max_frame_size = 100;
  for (auto* options : {&no_host, &no_port, &tiny_frames}) {
    FrameConnector connector(*options, *client_tls_, AckingHandler, rt_.io.get_executor(),
                             rt_.workers.get_executor());
    auto started = connector.Start();
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().kind, ErrorKind::kBadConfig);
  }
}

}  // namespace
}  // namespace ncirt::common::net
