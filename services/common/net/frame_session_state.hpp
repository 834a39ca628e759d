#pragma once
// Internal to frame_session*.cpp, not a public header (include frame_session.hpp): the state of
// one FrameSession, shared by the file that runs the connection (frame_session.cpp: TLS,
// reading, writing, deadlines, closing) and the one that gives frames their meaning
// (frame_session_frames.cpp: Hello, requests, replies, the window).
//
// Thread-safety: everything is used on the session's strand only, except the atomic counters
// (read by Stats() from any thread) and handler/options (immutable; read by worker threads).

#include <atomic>
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/net/frame_codec.hpp"
#include "common/net/frame_session.hpp"

namespace ncirt::common::net {

struct FrameSession::State {
  using Clock = std::chrono::steady_clock;
  using Body = v1::Envelope::BodyCase;
  // kHello: TLS done, our Hello sent, waiting for the peer's. kClosing: no more reading or new
  // work; the writer flushes, then TLS close_notify. kClosed: Run() is returning.
  enum class Phase { kHandshake, kHello, kOpen, kClosing, kClosed };

  struct Outstanding {
    Body kind;
    ReplyCallback done;
  };
  struct Pending {
    v1::Envelope request;
    ReplyCallback done;
  };

  State(FrameSession& o, boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
        SessionRole r, FrameSessionOptions opts, RequestHandler h, boost::asio::any_io_executor w,
        SessionEvents ev)
      : owner(o), stream(std::move(socket), tls), role(r), options(std::move(opts)),
        handler(std::move(h)), workers(std::move(w)), events(std::move(ev)),
        decoder(options.max_frame_size), writer_wake(owner.executor_),
        reader_wake(owner.executor_), watchdog(owner.executor_) {
    concurrency = options.handler_concurrency == 0 ? options.max_window
                                                   : options.handler_concurrency;
  }

  FrameSession& owner;
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream;
  SessionRole role;
  FrameSessionOptions options;
  RequestHandler handler;
  boost::asio::any_io_executor workers;
  SessionEvents events;
  FrameDecoder decoder;
  std::uint32_t concurrency = 1;
  std::string remote;

  Phase phase = Phase::kHandshake;
  bool draining = false;   // Close() was called; in-flight work may finish
  bool aborted = false;    // the socket was closed hard
  std::optional<Error> reason;

  std::deque<std::string> write_queue;
  std::size_t write_queue_bytes = 0;
  bool writer_started = false;
  bool writer_done = false;
  bool writing = false;
  bool reader_paused = false;
  boost::asio::steady_timer writer_wake;
  boost::asio::steady_timer reader_wake;
  boost::asio::steady_timer watchdog;

  std::uint64_t next_request_id = 1;
  std::unordered_map<std::uint64_t, Outstanding> outstanding;
  std::deque<Pending> backlog;

  // The peer's requests not yet answered, with their encoded size, and the sizes' sum.
  std::unordered_map<std::uint64_t, std::size_t> inbound;
  std::size_t inbound_bytes = 0;
  std::deque<v1::Envelope> inbound_waiting;   // of those, the ones waiting for a handler slot
  std::uint32_t handlers_running = 0;

  Clock::time_point handshake_deadline, last_received, write_deadline, pong_deadline,
      drain_deadline, close_deadline;
  bool ping_outstanding = false;
  std::uint64_t ping_request_id = 0;
  std::uint64_t ping_nonce = 0;

  std::atomic<std::uint64_t> frames_received{0}, frames_sent{0}, requests_sent{0},
      replies_received{0}, requests_handled{0}, pings_sent{0}, pongs_received{0},
      max_in_flight{0};

  std::shared_ptr<FrameSession> Self() { return owner.shared_from_this(); }

  boost::asio::awaitable<Error> Run(std::shared_ptr<FrameSession> self);
  boost::asio::awaitable<void> ReadLoop();
  boost::asio::awaitable<void> Writer(std::shared_ptr<FrameSession> self);
  boost::asio::awaitable<void> Watchdog(std::shared_ptr<FrameSession> self);
  boost::asio::awaitable<void> Finish();

  // frame_session.cpp: the connection (TLS, reading, writing, deadlines, closing).
  Result<void> CheckTls();
  v1::Envelope OurHello() const;
  Clock::time_point CheckDeadlines(Clock::time_point now);
  void EnqueueFrame(std::string&& frame);
  void SetReason(Error why);
  // Stops reading and new work, flushes what is queued (and `nack`), then closes.
  void BeginClose(Error why, std::optional<v1::Envelope> nack = std::nullopt);
  // Closes the socket at once: nothing more is written.
  void Abort(Error why);

  // frame_session_frames.cpp: what the frames mean (Hello, requests, replies, the window).
  void DrainDecoder();
  void OnFrame(v1::Envelope&& envelope);
  void OnHello(const v1::Envelope& envelope);
  void OnRequest(v1::Envelope&& envelope);
  void OnReply(v1::Envelope&& envelope);
  void Dispatch(v1::Envelope&& request);
  // Forgets a request of the peer once it is answered (or refused while waiting).
  void ForgetInbound(std::uint64_t id);
  void OnHandled(std::uint64_t id, v1::Envelope&& reply);
  void OnStartRequest(v1::Envelope&& request, ReplyCallback&& done);
  void OnClose();
  void PumpBacklog();
  void MaybeFinishDrain();
  void SendPing();
  // Encodes for the peer's limit; a reply too large for it becomes Nack TOO_LARGE.
  void EnqueueReply(v1::Envelope&& reply);
  // Logs, answers a best-effort connection-level Nack, and closes.
  void Violation(Error why, v1::NackCode code);
  void FailAllRequests();
};

}  // namespace ncirt::common::net
