#include "common/net/https_server.hpp"

#include <boost/asio.hpp>
#include <future>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/log/log.hpp"
#include "common/net/tls_context.hpp"
#include "support/https_client.hpp"
#include "support/pki.hpp"

// The server on loopback with real TLS; requests from a real HTTPS client.
namespace ncirt::common::net {
namespace {

using ncirt::testing::HttpsClient;
using ncirt::testing::Pki;

class HttpsServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpsServerOptions options, Handler handler) {
    auto tls = MakeServerContext(
        {.certificate_file = cert_.certificate, .private_key_file = cert_.private_key});
    ASSERT_TRUE(tls) << tls.error().ToString();
    tls_ = std::move(*tls);
    server_ = std::make_unique<HttpsServer>(std::move(options), *tls_, std::move(handler));
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.error().ToString();
  }
  HttpsClient Client() { return HttpsClient(pki_.CaFile(), server_->Port()); }

  static Handler Echo() {
    return [](HttpRequest& r) {
      return MakeResponse(r, http::status::ok, "you sent " + std::to_string(r.message.body().size()),
                          "text/plain");
    };
  }

  Pki pki_;
  ncirt::testing::CertFiles cert_ = pki_.Issue("localhost");
  ContextPtr tls_;
  std::unique_ptr<HttpsServer> server_;
};

