#pragma once
// One connection of the exchange protocol (or of the internal RPC): a TLS 1.3 mutual-TLS stream
// carrying Envelope frames both ways. docs/protocol.md is the normative description; this unit
// is its engine, and it owns bytes, timeouts and TLS, nothing else. What a Share or a Query
// means is decided by the RequestHandler, which knows no socket.
//
// Life of a session, as one coroutine loop (Run) on the connection's own strand, beside a writer
// and a watchdog coroutine on the same strand:
// - TLS handshake (the context decides CA validation and the pin check; the session also refuses
//   anything but TLS 1.3 and a peer without a certificate), then the peer's pin (SHA-256 of its
//   SubjectPublicKeyInfo) becomes its identity;
// - both sides send Hello at once; the first frame received must be the peer's Hello with
//   protocol version 1, else the peer gets a Nack (MALFORMED / UNSUPPORTED_VERSION) and is closed;
// - then either side sends requests (Share, Query, Ping) with request ids unique per connection,
//   and replies (Ack, Nack, QueryResult, Pong) are matched to them by request id. Up to the peer's
//   max_window of our requests are in flight; further ones wait in a bounded backlog. The peer's
//   requests run the handler on the worker executor (it may block on a database commit), several
//   at once, and their replies are written as they finish. What we hold of the peer's requests
//   is bounded twice: at most max_window of them, and at most max_inflight_bytes of them (their
//   encoded size; one request is always taken, so a single frame of max_frame_size fits). A
//   request beyond either bound is answered Nack UNAVAILABLE, which a sender retries later, so
//   a window of many small Shares does not also allow a window of huge ones;
// - a watchdog keeps a deadline on everything: handshake and Hello, every write, and reading:
//   after idle_timeout without a byte from the peer it sends a Ping and closes the connection
//   when no Pong came within pong_timeout;
// - a malformed or oversized frame closes this connection (with a best-effort Nack and a log
//   line) and nothing else; requests of ours still unanswered then fail with kUnavailable.
//
// Thread-safety: Run() executes on the socket's executor, which must be a strand of its own.
// StartRequest/AsyncRequest, Close, Stats and IsEstablished may be called from any thread.
// Peer() may be read from any thread once IsEstablished() returned true (it is immutable from
// then on). The handler is called concurrently from worker threads and must be thread-safe.
// Reply callbacks run on the session's strand and must not block.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/ssl/context.hpp>

#include "common/error/error.hpp"
#include "common/net/frame_codec.hpp"
#include "ncirt/v1/envelope.pb.h"

