#include "common/net/frame_codec.hpp"

#include <algorithm>

namespace ncirt::common::net {
namespace {
constexpr std::size_t kKeptCapacity = 64u << 10;
}  // namespace

Result<std::string> EncodeFrame(const v1::Envelope& envelope, std::uint32_t max_frame_size) {
  if (envelope.body_case() == v1::Envelope::BODY_NOT_SET) {
    return Fail(ErrorKind::kInvalidDocument, "an Envelope without a body cannot be framed");
  }
  const std::size_t size = envelope.ByteSizeLong();
  if (size > max_frame_size) {
    return Fail(ErrorKind::kTooLarge, "the Envelope is " + std::to_string(size) +
                                          " bytes, above the receiver's maximum frame size of " +
                                          std::to_string(max_frame_size) + " bytes");
  }
  std::string frame(kFrameHeaderBytes + size, '\0');
  const auto n = static_cast<std::uint32_t>(size);
  frame[0] = static_cast<char>((n >> 24) & 0xFF);
  frame[1] = static_cast<char>((n >> 16) & 0xFF);
  frame[2] = static_cast<char>((n >> 8) & 0xFF);
  frame[3] = static_cast<char>(n & 0xFF);
  // Serialising into exactly ByteSizeLong() bytes cannot fail for a message we just sized.
  envelope.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(frame.data()) +
                                           kFrameHeaderBytes);
  return frame;
}

std::uint32_t ReadFrameLength(std::string_view header) {
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(header[i]));
  };
  return (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
}

FrameDecoder::FrameDecoder(std::uint32_t max_frame_size) : max_frame_size_(max_frame_size) {}

void FrameDecoder::Feed(std::string_view bytes) {
  while (!bytes.empty() && !error_) {
    const std::size_t used =
        header_fill_ < kFrameHeaderBytes ? FeedHeader(bytes) : FeedBody(bytes);
    bytes.remove_prefix(used);
  }
}

std::size_t FrameDecoder::FeedHeader(std::string_view bytes) {
  const std::size_t take = std::min(kFrameHeaderBytes - header_fill_, bytes.size());
  std::copy_n(bytes.data(), take, header_ + header_fill_);
  header_fill_ += take;
  if (header_fill_ < kFrameHeaderBytes) return take;
  const std::uint32_t length = ReadFrameLength(std::string_view(header_, kFrameHeaderBytes));
  if (length == 0) {
    Fail(ErrorKind::kTooLarge, "frame length 0 is not allowed (a frame holds one Envelope)");
  } else if (length > max_frame_size_) {
    Fail(ErrorKind::kTooLarge, "frame length " + std::to_string(length) +
                                   " bytes is above the maximum frame size of " +
                                   std::to_string(max_frame_size_) + " bytes");
  } else {
    body_length_ = length;
  }
  return take;
}

std::size_t FrameDecoder::FeedBody(std::string_view bytes) {
  // Grow with what arrived, never to the announced length up front: a peer that announces a
  // large frame and then sends slowly holds only what it actually sent.
  const std::size_t take = std::min<std::size_t>(body_length_ - body_.size(), bytes.size());
  body_.append(bytes.data(), take);
  if (body_.size() < body_length_) return take;

  v1::Envelope envelope;
  if (!envelope.ParseFromString(body_)) {
    Fail(ErrorKind::kInvalidDocument, "frame of " + std::to_string(body_length_) +
                                          " bytes is not a serialised ncirt.v1.Envelope");
    return take;
  }
  if (envelope.body_case() == v1::Envelope::BODY_NOT_SET) {
    Fail(ErrorKind::kInvalidDocument,
         "Envelope has no body set (none of hello, share, ack, nack, query, query_result, "
         "ping, pong)");
    return take;
  }
  ready_.push_back(std::move(envelope));
  ++frames_done_;
  frame_offset_ += kFrameHeaderBytes + body_length_;
  header_fill_ = 0;
  body_length_ = 0;
  body_.clear();
  // Keep a small buffer for the next frame; give back what one large frame needed.
  if (body_.capacity() > kKeptCapacity) body_.shrink_to_fit();
  return take;
}

void FrameDecoder::Fail(ErrorKind kind, std::string message) {
  error_ = Error{kind, std::move(message), Position()};
  // Nothing of a refused frame is worth keeping.
  body_.clear();
  body_.shrink_to_fit();
}

std::string FrameDecoder::Position() const {
  return "frame " + std::to_string(frames_done_ + 1) + " at stream byte " +
         std::to_string(frame_offset_);
}

Result<std::optional<v1::Envelope>> FrameDecoder::Next() {
  if (!ready_.empty()) {
    std::optional<v1::Envelope> next(std::move(ready_.front()));
    ready_.pop_front();
    return next;
  }
  if (error_) return std::unexpected(*error_);
  return std::optional<v1::Envelope>();
}

}  // namespace ncirt::common::net
