#include "triage/stats/summary_text.hpp"

#include <gtest/gtest.h>

#include "sample_statistics.hpp"

namespace ncirt::triage::stats {
namespace {

std::string Joined(const Statistics& s) {
  std::string all;
  for (const auto& p : SummaryParagraphs(s)) all += p + "\n";
  return all;
}

TEST(SummaryTextTest, DurationsReadAsPeopleWriteThem) {
  EXPECT_EQ(HumanDuration(45'000), "45 s");
  EXPECT_EQ(HumanDuration(12 * 60'000 + 30'000), "12 min");
  EXPECT_EQ(HumanDuration(3 * 3'600'000 + 5 * 60'000), "3 h 05 min");
  EXPECT_EQ(HumanDuration(2 * 86'400'000 + 4 * 3'600'000), "2 d 4 h");
}

TEST(SummaryTextTest, PercentagesRoundForProse) {
  EXPECT_EQ(Percent(1, 3), "33%");
  EXPECT_EQ(Percent(1, 250), "0.4%");
  EXPECT_EQ(Percent(1, 5000), "<0.1%");
  EXPECT_EQ(Percent(5, 0), "0%");
  EXPECT_EQ(Percent(2, 2), "100%");
}

TEST(SummaryTextTest, PeriodsReadAsDates) {
  const auto s = testing::SampleStatistics();
  EXPECT_EQ(HumanPeriod(s.period), "from 1 January 2025 to 31 December 2025");
  EXPECT_EQ(HumanPeriod({s.period.from, s.period.from + std::chrono::hours{6}}),
            "from 1 January 2025 until 2025-01-01T06:00:00Z");
}

TEST(SummaryTextTest, SummaryStatesTheFiguresItIsMadeOf) {
  const std::string text = Joined(testing::SampleStatistics());
  EXPECT_NE(text.find("took in 200 incidents from 1 January 2025 to 31 December 2025"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("4 reports were duplicates"), std::string::npos);
  EXPECT_NE(text.find("busiest month was 2025-02 with 120 incidents"), std::string::npos);
  EXPECT_NE(text.find("most frequent category was fraud/phishing (60% of incidents), followed "
                      "by availability/ddos (30%)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("10% had no category yet"), std::string::npos);
  EXPECT_NE(text.find("25% of incidents came from partner CIRTs, most of them from FR"),
            std::string::npos);
  EXPECT_NE(text.find("35% were marked TLP:AMBER or more restrictive (5% TLP:RED)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Half of the 180 triaged incidents were triaged within 10 min and 90% "
                      "within 50 min; 98% met"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("sent 12 shares to 1 partner CIRT and received 50 shares"),
            std::string::npos);
  EXPECT_NE(text.find("not known"), std::string::npos);
}

TEST(SummaryTextTest, EmptyPeriodSaysSoAndNothingElse) {
  Statistics s = testing::SampleStatistics();
  s.incidents = 0;
  s.merged = 0;
  const auto paragraphs = SummaryParagraphs(s);
  ASSERT_EQ(paragraphs.size(), 1u);
  EXPECT_EQ(paragraphs[0], "No incidents arrived from 1 January 2025 to 31 December 2025.");
}

TEST(SummaryTextTest, NothingTriagedYetIsSaidNotComputed) {
  Statistics s = testing::SampleStatistics();
  s.sla.back().triage = {};
  s.sla.back().resolve = {};
  const std::string text = Joined(s);
  EXPECT_NE(text.find("No incident of the period has been triaged yet. None has been resolved"),
            std::string::npos);
}

}  // namespace
}  // namespace ncirt::triage::stats
