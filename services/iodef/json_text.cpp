#include "iodef/json_text.hpp"

#include <algorithm>
#include <cstdio>

namespace ncirt::iodef {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

TextPosition LineIndex::PositionOf(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(after - line_starts_.begin());  // 1-based
  const std::size_t start = line_starts_[line - 1];
  std::uint32_t column = 1;
  for (std::size_t i = start; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text_[i]);
    if ((byte & 0xC0) != 0x80) ++column;
  }
  return TextPosition{static_cast<std::uint32_t>(line), column};
}

std::string DescribePosition(const TextPosition& position) {
  if (position.line == 0) return {};
  return "line " + std::to_string(position.line) + ", column " + std::to_string(position.column);
}

std::string Abbreviate(std::string_view text, std::size_t max_bytes) {
  bool cut = false;
  if (text.size() > max_bytes) {
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    cut = true;
  }
  std::string out;
  out.reserve(text.size() + 3);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04X", static_cast<unsigned>(byte));
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  if (cut) out += "...";
  return out;
}

}  // namespace ncirt::iodef
