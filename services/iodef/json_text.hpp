#pragma once
// Small text helpers shared by the JSON binding: turning byte offsets into line and column,
// and quoting untrusted values in messages without letting them grow or break a log line.
//
// Thread-safety: LineIndex is immutable after construction; the functions are pure.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ncirt::iodef {

struct TextPosition {
  std::uint32_t line = 0;    // 1-based; 0 means unknown
  std::uint32_t column = 0;  // 1-based, in code points
};

// The start offset of every line of a text, for offset → line/column in O(log lines).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // Line is 1-based; column is 1-based and counts code points (UTF-8 continuation bytes are not
  // counted), which is what an editor shows. Offsets past the end clamp to the end.
  TextPosition PositionOf(std::size_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

// "line 3, column 16", or "" when the position is unknown (line 0).
std::string DescribePosition(const TextPosition& position);

// At most `max_bytes` of `text` (cut on a code point boundary, "..." appended when cut), with
// control characters shown as \uXXXX so a message stays one printable line.
std::string Abbreviate(std::string_view text, std::size_t max_bytes);

}  // namespace ncirt::iodef
