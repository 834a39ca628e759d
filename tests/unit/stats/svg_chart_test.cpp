#include "triage/stats/svg_chart.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::stats {
namespace {

std::size_t CountOf(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + 1)) {
    ++n;
  }
  return n;
}

TEST(SvgChartTest, BarChartDrawsOneBarPerRowScaledToTheLargest) {
  const std::string svg = BarChart("By category", {{"a", 10, ""}, {"b", 5, "#ff0000"}});
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""));
  EXPECT_EQ(CountOf(svg, "<rect"), 2u);
  EXPECT_NE(svg.find("width=\"350.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("width=\"175.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("fill=\"#ff0000\""), std::string::npos);
  EXPECT_NE(svg.find("<title>By category</title>"), std::string::npos);
}

TEST(SvgChartTest, LabelsAreEscapedAndNothingRuns) {
  const std::string svg = BarChart("t", {{"<script>x</script>", 1, ""}});
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos);
  EXPECT_EQ(EscapeXml("a&b\"'<>"), "a&amp;b&quot;&#39;&lt;&gt;");
}

TEST(SvgChartTest, EmptyChartsSaySo) {
  EXPECT_NE(BarChart("t", {}).find("No incidents in this period."), std::string::npos);
  EXPECT_NE(ColumnChart("t", {}).find("No incidents in this period."), std::string::npos);
}

TEST(SvgChartTest, ColumnChartHasOneColumnAndLabelPerBar) {
  const std::string svg = ColumnChart("Months", {{"2025-01", 3, ""}, {"2025-02", 0, ""}});
  EXPECT_EQ(CountOf(svg, "<rect"), 2u);
  EXPECT_NE(svg.find(">2025-02</text>"), std::string::npos);
  EXPECT_NE(svg.find("height=\"0.0\""), std::string::npos) << "a zero month draws no column";
}

TEST(SvgChartTest, ThousandsSeparatesGroups) {
  EXPECT_EQ(Thousands(0), "0");
  EXPECT_EQ(Thousands(999), "999");
  EXPECT_EQ(Thousands(1000), "1,000");
  EXPECT_EQ(Thousands(1234567), "1,234,567");
  EXPECT_EQ(Thousands(-1234), "-1,234");
}

}  // namespace
}  // namespace ncirt::triage::stats
