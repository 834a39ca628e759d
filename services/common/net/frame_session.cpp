#include "common/net/frame_session.hpp"
#include "common/net/frame_session_state.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "common/log/log.hpp"
#include "common/net/tls_context.hpp"

namespace ncirt::common::net {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Body = v1::Envelope::BodyCase;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 64u << 10;
// Frames are gathered into one write up to this size.
constexpr std::size_t kMaxBatchBytes = 1u << 20;

std::string Ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

std::string RemoteOf(const tcp::socket& socket) {
  boost::system::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

// OpenSSL's verdict on the peer certificate, when it refused one.
std::string VerifyDetail(SSL* ssl) {
  const long result = SSL_get_verify_result(ssl);
  if (result == X509_V_OK) return {};
  if (result == X509_V_ERR_APPLICATION_VERIFICATION) {
    return " (the certificate's public key is not pinned)";
  }
  return std::string(" (") + X509_verify_cert_error_string(result) + ")";
}

}  // namespace

asio::awaitable<Error> FrameSession::State::Run(std::shared_ptr<FrameSession> self) {
  remote = RemoteOf(stream.next_layer());
  handshake_deadline = Clock::now() + options.handshake_timeout;
  asio::co_spawn(owner.executor_, Watchdog(self), asio::detached);
  const auto tls_role = role == SessionRole::kClient ? ssl::stream_base::client
                                                     : ssl::stream_base::server;
  auto [hs_ec] = co_await stream.async_handshake(tls_role, kTuple);
  if (hs_ec) {
    SetReason(Error{ErrorKind::kUnauthenticated,
                    "TLS handshake with " + remote + " failed: " + hs_ec.message() +
                        VerifyDetail(stream.native_handle()),
                    {}});
  } else if (auto checked = CheckTls(); !checked) {
    SetReason(checked.error());
  } else {
    phase = Phase::kHello;
    last_received = Clock::now();
    if (auto hello = EncodeFrame(OurHello(), kMinMaxFrameSize); hello) {
      EnqueueFrame(std::move(*hello));
      writer_started = true;
      asio::co_spawn(owner.executor_, Writer(self), asio::detached);
      co_await ReadLoop();
    } else {
      SetReason(Error{ErrorKind::kBadConfig, "our Hello does not fit the minimum frame size of " +
                                                 std::to_string(kMinMaxFrameSize) + " bytes",
                      {}});
    }
  }
  co_await Finish();
  co_return *reason;
}

Result<void> FrameSession::State::CheckTls() {
  SSL* native = stream.native_handle();
  // The contexts are built TLS 1.3-only with mutual authentication; checked again here so a
  // context built for HTTPS by mistake cannot weaken the exchange.
  if (SSL_version(native) != TLS1_3_VERSION) {
    return Fail(ErrorKind::kUnauthenticated, remote + " negotiated " +
                                                 SSL_get_version(native) +
                                                 "; the exchange requires TLS 1.3");
  }
  X509* certificate = SSL_get0_peer_certificate(native);
  if (certificate == nullptr) {
    return Fail(ErrorKind::kUnauthenticated,
                remote + " presented no certificate; the exchange requires mutual TLS");
  }
  if (SSL_get_verify_result(native) != X509_V_OK) {
    return Fail(ErrorKind::kUnauthenticated,
                remote + "'s certificate was not verified" + VerifyDetail(native));
  }
  owner.peer_.pin = SpkiSha256Base64(certificate);
  owner.peer_.remote_address = remote;
  return {};
}

v1::Envelope FrameSession::State::OurHello() const {
  v1::Envelope e;
  auto* hello = e.mutable_hello();
  hello->set_protocol_version(kProtocolVersion);
  hello->set_cirt_name(options.cirt_name);
  for (const auto& c : options.capabilities) hello->add_capabilities(c);
  hello->set_max_frame_size(options.max_frame_size);
  hello->set_max_window(options.max_window);
  return e;
}

asio::awaitable<void> FrameSession::State::ReadLoop() {
  std::vector<char> buffer(kReadChunk);
  while (phase == Phase::kHello || phase == Phase::kOpen) {
    if (write_queue_bytes > options.max_write_queue_bytes) {
      // The peer is not reading our replies fast enough: stop taking its requests until it does
      // (the write deadline cuts it off if it never does).
      reader_paused = true;
      reader_wake.expires_at(Clock::time_point::max());
      co_await reader_wake.async_wait(kTuple);
      reader_paused = false;
      continue;
    }
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(buffer), kTuple);
    if (ec) {
      if (ec == asio::error::eof || ec == ssl::error::stream_truncated) {
        SetReason(Error{ErrorKind::kUnavailable, remote + " closed the connection", {}});
      } else if (phase == Phase::kHello && ec.category() == asio::error::get_ssl_category()) {
        // TLS 1.3 ends the client's handshake before the server judged its certificate: a
        // refusal arrives as an alert on the first read.
        SetReason(Error{ErrorKind::kUnauthenticated,
                        remote + " refused the TLS session: " + ec.message(), {}});
      } else {
        SetReason(Error{ErrorKind::kUnavailable,
                        "reading from " + remote + " failed: " + ec.message(), {}});
      }
      break;
    }
    last_received = Clock::now();
    decoder.Feed(std::string_view(buffer.data(), n));
    DrainDecoder();
  }
}

