#include "iodef/cddl_parser.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ncirt::iodef::cddl {
namespace {

const Type1& OnlyChoice(const Rule& rule) {
  EXPECT_EQ(rule.type->choices.size(), 1u) << rule.name;
  return rule.type->choices.front();
}

TEST(CddlParserTest, ReadsRulesWithLiteralsNamesAndChoices) {
  auto module = ParseCddl(
      "start = doc ; the root\n"
      "key-a = -24\n"
      "colour = \"red\" / \"green\" / other\n"
      "ratio = 0.5\n");
  ASSERT_TRUE(module) << module.error().message;
  ASSERT_EQ(module->rules.size(), 4u);
  EXPECT_EQ(module->rules[0].name, "start");
  EXPECT_EQ(OnlyChoice(module->rules[0]).target.name, "doc");
  EXPECT_EQ(OnlyChoice(module->rules[1]).target.literal.integer, -24);
  const Type& colour = *module->rules[2].type;
  ASSERT_EQ(colour.choices.size(), 3u);
  EXPECT_EQ(colour.choices[0].target.literal.text, "red");
  EXPECT_EQ(colour.choices[2].target.kind, Type2::Kind::kName);
  EXPECT_EQ(OnlyChoice(module->rules[3]).target.literal.kind, Literal::Kind::kFloat);
  EXPECT_EQ(module->rules[2].at.line, 3u);
}

TEST(CddlParserTest, ReadsControlOperatorsAndUnescapesTextLikeJson) {
  auto module = ParseCddl("id = text .regexp \"[a-z]\\\\-[0-9]\"\npos = float32 .gt 0\n");
  ASSERT_TRUE(module) << module.error().message;
  const Type1& id = OnlyChoice(module->rules[0]);
  EXPECT_EQ(id.control, "regexp");
  EXPECT_EQ(id.controller->literal.text, "[a-z]\\-[0-9]");
  EXPECT_EQ(OnlyChoice(module->rules[1]).control, "gt");
}

TEST(CddlParserTest, ReadsMapMembersOccurrencesAndGroupChoices) {
  auto module = ParseCddl(
      "m = {\n"
      "  name => text,\n"
      "  ? note => text\n"      // no comma: optional in CDDL
      "  * extra: any,\n"
      "  2*3 \"lit\": int,\n"
      "  (a => int // b => int)\n"
      "}\n");
  ASSERT_TRUE(module) << module.error().message;
  const Type2& map = OnlyChoice(module->rules[0]).target;
  ASSERT_EQ(map.kind, Type2::Kind::kMap);
  ASSERT_EQ(map.group->choices.size(), 1u);
  const auto& entries = map.group->choices.front();
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].kind, GroupEntry::Kind::kMember);
  EXPECT_EQ(entries[0].occurrence.min, 1u);
  EXPECT_EQ(entries[1].occurrence.min, 0u);
  EXPECT_EQ(entries[1].occurrence.max, 1u);
  EXPECT_EQ(entries[2].occurrence.max, Occurrence::kUnbounded);
  EXPECT_EQ(entries[2].key->target.literal.text, "extra");  // bareword key
  EXPECT_EQ(entries[3].occurrence.min, 2u);
  EXPECT_EQ(entries[3].occurrence.max, 3u);
  EXPECT_EQ(entries[4].kind, GroupEntry::Kind::kGroup);
  EXPECT_EQ(entries[4].group->choices.size(), 2u);
}

TEST(CddlParserTest, ReadsArraysAndParenthesisedTypes) {
  auto module = ParseCddl("list = [+ (text / int)]\n");
  ASSERT_TRUE(module) << module.error().message;
  const Type2& array = OnlyChoice(module->rules[0]).target;
  ASSERT_EQ(array.kind, Type2::Kind::kArray);
  const GroupEntry& entry = array.group->choices.front().front();
  EXPECT_EQ(entry.kind, GroupEntry::Kind::kType);
  EXPECT_EQ(entry.occurrence.min, 1u);
  EXPECT_EQ(entry.type->choices.front().target.kind, Type2::Kind::kParenthesized);
}

struct Refusal {
  const char* name;
  const char* text;
  const char* message_part;
};

class CddlParserRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(CddlParserRefusalTest, RefusesWithALocatedMessage) {
  auto module = ParseCddl(GetParam().text);
  ASSERT_FALSE(module) << GetParam().text;
  EXPECT_EQ(module.error().kind, common::ErrorKind::kBadConfig);
  EXPECT_NE(module.error().message.find("CDDL line "), std::string::npos)
      << module.error().message;
  EXPECT_NE(module.error().message.find(GetParam().message_part), std::string::npos)
      << module.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Constructs, CddlParserRefusalTest,
    ::testing::Values(
        Refusal{"Generic", "pair<a> = [a, a]\n", "generic"},
        Refusal{"Socket", "x = $ext\n", "socket"},
        Refusal{"Range", "x = 1..5\n", "range"},
        Refusal{"Unwrap", "x = ~y\n", "unwrapping"},
        Refusal{"Enumeration", "x = &(a: 1)\n", "'&'"},
        Refusal{"Tag", "x = #6.0(tstr)\n", "'#'"},
        Refusal{"Bytes", "x = h'00'\n", "byte-string"},
        Refusal{"Cut", "x = { a ^ => int }\n", "cut"},
        Refusal{"ExtendedRule", "x /= int\n", "extending"},
        Refusal{"GroupRule", "x = a: int, b: int\n", "group rule"},
        Refusal{"CommaInChoice", "x = \"a\" /, \"b\"\n", "expected a type, found ','"},
        Refusal{"UnclosedMap", "x = [+ {a => int / {b => int}]\n", "'}' to close"},
        Refusal{"UnclosedText", "x = \"abc\n", "not closed"},
        Refusal{"UnknownEscape", "x = \"a\\qb\"\n", "escape"},
        Refusal{"MissingEquals", "x int\n", "expected '='"},
        Refusal{"Empty", "; only a comment\n", "no rules"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(CddlParserTest, ReportsTheLineAndColumnOfTheOffendingToken) {
  auto module = ParseCddl("a = int\nb = {\n  x => \"1\" /, \"2\"\n}\n");
  ASSERT_FALSE(module);
  EXPECT_NE(module.error().message.find("CDDL line 3, column 13"), std::string::npos)
      << module.error().message;
}

}  // namespace
}  // namespace ncirt::iodef::cddl
