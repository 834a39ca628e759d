#include "common/net/frame_session.hpp"

#include <atomic>
#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "common/net/frame_listener.hpp"
#include "frame_test_fixture.hpp"

// Sessions on loopback with real TLS 1.3 and mutual authentication: a FrameListener on one side,
// a client FrameSession (or a RawPeer that misbehaves on purpose) on the other.
namespace ncirt::common::net {
namespace {

using namespace frametest;
using ncirt::testing::CertFiles;
using ncirt::testing::Pki;

class FrameSessionTest : public ::testing::Test {
 protected:
  void StartServer(FrameSessionOptions session, RequestHandler handler = AckingHandler,
                   SessionEvents events = {}) {
    FrameListenerOptions options;
    options.worker_threads = 8;
    options.drain_timeout = 2s;
    options.session = std::move(session);
    listener_ = std::make_unique<FrameListener>(options, *server_tls_, std::move(handler),
                                                std::move(events));
    auto started = listener_->Start();
    ASSERT_TRUE(started) << started.error().ToString();
  }
  // A server whose handler holds every request until `release` is set, so they stay in flight.
  void StartHeldServer(FrameSessionOptions session, std::promise<void>& release) {
    std::shared_future<void> released = release.get_future().share();
    StartServer(std::move(session), [released](const PeerInfo& peer, const v1::Envelope& r) {
      released.wait();
      return AckingHandler(peer, r);
    });
  }
  Dialled DialServer(FrameSessionOptions options = FastOptions("CERT-B"),
                     RequestHandler handler = AckingHandler) {
    return Dial(rt_, *client_tls_, listener_->Port(), std::move(options), std::move(handler));
  }
  // A RawPeer that completed TLS and sent its Hello, and read the server's Hello.
  std::unique_ptr<RawPeer> RawAfterHello() {
    auto raw = std::make_unique<RawPeer>(*client_tls_, listener_->Port());
    EXPECT_TRUE(raw->Connected());
    raw->Send(FrameOf(MakeHello()));
    auto hello = raw->Read(1);
    EXPECT_EQ(hello.size(), 1u);
    if (!hello.empty()) {
      EXPECT_TRUE(hello[0].has_hello());
    }
    return raw;
  }
  // A round trip on an established session still works.
  static void ExpectRoundTrip(FrameSession& session, const std::string& share_id) {
    auto reply = session.AsyncRequest(MakeShare(share_id), asio::use_future);
    ASSERT_EQ(reply.wait_for(5s), std::future_status::ready);
    auto result = reply.get();
    ASSERT_TRUE(result) << result.error().ToString();
    ASSERT_TRUE(result->has_ack());
    EXPECT_EQ(result->ack().share_id(), share_id);
  }

