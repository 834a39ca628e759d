#pragma once
// The small pieces of Prometheus' text exposition format (version 0.0.4) that every metric kind
// needs: escaping of label values and help text, number formatting, and label sets.
//
// https://prometheus.io/docs/instrumenting/exposition_formats/ is the reference. Label values
// can hold text from requests (a route name is ours, but a rejection reason or a submitter may
// not be), so they are always escaped: a value cannot break out of its quotes or its line.
//
// Thread-safety: pure functions.

#include <span>
#include <string>
#include <string_view>

namespace ncirt::common::metrics {

// The Content-Type of a scrape response.
inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// Backslash, double quote and line feed escaped as \\, \" and \n.
std::string EscapeLabelValue(std::string_view value);

// Backslash and line feed escaped (HELP lines keep double quotes as they are).
std::string EscapeHelp(std::string_view help);

// A sample value: integers without a fraction, "+Inf", "-Inf", "NaN", otherwise the shortest
// decimal that reads back to the same double.
std::string FormatValue(double value);

// `{a="x",b="y"}`, or "" when there are no labels. REQUIRES: names.size() == values.size().
std::string LabelSet(std::span<const std::string> names, std::span<const std::string> values);

// "# HELP name help\n# TYPE name type\n".
std::string Header(std::string_view name, std::string_view help, std::string_view type);

}  // namespace ncirt::common::metrics