Clock::time_point FrameSession::State::CheckDeadlines(Clock::time_point now) {
  auto next = Clock::time_point::max();
  const auto due = [&](Clock::time_point t) {
    if (now >= t) return true;
    next = std::min(next, t);
    return false;
  };
  if (phase == Phase::kClosed) return next;
  if (writing && due(write_deadline)) {
    Abort(Error{ErrorKind::kUnavailable,
                "a write to " + remote + " did not complete within " +
                    Ms(options.write_timeout) + ": the peer does not read",
                {}});
    return next;
  }
  if (phase == Phase::kClosing) {
    if (due(close_deadline)) {
      Abort(Error{ErrorKind::kUnavailable, "closing took longer than " +
                                               Ms(options.close_timeout), {}});
    }
    return next;
  }
  if (phase == Phase::kHandshake || phase == Phase::kHello) {
    if (due(handshake_deadline)) {
      Abort(Error{ErrorKind::kUnavailable,
                  std::string(phase == Phase::kHandshake ? "no TLS handshake" : "no Hello") +
                      " from " + remote + " within " + Ms(options.handshake_timeout),
                  {}});
    }
    return next;
  }
  if (draining && due(drain_deadline)) {
    BeginClose(Error{ErrorKind::kUnavailable,
                     "in-flight requests did not finish within " + Ms(options.close_timeout) +
                         " of closing",
                     {}});
    return close_deadline;
  }
  if (ping_outstanding) {
    if (due(pong_deadline)) {
      Abort(Error{ErrorKind::kUnavailable,
                  "no Pong from " + remote + " within " + Ms(options.pong_timeout) +
                      " of a Ping: the peer is dead or stalled",
                  {}});
    }
  } else if (due(last_received + options.idle_timeout)) {
    SendPing();
    pong_deadline = now + options.pong_timeout;
    next = std::min(next, pong_deadline);
  }
  return next;
}

// The unnamed parameter is copied into the coroutine frame: it keeps the session alive.
asio::awaitable<void> FrameSession::State::Watchdog(std::shared_ptr<FrameSession>) {
  while (phase != Phase::kClosed) {
    const auto next = CheckDeadlines(Clock::now());
    if (phase == Phase::kClosed) break;
    watchdog.expires_at(next);
    co_await watchdog.async_wait(kTuple);
  }
}

// The unnamed parameter is copied into the coroutine frame: it keeps the session alive.
asio::awaitable<void> FrameSession::State::Writer(std::shared_ptr<FrameSession>) {
  std::string batch;
  while (!aborted) {
    if (write_queue.empty()) {
      if (phase == Phase::kClosing || phase == Phase::kClosed) break;
      writer_wake.expires_at(Clock::time_point::max());
      co_await writer_wake.async_wait(kTuple);
      continue;
    }
    // Small frames are copied into one buffer: the TLS stream turns each buffer it is given
    // into its own record and send, and a burst of Acks should cost one of each, not hundreds.
    std::size_t frames = 0;
    if (write_queue.front().size() >= kMaxBatchBytes) {
      batch = std::move(write_queue.front());
      write_queue.pop_front();
      frames = 1;
    } else {
      batch.clear();
      while (!write_queue.empty() &&
             batch.size() + write_queue.front().size() <= kMaxBatchBytes) {
        batch += write_queue.front();
        write_queue.pop_front();
        ++frames;
      }
    }
    const std::size_t bytes = batch.size();
    writing = true;
    write_deadline = Clock::now() + options.write_timeout;
    if (write_deadline < watchdog.expiry()) watchdog.cancel();
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(batch), kTuple);
    writing = false;
    write_queue_bytes -= bytes;
    frames_sent += frames;
    if (reader_paused && write_queue_bytes <= options.max_write_queue_bytes) reader_wake.cancel();
    if (ec) {
      BeginClose(Error{ErrorKind::kUnavailable,
                       "writing to " + remote + " failed: " + ec.message(), {}});
      break;
    }
  }
  writer_done = true;
  // The reader may still wait for bytes: wake it so the session can end.
  boost::system::error_code ignored;
  if (!aborted) stream.next_layer().cancel(ignored);
  reader_wake.cancel();
}

