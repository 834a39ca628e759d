#include "triage/stats/export.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "sample_statistics.hpp"

namespace ncirt::triage::stats {
namespace {

std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < csv.size()) {
    const std::size_t end = csv.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
    if (end == std::string::npos) break;
    lines.push_back(csv.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

TEST(ExportTest, JsonHasEveryMemberTheApiDocumentNames) {
  const auto json = StatisticsJson(testing::SampleStatistics());
  for (const char* member :
       {"period", "tlp_ceiling", "constituency_known", "incidents", "merged_duplicates",
        "by_category", "by_class", "by_sector", "by_critical_infrastructure", "by_source",
        "by_source_kind", "by_partner_country", "by_tlp", "by_state", "by_priority", "by_month",
        "sla", "partners", "top_indicators", "top_organisations"}) {
    EXPECT_TRUE(json.contains(member)) << member;
  }
  EXPECT_EQ(json["period"]["from"], "2025-01-01T00:00:00Z");
  EXPECT_EQ(json["tlp_ceiling"], "AMBER");
  EXPECT_EQ(json["by_category"][0]["category"], "fraud/phishing");
  EXPECT_EQ(json["by_source"][1]["partner"], nullptr);
  EXPECT_EQ(json["sla"][0]["time_to_triage"]["median_ms"], 300000);
  EXPECT_EQ(json["sla"][3]["time_to_resolve"]["median_ms"], nullptr);
  EXPECT_EQ(json["sla"][4]["priority"], "all");
  EXPECT_EQ(json["partners"][0]["refused_by_policy"], 3);
}

TEST(ExportTest, CsvIsOneFigurePerRowWithFourFields) {
  const auto lines = Lines(StatisticsCsv(testing::SampleStatistics()));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "section,key,measure,value");
  EXPECT_EQ(lines[4], "total,incidents,incidents,200");
  bool saw_sla = false, saw_empty = false;
  for (const std::string& line : lines) {
    if (line == "sla,P1,time_to_triage_median_ms,300000") saw_sla = true;
    if (line == "sla,P4,time_to_resolve_median_ms,") saw_empty = true;
  }
  EXPECT_TRUE(saw_sla);
  EXPECT_TRUE(saw_empty);
}

TEST(ExportTest, CsvQuotesSeparatorsAndDefusesFormulas) {
  const std::string csv = StatisticsCsv(testing::SampleStatistics());
  EXPECT_NE(csv.find("top_organisation,\"acme, inc.\",incidents,3\r\n"), std::string::npos);
  EXPECT_NE(csv.find("top_indicator,url =cmd|'/c calc'!A1,incidents,2"), std::string::npos)
      << "a value that only starts a later field is not a formula\n" << csv;
  EXPECT_EQ(CsvField("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(CsvField("@x"), "'@x");
  EXPECT_EQ(CsvField("-12"), "-12");
  EXPECT_EQ(CsvField("-x"), "'-x");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("a\nb"), "\"a\nb\"");
}

}  // namespace
}  // namespace ncirt::triage::stats
