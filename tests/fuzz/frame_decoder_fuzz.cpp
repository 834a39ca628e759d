// Fuzzes the exchange protocol's incremental frame decoder (common/net/frame_codec.hpp) with the
// stream split into chunks of fuzzer-chosen sizes, as a network would deliver it.
//
// Input: byte 0 seeds the chunk sizes and byte 1 picks the decoder's maximum frame size; the
// rest is the stream. Properties beyond "no crash, no leak, no undefined behaviour":
// - the split does not matter: chunked feeding yields the same Envelopes and the same verdict
//   as feeding the whole stream at once;
// - the decoder never holds more bytes than arrived, nor more than one frame's worth;
// - once failed, Next() keeps answering the error;
// - every decoded Envelope re-encodes (EncodeFrame) and decodes back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/frame_codec.hpp"
#include "fuzz_check.hpp"

namespace {

using ncirt::fuzz::Check;
namespace net = ncirt::common::net;

struct Outcome {
  std::vector<std::string> envelopes;  // serialised, in order
  std::optional<ncirt::common::ErrorKind> error;
};

void Drain(net::FrameDecoder& decoder, Outcome& outcome) {
  while (!outcome.error) {
    auto next = decoder.Next();
    if (!next) {
      outcome.error = next.error().kind;
      auto again = decoder.Next();
      Check(!again && again.error().kind == next.error().kind, "a failed decoder stays failed");
      return;
    }
    if (!next->has_value()) return;
    std::string bytes;
    Check((*next)->SerializeToString(&bytes), "a decoded Envelope serialises");
    outcome.envelopes.push_back(std::move(bytes));
  }
}

Outcome DecodeWhole(std::string_view stream, std::uint32_t max) {
  net::FrameDecoder decoder(max);
  Outcome outcome;
  decoder.Feed(stream);
  Drain(decoder, outcome);
  return outcome;
}

Outcome DecodeChunked(std::string_view stream, std::uint32_t max, std::uint8_t seed) {
  net::FrameDecoder decoder(max);
  Outcome outcome;
  std::size_t fed = 0;
  std::uint32_t state = seed | 1u;
  while (fed < stream.size()) {
    state = state * 1103515245u + 12345u;  // any deterministic spread of sizes will do
    const std::size_t chunk = 1 + (state >> 16) % 13;
    const std::string_view part = stream.substr(fed, chunk);
    decoder.Feed(part);
    fed += part.size();
    Check(decoder.BufferedBytes() <= fed, "never holds more bytes than arrived");
    Check(decoder.BufferedBytes() <= net::kFrameHeaderBytes + max,
          "never holds more than one frame");
    Drain(decoder, outcome);
  }
  return outcome;
}

void CheckRoundTrip(const std::string& serialised, std::uint32_t max) {
  ncirt::v1::Envelope envelope;
  Check(envelope.ParseFromString(serialised), "a decoded Envelope parses again");
  const auto frame = net::EncodeFrame(envelope, max);
  Check(frame.has_value(), "a decoded Envelope encodes within the same maximum",
        frame ? "" : frame.error().message);
  net::FrameDecoder decoder(max);
  decoder.Feed(*frame);
  auto back = decoder.Next();
  Check(back && back->has_value(), "an encoded frame decodes");
  std::string again;
  Check((*back)->SerializeToString(&again) && again == serialised,
        "an Envelope survives encode and decode unchanged");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t seed = data[0];
  // From the protocol's minimum upwards, and one tiny maximum below it to reach the kTooLarge
  // path with short inputs.
  const std::uint32_t max = data[1] == 0 ? 16 : net::kMinMaxFrameSize * data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  const Outcome whole = DecodeWhole(stream, max);
  const Outcome chunked = DecodeChunked(stream, max, seed);
  Check(whole.envelopes == chunked.envelopes, "chunking does not change the Envelopes");
  Check(whole.error == chunked.error, "chunking does not change the verdict");
  for (const auto& envelope : whole.envelopes) CheckRoundTrip(envelope, max);
  return 0;
}
