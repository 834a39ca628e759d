#include "common/net/frame_codec.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

// The frame format of docs/protocol.md, byte by byte: every body kind round-trips, frames split
// anywhere reassemble, and every violation is refused before the body is kept.
namespace ncirt::common::net {
namespace {

v1::Envelope Ping(std::uint64_t request_id, std::uint64_t nonce) {
  v1::Envelope e;
  e.set_request_id(request_id);
  e.mutable_ping()->set_nonce(nonce);
  return e;
}

v1::Envelope ShareOf(std::uint64_t request_id, const std::string& share_id,
                     std::size_t document_bytes = 0) {
  v1::Envelope e;
  e.set_request_id(request_id);
  auto* share = e.mutable_share();
  share->set_share_id(share_id);
  share->set_kind(v1::SHARE_KIND_VERSION);
  share->set_origin_incident_id("inc-" + share_id);
  share->set_version(1);
  share->set_original_document(std::string(document_bytes, 'x'));
  return e;
}

std::string Frame(const v1::Envelope& e, std::uint32_t max = kDefaultMaxFrameSize) {
  auto frame = EncodeFrame(e, max);
  EXPECT_TRUE(frame) << frame.error().ToString();
  return frame ? *frame : std::string();
}

std::string Header(std::uint32_t n) {
  return {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
          static_cast<char>(n)};
}

// Everything Next() yields until it needs more bytes or fails.
struct Drained {
  std::vector<v1::Envelope> envelopes;
  std::optional<Error> error;
};

Drained Drain(FrameDecoder& decoder) {
  Drained out;
  for (;;) {
    auto next = decoder.Next();
    if (!next) {
      out.error = next.error();
      return out;
    }
    if (!next->has_value()) return out;
    out.envelopes.push_back(std::move(**next));
  }
}

TEST(FrameCodecTest, HeaderIsTheBigEndianLengthOfTheSerialisedEnvelope) {
  const auto e = ShareOf(7, "s1", 300);
  const std::string frame = Frame(e);
  ASSERT_EQ(frame.size(), kFrameHeaderBytes + e.ByteSizeLong());
  EXPECT_EQ(ReadFrameLength(frame), e.ByteSizeLong());
  EXPECT_EQ(frame.substr(0, 4), Header(static_cast<std::uint32_t>(e.ByteSizeLong())));
  EXPECT_EQ(frame.substr(4), e.SerializeAsString());
}

TEST(FrameCodecTest, WorkedExamplesOfTheProtocolDocEncodeToTheDocumentedBytes) {
  // docs/protocol.md, section 7.
  v1::Envelope pong;
  pong.set_request_id(1);
  pong.mutable_pong()->set_nonce(42);
  v1::Envelope ack;
  ack.set_request_id(7);
  ack.mutable_ack()->set_share_id("s-1");
  ack.mutable_ack()->set_receiver_incident_id("r-9");
  const struct {
    const char* name;
    v1::Envelope envelope;
    std::string bytes;
  } cases[] = {
      {"ping", Ping(1, 42), std::string("\x00\x00\x00\x06\x08\x01\x42\x02\x08\x2a", 10)},
      {"pong", pong, std::string("\x00\x00\x00\x06\x08\x01\x4a\x02\x08\x2a", 10)},
      {"ack", ack,
       std::string("\x00\x00\x00\x0e\x08\x07\x22\x0a\x0a\x03s-1\x12\x03r-9", 18)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Frame(c.envelope), c.bytes) << c.name;
    FrameDecoder decoder(kMinMaxFrameSize);
    decoder.Feed(c.bytes);
    auto out = Drain(decoder);
    ASSERT_EQ(out.envelopes.size(), 1u) << c.name;
    EXPECT_EQ(out.envelopes[0].SerializeAsString(), c.envelope.SerializeAsString()) << c.name;
  }
}

struct BodyCase {
  const char* name;
  v1::Envelope envelope;
};

std::vector<BodyCase> EveryBodyKind() {
  std::vector<BodyCase> cases;
  v1::Envelope hello;
  hello.set_request_id(0);
  hello.mutable_hello()->set_protocol_version(1);
  hello.mutable_hello()->set_cirt_name("CERT-XX");
  hello.mutable_hello()->add_capabilities("share");
  hello.mutable_hello()->set_max_frame_size(1 << 20);
  hello.mutable_hello()->set_max_window(64);
  cases.push_back({"hello", hello});
  cases.push_back({"share", ShareOf(1, "share-1", 10)});
  v1::Envelope ack;
  ack.set_request_id(2);
  ack.mutable_ack()->set_share_id("share-1");
  ack.mutable_ack()->set_duplicate(true);
  cases.push_back({"ack", ack});
  v1::Envelope nack;
  nack.set_request_id(3);
  nack.mutable_nack()->set_code(v1::NACK_CODE_POLICY_REFUSED);
  nack.mutable_nack()->set_message("TLP:RED never leaves");
  cases.push_back({"nack", nack});
  v1::Envelope query;
  query.set_request_id(4);
  query.mutable_query()->set_origin_incident_id("inc-1");
  cases.push_back({"query", query});
  v1::Envelope result;
  result.set_request_id(4);
  result.mutable_query_result()->set_state("new");
  cases.push_back({"query_result", result});
  cases.push_back({"ping", Ping(5, 99)});
  v1::Envelope pong;
  pong.set_request_id(5);
  pong.mutable_pong();  // nonce 0: an empty message is still a set body
  cases.push_back({"empty_pong", pong});
  return cases;
}

TEST(FrameCodecTest, EveryBodyKindRoundTrips) {
  for (const auto& c : EveryBodyKind()) {
    FrameDecoder decoder(1 << 20);
    decoder.Feed(Frame(c.envelope));
    auto out = Drain(decoder);
    ASSERT_FALSE(out.error) << c.name << ": " << out.error->ToString();
    ASSERT_EQ(out.envelopes.size(), 1u) << c.name;
    EXPECT_EQ(out.envelopes[0].SerializeAsString(), c.envelope.SerializeAsString()) << c.name;
    EXPECT_EQ(decoder.BufferedBytes(), 0u) << c.name;
  }
}

TEST(FrameCodecTest, ThreeFramesSplitIntoTwoChunksAtEveryOffsetDecodeInOrder) {
  const std::string stream = Frame(ShareOf(1, "a", 40)) + Frame(Ping(2, 3)) +
                             Frame(ShareOf(3, "c", 0));
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    FrameDecoder decoder(1024);
    decoder.Feed(std::string_view(stream).substr(0, split));
    auto first = Drain(decoder);
    decoder.Feed(std::string_view(stream).substr(split));
    auto second = Drain(decoder);
    ASSERT_FALSE(first.error || second.error) << "split at " << split;
    std::vector<std::uint64_t> ids;
    for (auto* part : {&first, &second}) {
      for (const auto& e : part->envelopes) ids.push_back(e.request_id());
    }
    EXPECT_EQ(ids, (std::vector<std::uint64_t>{1, 2, 3})) << "split at " << split;
    EXPECT_EQ(decoder.BufferedBytes(), 0u) << "split at " << split;
  }
}

TEST(FrameCodecTest, FramesFedOneByteAtATimeDecode) {
  const std::string stream = Frame(ShareOf(1, "a", 500)) + Frame(Ping(2, 3));
  FrameDecoder decoder(1024);
  std::vector<std::uint64_t> ids;
  for (char c : stream) {
    decoder.Feed(std::string_view(&c, 1));
    auto out = Drain(decoder);
    ASSERT_FALSE(out.error) << out.error->ToString();
    for (const auto& e : out.envelopes) ids.push_back(e.request_id());
  }
  EXPECT_EQ(ids, (std::vector<std::uint64_t>{1, 2}));
}

TEST(FrameCodecTest, EmptyFeedNeedsMoreBytes) {
  FrameDecoder decoder(1024);
  decoder.Feed({});
  auto next = decoder.Next();
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->has_value());
}

