#include "common/net/https_server.hpp"

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

#include "common/log/log.hpp"

namespace ncirt::common::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  auto bits = rng();
  for (auto& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

void CommonHeaders(HttpResponse& response, const std::string& request_id,
                   const std::string& server_name) {
  response.set(http::field::server, server_name);
  if (!request_id.empty()) response.set("X-Request-Id", request_id);
  response.set("X-Content-Type-Options", "nosniff");
  if (response.find(http::field::cache_control) == response.end()) {
    response.set(http::field::cache_control, "no-store");
  }
  // Every ncirt listener is HTTPS only: browsers should never try plain HTTP for this host.
  if (response.find(http::field::strict_transport_security) == response.end()) {
    response.set(http::field::strict_transport_security, "max-age=31536000");
  }
  // An API answer is data, never a page: nothing in it may load or run, and no site may frame
  // it. A handler serving pages (the console) sets its own policy, which is kept.
  if (response.find("Content-Security-Policy") == response.end()) {
    response.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  if (response.find("X-Frame-Options") == response.end()) response.set("X-Frame-Options", "DENY");
  if (response.find("Referrer-Policy") == response.end()) {
    response.set("Referrer-Policy", "no-referrer");
  }
}

// Runs `work` on `pool` and completes on the awaiting coroutine's own executor (its strand).
// A plain post and dispatch rather than co_spawn onto the pool: under a flood, Boost 1.81's
// co_spawn across executors with use_awaitable was seen to resume a freed frame (ASan:
// heap-use-after-free; UBSan: null awaitable_thread in pop_frame), docs/security.md.
template <typename Token>
auto OnPool(asio::thread_pool& pool, std::function<HttpResponse()> work, Token&& token) {
  return asio::async_initiate<Token, void(HttpResponse)>(
      [&pool](auto handler, std::function<HttpResponse()> task) {
        auto resume = asio::prefer(asio::get_associated_executor(handler),
                                   asio::execution::outstanding_work.tracked);
        asio::post(pool, [handler = std::move(handler), task = std::move(task),
                          resume = std::move(resume)]() mutable {
          HttpResponse response = task();
          asio::dispatch(resume, [handler = std::move(handler),
                                  response = std::move(response)]() mutable {
            std::move(handler)(std::move(response));
          });
        });
      },
      token, std::move(work));
}

}  // namespace

struct HttpsServer::Impl {
  HttpsServerOptions options;
  asio::ssl::context& tls;
  Handler handler;
  // One network thread (see the header): the concurrency hint lets Asio drop its locking.
  asio::io_context io{1};
  asio::thread_pool workers{static_cast<std::size_t>(options.worker_threads)};
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};  // set under mutex by Stop(); read anywhere
  bool stopped = false;

  std::mutex mutex;
  std::condition_variable drained;
  std::map<std::string, std::size_t> per_address;  // GUARDED_BY(mutex)
  std::size_t open = 0;                             // GUARDED_BY(mutex)
  // Sessions waiting for a request's first bytes, so Stop() can wake them: they hold nothing
  // acknowledged, and a keep-alive client would otherwise hold the drain for idle_timeout.
  std::map<const void*, std::function<void()>> waiting;  // GUARDED_BY(mutex)
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> in_flight{0};
  std::atomic<std::uint64_t> shed{0};

  Impl(HttpsServerOptions o, asio::ssl::context& t, Handler h)
      : options(std::move(o)), tls(t), handler(std::move(h)) {}

  // Returns false when stopping: the session must not start another read.
  bool BeginWait(const void* key, std::function<void()> cancel) {
    std::lock_guard lock(mutex);
    if (stopping) return false;
    waiting.emplace(key, std::move(cancel));
    return true;
  }
  void EndWait(const void* key) {
    std::lock_guard lock(mutex);
    waiting.erase(key);
  }

  bool Admit(const std::string& address) {
    std::lock_guard lock(mutex);
    if (open >= options.max_connections ||
        per_address[address] >= options.max_connections_per_address) {
      return false;
    }
    ++open;
    ++per_address[address];
    return true;
  }

  void Release(const std::string& address) {
    std::lock_guard lock(mutex);
    --open;
    if (--per_address[address] == 0) per_address.erase(address);
    drained.notify_all();
  }

  asio::awaitable<void> Accept();
  asio::awaitable<void> Session(tcp::socket socket, std::string address);
  asio::awaitable<HttpResponse> Handle(HttpRequest& request);
};

