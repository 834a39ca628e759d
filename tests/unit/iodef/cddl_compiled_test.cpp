#include "iodef/cddl_compiled.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "iodef/cddl_parser.hpp"

namespace ncirt::iodef::cddl {
namespace {

common::Result<std::shared_ptr<const CompiledModule>> Bind(const std::string& text,
                                                           const std::string& prefix = "") {
  auto module = ParseCddl(text);
  EXPECT_TRUE(module) << module.error().message;
  if (!module) return std::unexpected(module.error());
  return BindModule(std::move(*module), CompileOptions{prefix});
}

TEST(CddlCompiledTest, ResolvesNamesKeysAndPatterns) {
  auto compiled = Bind(
      "start = doc\n"
      "doc = {iodef-version => text, ? iodef-lang => lang}\n"
      "lang = text .regexp \"[a-z]{2}\"\n"
      "iodef-version = -24\n"
      "iodef-lang = -23\n",
      "iodef-");
  ASSERT_TRUE(compiled) << compiled.error().message;
  EXPECT_EQ((*compiled)->root->name, "start");
  std::vector<std::string> names;
  for (const auto& [entry, name] : (*compiled)->member_names) names.push_back(name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"lang", "version"}));
  ASSERT_EQ((*compiled)->patterns.size(), 1u);
  const Pattern& pattern = *(*compiled)->patterns.begin()->second;
  EXPECT_TRUE(pattern.Matches("en"));
  EXPECT_FALSE(pattern.Matches("eng"));  // anchored at both ends
  EXPECT_FALSE(pattern.Matches("e"));
}

struct Refusal {
  const char* name;
  const char* text;
  const char* message_part;
};

class CddlCompiledRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(CddlCompiledRefusalTest, RefusesWhatItCannotJudgeExactly) {
  auto compiled = Bind(GetParam().text);
  ASSERT_FALSE(compiled) << GetParam().text;
  EXPECT_EQ(compiled.error().kind, common::ErrorKind::kBadConfig);
  EXPECT_NE(compiled.error().message.find("CDDL line "), std::string::npos)
      << compiled.error().message;
  EXPECT_NE(compiled.error().message.find(GetParam().message_part), std::string::npos)
      << compiled.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Constructs, CddlCompiledRefusalTest,
    ::testing::Values(
        Refusal{"UndefinedName", "t = {a: f}\n", "'f' is neither a rule nor a prelude type"},
        Refusal{"UnknownPrelude", "t = bstr\n", "'bstr' is neither"},
        // RFC 8727 draft-14's "? iodef-Indicator f=> [+ Indicator]" has this shape.
        Refusal{"KeylessMapEntry", "t = {? k f=> int}\nk = \"k\"\n", "without a member key"},
        Refusal{"UnsupportedControl", "t = text .size 3\n", ".size is not supported"},
        Refusal{"RegexpOnNumber", "t = int .regexp \"1\"\n", ".regexp applies only to text"},
        Refusal{"GtOnText", "t = text .gt 1\n", ".gt applies only to numbers"},
        Refusal{"BadPattern", "t = text .regexp \"[a-\"\n", "does not compile"},
        Refusal{"ArrayOfTwoEntries", "t = [int, text]\n", "arrays other than"},
        Refusal{"ArrayGroupChoice", "t = [int // text]\n", "arrays other than"},
        Refusal{"RepeatedGroupInMap", "t = {+ (a => int)}\n", "repeated group"},
        Refusal{"IntegerKeyWithoutPrefix", "t = {k => int}\nk = 1\n", "is a number"},
        Refusal{"KeyNamingAChoice", "t = {k => int}\nk = \"a\" / \"b\"\n", "does not name one"},
        Refusal{"SelfReference", "t = u / int\nu = (t)\n", "refers to itself"},
        Refusal{"DuplicateRule", "t = int\nt = text\n", "defined twice"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace ncirt::iodef::cddl
