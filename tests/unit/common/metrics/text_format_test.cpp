#include "common/metrics/text_format.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace ncirt::common::metrics {
namespace {

TEST(TextFormatTest, LabelValuesCannotBreakOutOfTheirQuotesOrLine) {
  const struct {
    const char* raw;
    const char* escaped;
  } cases[] = {
      {"plain", "plain"},
      {"a\"b", "a\\\"b"},
      {"back\\slash", "back\\\\slash"},
      {"two\nlines", "two\\nlines"},
      {"\"}\nforged_metric 1", "\\\"}\\nforged_metric 1"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(EscapeLabelValue(c.raw), c.escaped) << c.raw;
  }
}

TEST(TextFormatTest, HelpKeepsQuotesButEscapesBackslashAndNewline) {
  EXPECT_EQ(EscapeHelp("say \"hi\"\\\nbye"), "say \"hi\"\\\\\\nbye");
}

TEST(TextFormatTest, NumbersUseTheShortestFormAndPrometheusSpecialValues) {
  EXPECT_EQ(FormatValue(12), "12");
  EXPECT_EQ(FormatValue(0.005), "0.005");
  EXPECT_EQ(FormatValue(2.5), "2.5");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(TextFormatTest, LabelSetIsEmptyWithoutLabelsAndQuotedWithThem) {
  EXPECT_EQ(LabelSet({}, {}), "");
  const std::vector<std::string> names = {"route", "status"};
  const std::vector<std::string> values = {"POST /v1/incidents", "201"};
  EXPECT_EQ(LabelSet(names, values), "{route=\"POST /v1/incidents\",status=\"201\"}");
  const std::vector<std::string> one = {"x"};
  EXPECT_THROW(LabelSet(names, one), std::logic_error);
}

TEST(TextFormatTest, HeaderNamesHelpAndType) {
  EXPECT_EQ(Header("x_total", "Things.", "counter"),
            "# HELP x_total Things.\n# TYPE x_total counter\n");
}

}  // namespace
}  // namespace ncirt::common::metrics
