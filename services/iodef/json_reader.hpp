#pragma once
// Reads untrusted JSON text into an nlohmann::json value under the codec's Limits, and finds
// where values sit in the text afterwards.
//
// The parse is nlohmann-json's SAX parser driving our own tree builder, so every limit is
// enforced while reading, before memory grows: the document size before anything is parsed,
// then nesting depth, the number of values, and the length of each member name and string. Each
// limit has its own ErrorKind::kTooLarge message. Syntax errors, ill-formed UTF-8, raw control
// characters in strings, numbers that do not fit (integers beyond 64 bits, floats beyond a
// double) and duplicate member names are ErrorKind::kInvalidDocument. Every error carries the
// line and column (1-based; the column counts Unicode code points) of the offending token.
//
// Duplicate member names are refused rather than resolved: RFC 8259 leaves their meaning to the
// implementation, so two parsers could read two different incidents from the same bytes. An
// incident report has no reason to repeat a member.
//
// Which string limit applies: member names and the strings of attribute-like members
// (RFC 8727 spells IODEF attributes in lower case: "purpose", "id", "ext-type") are held to
// Limits::max_attribute_bytes; strings of element members (capitalised: "Description",
// "EmailBody") and of "value" are element content, held to Limits::max_text_bytes.
//
// Thread-safety: pure functions; safe to call concurrently.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error/error.hpp"
#include "iodef/json_text.hpp"
#include "iodef/limits.hpp"

namespace ncirt::iodef {

struct JsonReadError {
  common::Error error;  // kind, message (which names the position), where ("line L, column C")
  TextPosition position;
};

std::expected<nlohmann::json, JsonReadError> ReadJson(std::string_view document,
                                                      const Limits& limits);

// For a document ReadJson() accepted: the position of the first byte of each value named by a
// JSON pointer (RFC 6901) in `pointers`. Pointers that name no value are absent from the result.
std::unordered_map<std::string, TextPosition> LocateJsonPointers(
    std::string_view document, const std::vector<std::string>& pointers);

// `base` + "/" + `token`, with the token escaped as RFC 6901 requires ("~" → "~0", "/" → "~1").
std::string AppendPointer(std::string_view base, std::string_view token);
std::string AppendPointer(std::string_view base, std::size_t index);

}  // namespace ncirt::iodef