  Pki pki_;
  CertFiles server_cert_ = pki_.Issue("server.example");
  CertFiles client_cert_ = pki_.Issue("client.example");
  ContextPtr server_tls_ = MakeContext(true, pki_, server_cert_, {client_cert_.spki_pin});
  ContextPtr client_tls_ = MakeContext(false, pki_, client_cert_, {server_cert_.spki_pin});
  Runtime rt_;
  std::unique_ptr<FrameListener> listener_;
};

TEST_F(FrameSessionTest, HelloExchangeGivesEachSideThePeersPinNameAndLimits) {
  auto server_options = FastOptions("CERT-A");
  server_options.max_window = 16;
  server_options.max_frame_size = 1u << 20;
  StartServer(server_options);
  auto client_options = FastOptions("CERT-B");
  client_options.max_window = 8;
  auto client = DialServer(client_options);
  ASSERT_TRUE(client.WaitEstablished());

  const auto& server = client.session->Peer();
  EXPECT_EQ(server.pin, server_cert_.spki_pin);
  EXPECT_EQ(server.cirt_name, "CERT-A");
  EXPECT_EQ(server.max_window, 16u);
  EXPECT_EQ(server.max_frame_size, 1u << 20);
  EXPECT_EQ(server.capabilities, (std::vector<std::string>{"share", "query", "withdraw"}));

  ASSERT_TRUE(Eventually([&] { return listener_->Sessions().size() == 1; }));
  const auto& seen_by_server = listener_->Sessions()[0]->Peer();
  EXPECT_EQ(seen_by_server.pin, client_cert_.spki_pin);
  EXPECT_EQ(seen_by_server.cirt_name, "CERT-B");
  EXPECT_EQ(seen_by_server.max_window, 8u);
  EXPECT_NE(seen_by_server.remote_address.find("127.0.0.1:"), std::string::npos);
}

TEST_F(FrameSessionTest, ShareIsAnsweredByItsAckAndQueryByItsResult) {
  StartServer(FastOptions("CERT-A"));
  auto client = DialServer();
  ASSERT_TRUE(client.WaitEstablished());
  ExpectRoundTrip(*client.session, "share-1");

  v1::Envelope query;
  query.mutable_query()->set_origin_incident_id("incident-7");
  auto reply = client.session->AsyncRequest(query, asio::use_future).get();
  ASSERT_TRUE(reply) << reply.error().ToString();
  ASSERT_TRUE(reply->has_query_result());
  EXPECT_EQ(reply->query_result().origin_incident_id(), "incident-7");
  EXPECT_NE(reply->request_id(), 0u);

  // The same from a coroutine, as the exchange service will call it.
  v1::Envelope ping;
  ping.mutable_ping()->set_nonce(4242);
  auto pong = asio::co_spawn(
                  rt_.io,
                  [session = client.session, ping]() -> asio::awaitable<Result<v1::Envelope>> {
                    co_return co_await session->AsyncRequest(ping, asio::use_awaitable);
                  },
                  asio::use_future)
                  .get();
  ASSERT_TRUE(pong);
  ASSERT_TRUE(pong->has_pong());
  EXPECT_EQ(pong->pong().nonce(), 4242u);
}

TEST_F(FrameSessionTest, ServerCanSendRequestsToTheClientOverTheSameConnection) {
  StartServer(FastOptions("CERT-A"));
  std::atomic<int> handled{0};
  auto client = DialServer(FastOptions("CERT-B"), [&](const PeerInfo& peer, const v1::Envelope& r) {
    EXPECT_EQ(peer.cirt_name, "CERT-A");
    ++handled;
    return AckingHandler(peer, r);
  });
  ASSERT_TRUE(client.WaitEstablished());
  ASSERT_TRUE(Eventually([&] { return listener_->Sessions().size() == 1; }));
  ExpectRoundTrip(*listener_->Sessions()[0], "from-server");
  EXPECT_EQ(handled, 1);
}

TEST_F(FrameSessionTest, ThousandPipelinedRequestsWithWindow64AreAllAnsweredAndMatched) {
  auto server_options = FastOptions("CERT-A");
  server_options.max_window = 64;
  std::atomic<int> running{0}, most_running{0};
  StartServer(server_options, [&](const PeerInfo& peer, const v1::Envelope& r) {
    const int now = ++running;
    int seen = most_running.load();
    while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
    }
    // Uneven work so replies come back out of order and matching by request id matters.
    const auto n = std::stoul(r.share().share_id().substr(2));
    std::this_thread::sleep_for(std::chrono::microseconds((n * 7919) % 700));
    --running;
    return AckingHandler(peer, r);
  });
  auto client = DialServer();
  ASSERT_TRUE(client.WaitEstablished());

