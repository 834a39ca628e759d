#include "triage/stats/request.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::stats {
namespace {

TEST(RequestTest, StatisticsQueryTakesPeriodTlpTopAndFormat) {
  auto r = ParseStatisticsQuery("from=2025-01-01&to=2025-02-01&tlp=AMBER%2BSTRICT&top=5", "");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->tlp, "AMBER+STRICT");
  EXPECT_EQ(r->top, 5);
  EXPECT_FALSE(r->csv);
  EXPECT_TRUE(ParseStatisticsQuery("from=2025-01-01&to=2025-02-01&format=csv", "")->csv);
}

TEST(RequestTest, AcceptTextCsvChoosesCsvUnlessFormatSaysOtherwise) {
  EXPECT_TRUE(ParseStatisticsQuery("from=2025-01-01&to=2025-02-01", "text/csv")->csv);
  EXPECT_FALSE(
      ParseStatisticsQuery("from=2025-01-01&to=2025-02-01&format=json", "text/csv")->csv);
  EXPECT_EQ(ParseStatisticsQuery("from=2025-01-01&to=2025-02-01", "")->top, kDefaultTop);
}

TEST(RequestTest, BadQueriesAreRefusedWithTheParameterNamed) {
  struct Case {
    const char* query;
    const char* says;
  };
  const Case cases[] = {
      {"form=2025-01-01&to=2025-02-01", "unknown parameter 'form'"},
      {"from=2025-01-01&from=2025-01-02&to=2025-02-01", "more than once"},
      {"to=2025-02-01", "'from' is missing"},
      {"from=2025-01-01&to=2025-02-01&top=0", "'top'"},
      {"from=2025-01-01&to=2025-02-01&top=101", "'top'"},
      {"from=2025-01-01&to=2025-02-01&top=ten", "'top'"},
      {"from=2025-01-01&to=2025-02-01&format=xml", "'format'"},
      {"from=2025-01-01&to=2025-02-01&tlp=%ZZ", "%-escape"},
      {"from=2025-01-01&to=2025-02-01&tlp=%4", "%-escape"},
      {"from=yesterday&to=2025-02-01", "'from'"},
  };
  for (const Case& c : cases) {
    auto r = ParseStatisticsQuery(c.query, "");
    ASSERT_FALSE(r) << c.query;
    EXPECT_EQ(r.error().kind, common::ErrorKind::kBadRequest) << c.query;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos)
        << c.query << ": " << r.error().message;
  }
}

TEST(RequestTest, AnnualQueryNeedsAYearAndTakesNoPeriod) {
  auto r = ParseAnnualQuery("year=2025&tlp=GREEN");
  ASSERT_TRUE(r);
  EXPECT_EQ(FormatDate(r->period.from), "2025-01-01");
  EXPECT_EQ(FormatDate(r->period.to), "2026-01-01");
  EXPECT_NE(ParseAnnualQuery("").error().message.find("'year' is missing"), std::string::npos);
  EXPECT_NE(ParseAnnualQuery("year=2025&from=2025-01-01").error().message.find("unknown"),
            std::string::npos);
  EXPECT_FALSE(ParseAnnualQuery("year=25"));
}

}  // namespace
}  // namespace ncirt::triage::stats