struct LengthCase {
  const char* name;
  std::uint32_t max;
  std::uint32_t announced;
  bool accepted;
};

TEST(FrameCodecTest, LengthIsJudgedAgainstTheMaximumBeforeAnyBodyIsKept) {
  const LengthCase cases[] = {
      {"zero", 1024, 0, false},
      {"one", 1024, 1, true},
      {"max_minus_one", 1024, 1023, true},
      {"exactly_max", 1024, 1024, true},
      {"max_plus_one", 1024, 1025, false},
      {"huge", 1024, 0xFFFFFFFFu, false},
      {"default_max_plus_one", kDefaultMaxFrameSize, kDefaultMaxFrameSize + 1, false},
  };
  for (const auto& c : cases) {
    FrameDecoder decoder(c.max);
    // The header plus some body bytes in the same chunk (never the whole body, so an accepted
    // frame stays incomplete): a refused frame keeps none of them.
    const std::size_t filler =
        c.accepted ? std::min<std::size_t>(8, c.announced - 1) : std::size_t{8};
    decoder.Feed(Header(c.announced) + std::string(filler, '\x08'));
    EXPECT_EQ(decoder.Failed(), !c.accepted) << c.name;
    if (c.accepted) {
      EXPECT_EQ(decoder.BufferedBytes(), kFrameHeaderBytes + filler) << c.name;
      continue;
    }
    EXPECT_LE(decoder.BufferedBytes(), kFrameHeaderBytes) << c.name;
    auto next = decoder.Next();
    ASSERT_FALSE(next) << c.name;
    EXPECT_EQ(next.error().kind, ErrorKind::kTooLarge) << c.name;
    EXPECT_NE(next.error().where.find("frame 1 at stream byte 0"), std::string::npos) << c.name;
  }
}

