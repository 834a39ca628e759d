#include "iodef/cddl_schema.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ncirt::iodef::cddl {
namespace {

// One case: a specification, a JSON value, and the violations expected (pointer and a part of
// the message), in order; none means the value conforms.
struct Case {
  const char* name;
  const char* cddl;
  const char* json;
  std::vector<std::pair<std::string, std::string>> expected;
};

class CddlSchemaTest : public ::testing::TestWithParam<Case> {};

TEST_P(CddlSchemaTest, JudgesTheValueAsRfc8610Says) {
  const Case& c = GetParam();
  auto schema = Schema::Compile(c.cddl, CompileOptions{"key-"});
  ASSERT_TRUE(schema) << schema.error().message;
  const auto violations = schema->Validate(nlohmann::json::parse(c.json));
  ASSERT_EQ(violations.size(), c.expected.size()) << [&] {
    std::string all;
    for (const auto& v : violations) all += "\n  " + v.pointer + ": " + v.message;
    return all;
  }();
  for (std::size_t i = 0; i < violations.size(); ++i) {
    EXPECT_EQ(violations[i].pointer, c.expected[i].first) << i;
    EXPECT_NE(violations[i].message.find(c.expected[i].second), std::string::npos)
        << violations[i].message;
  }
}

const Case kCases[] = {
    // Literals and choices of literals.
    {"TextLiteralChoiceAccepts", R"(t = "a" / "b")", R"("b")", {}},
    {"TextLiteralChoiceNamesTheChoices", R"(t = "a" / "b" / "c")", R"("x")",
     {{"", "'x' is not one of 'a', 'b' or 'c'"}}},
    {"LiteralChoiceThroughRuleNamesAndDefault", "t = r .default \"a\"\nr = \"a\" / \"b\"",
     R"("z")", {{"", "'z' is not one of 'a' or 'b'"}}},
    {"IntegerLiteral", "t = 7", "8", {{"", "expected 7"}}},
    // Prelude types, judged as RFC 8727 Appendix A maps them to JSON.
    {"TextAcceptsString", "t = text", R"("x")", {}},
    {"TextRefusesNumber", "t = text", "1", {{"", "expected a string, found an integer"}}},
    {"IntegerRefusesFraction", "t = integer", "1.5", {{"", "expected an integer"}}},
    {"IntegerAcceptsNegative", "t = integer", "-3", {}},
    {"UintRefusesNegative", "t = uint", "-3", {{"", "non-negative"}}},
    {"Float32AcceptsInteger", "t = float32", "3", {}},
    {"BoolAndNull", "t = [+ bool / null]", "[true, null, false]", {}},
    {"AnyAcceptsObject", "t = any", R"({"a": [1]})", {}},
    {"TdateAcceptsRfc3339", "t = tdate", R"("2015-07-18T09:00:00-05:00")", {}},
    {"TdateRefusesSpace", "t = tdate", R"("2016-06-01 18:05:24")", {{"", "RFC 3339"}}},
    {"TdateRefusesBadDay", "t = tdate", R"("2015-02-29T09:00:00Z")", {{"", "RFC 3339"}}},
    {"UriAcceptsUrl", "t = uri", R"("https://example.com/a?b=c#d")", {}},
    {"UriRefusesSpace", "t = uri", R"("http://a.example/ x")", {{"", "not an absolute URI"}}},
    {"UriRefusesNoScheme", "t = uri", R"("www.example.com")", {{"", "not an absolute URI"}}},
    {"Base64AcceptsPadded", "t = eb64legacy", R"("aGk=")", {}},
    {"Base64RefusesUnpadded", "t = eb64legacy", R"("aGk")", {{"", "not base64"}}},
    // Controls.
    {"RegexpMatchesWholeString", R"(t = text .regexp "[a-z]+")", R"("abc")", {}},
    {"RegexpIsAnchored", R"(t = text .regexp "[a-z]+")", R"("abc1")",
     {{"", "does not match the pattern [a-z]+"}}},
    {"RegexpUnescapesLikeJson", R"(t = text .regexp "[0-9]+(\\-[0-9]+)?")", R"("80-90")", {}},
    {"GtRefusesZero", "t = float32 .gt 0", "0", {{"", "not greater than 0"}}},
    {"GtAcceptsPositive", "t = float32 .gt 0", "0.25", {}},
    // Maps.
    {"MapMembersInAnyOrder", "t = {a: int, ? b: text}", R"({"b": "x", "a": 1})", {}},
    {"MapRequiredMemberMissing", "t = {a: int, ? b: text}", R"({"b": "x"})",
     {{"", "member 'a' is required in t"}}},
    {"MapUnknownMember", "t = {a: int}", R"({"a": 1, "zz": 2})",
     {{"/zz", "member 'zz' is not defined in t"}}},
    {"MapMemberValueLocated", "t = {a: {b: int}}", R"({"a": {"b": "x"}})",
     {{"/a/b", "expected an integer, found a string"}}},
    {"MapRefusesArray", "t = {a: int}", "[]", {{"", "expected an object, found an array"}}},
    {"BarewordAndTextKeys", R"(t = {a: int, "b-c": int})", R"({"a": 1, "b-c": 2})", {}},
    {"IntegerKeysAreSpelledByRuleName", "t = {key-version => text}\nkey-version = -24",
     R"({"version": "2.0"})", {}},
    {"PointerEscapesSlashAndTilde", R"(t = {"a/b~c": int})", R"({"a/b~c": "x"})",
     {{"/a~1b~0c", "expected an integer"}}},
    // Group choices inside maps.
    {"GroupChoiceTakesThePresentAlternative", "t = {(a: int // b: text), ? c: int}",
     R"({"b": "x"})", {}},
    {"GroupChoiceNeedsOne", "t = {(a: int // b: text)}", "{}",
     {{"", "one of the members 'a' or 'b' is required in t"}}},
    {"GroupChoiceRefusesBoth", "t = {(a: int // b: text)}", R"({"a": 1, "b": "x"})",
     {{"/b", "member 'b' is an alternative to a member already present in t"}}},
    {"GroupChoiceReportsThePresentOne", "t = {(a: int // b: text)}", R"({"b": 1})",
     {{"/b", "expected a string"}}},
    {"OptionalGroupMayBeAbsent", "t = {? (a: int // b: text), c: int}", R"({"c": 1})",
     {}},
    // Arrays.
    {"ArrayOneOrMoreRefusesEmpty", "t = [+ int]", "[]", {{"", "must not be empty"}}},
    {"ArrayZeroOrMoreAcceptsEmpty", "t = [* int]", "[]", {}},
    {"ArrayElementsLocatedByIndex", "t = [+ int]", R"([1, "x", 3, "y"])",
     {{"/1", "expected an integer"}, {"/3", "expected an integer"}}},
    {"ArrayBounds", "t = [2*3 int]", "[1, 2, 3, 4]", {{"", "at most 3"}}},
    // Type choices between maps and text: the closest alternative explains.
    {"MlStringTextForm", "t = {value: text, ? lang: text} / text", R"("plain")", {}},
    {"MlStringObjectForm", "t = {value: text, ? lang: text} / text",
     R"({"value": "x", "lang": "en"})", {}},
    {"ChoiceExplainsTheClosestMap", "t = {value: text, ? lang: text} / text",
     R"({"lang": "en"})", {{"", "member 'value' is required"}}},
    {"ChoiceOfKindsNamesTheKinds", "t = {value: text} / text", "5",
     {{"", "expected an object or a string, found an integer"}}},
    {"ChoiceOfKeyedMapsPicksTheKey", "t = [+ {a: int} / {b: {c: int}}]",
     R"([{"b": {"c": "x"}}])", {{"/0/b/c", "expected an integer"}}},
    {"ChoiceOfKeyedMapsWithNoKnownKey", "t = [+ {a: int} / {b: int}]", R"([{}])",
     {{"/0", "expected an object with one of the members 'a' or 'b'"}}},
    // Recursion through maps is fine (bounded by the document's depth).
    {"RecursiveRule", "t = {? child: t, n: int}", R"({"n": 1, "child": {"n": "x"}})",
     {{"/child/n", "expected an integer"}}},
};

INSTANTIATE_TEST_SUITE_P(Constructs, CddlSchemaTest, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(CddlSchemaCapTest, StopsListingAtTheRequestedNumberOfViolations) {
  auto schema = Schema::Compile("t = [+ int]", {});
  ASSERT_TRUE(schema);
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 50; ++i) many.push_back("x");
  EXPECT_EQ(schema->Validate(many, 10).size(), 10u);
  EXPECT_EQ(schema->Validate(many).size(), 50u);
}

TEST(CddlSchemaCapTest, NamesItsRootRule) {
  auto schema = Schema::Compile("start = doc\ndoc = {a: int}", {});
  ASSERT_TRUE(schema);
  EXPECT_EQ(schema->root_rule(), "start");
}

}  // namespace
}  // namespace ncirt::iodef::cddl
