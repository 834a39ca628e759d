#pragma once
// The JSON binding of IODEF v2 (RFC 8727): decoding into the model, with RFC 8727's data model
// as the strict check; the rendering side is codec.hpp's RenderJson().
//
// Thread-safety: pure; safe to call concurrently.

#include <string_view>

#include "iodef/codec.hpp"

namespace ncirt::iodef {

// Same contract as Decode() for a JSON document: parse with the limits, check against RFC 8727's
// data model (every violation located by JSON pointer, plus line and column where known), map.
Decoded DecodeJson(std::string_view document, Policy policy, const Limits& limits);

}  // namespace ncirt::iodef
