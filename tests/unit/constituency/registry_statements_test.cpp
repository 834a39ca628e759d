#include "triage/constituency/registry_statements.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::constituency {
namespace {

TEST(RegistryStatementsTest, ArrayLiteralsQuoteAndEscapeEveryElement) {
  EXPECT_EQ(TextArray({}), "{}");
  EXPECT_EQ(TextArray({"a", "b,c", "q\"\\"}), "{\"a\",\"b,c\",\"q\\\"\\\\\"}");
  EXPECT_EQ(IntArray(std::vector<std::int64_t>{1, -2}), "{1,-2}");
}

TEST(RegistryStatementsTest, NullableMsIsNullOnlyWhenAbsent) {
  EXPECT_EQ(NullableMs(std::nullopt).Param(), nullptr);
  EXPECT_STREQ(NullableMs(TimePoint{std::chrono::milliseconds{42}}).Param(), "42");
}

}  // namespace
}  // namespace ncirt::triage::constituency