asio::awaitable<void> FrameSession::State::Finish() {
  if (phase != Phase::kClosing) {
    phase = Phase::kClosing;
    close_deadline = Clock::now() + options.close_timeout;
    watchdog.cancel();
  }
  writer_wake.cancel();
  while (writer_started && !writer_done) {
    reader_wake.expires_at(Clock::time_point::max());
    co_await reader_wake.async_wait(kTuple);
  }
  if (!aborted && writer_started) {
    // close_notify, so the peer knows the stream ended on purpose; bounded by close_deadline.
    co_await stream.async_shutdown(kTuple);
  }
  boost::system::error_code ignored;
  stream.next_layer().close(ignored);
  phase = Phase::kClosed;
  watchdog.cancel();
  FailAllRequests();
  const auto& why = *reason;
  log::Write(owner.established_ ? log::Level::kInfo : log::Level::kWarn, "frame_session_closed",
             {{"remote", remote}, {"pin", owner.peer_.pin}, {"kind", KindName(why.kind)},
              {"reason", why.message}, {"frames_received", frames_received.load()},
              {"frames_sent", frames_sent.load()}});
}

void FrameSession::State::EnqueueFrame(std::string&& frame) {
  write_queue_bytes += frame.size();
  write_queue.push_back(std::move(frame));
  writer_wake.cancel();
}

void FrameSession::State::SetReason(Error why) {
  if (!reason) reason = std::move(why);
}

void FrameSession::State::BeginClose(Error why, std::optional<v1::Envelope> nack) {
  if (phase == Phase::kClosing || phase == Phase::kClosed) return;
  SetReason(std::move(why));
  phase = Phase::kClosing;
  close_deadline = Clock::now() + options.close_timeout;
  if (nack && writer_started && !writer_done) EnqueueReply(std::move(*nack));
  writer_wake.cancel();
  reader_wake.cancel();
  watchdog.cancel();
}

void FrameSession::State::Abort(Error why) {
  if (aborted) return;
  SetReason(std::move(why));
  aborted = true;
  if (phase != Phase::kClosed) phase = Phase::kClosing;
  boost::system::error_code ignored;
  stream.next_layer().close(ignored);
  writer_wake.cancel();
  reader_wake.cancel();
}

Result<void> CheckSessionOptions(const FrameSessionOptions& options) {
  if (options.max_frame_size < kMinMaxFrameSize) {
    return Fail(ErrorKind::kBadConfig, "max_frame_size " + std::to_string(options.max_frame_size) +
                                           " is below the protocol minimum of " +
                                           std::to_string(kMinMaxFrameSize) + " bytes");
  }
  if (options.max_window == 0) {
    return Fail(ErrorKind::kBadConfig, "max_window must be at least 1");
  }
  if (options.max_inflight_bytes == 0) {
    return Fail(ErrorKind::kBadConfig, "max_inflight_bytes must be at least 1");
  }
  if (options.handler_concurrency > options.max_window) {
    return Fail(ErrorKind::kBadConfig, "handler_concurrency " +
                                           std::to_string(options.handler_concurrency) +
                                           " is above max_window " +
                                           std::to_string(options.max_window));
  }
  const std::pair<const char*, std::chrono::milliseconds> timeouts[] = {
      {"handshake_timeout", options.handshake_timeout}, {"idle_timeout", options.idle_timeout},
      {"pong_timeout", options.pong_timeout},           {"write_timeout", options.write_timeout},
      {"close_timeout", options.close_timeout}};
  for (const auto& [name, value] : timeouts) {
    if (value.count() <= 0) return Fail(ErrorKind::kBadConfig, std::string(name) + " must be > 0");
  }
  return {};
}

FrameSession::FrameSession(tcp::socket socket, ssl::context& tls, SessionRole role,
                           FrameSessionOptions options, RequestHandler handler,
                           asio::any_io_executor workers, SessionEvents events)
    : executor_(socket.get_executor()) {
  state_ = std::make_unique<State>(*this, std::move(socket), tls, role, std::move(options),
                                   std::move(handler), std::move(workers), std::move(events));
}

FrameSession::~FrameSession() = default;

std::shared_ptr<FrameSession> FrameSession::Create(tcp::socket socket, ssl::context& tls,
                                                   SessionRole role, FrameSessionOptions options,
                                                   RequestHandler handler,
                                                   asio::any_io_executor workers,
                                                   SessionEvents events) {
  return std::shared_ptr<FrameSession>(new FrameSession(std::move(socket), tls, role,
                                                        std::move(options), std::move(handler),
                                                        std::move(workers), std::move(events)));
}

asio::awaitable<Error> FrameSession::Run() { return state_->Run(shared_from_this()); }

void FrameSession::StartRequest(v1::Envelope request, ReplyCallback done) {
  asio::post(executor_, [self = shared_from_this(), request = std::move(request),
                         done = std::move(done)]() mutable {
    self->state_->OnStartRequest(std::move(request), std::move(done));
  });
}

void FrameSession::Close() {
  asio::post(executor_, [self = shared_from_this()] { self->state_->OnClose(); });
}

FrameSessionStats FrameSession::Stats() const {
  const auto& s = *state_;
  return {s.frames_received.load(), s.frames_sent.load(),    s.requests_sent.load(),
          s.replies_received.load(), s.requests_handled.load(), s.pings_sent.load(),
          s.pongs_received.load(),  s.max_in_flight.load()};
}

}  // namespace ncirt::common::net
