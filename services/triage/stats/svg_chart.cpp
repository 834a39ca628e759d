#include "triage/stats/svg_chart.hpp"

#include <algorithm>

namespace ncirt::triage::stats {
namespace {

constexpr int kWidth = 680;
constexpr int kLabelWidth = 250;
constexpr int kValueWidth = 80;
constexpr int kRow = 22;
constexpr const char* kDefaultColour = "#2f5d8a";

std::string Num(double value) {
  std::string text = std::to_string(static_cast<long long>(value * 10 + 0.5));
  if (text.size() == 1) text = "0" + text;
  return text.substr(0, text.size() - 1) + "." + text.substr(text.size() - 1);
}

std::string Open(std::string_view title, int height) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" width=\"" +
         std::to_string(kWidth) + "\" height=\"" + std::to_string(height) +
         "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(height) +
         "\" font-family=\"sans-serif\" font-size=\"12\"><title>" + EscapeXml(title) +
         "</title>";
}

std::string Truncated(const std::string& label, std::size_t max) {
  if (label.size() <= max) return label;
  return label.substr(0, max - 1) + "\u2026";
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Thousands(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return value < 0 ? "-" + digits : digits;
}

std::string BarChart(std::string_view title, const std::vector<Bar>& bars) {
  if (bars.empty()) {
    return Open(title, kRow) + "<text x=\"0\" y=\"15\">No incidents in this period.</text></svg>";
  }
  const int height = static_cast<int>(bars.size()) * kRow + 4;
  std::string svg = Open(title, height);
  std::int64_t max = 1;
  for (const Bar& bar : bars) max = std::max(max, bar.value);
  const double span = kWidth - kLabelWidth - kValueWidth;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const int y = static_cast<int>(i) * kRow;
    const double width = bar.value <= 0 ? 0 : std::max(1.0, span * bar.value / max);
    const std::string colour = bar.colour.empty() ? kDefaultColour : bar.colour;
    svg += "<text x=\"" + std::to_string(kLabelWidth - 6) + "\" y=\"" + std::to_string(y + 15) +
           "\" text-anchor=\"end\">" + EscapeXml(Truncated(bar.label, 38)) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y + 3) +
           "\" width=\"" + Num(width) + "\" height=\"" + std::to_string(kRow - 6) +
           "\" fill=\"" + EscapeXml(colour) + "\" stroke=\"#333333\" stroke-width=\"0.5\"/>";
    svg += "<text x=\"" + Num(kLabelWidth + width + 6) + "\" y=\"" + std::to_string(y + 15) +
           "\">" + Thousands(bar.value) + "</text>";
  }
  return svg + "</svg>";
}

std::string ColumnChart(std::string_view title, const std::vector<Bar>& bars) {
  constexpr int kPlot = 160;
  constexpr int kTop = 18;
  const int height = kTop + kPlot + 22;
  std::string svg = Open(title, height);
  if (bars.empty()) return svg + "<text x=\"0\" y=\"15\">No incidents in this period.</text></svg>";
  std::int64_t max = 1;
  for (const Bar& bar : bars) max = std::max(max, bar.value);
  const double slot = static_cast<double>(kWidth) / static_cast<double>(bars.size());
  const double column = slot * 0.7;
  svg += "<line x1=\"0\" y1=\"" + std::to_string(kTop + kPlot) + "\" x2=\"" +
         std::to_string(kWidth) + "\" y2=\"" + std::to_string(kTop + kPlot) +
         "\" stroke=\"#333333\" stroke-width=\"1\"/>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double h =
        bar.value <= 0 ? 0 : std::max(1.0, kPlot * static_cast<double>(bar.value) / max);
    const double x = slot * static_cast<double>(i) + (slot - column) / 2;
    const double centre = slot * static_cast<double>(i) + slot / 2;
    const std::string colour = bar.colour.empty() ? kDefaultColour : bar.colour;
    svg += "<rect x=\"" + Num(x) + "\" y=\"" + Num(kTop + kPlot - h) + "\" width=\"" +
           Num(column) + "\" height=\"" + Num(h) + "\" fill=\"" + EscapeXml(colour) + "\"/>";
    svg += "<text x=\"" + Num(centre) + "\" y=\"" + Num(kTop + kPlot - h - 4) +
           "\" text-anchor=\"middle\" font-size=\"10\">" + Thousands(bar.value) + "</text>";
    svg += "<text x=\"" + Num(centre) + "\" y=\"" + std::to_string(kTop + kPlot + 15) +
           "\" text-anchor=\"middle\">" + EscapeXml(Truncated(bar.label, 12)) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace ncirt::triage::stats