TEST_F(HttpsServerTest, ServesManyRequestsOnOneKeptAliveConnection) {
  StartServer({}, Echo());
  auto client = Client();
  for (int i = 0; i < 5; ++i) {
    auto reply = client.Request(http::verb::post, "/x", std::string(100, 'a'), "text/plain");
    ASSERT_EQ(reply.status, 200) << reply.transport_error;
    EXPECT_EQ(reply.body, "you sent 100");
    EXPECT_EQ(reply.headers["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(reply.headers["X-Request-Id"].size(), 16u);
  }
  EXPECT_EQ(server_->Stats().connections_open, 1u);
}

// What a handler logs can be found by the id the client got back.
TEST_F(HttpsServerTest, TheHandlerRunsInTheScopeOfTheRequestIdTheClientReceives) {
  StartServer({}, [](HttpRequest& r) {
    return MakeResponse(r, http::status::ok, log::CurrentRequestId(), "text/plain");
  });
  auto client = Client();
  for (int i = 0; i < 3; ++i) {
    const auto reply = client.Get("/who");
    ASSERT_EQ(reply.status, 200);
    EXPECT_FALSE(reply.body.empty());
    EXPECT_EQ(reply.body, std::string(reply.headers["X-Request-Id"]));
  }
}

TEST_F(HttpsServerTest, ApiAnswersForbidFramingAndActiveContentAndPinHttps) {
  StartServer({}, Echo());
  auto client = Client();
  auto reply = client.Get("/x");
  ASSERT_EQ(reply.status, 200) << reply.transport_error;
  EXPECT_EQ(reply.headers["Strict-Transport-Security"], "max-age=31536000");
  EXPECT_EQ(reply.headers["Content-Security-Policy"], "default-src 'none'; frame-ancestors 'none'");
  EXPECT_EQ(reply.headers["X-Frame-Options"], "DENY");
  EXPECT_EQ(reply.headers["Referrer-Policy"], "no-referrer");
}

TEST_F(HttpsServerTest, APageHandlersOwnSecurityPolicyIsKept) {
  StartServer({}, [](HttpRequest& r) {
    auto response = MakeResponse(r, http::status::ok, "<!doctype html>", "text/html");
    response.set("Content-Security-Policy", "default-src 'self'");
    response.set(http::field::strict_transport_security, "max-age=63072000; includeSubDomains");
    return response;
  });
  auto client = Client();
  auto reply = client.Get("/");
  ASSERT_EQ(reply.status, 200) << reply.transport_error;
  EXPECT_EQ(reply.headers["Content-Security-Policy"], "default-src 'self'");
  EXPECT_EQ(reply.headers["Strict-Transport-Security"], "max-age=63072000; includeSubDomains");
}

TEST_F(HttpsServerTest, BodyOverTheLimitIsAnswered413AsProblemJson) {
  HttpsServerOptions options;
  options.body_limit = 1000;
  StartServer(options, Echo());
  auto client = Client();
  auto reply = client.Request(http::verb::post, "/x", std::string(5000, 'a'), "text/plain");
  ASSERT_EQ(reply.status, 413) << reply.transport_error;
  EXPECT_EQ(reply.headers[http::field::content_type], "application/problem+json");
  const auto problem = nlohmann::json::parse(reply.body);
  EXPECT_EQ(problem["status"], 413);
  EXPECT_NE(problem["detail"].get<std::string>().find("1000 bytes"), std::string::npos);
}

TEST_F(HttpsServerTest, HandlerExceptionBecomesA503WithoutInternals) {
  StartServer({}, [](HttpRequest&) -> HttpResponse { throw std::runtime_error("db password x"); });
  auto client = Client();
  auto reply = client.Get("/boom");
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.body.find("db password"), std::string::npos);
}

TEST_F(HttpsServerTest, RequestsBeyondMaxInFlightAreShedWith429) {
  HttpsServerOptions options;
  options.max_in_flight = 1;
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> entered{0};
  StartServer(options, [&](HttpRequest& r) {
    ++entered;
    released.wait();
    return MakeResponse(r, http::status::ok, "done", "text/plain");
  });
  auto slow = std::async(std::launch::async, [&] { return Client().Get("/slow"); });
  while (entered == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto shed = Client().Get("/other");
  EXPECT_EQ(shed.status, 429);
  EXPECT_EQ(shed.headers[http::field::retry_after], "2");
  release.set_value();
  EXPECT_EQ(slow.get().status, 200);
  EXPECT_EQ(server_->Stats().requests_shed, 1u);
}

// Kept-alive clients racing past the in-flight limit: every request gets an answer, 200 or 429,
// on the same connection. (Under ASan this is the shape that once showed a coroutine frame of
// the session released twice, docs/security.md.)
TEST_F(HttpsServerTest, KeptAliveClientsBeyondTheInFlightLimitAllGetAnAnswer) {
  HttpsServerOptions options;
  options.max_in_flight = 2;
  options.worker_threads = 2;
  StartServer(options, [](HttpRequest& r) {
    std::this_thread::sleep_for(std::chrono::microseconds(300));
    return MakeResponse(r, http::status::ok, "done", "text/plain");
  });
  constexpr int kClients = 8;
  constexpr int kRequests = 60;
  std::atomic<int> served{0}, shed{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      HttpsClient client = Client();
      for (int i = 0; i < kRequests; ++i) {
        const auto reply = client.Get("/work");
        if (reply.status == 200) {
          ++served;
        } else if (reply.status == 429) {
          ++shed;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(served + shed, kClients * kRequests);
  EXPECT_EQ(other, 0);
  EXPECT_GT(served, 0);
  EXPECT_EQ(server_->Stats().requests_shed, static_cast<std::uint64_t>(shed.load()));
}

TEST_F(HttpsServerTest, SlowClientIsCutOffAndOthersAreStillServed) {
  HttpsServerOptions options;
  options.read_timeout = std::chrono::milliseconds(300);
  options.handshake_timeout = std::chrono::milliseconds(300);
  StartServer(options, Echo());
  // A slowloris: connect over TCP and send half a request line, then nothing.
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket raw(io);
  raw.connect({boost::asio::ip::make_address("127.0.0.1"), server_->Port()});
  auto client = Client();
  EXPECT_EQ(client.Get("/ok").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  char byte;
  boost::system::error_code ec;
  raw.read_some(boost::asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec) << "the slow connection should have been closed";
}

TEST_F(HttpsServerTest, ConnectionsBeyondThePerAddressLimitAreRefused) {
  HttpsServerOptions options;
  options.max_connections_per_address = 2;
  StartServer(options, Echo());
  auto a = Client();
  auto b = Client();
  ASSERT_EQ(a.Get("/").status, 200);
  ASSERT_EQ(b.Get("/").status, 200);
  auto c = Client();
  EXPECT_FALSE(c.Get("/").transport_error.empty());
  a.Close();
  // Once one closes, a new connection is welcome again.
  for (int i = 0; i < 50 && server_->Stats().connections_open > 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Client().Get("/").status, 200);
}

TEST_F(HttpsServerTest, StopFinishesTheInFlightRequestThenRefusesNewOnes) {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> entered{0};
  StartServer({}, [&](HttpRequest& r) {
    if (r.message.target() != "/store") return MakeResponse(r, http::status::ok, "", "text/plain");
    ++entered;
    released.wait();
    return MakeResponse(r, http::status::created, "stored", "text/plain");
  });
  const auto port = server_->Port();
  auto idle = Client();
  ASSERT_EQ(idle.Request(http::verb::get, "/warm").transport_error, "");
  auto in_flight = std::async(std::launch::async, [&] { return Client().Get("/store"); });
  while (entered < 1) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto stopper = std::async(std::launch::async, [&] { server_->Stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  release.set_value();
  const auto reply = in_flight.get();
  stopper.get();
  EXPECT_EQ(reply.status, 201) << reply.transport_error;
  EXPECT_EQ(reply.headers[http::field::connection], "close");
  EXPECT_FALSE(HttpsClient(pki_.CaFile(), port).Get("/").transport_error.empty());
}

}  // namespace
}  // namespace ncirt::common::net
