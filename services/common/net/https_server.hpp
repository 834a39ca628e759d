#pragma once
// The HTTPS listener and session every ncirt HTTP service runs (intake, triage).
//
// Sessions own bytes, timeouts and TLS, and nothing else: each request is handed, fully read, to
// a Handler (a function from request to response that knows no socket), which runs on a worker
// pool so blocking work (libpqxx) never stalls the network threads. The shape follows Beast's
// advanced server: a timeout before every handshake, read and write; a body limit per request;
// one request in flight per connection (pipelined requests wait, which bounds memory); and a
// graceful stop that refuses new connections, lets in-flight requests finish, then ends.
//
// Load shedding, so a flood cannot take the service down:
// - more than max_connections open connections: new ones are closed at once;
// - more than max_connections_per_address from one address: likewise;
// - more than max_in_flight requests being handled: the request is answered 429 with
//   Retry-After, without calling the handler;
// - a client that sends headers or a body too slowly (slowloris) is cut off by the timeouts.
//
// Threads: ONE network thread runs every connection's TLS and HTTP; the handlers run on the
// worker pool. With two network threads, ASan and UBSan found a connection's coroutine resumed
// by two read completions on two threads, although every connection runs on its own strand
// (docs/security.md has the reports); the cause was not found, and one network thread cannot
// have it. The network thread only moves bytes and does TLS, which one core does for thousands
// of requests a second; the work that blocks is on the pool.
//
// Thread-safety: Start() and Stop() from one controlling thread; the handler is called
// concurrently from pool threads and must be thread-safe. Log lines the handler writes carry
// the request's id (log::RequestScope is set on the worker for the call).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "common/error/error.hpp"

namespace ncirt::common::net {

namespace http = boost::beast::http;

using HttpResponse = http::response<http::string_body>;

struct HttpRequest {
  http::request<http::string_body> message;
  // The peer's IP address as text.
  std::string remote_address;
  // A fresh id for this request (also sent back as X-Request-Id), for logs and problem documents.
  std::string request_id;
};

using Handler = std::function<HttpResponse(HttpRequest&)>;

struct HttpsServerOptions {
  // "127.0.0.1", "0.0.0.0", "::" ...; port 0 asks the kernel for a free port (see Port()).
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;
  int worker_threads = 8;
  std::size_t body_limit = 16u << 20;
  std::size_t header_limit = 16u << 10;
  // The TLS handshake must finish within this and within read_timeout, whichever is shorter.
  std::chrono::milliseconds handshake_timeout{10'000};
  // Time allowed to receive one whole request (headers and body) once its first byte may come.
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  // A keep-alive connection with no request for this long is closed.
  std::chrono::milliseconds idle_timeout{60'000};
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = 64;
  std::size_t max_in_flight = 256;
  // How long Stop() waits for in-flight requests before closing connections anyway.
  std::chrono::milliseconds drain_timeout{10'000};
  // The Server header value.
  std::string server_name = "ncirt";
};

struct HttpsServerStats {
  std::uint64_t connections_open = 0;
  std::uint64_t connections_refused = 0;
  std::uint64_t requests_in_flight = 0;
  std::uint64_t requests_shed = 0;
};

class HttpsServer {
 public:
  // `tls` must outlive the server.
  HttpsServer(HttpsServerOptions options, boost::asio::ssl::context& tls, Handler handler);
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  // Binds and starts the network and worker threads. kBadConfig if the address cannot be bound.
  Result<void> Start();
  // The bound port (useful with port 0). REQUIRES: Start() succeeded.
  std::uint16_t Port() const;
  // Graceful: stop accepting, finish in-flight requests (up to drain_timeout), join threads.
  // Idempotent.
  void Stop();

  HttpsServerStats Stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A response with a body and content type, the keep-alive/version of `request`, and the
// headers every ncirt response carries (X-Request-Id, no-sniff, no caching by default).
HttpResponse MakeResponse(const HttpRequest& request, http::status status, std::string body,
                          std::string_view content_type);

// An RFC 9457 problem document (application/problem+json) for an expected failure: type, title,
// status, detail and instance from the error and request; `extra` members are added (e.g. line,
// column and schema path of a document error).
HttpResponse MakeProblem(const HttpRequest& request, const Error& error,
                         const nlohmann::json& extra = nlohmann::json::object());

}  // namespace ncirt::common::net
