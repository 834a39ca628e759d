#pragma once
// The printable annual report: one self-contained HTML page (GET /v1/reports/annual) with the
// summary in words (summary_text.hpp), charts as inline SVG (svg_chart.hpp) and the tables of
// the statistics, styled for A4 print: each section starts on a new page where it would
// otherwise split, and the TLP marking of the report (its ceiling, visibility.hpp) heads the
// first page and every printed page's top margin.
//
// The page has no script and loads nothing: its one <style> element is allowed by hash in
// the Content-Security-Policy that ReportHeaders() gives, so the policy can forbid everything
// else, including inline script and framing.
//
// Thread-safety: pure functions.

#include <string>
#include <utility>
#include <vector>

#include "triage/stats/statistics.hpp"

namespace ncirt::triage::stats {

// The page. `generated_at` and `generated_by` appear in the colophon.
std::string AnnualReportHtml(const Statistics& statistics, TimePoint generated_at,
                             const std::string& generated_by);

// The response headers that must accompany the page (name, value), CSP first.
std::vector<std::pair<std::string, std::string>> ReportHeaders();

}  // namespace ncirt::triage::stats
