#include "triage/stats/period.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::stats {
namespace {

using namespace std::chrono;

TimePoint At(int y, unsigned m, unsigned d, int h = 0) {
  return time_point_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}}) + hours{h};
}

TEST(PeriodTest, DatesAndInstantsParseAsUtc) {
  EXPECT_EQ(ParseInstant("2025-03-01", "from").value(), At(2025, 3, 1));
  EXPECT_EQ(ParseInstant("2025-03-01T06:00:00Z", "from").value(), At(2025, 3, 1, 6));
}

TEST(PeriodTest, MalformedInstantsAreRefusedNamingTheParameter) {
  for (const char* text : {"2025-13-01", "2025-02-30", "25-01-01", "2025-01-01T24:00:00Z",
                           "2025-01-01T10:00:00", "2025-01-01 10:00:00Z", "1969-12-31", "",
                           "2025-01-01T10:00:00+01:00", "2O25-01-01"}) {
    auto parsed = ParseInstant(text, "from");
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().kind, common::ErrorKind::kBadRequest);
    EXPECT_NE(parsed.error().message.find("'from'"), std::string::npos) << text;
  }
}

TEST(PeriodTest, PeriodNeedsBothBoundsInOrderAndNotTooLong) {
  EXPECT_FALSE(ParsePeriod(std::nullopt, "2025-01-01"));
  EXPECT_NE(ParsePeriod("2025-01-01", std::nullopt).error().message.find("'to' is missing"),
            std::string::npos);
  EXPECT_NE(ParsePeriod("2025-01-02", "2025-01-01").error().message.find("must be after"),
            std::string::npos);
  EXPECT_FALSE(ParsePeriod("2025-01-01", "2025-01-01"));
  EXPECT_NE(ParsePeriod("2000-01-01", "2015-01-01").error().message.find("longer than"),
            std::string::npos);
  const auto ok = ParsePeriod("2025-01-01", "2026-01-01").value();
  EXPECT_EQ(ok.from, At(2025, 1, 1));
  EXPECT_EQ(ok.to, At(2026, 1, 1));
}

TEST(PeriodTest, YearIsTheCalendarYear) {
  const auto year = YearPeriod("2024").value();
  EXPECT_EQ(year.from, At(2024, 1, 1));
  EXPECT_EQ(year.to, At(2025, 1, 1));
  for (const char* bad : {"24", "1969", "9999", "2024a", "+2024", ""}) {
    EXPECT_FALSE(YearPeriod(bad)) << bad;
  }
}

TEST(PeriodTest, FormatsInstantsAndDates) {
  EXPECT_EQ(FormatInstant(At(2025, 1, 2, 3) + minutes{4} + seconds{5}), "2025-01-02T03:04:05Z");
  EXPECT_EQ(FormatInstant(At(2025, 1, 2) + milliseconds{7}), "2025-01-02T00:00:00.007Z");
  EXPECT_EQ(FormatDate(At(2025, 12, 31, 23)), "2025-12-31");
}

TEST(PeriodTest, AlignedYearIsTwelveWholeMonthsWithoutEdges) {
  const auto split = SplitByMonth({At(2025, 1, 1), At(2026, 1, 1)});
  EXPECT_EQ(split.first_month, At(2025, 1, 1));
  EXPECT_EQ(split.end_month, At(2026, 1, 1));
  EXPECT_EQ(split.head_end, At(2025, 1, 1));
  EXPECT_EQ(split.tail_start, At(2026, 1, 1));
  EXPECT_EQ(split.first_year, At(2025, 1, 1));
  EXPECT_EQ(split.end_year, At(2026, 1, 1));
}

TEST(PeriodTest, WholeYearsInsideALongerPeriodComeFromYearRows) {
  const auto split = SplitByMonth({At(2023, 11, 5), At(2026, 2, 10)});
  EXPECT_EQ(split.first_month, At(2023, 12, 1));
  EXPECT_EQ(split.end_month, At(2026, 2, 1));
  EXPECT_EQ(split.first_year, At(2024, 1, 1));
  EXPECT_EQ(split.end_year, At(2026, 1, 1));
}

TEST(PeriodTest, RaggedPeriodReadsItsEdgesFromRows) {
  const Period period{At(2025, 1, 15, 6), At(2025, 4, 10)};
  const auto split = SplitByMonth(period);
  EXPECT_EQ(split.first_month, At(2025, 2, 1));
  EXPECT_EQ(split.end_month, At(2025, 4, 1));
  EXPECT_EQ(split.head_end, At(2025, 2, 1));
  EXPECT_EQ(split.tail_start, At(2025, 4, 1));
  EXPECT_EQ(split.first_year, split.end_year) << "no whole year inside";
}

TEST(PeriodTest, PeriodInsideOneMonthReadsOnlyRows) {
  const Period period{At(2025, 3, 2), At(2025, 3, 20)};
  const auto split = SplitByMonth(period);
  EXPECT_EQ(split.first_month, split.end_month);
  EXPECT_EQ(split.head_end, period.to);
  EXPECT_EQ(split.tail_start, period.to);
  // Across a month boundary without a whole month: still rows only.
  const auto across = SplitByMonth({At(2025, 3, 20), At(2025, 4, 10)});
  EXPECT_EQ(across.first_month, across.end_month);
  EXPECT_EQ(across.head_end, At(2025, 4, 10));
}

}  // namespace
}  // namespace ncirt::triage::stats
