#include "iodef/json_text.hpp"

#include <gtest/gtest.h>

namespace ncirt::iodef {
namespace {

TEST(JsonTextTest, TurnsOffsetsIntoLinesAndCodePointColumns) {
  const LineIndex index("ab\ncé d\n\nx");
  auto at = [&](std::size_t offset) {
    const TextPosition p = index.PositionOf(offset);
    return std::pair<unsigned, unsigned>{p.line, p.column};
  };
  EXPECT_EQ(at(0), (std::pair<unsigned, unsigned>{1, 1}));
  EXPECT_EQ(at(2), (std::pair<unsigned, unsigned>{1, 3}));  // the newline itself
  EXPECT_EQ(at(3), (std::pair<unsigned, unsigned>{2, 1}));
  EXPECT_EQ(at(6), (std::pair<unsigned, unsigned>{2, 3}));  // after 'c' and the 2-byte 'é'
  EXPECT_EQ(at(9), (std::pair<unsigned, unsigned>{3, 1}));
  EXPECT_EQ(at(10), (std::pair<unsigned, unsigned>{4, 1}));
  EXPECT_EQ(at(1000), (std::pair<unsigned, unsigned>{4, 2}));  // clamps to the end
}

TEST(JsonTextTest, DescribesKnownPositionsOnly) {
  EXPECT_EQ(DescribePosition(TextPosition{3, 16}), "line 3, column 16");
  EXPECT_EQ(DescribePosition(TextPosition{}), "");
}

TEST(JsonTextTest, AbbreviatesOnCodePointBoundariesAndShowsControls) {
  EXPECT_EQ(Abbreviate("short", 10), "short");
  EXPECT_EQ(Abbreviate("abcdef", 3), "abc...");
  EXPECT_EQ(Abbreviate("aé", 2), "a...");  // does not cut 'é' in half
  EXPECT_EQ(Abbreviate("a\nb\x01", 10), "a\\u000Ab\\u0001");
}

}  // namespace
}  // namespace ncirt::iodef
