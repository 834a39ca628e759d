#pragma once
// The framing of the exchange protocol and the internal RPC: turns Envelopes into bytes for the
// stream and bytes from the stream back into Envelopes. docs/protocol.md ("Framing") is the
// normative description of the format; this unit implements it and nothing else (no I/O, no
// clock, no TLS), so every edge of the format can be tested without a socket.
//
// A frame is a 4-byte big-endian unsigned length N (1 <= N <= the receiver's maximum) followed by
// exactly N bytes holding one serialised ncirt.v1.Envelope whose `body` is set.
//
// The decoder is incremental: bytes are fed in whatever chunks the network delivers (split
// anywhere, even inside the length). It judges a length as soon as its 4 bytes are in, BEFORE
// keeping any of the body, so a peer announcing a 4 GiB frame costs nothing; and it never sizes
// a buffer from the announced length, only from bytes that actually arrived. The first violation
// is final: the stream cannot be resynchronised after it, so the decoder keeps the error and
// consumes nothing more.
//
// Thread-safety: FrameDecoder is a plain object for one connection, used by one thread (strand)
// at a time. EncodeFrame is a pure function.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "common/error/error.hpp"
#include "ncirt/v1/envelope.pb.h"

namespace ncirt::common::net {

// Bytes of the length prefix.
inline constexpr std::size_t kFrameHeaderBytes = 4;
// What ncirt accepts unless configured otherwise: room for a 16 MiB original IODEF document
// (iodef::Limits::max_document_bytes) beside its parsed model in one Share.
inline constexpr std::uint32_t kDefaultMaxFrameSize = 32u << 20;
// No peer may announce a smaller maximum in its Hello (docs/protocol.md): below this even a Hello
// or a Nack with a useful message might not fit.
inline constexpr std::uint32_t kMinMaxFrameSize = 4096;

// The frame for `envelope`: length prefix and serialised bytes.
// kInvalidDocument when no body is set (the receiver would refuse it);
// kTooLarge when the serialised Envelope is longer than `max_frame_size` (the receiver's limit).
Result<std::string> EncodeFrame(const v1::Envelope& envelope, std::uint32_t max_frame_size);

// Reads the 4-byte big-endian length at the start of `header` (REQUIRES: at least 4 bytes).
std::uint32_t ReadFrameLength(std::string_view header);

class FrameDecoder {
 public:
  // `max_frame_size`: the largest N accepted, in bytes (what this side announced in its Hello).
  explicit FrameDecoder(std::uint32_t max_frame_size = kDefaultMaxFrameSize);

  // Consumes `bytes`. Every frame they complete is parsed at once and queued for Next(). On the
  // first violation the error is kept and the rest of `bytes` (and of any later call) is ignored.
  void Feed(std::string_view bytes);

  // The next complete Envelope in stream order; std::nullopt when more bytes are needed; or, once
  // the queued Envelopes that preceded it are taken, the violation, every time it is called:
  //   kTooLarge        the length is 0 or above max_frame_size (nothing of the body was kept);
  //   kInvalidDocument the N bytes do not parse as an Envelope, or it has no body set.
  // The message names the frame's position in the stream (its ordinal and byte offset).
  Result<std::optional<v1::Envelope>> Next();

  // True once a violation was seen (even if Envelopes before it are still queued).
  bool Failed() const { return error_.has_value(); }
  // Bytes held for the frame being assembled (prefix included); never more than what arrived.
  std::size_t BufferedBytes() const { return header_fill_ + body_.size(); }
  // Envelopes decoded and not yet taken by Next().
  std::size_t QueuedEnvelopes() const { return ready_.size(); }
  std::uint32_t MaxFrameSize() const { return max_frame_size_; }

 private:
  // Consumes from `bytes` what belongs to the current frame; returns how much it took.
  std::size_t FeedHeader(std::string_view bytes);
  std::size_t FeedBody(std::string_view bytes);
  void Fail(ErrorKind kind, std::string message);
  std::string Position() const;

  std::uint32_t max_frame_size_;
  char header_[kFrameHeaderBytes] = {};
  std::size_t header_fill_ = 0;
  // Announced length of the frame being assembled; 0 while its header is incomplete.
  std::uint32_t body_length_ = 0;
  std::string body_;
  std::deque<v1::Envelope> ready_;
  std::optional<Error> error_;
  // For error messages: frames completed so far and bytes consumed before the current frame.
  std::uint64_t frames_done_ = 0;
  std::uint64_t frame_offset_ = 0;
};

}  // namespace ncirt::common::net