TEST(FrameCodecTest, EnvelopeOfExactlyTheMaximumDecodesAndOneByteMoreIsRefused) {
  // Grow the document until the Envelope is exactly `max` bytes.
  constexpr std::uint32_t kMax = 2000;
  v1::Envelope e = ShareOf(1, "s", 0);
  std::size_t doc = 0;
  while (e.ByteSizeLong() < kMax) e.mutable_share()->set_original_document(std::string(++doc, 'd'));
  ASSERT_EQ(e.ByteSizeLong(), kMax);
  FrameDecoder decoder(kMax);
  decoder.Feed(Frame(e, kMax));
  auto out = Drain(decoder);
  ASSERT_FALSE(out.error);
  EXPECT_EQ(out.envelopes.size(), 1u);

  EXPECT_FALSE(EncodeFrame(e, kMax - 1));
  EXPECT_EQ(EncodeFrame(e, kMax - 1).error().kind, ErrorKind::kTooLarge);
  FrameDecoder smaller(kMax - 1);
  smaller.Feed(Frame(e, kMax));
  EXPECT_EQ(Drain(smaller).error->kind, ErrorKind::kTooLarge);
}

struct GarbageCase {
  const char* name;
  std::string body;
};

TEST(FrameCodecTest, BodiesThatAreNotAnEnvelopeWithABodyAreInvalidDocuments) {
  const GarbageCase cases[] = {
      {"truncated_varint", std::string("\x08\xff\xff", 3)},
      {"field_zero", std::string("\x00\x01", 2)},
      {"length_past_end", std::string("\x12\x7f\x00", 3)},
      {"text", "GET / HTTP/1.1\r\n\r\n"},
      {"only_request_id", std::string("\x08\x05", 2)},
      {"unknown_field_only", std::string("\xa0\x06\x01", 3)},
  };
  for (const auto& c : cases) {
    FrameDecoder decoder(1024);
    decoder.Feed(Header(static_cast<std::uint32_t>(c.body.size())) + c.body);
    auto out = Drain(decoder);
    ASSERT_TRUE(out.error) << c.name;
    EXPECT_EQ(out.error->kind, ErrorKind::kInvalidDocument) << c.name;
    EXPECT_TRUE(out.envelopes.empty()) << c.name;
  }
}

TEST(FrameCodecTest, FramesBeforeAViolationAreDeliveredThenTheErrorIsFinal) {
  FrameDecoder decoder(1024);
  decoder.Feed(Frame(Ping(1, 1)) + Frame(Ping(2, 2)) + Header(5000) + Frame(Ping(3, 3)));
  auto out = Drain(decoder);
  ASSERT_EQ(out.envelopes.size(), 2u);
  EXPECT_EQ(out.envelopes[1].request_id(), 2u);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->kind, ErrorKind::kTooLarge);
  EXPECT_NE(out.error->where.find("frame 3"), std::string::npos) << out.error->where;
  // Later bytes, even a valid frame, are ignored and the error stays.
  decoder.Feed(Frame(Ping(4, 4)));
  auto again = decoder.Next();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(decoder.QueuedEnvelopes(), 0u);
}

TEST(FrameCodecTest, IncompleteBodyKeepsOnlyTheBytesThatArrived) {
  FrameDecoder decoder(1u << 30);
  decoder.Feed(Header(1u << 29) + std::string(100, '\x08'));
  EXPECT_FALSE(decoder.Failed());
  EXPECT_EQ(decoder.BufferedBytes(), kFrameHeaderBytes + 100);
  auto next = decoder.Next();
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->has_value());
}

TEST(FrameCodecTest, EncoderRefusesAnEnvelopeWithoutBody) {
  v1::Envelope empty;
  empty.set_request_id(9);
  auto frame = EncodeFrame(empty, kDefaultMaxFrameSize);
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.error().kind, ErrorKind::kInvalidDocument);
}

}  // namespace
}  // namespace ncirt::common::net