asio::awaitable<void> HttpsServer::Impl::Accept() {
  while (!stopping) {
    // Each connection's socket lives on its own strand, and its session coroutine runs on that
    // same strand: Beast's stream runs its deadline timer and I/O completions on the socket's
    // executor, so a socket on the bare io_context let those race the session on another io
    // thread (the sanitized intake flood test: a coroutine frame resumed after it was freed).
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), kTuple);
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) co_return;
      // EMFILE and friends: back off briefly rather than spin.
      log::Warn("accept_failed", {{"error", ec.message()}});
      asio::steady_timer t(io, std::chrono::milliseconds(50));
      co_await t.async_wait(kTuple);
      continue;
    }
    boost::system::error_code ignored;
    auto remote = socket.remote_endpoint(ignored).address().to_string();
    if (!Admit(remote)) {
      ++refused;
      socket.close(ignored);
      continue;
    }
    auto strand = socket.get_executor();
    asio::co_spawn(strand, Session(std::move(socket), remote), asio::detached);
  }
}

asio::awaitable<HttpResponse> HttpsServer::Impl::Handle(HttpRequest& request) {
  if (in_flight.fetch_add(1) >= options.max_in_flight) {
    in_flight.fetch_sub(1);
    ++shed;
    auto response = MakeProblem(request, Error{ErrorKind::kOverloaded,
                                               "the service is busy; retry in a few seconds", {}});
    response.set(http::field::retry_after, "2");
    co_return response;
  }
  // Run the (possibly blocking) handler on the worker pool; resume on this session's strand.
  auto response = co_await OnPool(
      workers,
      [this, &request]() -> HttpResponse {
        // The handler's log lines carry the request id: the scope is per thread, so it is set
        // on the worker that runs the handler, not on the network thread.
        log::RequestScope scope(request.request_id);
        try {
          return handler(request);
        } catch (const std::exception& e) {
          // The unexpected: logged with the request id, answered 500 without internals.
          log::Error("handler_exception", {{"what", e.what()}});
          return MakeProblem(request, Error{ErrorKind::kUnavailable,
                                            "internal error; the request id identifies it in "
                                            "the service log", {}});
        }
      },
      asio::use_awaitable);
  in_flight.fetch_sub(1);
  co_return response;
}

asio::awaitable<void> HttpsServer::Impl::Session(tcp::socket socket, std::string address) {
  Stream stream(std::move(socket), tls);
  beast::flat_buffer buffer;
  // A client allowed read_timeout for a whole request gets no longer to say hello: otherwise a
  // peer that connects and stays silent holds its slot for the (longer) handshake timeout.
  beast::get_lowest_layer(stream).expires_after(
      std::min(options.handshake_timeout, options.read_timeout));
  auto [hs_ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kTuple);
  bool keep_going = !hs_ec;
  bool first = true;
  while (keep_going && !stopping) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(options.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    // A keep-alive connection may idle; once the request starts it must arrive in read_timeout.
    beast::get_lowest_layer(stream).expires_after(first ? options.read_timeout
                                                        : options.idle_timeout);
    first = false;
    auto executor = co_await asio::this_coro::executor;
    if (!BeginWait(&stream, [&stream, executor] {
          asio::post(executor, [&stream] { beast::get_lowest_layer(stream).cancel(); });
        })) {
      break;
    }
    auto [hdr_ec, hdr_n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    EndWait(&stream);
    beast::error_code read_ec = hdr_ec;
    if (!read_ec) {
      beast::get_lowest_layer(stream).expires_after(options.read_timeout);
      auto [body_ec, body_n] = co_await http::async_read(stream, buffer, parser, kTuple);
      read_ec = body_ec;
    }
    HttpRequest request{parser.release(), address, NewRequestId()};
    HttpResponse response;
    if (read_ec == http::error::body_limit || read_ec == http::error::header_limit) {
      response = MakeProblem(request, Error{ErrorKind::kTooLarge,
                                            read_ec == http::error::body_limit
                                                ? "request body larger than the limit of " +
                                                      std::to_string(options.body_limit) + " bytes"
                                                : "request headers too large",
                                            {}});
      response.keep_alive(false);
    } else if (read_ec) {
      break;  // closed, timed out (slow client) or garbage: nothing to answer
    } else {
      // The read deadline must not run on while the handler works: a slow answer under load
      // would otherwise find the stream timed out and never reach the client.
      beast::get_lowest_layer(stream).expires_never();
      response = co_await Handle(request);
    }
    CommonHeaders(response, request.request_id, options.server_name);
    if (stopping) response.keep_alive(false);
    keep_going = response.keep_alive();
    response.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(options.write_timeout);
    auto [wr_ec, wr_n] = co_await http::async_write(stream, response, kTuple);
    if (wr_ec) keep_going = false;
  }
  if (!hs_ec) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(kTuple);
  }
  beast::error_code ignored;
  beast::get_lowest_layer(stream).socket().close(ignored);
  Release(address);
}

