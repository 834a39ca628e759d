#include "triage/handlers/work.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::handlers {
namespace {

constexpr const char* kId = "4f0c0f7e-3a57-4d0e-9a53-0c1f3bde5a11";

TEST(QueueCursorTest, PlainCursorRoundTrips) {
  const store::PageKey key{TimePoint{std::chrono::milliseconds{1'800'000'000'123}}, kId, 0, {}};
  const std::string text = CursorText(key);
  EXPECT_EQ(text, std::string("1800000000123.") + kId);
  const auto back = ParseCursor(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->created_at, key.created_at);
  EXPECT_EQ(back->incident_id, kId);
  EXPECT_FALSE(back->as_of.has_value());
}

TEST(QueueCursorTest, OverdueFirstCursorKeepsItsInstantAndPart) {
  const store::PageKey key{TimePoint{std::chrono::milliseconds{5}}, kId, 1,
                           TimePoint{std::chrono::milliseconds{9}}};
  const std::string text = CursorText(key);
  EXPECT_EQ(text, std::string("9.1.5.") + kId);
  const auto back = ParseCursor(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->part, 1);
  ASSERT_TRUE(back->as_of);
  EXPECT_EQ(back->as_of->time_since_epoch().count(), 9);
  EXPECT_EQ(back->created_at.time_since_epoch().count(), 5);
}

TEST(QueueCursorTest, MalformedCursorsAreRefused) {
  for (const char* text : {"", "abc", "12x.id", "1.2.id", "9.2.5.id", "1.2.3.4.id", ".id"}) {
    EXPECT_FALSE(ParseCursor(text).has_value()) << text;
  }
}

TEST(QueryValueTest, DecodesPercentAndPlusAndTellsAbsentFromEmpty) {
  EXPECT_EQ(QueryValue("category=fraud%2Fphishing&mine=true", "category"), "fraud/phishing");
  EXPECT_EQ(QueryValue("a=x+y", "a"), "x y");
  EXPECT_EQ(QueryValue("mine", "mine"), "");
  EXPECT_FALSE(QueryValue("minefield=1", "mine").has_value());
}

}  // namespace
}  // namespace ncirt::triage::handlers
