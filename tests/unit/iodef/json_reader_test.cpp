#include "iodef/json_reader.hpp"

#include <string>

#include <gtest/gtest.h>

#include "support/corpus.hpp"

namespace ncirt::iodef {
namespace {

using common::ErrorKind;

JsonReadError ReadFailure(const std::string& document, const Limits& limits = {}) {
  auto read = ReadJson(document, limits);
  EXPECT_FALSE(read) << document.substr(0, 200);
  return read ? JsonReadError{} : read.error();
}

void ExpectMessage(const JsonReadError& failure, ErrorKind kind, const std::string& part) {
  EXPECT_EQ(failure.error.kind, kind) << failure.error.message;
  EXPECT_NE(failure.error.message.find(part), std::string::npos) << failure.error.message;
}

TEST(JsonReaderTest, ReadsAnIodefDocument) {
  auto read = ReadJson(R"({"version": "2.0", "Incident": [{"n": 1, "x": [true, null, 2.5]}]})",
                       {});
  ASSERT_TRUE(read) << read.error().error.message;
  EXPECT_EQ((*read)["version"], "2.0");
  EXPECT_EQ((*read)["Incident"][0]["x"][2], 2.5);
}

TEST(JsonReaderTest, AcceptsAByteOrderMark) {
  EXPECT_TRUE(ReadJson("\xEF\xBB\xBF{\"a\": 1}", {}));
}

TEST(JsonReaderTest, RefusesAnOversizedDocumentBeforeParsing) {
  // 50 MB of string: refused on its size alone, without reading it.
  const std::string document = "{\"Description\": [\"" + std::string(50u << 20, 'a') + "\"]}";
  const auto failure = ReadFailure(document);
  ExpectMessage(failure, ErrorKind::kTooLarge,
                "the document is " + std::to_string(document.size()) +
                    " bytes; the limit is 16777216 bytes");
  EXPECT_EQ(failure.position.line, 0u);
}

TEST(JsonReaderTest, RefusesDeepNestingAtTheDepthLimit) {
  const auto failure = ReadFailure(std::string(100'000, '['));
  ExpectMessage(failure, ErrorKind::kTooLarge, "nested deeper than 64 levels");
  EXPECT_EQ(failure.position.line, 1u);
  EXPECT_EQ(failure.position.column, 65u);  // the 65th '['
}

TEST(JsonReaderTest, RefusesTenMillionValuesAtTheValueLimit) {
  std::string document = "[0";
  document.reserve(20'000'002);
  for (int i = 1; i < 10'000'000; ++i) document += ",0";
  document += "]";
  Limits limits;
  limits.max_document_bytes = 32u << 20;  // let the value count be the limit that trips
  const auto failure = ReadFailure(document, limits);
  ExpectMessage(failure, ErrorKind::kTooLarge, "more than 500000 JSON values");
}

TEST(JsonReaderTest, HoldsElementContentToTheTextLimit) {
  const std::string document = "{\"Description\": [\"" + std::string(5u << 20, 'a') + "\"]}";
  const auto failure = ReadFailure(document);
  ExpectMessage(failure, ErrorKind::kTooLarge,
                "a string of 5242880 bytes in member 'Description' exceeds the limit of 4194304 "
                "bytes for element content");
  EXPECT_EQ(failure.position.column, 18u);
}

TEST(JsonReaderTest, HoldsAttributeValuesAndNamesToTheAttributeLimit) {
  const std::string big(70'000, 'a');
  ExpectMessage(ReadFailure("{\"purpose\": \"" + big + "\"}"), ErrorKind::kTooLarge,
                "in member 'purpose' exceeds the limit of 65536 bytes for attribute values");
  ExpectMessage(ReadFailure("{\"" + big + "\": 1}"), ErrorKind::kTooLarge,
                "a member name of 70000 bytes exceeds the limit of 65536 bytes");
  // "value" holds element content (MLStringType, ExtensionType).
  EXPECT_TRUE(ReadJson("{\"value\": \"" + big + "\"}", {}));
}

TEST(JsonReaderTest, LocatesATruncatedDocument) {
  const auto failure = ReadFailure("{\n  \"a\": [1,\n");
  ExpectMessage(failure, ErrorKind::kInvalidDocument, "unexpected end of input");
  EXPECT_EQ(failure.position.line, 3u);
  EXPECT_EQ(failure.error.where, "line 3, column 1");
}

TEST(JsonReaderTest, LocatesATrailingCommaOfTheCorpus) {
  const auto failure = ReadFailure(testing::ReadFile(
      testing::SharedIodefDir() / "docs/invalid/synth-json-trailing-comma.json"));
  ExpectMessage(failure, ErrorKind::kInvalidDocument, "not well-formed JSON");
  EXPECT_EQ(failure.position.line, 3u);
  EXPECT_EQ(failure.position.column, 16u);
}

TEST(JsonReaderTest, RefusesTheRawNewlineOfRfc8727Figure6AsPrinted) {
  const auto failure = ReadFailure(testing::ReadFile(
      testing::SharedIodefDir() / "docs/json/rfc8727-d14-s4.2-campaign-indicators.json"));
  ExpectMessage(failure, ErrorKind::kInvalidDocument, "control character U+000A");
  EXPECT_EQ(failure.position.line, 21u);
  EXPECT_EQ(failure.position.column, 69u);
}

TEST(JsonReaderTest, RefusesIllFormedUtf8) {
  ExpectMessage(ReadFailure("{\"a\": \"caf\xC3\x28\"}"), ErrorKind::kInvalidDocument,
                "ill-formed UTF-8");
  ExpectMessage(ReadFailure("{\"a\": \xFF}"), ErrorKind::kInvalidDocument, "not well-formed");
  // An overlong encoding of '/' and a lone surrogate escape are refused too.
  ExpectMessage(ReadFailure("{\"a\": \"\xC0\xAF\"}"), ErrorKind::kInvalidDocument, "UTF-8");
  ExpectMessage(ReadFailure(R"({"a": "\uD800"})"), ErrorKind::kInvalidDocument, "surrogate");
}

TEST(JsonReaderTest, RefusesDuplicateMembersAsAmbiguous) {
  const auto failure = ReadFailure("{\"purpose\": \"watch\",\n \"purpose\": \"other\"}");
  ExpectMessage(failure, ErrorKind::kInvalidDocument, "duplicate member 'purpose'");
  EXPECT_EQ(failure.position.line, 2u);
  EXPECT_EQ(failure.position.column, 2u);
  // The same name in two different objects is fine.
  EXPECT_TRUE(ReadJson(R"({"a": {"id": 1}, "b": {"id": 2}})", {}));
}

TEST(JsonReaderTest, RefusesNumbersThatDoNotFit) {
  ExpectMessage(ReadFailure(R"({"a": 1e400})"), ErrorKind::kInvalidDocument, "too large");
  ExpectMessage(ReadFailure(R"({"a": 123456789012345678901234567890})"),
                ErrorKind::kInvalidDocument, "outside the 64-bit range");
  ExpectMessage(ReadFailure(R"({"a": -9223372036854775809})"), ErrorKind::kInvalidDocument,
                "outside the 64-bit range");
  auto edges = ReadJson(R"([-9223372036854775808, 18446744073709551615, 1e-400])", {});
  ASSERT_TRUE(edges);
  EXPECT_EQ((*edges)[1].get<std::uint64_t>(), 18446744073709551615u);
}

TEST(JsonReaderTest, RefusesTrailingContentAndEmptyInput) {
  ExpectMessage(ReadFailure("{} {}"), ErrorKind::kInvalidDocument, "not well-formed");
  ExpectMessage(ReadFailure(""), ErrorKind::kInvalidDocument, "not well-formed");
}

TEST(JsonReaderTest, LocatesValuesByPointer) {
  const std::string document =
      "{\n"
      "  \"Incident\": [\n"
      "    {\"a/b\": 1, \"n\": {\"x\": \"é\", \"y\": [10, 20]}},\n"
      "    {\"m~\": null}\n"
      "  ]\n"
      "}\n";
  ASSERT_TRUE(ReadJson(document, {}));
  const auto found = LocateJsonPointers(
      document, {"", "/Incident/0", "/Incident/0/a~1b", "/Incident/0/n/y/1",
                 "/Incident/1/m~0", "/Incident/0/n/z"});
  auto at = [&](const std::string& pointer) {
    const auto it = found.find(pointer);
    return it == found.end() ? std::pair<unsigned, unsigned>{0, 0}
                             : std::pair<unsigned, unsigned>{it->second.line, it->second.column};
  };
  EXPECT_EQ(at(""), (std::pair<unsigned, unsigned>{1, 1}));
  EXPECT_EQ(at("/Incident/0"), (std::pair<unsigned, unsigned>{3, 5}));
  EXPECT_EQ(at("/Incident/0/a~1b"), (std::pair<unsigned, unsigned>{3, 13}));
  EXPECT_EQ(at("/Incident/0/n/y/1"), (std::pair<unsigned, unsigned>{3, 42}));
  EXPECT_EQ(at("/Incident/1/m~0"), (std::pair<unsigned, unsigned>{4, 12}));
  EXPECT_FALSE(found.contains("/Incident/0/n/z"));
}

TEST(JsonReaderTest, EscapesPointerTokens) {
  EXPECT_EQ(AppendPointer("/a", "b/c~d"), "/a/b~1c~0d");
  EXPECT_EQ(AppendPointer("", std::size_t{3}), "/3");
}

}  // namespace
}  // namespace ncirt::iodef