HttpsServer::HttpsServer(HttpsServerOptions options, asio::ssl::context& tls, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), tls, std::move(handler))) {}

HttpsServer::~HttpsServer() { Stop(); }

Result<void> HttpsServer::Start() {
  auto& d = *impl_;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(d.options.address, ec);
  if (ec) {
    return Fail(ErrorKind::kBadConfig, "'" + d.options.address + "' is not an IP address");
  }
  const tcp::endpoint endpoint(address, d.options.port);
  d.acceptor.open(endpoint.protocol(), ec);
  if (!ec) d.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) d.acceptor.bind(endpoint, ec);
  if (!ec) d.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorKind::kBadConfig, "cannot listen on " + d.options.address + ":" +
                                           std::to_string(d.options.port) + ": " + ec.message());
  }
  asio::co_spawn(d.io, d.Accept(), asio::detached);
  d.threads.emplace_back([&d] { d.io.run(); });
  return {};
}

std::uint16_t HttpsServer::Port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpsServer::Stop() {
  auto& d = *impl_;
  if (d.stopped) return;
  d.stopped = true;
  {
    std::lock_guard lock(d.mutex);
    d.stopping = true;
  }
  asio::post(d.io, [&d] {
    boost::system::error_code ignored;
    d.acceptor.close(ignored);
  });
  {
    // Busy sessions see `stopping` after their current request, answer it with
    // "Connection: close" and end; sessions waiting for a request are woken to end now.
    std::unique_lock lock(d.mutex);
    for (auto& [key, cancel] : d.waiting) cancel();
    d.drained.wait_for(lock, d.options.drain_timeout, [&d] { return d.open == 0; });
  }
  d.io.stop();
  for (auto& t : d.threads) t.join();
  d.threads.clear();
  d.workers.join();
}

HttpsServerStats HttpsServer::Stats() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->open, impl_->refused.load(), impl_->in_flight.load(), impl_->shed.load()};
}

HttpResponse MakeResponse(const HttpRequest& request, http::status status, std::string body,
                          std::string_view content_type) {
  HttpResponse response{status, request.message.version()};
  response.keep_alive(request.message.keep_alive());
  response.set(http::field::content_type, content_type);
  response.body() = std::move(body);
  return response;
}

HttpResponse MakeProblem(const HttpRequest& request, const Error& error,
                         const nlohmann::json& extra) {
  const int status = ToHttpStatus(error.kind);
  nlohmann::ordered_json problem;
  problem["type"] = "https://ncirt.invalid/problems/" + std::string(KindName(error.kind));
  problem["title"] = std::string(http::obsolete_reason(static_cast<http::status>(status)));
  problem["status"] = status;
  problem["detail"] = error.message;
  if (!error.where.empty()) problem["where"] = error.where;
  problem["instance"] = std::string(request.message.target());
  problem["request_id"] = request.request_id;
  for (const auto& [key, value] : extra.items()) problem[key] = value;
  return MakeResponse(request, static_cast<http::status>(status),
                      problem.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      "application/problem+json");
}

}  // namespace ncirt::common::net
