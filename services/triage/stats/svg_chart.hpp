#pragma once
// Charts for the annual report, drawn on the server as inline SVG: horizontal bars for
// breakdowns, columns for months. The SVG uses presentation attributes only (no style
// attributes, no script), so it renders under the report's Content-Security-Policy and prints
// as vectors. Labels are escaped: category names are ours, but submitter and organisation
// names come from outside.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ncirt::triage::stats {

struct Bar {
  std::string label;
  std::int64_t value = 0;
  // A fill colour (#rrggbb); empty for the default.
  std::string colour;
};

// Text escaped for XML and HTML content and attribute values.
std::string EscapeXml(std::string_view text);

// One bar per row, longest = full width, value written after the bar. An empty `bars` draws
// the sentence "No incidents in this period."
std::string BarChart(std::string_view title, const std::vector<Bar>& bars);

// One column per bar (e.g. per month), labels under the columns.
std::string ColumnChart(std::string_view title, const std::vector<Bar>& bars);

// The number with thin thousands separators: 1234567 -> "1,234,567".
std::string Thousands(std::int64_t value);

}  // namespace ncirt::triage::stats
