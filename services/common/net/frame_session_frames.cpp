#include "common/net/frame_session.hpp"
#include "common/net/frame_session_state.hpp"

#include <boost/asio/post.hpp>

#include "common/log/log.hpp"

// The meaning of frames: the Hello exchange, the peer's requests and the handler, replies to our
// requests, the window, and graceful close. The connection itself is in frame_session.cpp.
namespace ncirt::common::net {
namespace {

namespace asio = boost::asio;
using Body = v1::Envelope::BodyCase;
constexpr std::size_t kMaxNackMessage = 1000;

std::string BodyName(Body body) {
  switch (body) {
    case Body::kHello: return "Hello";
    case Body::kShare: return "Share";
    case Body::kAck: return "Ack";
    case Body::kNack: return "Nack";
    case Body::kQuery: return "Query";
    case Body::kQueryResult: return "QueryResult";
    case Body::kPing: return "Ping";
    case Body::kPong: return "Pong";
    case Body::BODY_NOT_SET: break;
  }
  return "no body";
}

bool IsRequest(Body body) {
  return body == Body::kShare || body == Body::kQuery || body == Body::kPing;
}

// Whether `reply` may answer a request of kind `request` (a Nack answers anything).
bool Answers(Body request, Body reply) {
  if (reply == Body::kNack) return true;
  return (request == Body::kShare && reply == Body::kAck) ||
         (request == Body::kQuery && reply == Body::kQueryResult) ||
         (request == Body::kPing && reply == Body::kPong);
}

v1::Envelope MakeNack(std::uint64_t request_id, v1::NackCode code, std::string message,
                      std::string share_id = {}) {
  if (message.size() > kMaxNackMessage) message.resize(kMaxNackMessage);
  v1::Envelope e;
  e.set_request_id(request_id);
  auto* nack = e.mutable_nack();
  nack->set_code(code);
  nack->set_message(std::move(message));
  nack->set_share_id(std::move(share_id));
  return e;
}

std::string ShareIdOf(const v1::Envelope& e) {
  return e.has_share() ? e.share().share_id() : std::string();
}

v1::NackCode NackCodeFor(ErrorKind kind) {
  return kind == ErrorKind::kTooLarge ? v1::NACK_CODE_TOO_LARGE : v1::NACK_CODE_MALFORMED;
}

v1::Envelope CallHandler(const RequestHandler& handler, const PeerInfo& peer,
                         const v1::Envelope& request) {
  v1::Envelope reply;
  try {
    reply = handler(peer, request);
  } catch (const std::exception& e) {
    // The unexpected (a lost database, a bug): logged here, the peer retries later.
    log::Error("frame_handler_exception", {{"what", e.what()}, {"peer", peer.pin}});
    return MakeNack(request.request_id(), v1::NACK_CODE_UNAVAILABLE,
                    "internal error at the receiver; retry later", ShareIdOf(request));
  }
  if (!Answers(request.body_case(), reply.body_case()) || reply.body_case() == Body::kPong) {
    log::Error("frame_handler_bad_reply", {{"request", BodyName(request.body_case())},
                                           {"reply", BodyName(reply.body_case())}});
    return MakeNack(request.request_id(), v1::NACK_CODE_UNAVAILABLE,
                    "internal error at the receiver; retry later", ShareIdOf(request));
  }
  if (reply.has_nack() && reply.nack().share_id().empty()) {
    reply.mutable_nack()->set_share_id(ShareIdOf(request));
  }
  reply.set_request_id(request.request_id());
  return reply;
}

}  // namespace

void FrameSession::State::DrainDecoder() {
  while (phase == Phase::kHello || phase == Phase::kOpen) {
    auto next = decoder.Next();
    if (!next) {
      Violation(next.error(), NackCodeFor(next.error().kind));
      return;
    }
    if (!next->has_value()) return;
    ++frames_received;
    OnFrame(std::move(**next));
  }
}

void FrameSession::State::OnFrame(v1::Envelope&& envelope) {
  if (phase == Phase::kHello) {
    OnHello(envelope);
    return;
  }
  switch (envelope.body_case()) {
    case Body::kHello:
      Violation(Error{ErrorKind::kBadRequest, "a second Hello after the Hello exchange", {}},
                v1::NACK_CODE_MALFORMED);
      return;
    case Body::kShare:
    case Body::kQuery:
    case Body::kPing:
      OnRequest(std::move(envelope));
      return;
    case Body::kAck:
    case Body::kNack:
    case Body::kQueryResult:
    case Body::kPong:
      OnReply(std::move(envelope));
      return;
    case Body::BODY_NOT_SET:
      break;  // the decoder refuses frames without a body
  }
}

void FrameSession::State::OnHello(const v1::Envelope& envelope) {
  if (envelope.has_nack()) {
    BeginClose(Error{ErrorKind::kUnavailable,
                     remote + " refused the session: " +
                         v1::NackCode_Name(envelope.nack().code()) + ": " +
                         envelope.nack().message(),
                     {}});
    return;
  }
  if (!envelope.has_hello()) {
    Violation(Error{ErrorKind::kBadRequest,
                    "the first frame must be Hello, got " + BodyName(envelope.body_case()), {}},
              v1::NACK_CODE_MALFORMED);
    return;
  }
  const auto& hello = envelope.hello();
  if (hello.protocol_version() != kProtocolVersion) {
    Violation(Error{ErrorKind::kBadRequest,
                    "protocol version " + std::to_string(hello.protocol_version()) +
                        " is not supported; this side speaks version " +
                        std::to_string(kProtocolVersion) + " only",
                    {}},
              v1::NACK_CODE_UNSUPPORTED_VERSION);
    return;
  }
  if (hello.max_frame_size() < kMinMaxFrameSize || hello.max_window() == 0) {
    Violation(Error{ErrorKind::kBadRequest,
                    "Hello must announce max_frame_size >= " + std::to_string(kMinMaxFrameSize) +
                        " and max_window >= 1, got " + std::to_string(hello.max_frame_size()) +
                        " and " + std::to_string(hello.max_window()),
                    {}},
              v1::NACK_CODE_MALFORMED);
    return;
  }
  auto& peer = owner.peer_;
  peer.cirt_name = hello.cirt_name();
  peer.capabilities.assign(hello.capabilities().begin(), hello.capabilities().end());
  peer.max_frame_size = hello.max_frame_size();
  peer.max_window = hello.max_window();
  phase = Phase::kOpen;
  owner.established_.store(true, std::memory_order_release);
  watchdog.cancel();  // it slept towards the handshake deadline; now the idle rule applies
  log::Info("frame_session_established",
            {{"remote", remote}, {"pin", peer.pin}, {"cirt_name", peer.cirt_name},
             {"max_window", peer.max_window}, {"max_frame_size", peer.max_frame_size}});
  if (events.on_established) events.on_established(Self());
  PumpBacklog();
}

void FrameSession::State::OnRequest(v1::Envelope&& envelope) {
  const std::uint64_t id = envelope.request_id();
  if (id == 0) {
    EnqueueReply(MakeNack(0, v1::NACK_CODE_MALFORMED, "request_id 0 is not allowed on a " +
                                                          BodyName(envelope.body_case()),
                          ShareIdOf(envelope)));
    return;
  }
  if (envelope.has_ping()) {
    v1::Envelope pong;
    pong.set_request_id(id);
    pong.mutable_pong()->set_nonce(envelope.ping().nonce());
    EnqueueReply(std::move(pong));
    return;
  }
  if (inbound.contains(id)) {
    Violation(Error{ErrorKind::kBadRequest,
                    "request id " + std::to_string(id) + " reused while still in flight", {}},
              v1::NACK_CODE_MALFORMED);
    return;
  }
  if (draining) {
    EnqueueReply(MakeNack(id, v1::NACK_CODE_UNAVAILABLE, "this side is shutting down; retry later",
                          ShareIdOf(envelope)));
    return;
  }
  if (inbound.size() >= options.max_window) {
    EnqueueReply(MakeNack(id, v1::NACK_CODE_UNAVAILABLE,
                          "more than the announced window of " +
                              std::to_string(options.max_window) +
                              " requests in flight; retry after a reply",
                          ShareIdOf(envelope)));
    return;
  }
  const std::size_t bytes = envelope.ByteSizeLong();
  if (!inbound.empty() && inbound_bytes + bytes > options.max_inflight_bytes) {
    EnqueueReply(MakeNack(id, v1::NACK_CODE_UNAVAILABLE,
                          "more than " + std::to_string(options.max_inflight_bytes) +
                              " bytes of requests in flight; retry after a reply",
                          ShareIdOf(envelope)));
    return;
  }
  if (!handler) {
    EnqueueReply(MakeNack(id, v1::NACK_CODE_NOT_AUTHORISED, "this endpoint accepts no requests",
                          ShareIdOf(envelope)));
    return;
  }
  inbound.emplace(id, bytes);
  inbound_bytes += bytes;
  if (handlers_running < concurrency) {
    Dispatch(std::move(envelope));
  } else {
    inbound_waiting.push_back(std::move(envelope));
  }
}

void FrameSession::State::Dispatch(v1::Envelope&& request) {
  ++handlers_running;
  asio::post(workers, [self = Self(), request = std::move(request)]() mutable {
    auto& state = *self->state_;
    v1::Envelope reply = CallHandler(state.handler, self->peer_, request);
    const std::uint64_t id = request.request_id();
    asio::post(self->executor_, [self, id, reply = std::move(reply)]() mutable {
      self->state_->OnHandled(id, std::move(reply));
    });
  });
}

void FrameSession::State::ForgetInbound(std::uint64_t id) {
  const auto it = inbound.find(id);
  if (it == inbound.end()) return;
  inbound_bytes -= it->second;
  inbound.erase(it);
}

void FrameSession::State::OnHandled(std::uint64_t id, v1::Envelope&& reply) {
  --handlers_running;
  ForgetInbound(id);
  ++requests_handled;
  if (!aborted && !writer_done && phase != Phase::kClosed) EnqueueReply(std::move(reply));
  while (!inbound_waiting.empty() && handlers_running < concurrency && phase == Phase::kOpen) {
    auto next = std::move(inbound_waiting.front());
    inbound_waiting.pop_front();
    Dispatch(std::move(next));
  }
  MaybeFinishDrain();
}

void FrameSession::State::OnReply(v1::Envelope&& envelope) {
  const std::uint64_t id = envelope.request_id();
  const Body body = envelope.body_case();
  if (ping_outstanding && id == ping_request_id) {
    if (body == Body::kPong && envelope.pong().nonce() != ping_nonce) {
      Violation(Error{ErrorKind::kBadRequest, "Pong carries another nonce than our Ping", {}},
                v1::NACK_CODE_MALFORMED);
      return;
    }
    if (body != Body::kPong && body != Body::kNack) {
      Violation(Error{ErrorKind::kBadRequest, BodyName(body) + " does not answer a Ping", {}},
                v1::NACK_CODE_MALFORMED);
      return;
    }
    ping_outstanding = false;
    ++pongs_received;
    watchdog.cancel();  // it slept towards the Pong deadline; now the idle rule applies again
    return;
  }
  auto it = outstanding.find(id);
  if (it == outstanding.end()) {
    if (body == Body::kNack && id == 0) {
      // A connection-level refusal; the peer closes next. Keep its words as the reason.
      SetReason(Error{ErrorKind::kUnavailable,
                      remote + " refused: " + v1::NackCode_Name(envelope.nack().code()) + ": " +
                          envelope.nack().message(),
                      {}});
      log::Warn("frame_peer_nack", {{"remote", remote}, {"message", envelope.nack().message()}});
      return;
    }
    Violation(Error{ErrorKind::kBadRequest,
                    BodyName(body) + " for request id " + std::to_string(id) +
                        ", which is not in flight",
                    {}},
              v1::NACK_CODE_MALFORMED);
    return;
  }
  if (!Answers(it->second.kind, body)) {
    Violation(Error{ErrorKind::kBadRequest,
                    BodyName(body) + " does not answer a " + BodyName(it->second.kind), {}},
              v1::NACK_CODE_MALFORMED);
    return;
  }
  auto done = std::move(it->second.done);
  outstanding.erase(it);
  ++replies_received;
  done(std::move(envelope));
  PumpBacklog();
  MaybeFinishDrain();
}

void FrameSession::State::OnStartRequest(v1::Envelope&& request, ReplyCallback&& done) {
  if (!IsRequest(request.body_case())) {
    done(Fail(ErrorKind::kBadRequest, "only Share, Query and Ping are requests, not " +
                                          BodyName(request.body_case())));
    return;
  }
  if (draining || phase == Phase::kClosing || phase == Phase::kClosed) {
    done(Fail(ErrorKind::kUnavailable, "the connection to " + remote + " is closing"));
    return;
  }
  if (backlog.size() >= options.max_pending_requests) {
    done(Fail(ErrorKind::kOverloaded, std::to_string(backlog.size()) +
                                          " requests already wait for the window to " + remote));
    return;
  }
  backlog.push_back(Pending{std::move(request), std::move(done)});
  PumpBacklog();
}

void FrameSession::State::PumpBacklog() {
  if (phase != Phase::kOpen || draining) return;
  while (!backlog.empty() && outstanding.size() < owner.peer_.max_window) {
    Pending next = std::move(backlog.front());
    backlog.pop_front();
    const std::uint64_t id = next_request_id++;
    next.request.set_request_id(id);
    auto frame = EncodeFrame(next.request, owner.peer_.max_frame_size);
    if (!frame) {
      next.done(std::unexpected(frame.error()));
      continue;
    }
    outstanding.emplace(id, Outstanding{next.request.body_case(), std::move(next.done)});
    ++requests_sent;
    if (outstanding.size() > max_in_flight) max_in_flight = outstanding.size();
    EnqueueFrame(std::move(*frame));
  }
}

void FrameSession::State::OnClose() {
  if (draining || phase == Phase::kClosing || phase == Phase::kClosed) return;
  if (phase != Phase::kOpen) {
    Abort(Error{ErrorKind::kUnavailable, "closed by this side before the Hello exchange", {}});
    return;
  }
  draining = true;
  drain_deadline = Clock::now() + options.close_timeout;
  for (auto& pending : backlog) {
    pending.done(Fail(ErrorKind::kUnavailable, "the connection to " + remote + " is closing"));
  }
  backlog.clear();
  // Requests of the peer not yet started are refused now rather than hold up the close.
  for (auto& request : inbound_waiting) {
    ForgetInbound(request.request_id());
    EnqueueReply(MakeNack(request.request_id(), v1::NACK_CODE_UNAVAILABLE,
                          "this side is shutting down; retry later", ShareIdOf(request)));
  }
  inbound_waiting.clear();
  watchdog.cancel();
  MaybeFinishDrain();
}

void FrameSession::State::MaybeFinishDrain() {
  if (draining && phase == Phase::kOpen && inbound.empty() && outstanding.empty()) {
    BeginClose(Error{ErrorKind::kUnavailable, "closed by this side", {}});
  }
}

void FrameSession::State::SendPing() {
  v1::Envelope ping;
  ping_request_id = next_request_id++;
  ping.set_request_id(ping_request_id);
  ping.mutable_ping()->set_nonce(++ping_nonce);
  ping_outstanding = true;
  ++pings_sent;
  EnqueueReply(std::move(ping));
}

void FrameSession::State::FailAllRequests() {
  const std::string message =
      "the connection to " + remote + " closed before a reply: " + reason->message;
  // Callbacks may start new requests; they fail at once since the phase is kClosed.
  auto in_flight = std::move(outstanding);
  outstanding.clear();
  for (auto& [id, request] : in_flight) request.done(Fail(ErrorKind::kUnavailable, message));
  auto waiting = std::move(backlog);
  backlog.clear();
  for (auto& pending : waiting) pending.done(Fail(ErrorKind::kUnavailable, message));
  inbound_waiting.clear();
}

void FrameSession::State::EnqueueReply(v1::Envelope&& reply) {
  // Before the peer's Hello its limit is unknown, but no peer may announce less than this.
  const std::uint32_t limit =
      owner.peer_.max_frame_size != 0 ? owner.peer_.max_frame_size : kMinMaxFrameSize;
  auto frame = EncodeFrame(reply, limit);
  if (!frame && frame.error().kind == ErrorKind::kTooLarge) {
    frame = EncodeFrame(MakeNack(reply.request_id(), v1::NACK_CODE_TOO_LARGE,
                                 "the reply is larger than your max_frame_size of " +
                                     std::to_string(limit) + " bytes"),
                        limit);
  }
  if (frame) EnqueueFrame(std::move(*frame));
}

void FrameSession::State::Violation(Error why, v1::NackCode code) {
  log::Warn("frame_protocol_violation", {{"remote", remote}, {"pin", owner.peer_.pin},
                                         {"reason", why.message}, {"where", why.where}});
  auto nack = MakeNack(0, code, why.ToString());
  BeginClose(std::move(why), std::move(nack));
}

}  // namespace ncirt::common::net
