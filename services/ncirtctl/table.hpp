#pragma once
// ncirtctl's output for people and for scripts: aligned text tables (the default), CSV
// (RFC 4180 quoting), and key/value blocks for one object.
//
// Thread-safety: pure functions.

#include <string>
#include <utility>
#include <vector>

namespace ncirt::ncirtctl {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// Columns padded to their widest cell, two spaces apart, a header line; "(none)" when empty.
// Control characters in cells are shown as spaces so a value cannot break the layout.
std::string RenderTable(const Table& table);

// A header row then one row per line, CRLF-free ("\n"), fields quoted when they hold a comma,
// a quote or a line break.
std::string RenderCsv(const Table& table);

// "key: value" lines with the keys aligned.
std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace ncirt::ncirtctl