  constexpr int kRequests = 1000;
  std::mutex mutex;
  std::map<std::string, v1::Envelope> replies;
  std::vector<std::string> errors;
  std::promise<void> all;
  for (int i = 0; i < kRequests; ++i) {
    const std::string id = "s-" + std::to_string(i);
    client.session->StartRequest(MakeShare(id), [&, id](Result<v1::Envelope> reply) {
      std::lock_guard lock(mutex);
      if (reply) {
        replies.emplace(id, std::move(*reply));
      } else {
        errors.push_back(reply.error().ToString());
      }
      if (replies.size() + errors.size() == kRequests) all.set_value();
    });
  }
  ASSERT_EQ(all.get_future().wait_for(20s), std::future_status::ready);
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(replies.size(), static_cast<std::size_t>(kRequests));
  std::set<std::uint64_t> request_ids;
  for (const auto& [id, reply] : replies) {
    ASSERT_TRUE(reply.has_ack()) << id;
    EXPECT_EQ(reply.ack().share_id(), id);
    EXPECT_EQ(reply.ack().receiver_incident_id(), "r-" + id);
    request_ids.insert(reply.request_id());
  }
  EXPECT_EQ(request_ids.size(), static_cast<std::size_t>(kRequests));
  EXPECT_EQ(request_ids.count(0), 0u);
  const auto stats = client.session->Stats();
  EXPECT_EQ(stats.max_requests_in_flight, 64u);
  EXPECT_LE(most_running.load(), 64);
  EXPECT_GT(most_running.load(), 1);
}

TEST_F(FrameSessionTest, RequestLargerThanThePeersMaximumFailsLocallyAndTheSessionGoesOn) {
  auto server_options = FastOptions("CERT-A");
  server_options.max_frame_size = 8192;
  StartServer(server_options);
  auto client = DialServer();
  ASSERT_TRUE(client.WaitEstablished());
  auto reply = client.session->AsyncRequest(MakeShare("big", 10'000), asio::use_future).get();
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kTooLarge);
  ExpectRoundTrip(*client.session, "small");
}

TEST_F(FrameSessionTest, HandlerExceptionIsAnsweredNackUnavailableWithTheShareId) {
  StartServer(FastOptions("CERT-A"), [](const PeerInfo&, const v1::Envelope&) -> v1::Envelope {
    throw std::runtime_error("database went away");
  });
  auto client = DialServer();
  ASSERT_TRUE(client.WaitEstablished());
  auto reply = client.session->AsyncRequest(MakeShare("s-9"), asio::use_future).get();
  ASSERT_TRUE(reply) << reply.error().ToString();
  ASSERT_TRUE(reply->has_nack());
  EXPECT_EQ(reply->nack().code(), v1::NACK_CODE_UNAVAILABLE);
  EXPECT_EQ(reply->nack().share_id(), "s-9");
  EXPECT_EQ(reply->nack().message().find("database"), std::string::npos);
}

TEST_F(FrameSessionTest, NonRequestsCannotBeSentAsRequests) {
  StartServer(FastOptions("CERT-A"));
  auto client = DialServer();
  ASSERT_TRUE(client.WaitEstablished());
  v1::Envelope ack;
  ack.mutable_ack()->set_share_id("x");
  auto reply = client.session->AsyncRequest(ack, asio::use_future).get();
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kBadRequest);
}

struct RefusedHelloCase {
  const char* name;
  v1::Envelope first_frame;
  v1::NackCode expected;
};

TEST_F(FrameSessionTest, PeerWhoseFirstFrameIsNotAnAcceptableHelloIsNackedAndClosed) {
  StartServer(FastOptions("CERT-A"));
  const RefusedHelloCase cases[] = {
      {"share_first", MakeShare("early"), v1::NACK_CODE_MALFORMED},
      {"version_2", MakeHello(2), v1::NACK_CODE_UNSUPPORTED_VERSION},
      {"version_0", MakeHello(0), v1::NACK_CODE_UNSUPPORTED_VERSION},
      {"tiny_max_frame", MakeHello(1, 100), v1::NACK_CODE_MALFORMED},
      {"zero_window", MakeHello(1, 1u << 20, 0), v1::NACK_CODE_MALFORMED},
  };
  for (const auto& c : cases) {
    RawPeer raw(*client_tls_, listener_->Port());
    ASSERT_TRUE(raw.Connected()) << c.name;
    raw.Send(FrameOf(c.first_frame));
    EXPECT_TRUE(raw.WaitClosed()) << c.name;
    const auto& frames = raw.Seen();
    ASSERT_EQ(frames.size(), 2u) << c.name;  // the server's Hello, then the Nack
    EXPECT_TRUE(frames[0].has_hello()) << c.name;
    ASSERT_TRUE(frames[1].has_nack()) << c.name;
    EXPECT_EQ(frames[1].nack().code(), c.expected) << c.name;
  }
  EXPECT_TRUE(Eventually([&] { return listener_->Stats().sessions_failed == 5; }));
  EXPECT_EQ(listener_->Stats().sessions_established, 0u);
}

TEST_F(FrameSessionTest, RequestIdZeroIsNackedMalformedAndTheConnectionStays) {
  StartServer(FastOptions("CERT-A"));
  auto raw = RawAfterHello();
  auto zero = MakeShare("z");
  raw->Send(FrameOf(zero));
  auto nack = raw->Read(1);
  ASSERT_EQ(nack.size(), 1u);
  ASSERT_TRUE(nack[0].has_nack());
  EXPECT_EQ(nack[0].nack().code(), v1::NACK_CODE_MALFORMED);
  EXPECT_EQ(nack[0].nack().share_id(), "z");
  auto good = MakeShare("g");
  good.set_request_id(5);
  raw->Send(FrameOf(good));
  auto ack = raw->Read(1);
  ASSERT_EQ(ack.size(), 1u);
  ASSERT_TRUE(ack[0].has_ack());
  EXPECT_EQ(ack[0].request_id(), 5u);
}

TEST_F(FrameSessionTest, RequestsBeyondTheAnnouncedWindowAreNackedUnavailable) {
  auto options = FastOptions("CERT-A");
  options.max_window = 2;
  std::promise<void> release;
  StartHeldServer(options, release);
  auto raw = RawAfterHello();
  for (std::uint64_t id = 1; id <= 3; ++id) {
    auto share = MakeShare("w" + std::to_string(id));
    share.set_request_id(id);
    raw->Send(FrameOf(share));
  }
  auto refused = raw->Read(1);
  ASSERT_EQ(refused.size(), 1u);
  ASSERT_TRUE(refused[0].has_nack());
  EXPECT_EQ(refused[0].request_id(), 3u);
  EXPECT_EQ(refused[0].nack().code(), v1::NACK_CODE_UNAVAILABLE);
  release.set_value();
  auto acks = raw->Read(2);
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_TRUE(acks[0].has_ack() && acks[1].has_ack());
}

TEST_F(FrameSessionTest, RequestsBeyondTheByteBudgetAreNackedUnavailableButOneIsAlwaysTaken) {
  auto options = FastOptions("CERT-A");
  options.max_window = 16;
  // Room for one of these Shares and not two; the first is taken however large it is.
  const std::string text(40'000, 'x');
  v1::Envelope big = MakeShare("b1");
  big.mutable_share()->set_original_document(text);
  options.max_inflight_bytes = big.ByteSizeLong() + 1'000;
  std::promise<void> release;
  StartHeldServer(options, release);
  auto raw = RawAfterHello();
  for (std::uint64_t id = 1; id <= 3; ++id) {
    v1::Envelope share = MakeShare("b" + std::to_string(id));
    share.mutable_share()->set_original_document(text);
    share.set_request_id(id);
    raw->Send(FrameOf(share));
  }
  auto refused = raw->Read(2);
  ASSERT_EQ(refused.size(), 2u);
  for (const v1::Envelope& nack : refused) {
    ASSERT_TRUE(nack.has_nack());
    EXPECT_EQ(nack.nack().code(), v1::NACK_CODE_UNAVAILABLE);
    EXPECT_NE(nack.nack().message().find("bytes of requests in flight"), std::string::npos);
  }
  EXPECT_EQ(refused[0].request_id(), 2u);
  EXPECT_EQ(refused[1].request_id(), 3u);
  release.set_value();
  auto ack = raw->Read(1);
  ASSERT_EQ(ack.size(), 1u);
  ASSERT_TRUE(ack[0].has_ack());
  EXPECT_EQ(ack[0].request_id(), 1u);
  // Answered, the first no longer counts: the budget takes the next one.
  v1::Envelope again = MakeShare("b4");
  again.mutable_share()->set_original_document(text);
  again.set_request_id(4);
  raw->Send(FrameOf(again));
  auto next = raw->Read(1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_TRUE(next[0].has_ack());
  EXPECT_EQ(next[0].request_id(), 4u);
}

struct BrokenStreamCase {
  const char* name;
  std::string bytes;
  v1::NackCode expected;
};

TEST_F(FrameSessionTest, BrokenFrameClosesThatConnectionOnlyWithANack) {
  auto options = FastOptions("CERT-A");
  options.max_frame_size = 64u << 10;
  StartServer(options);
  auto healthy = DialServer();
  ASSERT_TRUE(healthy.WaitEstablished());

  auto reply_to_nothing = MakeShare("x");
  reply_to_nothing.clear_share();
  reply_to_nothing.mutable_ack()->set_share_id("never-sent");
  reply_to_nothing.set_request_id(77);
  auto second_hello = MakeHello();
  const BrokenStreamCase cases[] = {
      {"oversized_length", std::string("\x00\x01\x00\x01", 4) + std::string(100, 'a'),
       v1::NACK_CODE_TOO_LARGE},
      {"huge_length", std::string("\xff\xff\xff\xff", 4), v1::NACK_CODE_TOO_LARGE},
      {"zero_length", std::string("\x00\x00\x00\x00", 4), v1::NACK_CODE_TOO_LARGE},
      {"garbage_body", std::string("\x00\x00\x00\x05", 4) + "\xff\xff\xff\xff\xff",
       v1::NACK_CODE_MALFORMED},
      {"no_body", std::string("\x00\x00\x00\x02\x08\x01", 6), v1::NACK_CODE_MALFORMED},
      {"reply_to_unknown_request", FrameOf(reply_to_nothing), v1::NACK_CODE_MALFORMED},
      {"second_hello", FrameOf(second_hello), v1::NACK_CODE_MALFORMED},
  };
  for (const auto& c : cases) {
    auto raw = RawAfterHello();
    raw->Send(c.bytes);
    EXPECT_TRUE(raw->WaitClosed()) << c.name;
    ASSERT_FALSE(raw->Seen().empty()) << c.name;
    const auto& nack = raw->Seen().back();
    ASSERT_TRUE(nack.has_nack()) << c.name;
    EXPECT_EQ(nack.nack().code(), c.expected) << c.name;
    EXPECT_EQ(nack.request_id(), 0u) << c.name;
    // The other connection does not notice.
    ExpectRoundTrip(*healthy.session, std::string("after-") + c.name);
  }
  EXPECT_FALSE(healthy.WaitClosed(0ms));
}

TEST_F(FrameSessionTest, GarbageInsteadOfAHelloClosesTheConnection) {
  StartServer(FastOptions("CERT-A"));
  RawPeer raw(*client_tls_, listener_->Port());
  ASSERT_TRUE(raw.Connected());
  raw.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // "GET " is a 1.2 GB length
  EXPECT_TRUE(raw.WaitClosed());
  ASSERT_EQ(raw.Seen().size(), 2u);
  EXPECT_EQ(raw.Seen()[1].nack().code(), v1::NACK_CODE_TOO_LARGE);
}

TEST_F(FrameSessionTest, IdleConnectionIsKeptAliveByPingAndPongFromEitherSide) {
  // Whichever side hears nothing for its idle_timeout pings; the other answers. (Traffic keeps
  // a side from pinging, so each case makes only one side impatient.)
  for (const bool server_pings : {true, false}) {
    auto server_options = FastOptions("CERT-A");
    auto client_options = FastOptions("CERT-B");
    auto& impatient = server_pings ? server_options : client_options;
    impatient.idle_timeout = 30ms;
    impatient.pong_timeout = 500ms;
    StartServer(server_options);
    auto client = DialServer(client_options);
    ASSERT_TRUE(client.WaitEstablished());
    ASSERT_TRUE(Eventually([&] { return listener_->Sessions().size() == 1; }));
    auto pinger = server_pings ? listener_->Sessions()[0] : client.session;
    EXPECT_TRUE(Eventually([&] {
      const auto s = pinger->Stats();
      return s.pings_sent >= 3 && s.pongs_received >= 3;
    })) << (server_pings ? "server" : "client");
    EXPECT_FALSE(client.WaitClosed(0ms));
    ExpectRoundTrip(*client.session, "still-alive");
    client.session->Close();
    EXPECT_TRUE(client.WaitClosed());
  }
}

TEST_F(FrameSessionTest, PeerThatStopsAnsweringIsDetectedAndClosed) {
  auto options = FastOptions("CERT-A");
  options.idle_timeout = 50ms;
  options.pong_timeout = 100ms;
  StartServer(options);
  // Completes Hello, then never reads nor writes again.
  auto raw = RawAfterHello();
  ASSERT_TRUE(Eventually([&] { return listener_->Stats().sessions_established == 1; }));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(Eventually([&] { return listener_->Stats().connections_open == 0; }, 3s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_TRUE(raw->WaitClosed(1s));
}

TEST_F(FrameSessionTest, PeerThatSendsButNeverReadsStallsOurReadingAndIsCutByTheWriteTimeout) {
  auto options = FastOptions("CERT-A");
  options.max_window = 512;
  options.max_write_queue_bytes = 512u << 10;
  options.write_timeout = 300ms;
  std::promise<std::shared_ptr<FrameSession>> server_session;
  StartServer(
      options,
      [](const PeerInfo&, const v1::Envelope& r) {
        v1::Envelope reply;  // large replies fill the pipe towards the peer that does not read
        reply.mutable_query_result()->set_origin_incident_id(r.query().origin_incident_id());
        reply.mutable_query_result()->set_state(std::string(256u << 10, 's'));
        return reply;
      },
      {.on_established = [&](const std::shared_ptr<FrameSession>& s) {
        server_session.set_value(s);
      }});
  auto raw = RawAfterHello();
  auto session = server_session.get_future().get();
  constexpr int kQueries = 400;
  std::string flood;
  for (int i = 1; i <= kQueries; ++i) {
    v1::Envelope query;
    query.set_request_id(static_cast<std::uint64_t>(i));
    query.mutable_query()->set_origin_incident_id(std::string(64u << 10, 'q'));
    flood += FrameOf(query);
  }
  const auto start = std::chrono::steady_clock::now();
  raw->Send(flood);  // returns when all is sent or the server has cut the connection
  ASSERT_TRUE(Eventually([&] { return listener_->Stats().connections_open == 0; }, 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  // Reading stopped once replies piled up, so the flood was never read to its end.
  EXPECT_LT(session->Stats().frames_received, static_cast<std::uint64_t>(kQueries));
  EXPECT_LT(session->Stats().requests_handled, static_cast<std::uint64_t>(kQueries));
}

TEST_F(FrameSessionTest, CloseWaitsForInFlightRequestsThenFailsNothing) {
  std::atomic<bool> started{false};
  StartServer(FastOptions("CERT-A"), [&](const PeerInfo& peer, const v1::Envelope& r) {
    started = true;
    std::this_thread::sleep_for(150ms);
    return AckingHandler(peer, r);
  });
  auto client = DialServer();
  ASSERT_TRUE(client.WaitEstablished());
  auto reply = client.session->AsyncRequest(MakeShare("slow"), asio::use_future);
  ASSERT_TRUE(Eventually([&] { return started.load(); }));
  client.session->Close();
  auto result = reply.get();
  ASSERT_TRUE(result) << result.error().ToString();
  EXPECT_TRUE(result->has_ack());
  auto closed = client.WaitClosed();
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->message, "closed by this side");
  auto late = client.session->AsyncRequest(MakeShare("late"), asio::use_future).get();
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::kUnavailable);
}

TEST_F(FrameSessionTest, RequestsInFlightFailUnavailableWhenTheConnectionIsCut) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto options = FastOptions("CERT-A");
  // The server's drain gives up after 100 ms while the handler is still stuck.
  options.close_timeout = 100ms;
  StartServer(options, [released](const PeerInfo& peer, const v1::Envelope& r) {
    released.wait();
    return AckingHandler(peer, r);
  });
  auto client = DialServer();
  ASSERT_TRUE(client.WaitEstablished());
  auto reply = client.session->AsyncRequest(MakeShare("lost"), asio::use_future);
  ASSERT_TRUE(Eventually([&] { return listener_->Sessions().size() == 1; }));
  std::thread stopper([&] { listener_->Stop(); });
  const bool answered = reply.wait_for(3s) == std::future_status::ready;
  release.set_value();
  stopper.join();
  ASSERT_TRUE(answered);
  auto result = reply.get();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(result.error().message.find("closed before a reply"), std::string::npos)
      << result.error().message;
}

TEST(FrameSessionOptionsTest, UnusableOptionsAreNamedInTheError) {
  const struct {
    const char* name;
    std::function<void(FrameSessionOptions&)> change;
    const char* named;
  } cases[] = {
      {"tiny_frames", [](FrameSessionOptions& o) { o.max_frame_size = 4095; }, "max_frame_size"},
      {"no_window", [](FrameSessionOptions& o) { o.max_window = 0; }, "max_window"},
      {"no_bytes", [](FrameSessionOptions& o) { o.max_inflight_bytes = 0; },
       "max_inflight_bytes"},
      {"concurrency_above_window",
       [](FrameSessionOptions& o) { o.handler_concurrency = o.max_window + 1; },
       "handler_concurrency"},
      {"zero_idle", [](FrameSessionOptions& o) { o.idle_timeout = 0ms; }, "idle_timeout"},
      {"negative_pong", [](FrameSessionOptions& o) { o.pong_timeout = -1ms; }, "pong_timeout"},
  };
  EXPECT_TRUE(CheckSessionOptions(FrameSessionOptions{}));
  for (const auto& c : cases) {
    FrameSessionOptions options;
    c.change(options);
    auto checked = CheckSessionOptions(options);
    ASSERT_FALSE(checked) << c.name;
    EXPECT_EQ(checked.error().kind, ErrorKind::kBadConfig) << c.name;
    EXPECT_NE(checked.error().message.find(c.named), std::string::npos) << c.name;
  }
}

}  // namespace
}  // namespace ncirt::common::net
