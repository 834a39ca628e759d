#include "intake/store/sql_text.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake::store {
namespace {

TEST(SqlTextTest, ValidUtf8PassesUnchanged) {
  EXPECT_EQ(SqlText("plain"), "plain");
  const std::string mixed = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x92";
  EXPECT_EQ(SqlText(mixed), mixed);
}

TEST(SqlTextTest, NulAndInvalidSequencesBecomeReplacementCharacters) {
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(SqlText(std::string("a\0b", 3)), "a" + replacement + "b");
  EXPECT_EQ(SqlText("\xFF"), replacement);
  EXPECT_EQ(SqlText("\xC3"), replacement) << "truncated sequence";
  EXPECT_EQ(SqlText("\xC0\xAF"), replacement + replacement) << "overlong";
  EXPECT_EQ(SqlText("\xED\xA0\x80"), replacement + replacement + replacement) << "surrogate";
}

TEST(SqlTextTest, JsonbTextCleansKeysAndValuesAtAnyDepth) {
  nlohmann::json json = {{"detail", std::string("x\0y", 3)},
                         {"issues", {{{"message", std::string("\xFF")}}}},
                         {"n", 3}};
  const std::string text = JsonbText(json);
  EXPECT_EQ(text.find("\\u0000"), std::string::npos);
  const auto back = nlohmann::json::parse(text);
  EXPECT_EQ(back["detail"], "x\xEF\xBF\xBDy");
  EXPECT_EQ(back["issues"][0]["message"], "\xEF\xBF\xBD");
  EXPECT_EQ(back["n"], 3);
}

}  // namespace
}  // namespace ncirt::intake::store
