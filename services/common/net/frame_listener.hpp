#pragma once
// The inbound side of the exchange protocol and the internal RPC: accepts TCP connections and
// runs a FrameSession (TLS 1.3 mutual TLS, Hello, frames both ways) on each, on its own strand.
//
// It owns its threads, like HttpsServer: ONE network thread runs every connection's TLS and
// framing, worker_threads run the request handler (which may block on a database commit). One
// network thread for the reason HttpsServer gives (two let the sanitizers catch a coroutine
// resumed twice there); it is also what every test and the exchange benchmark run: one thread
// frames and encrypts the traffic of thousands of Shares a second. It bounds what one peer can take:
// max_connections in all and max_connections_per_address from one address; beyond those a new
// connection is closed at once, before any TLS work. A connection that fails TLS (unknown CA,
// expired certificate, key not pinned, TLS 1.2) or the Hello exchange is closed and logged and
// affects no other connection.
//
// Stop() is graceful: no new connections; each session stops taking new requests (they get
// Nack NACK_CODE_UNAVAILABLE), finishes the ones in flight, and closes; after drain_timeout
// whatever is left is cut.
//
// Thread-safety: Start() and Stop() from one controlling thread; Port(), Stats() and Sessions()
// from any thread. The handler is called concurrently from worker threads.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "common/error/error.hpp"
#include "common/net/frame_session.hpp"

namespace ncirt::common::net {

struct FrameListenerOptions {
  // "127.0.0.1", "0.0.0.0", "::" ...; port 0 asks the kernel for a free port (see Port()).
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;
  int worker_threads = 8;
  std::size_t max_connections = 256;
  std::size_t max_connections_per_address = 32;
  // How long Stop() waits for sessions to finish their in-flight requests.
  std::chrono::milliseconds drain_timeout{10'000};
  FrameSessionOptions session;
};

struct FrameListenerStats {
  // TCP connections being served (including those still in TLS or Hello).
  std::uint64_t connections_open = 0;
  // Closed at once for exceeding a connection limit.
  std::uint64_t connections_refused = 0;
  // Sessions that completed the Hello exchange, and those that ended before it (TLS refused,
  // no or bad Hello), since Start().
  std::uint64_t sessions_established = 0;
  std::uint64_t sessions_failed = 0;
};

class FrameListener {
 public:
  // `tls` (a server context: TLS 1.3, peer certificate required, pin check) must outlive the
  // listener. `events.on_established` is called for every session that completes Hello.
  FrameListener(FrameListenerOptions options, boost::asio::ssl::context& tls,
                RequestHandler handler, SessionEvents events = {});
  ~FrameListener();
  FrameListener(const FrameListener&) = delete;
  FrameListener& operator=(const FrameListener&) = delete;

  // Binds and starts the threads. kBadConfig if the address cannot be bound or the session
  // options cannot work (CheckSessionOptions).
  Result<void> Start();
  // The bound port (useful with port 0). REQUIRES: Start() succeeded.
  std::uint16_t Port() const;
  // Graceful, see the header comment. Idempotent.
  void Stop();

  FrameListenerStats Stats() const;
  // The sessions that completed Hello and are not closed yet (to send requests to a peer that
  // connected to us).
  std::vector<std::shared_ptr<FrameSession>> Sessions() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ncirt::common::net