namespace ncirt::common::net {

// The only protocol version this implementation speaks.
inline constexpr std::uint32_t kProtocolVersion = 1;

// Which side of the TLS handshake this end plays; after Hello both sides are equal.
enum class SessionRole { kClient, kServer };

struct FrameSessionOptions {
  // Announced in our Hello (informational for the peer; identity is the certificate's key).
  std::string cirt_name;
  std::vector<std::string> capabilities = {"share", "query", "withdraw"};
  // Largest frame we accept; announced in Hello. At least kMinMaxFrameSize.
  std::uint32_t max_frame_size = kDefaultMaxFrameSize;
  // How many of the peer's requests we accept in flight; announced in Hello. At least 1.
  std::uint32_t max_window = 64;
  // How many bytes of the peer's requests we hold at once (encoded size, received and not yet
  // answered); past it a request is Nacked UNAVAILABLE unless none is held. At least 1.
  std::size_t max_inflight_bytes = std::size_t{64} << 20;
  // How many of the peer's requests run the handler at the same time; 0 means max_window.
  // 1 runs them strictly one after the other in arrival order.
  std::uint32_t handler_concurrency = 0;
  // TLS handshake and the peer's Hello must both be done within this time from the start.
  std::chrono::milliseconds handshake_timeout{10'000};
  // No byte from the peer for this long: we send a Ping.
  std::chrono::milliseconds idle_timeout{30'000};
  // A Ping unanswered for this long: the peer is dead and the connection is closed.
  std::chrono::milliseconds pong_timeout{10'000};
  // One write (a batch of frames) must complete within this time: else the peer does not read.
  std::chrono::milliseconds write_timeout{30'000};
  // Close(): how long in-flight requests (both ways) may take to finish before the connection
  // is cut; also bounds the final flush and TLS close.
  std::chrono::milliseconds close_timeout{10'000};
  // While more bytes than this wait to be written, we stop reading from the peer, so a peer
  // that sends requests (or Pings) but does not read our replies cannot grow our memory.
  std::size_t max_write_queue_bytes = 64u << 20;
  // Our requests waiting for a window slot (or for the Hello exchange); beyond: kOverloaded.
  std::size_t max_pending_requests = 4096;
};

// kBadConfig naming the option when `options` cannot work: max_frame_size below
// kMinMaxFrameSize, max_window 0, a zero timeout, or handler_concurrency above max_window.
// Listeners and connectors check this at start.
Result<void> CheckSessionOptions(const FrameSessionOptions& options);

// Who the peer is, known once the Hello exchange is done.
struct PeerInfo {
  // Base64 SHA-256 of the peer certificate's SubjectPublicKeyInfo: the peer's identity.
  std::string pin;
  // "address:port" of the TCP peer (for logs).
  std::string remote_address;
  // From the peer's Hello.
  std::string cirt_name;
  std::vector<std::string> capabilities;
  std::uint32_t max_frame_size = 0;
  std::uint32_t max_window = 0;
};

struct FrameSessionStats {
  std::uint64_t frames_received = 0;
  std::uint64_t frames_sent = 0;
  std::uint64_t requests_sent = 0;
  std::uint64_t replies_received = 0;
  std::uint64_t requests_handled = 0;
  std::uint64_t pings_sent = 0;
  std::uint64_t pongs_received = 0;
  // The most of our requests that were in flight at once.
  std::uint64_t max_requests_in_flight = 0;
};

// Answers one request (Share or Query) of the peer: returns Ack or Nack for a Share, QueryResult
// or Nack for a Query (the session sets request_id). Runs on a worker thread and may block; it
// must return only once what it acknowledges is durable. An exception or a reply of the wrong
// kind is logged and answered Nack NACK_CODE_UNAVAILABLE.
using RequestHandler =
    std::function<v1::Envelope(const PeerInfo& peer, const v1::Envelope& request)>;

// The peer's reply to one of our requests (Ack, Nack, QueryResult or Pong), or the reason none
// will come: kUnavailable when the connection closed first, kOverloaded when the backlog is full,
// kTooLarge when the request exceeds the peer's max_frame_size, kBadRequest for a request that
// is not Share, Query or Ping.
using ReplyCallback = std::move_only_function<void(Result<v1::Envelope>)>;

class FrameSession;

struct SessionEvents {
  // After the Hello exchange; Peer() is valid. Called on the session's strand: do not block.
  std::function<void(const std::shared_ptr<FrameSession>&)> on_established;
};

class FrameSession : public std::enable_shared_from_this<FrameSession> {
 public:
  // `socket` is connected and its executor is a strand used by nothing but this session.
  // `tls` must outlive the session; `workers` runs the handler (a thread pool's executor).
  static std::shared_ptr<FrameSession> Create(boost::asio::ip::tcp::socket socket,
                                              boost::asio::ssl::context& tls, SessionRole role,
                                              FrameSessionOptions options, RequestHandler handler,
                                              boost::asio::any_io_executor workers,
                                              SessionEvents events = {});
  ~FrameSession();
  FrameSession(const FrameSession&) = delete;
  FrameSession& operator=(const FrameSession&) = delete;

  // The whole life of the connection; returns why it ended. co_spawn it on the socket's
  // executor, once. Every reply callback has been called when it returns.
  boost::asio::awaitable<Error> Run();

  // Sends a Share, Query or Ping (request_id is assigned here) and calls `done` with the reply.
  // Any thread. Requests issued before the Hello exchange wait for it.
  void StartRequest(v1::Envelope request, ReplyCallback done);

  // StartRequest for any Asio completion token: use_awaitable, use_future, a callback...
  // Completion signature void(Result<v1::Envelope>), delivered on the token's executor.
  template <typename Token>
  auto AsyncRequest(v1::Envelope request, Token&& token) {
    return boost::asio::async_initiate<Token, void(Result<v1::Envelope>)>(
        // Initiation may run later (use_awaitable starts it when awaited): hold the session.
        [self = shared_from_this()](auto handler, v1::Envelope r) {
          auto target = boost::asio::prefer(
              boost::asio::get_associated_executor(handler, self->executor_),
              boost::asio::execution::outstanding_work.tracked);
          self->StartRequest(std::move(r), [handler = std::move(handler),
                                            target = std::move(target)](
                                               Result<v1::Envelope> reply) mutable {
            boost::asio::dispatch(target, [handler = std::move(handler),
                                           reply = std::move(reply)]() mutable {
              std::move(handler)(std::move(reply));
            });
          });
        },
        token, std::move(request));
  }

  // Graceful: new requests of the peer are answered Nack NACK_CODE_UNAVAILABLE, ours not yet
  // sent fail, in-flight ones (both ways) may finish within close_timeout, then the connection
  // closes. Any thread; idempotent.
  void Close();

  bool IsEstablished() const { return established_.load(std::memory_order_acquire); }
  // REQUIRES: IsEstablished() returned true.
  const PeerInfo& Peer() const { return peer_; }
  FrameSessionStats Stats() const;

 private:
  struct State;
  FrameSession(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
               SessionRole role, FrameSessionOptions options, RequestHandler handler,
               boost::asio::any_io_executor workers, SessionEvents events);

  boost::asio::any_io_executor executor_;
  std::unique_ptr<State> state_;
  PeerInfo peer_;
  std::atomic<bool> established_{false};
};

}  // namespace ncirt::common::net
