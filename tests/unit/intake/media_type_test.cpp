#include "intake/media_type.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake {
namespace {

TEST(MediaTypeTest, SubmissionTypesAreXmlOrJsonWhateverTheParameters) {
  EXPECT_EQ(ClassifyContentType("application/xml").value(), DocumentType::kXml);
  EXPECT_EQ(ClassifyContentType("text/xml; charset=utf-8").value(), DocumentType::kXml);
  EXPECT_EQ(ClassifyContentType("Application/JSON").value(), DocumentType::kJson);
  EXPECT_EQ(ClassifyContentType(" application/json ;charset=UTF-8").value(), DocumentType::kJson);
}

TEST(MediaTypeTest, OtherOrMissingContentTypeIsUnsupportedWithAHint) {
  for (const char* type : {"", "text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/xml-dtd"}) {
    const auto classified = ClassifyContentType(type);
    ASSERT_FALSE(classified) << type;
    EXPECT_EQ(classified.error().kind, common::ErrorKind::kUnsupportedMediaType);
    EXPECT_NE(classified.error().message.find("application/xml"), std::string::npos);
  }
}

TEST(MediaTypeTest, BodyMustLookLikeItsDeclaredType) {
  EXPECT_TRUE(CheckBodyMatches(DocumentType::kXml, "<?xml version='1.0'?><x/>"));
  EXPECT_TRUE(CheckBodyMatches(DocumentType::kJson, "\xEF\xBB\xBF \n{\"a\":1}"));
  EXPECT_FALSE(CheckBodyMatches(DocumentType::kXml, "  {\"IODEF-Document\":{}}"));
  EXPECT_FALSE(CheckBodyMatches(DocumentType::kJson, "<IODEF-Document/>"));
  // Neither: left to the codec, which says precisely what is wrong.
  EXPECT_TRUE(CheckBodyMatches(DocumentType::kJson, "garbage"));
  EXPECT_TRUE(CheckBodyMatches(DocumentType::kXml, ""));
}

TEST(MediaTypeTest, AcceptNegotiationFollowsQualityAndSpecificity) {
  const struct {
    const char* accept;
    const char* expected;
  } cases[] = {
      {"", "application/xml"},
      {"*/*", "application/xml"},
      {"application/json", "application/json"},
      {"application/xml", "application/xml"},
      {"text/xml", "text/xml"},
      {"image/png, text/*;q=0.5", "text/xml"},
      {"application/*", "application/xml"},
      {"application/xml;q=0.5, application/json", "application/json"},
      {"application/json;q=0.2, */*;q=0.1", "application/json"},
      {"*/*, application/xml;q=0", "application/json"},
      {"text/html, application/json;q=0.9, */*;q=0.8", "application/json"},
  };
  for (const auto& c : cases) {
    const auto type = NegotiateResponseType(c.accept);
    ASSERT_TRUE(type) << c.accept;
    EXPECT_EQ(type->media_type, c.expected) << c.accept;
    EXPECT_EQ(type->type, std::string_view(c.expected) == "application/json"
                              ? DocumentType::kJson
                              : DocumentType::kXml)
        << c.accept;
  }
}

TEST(MediaTypeTest, AcceptAllowingNeitherRepresentationIsRefused) {
  for (const char* accept : {"text/html", "image/png, text/plain",
                             "application/xml;q=0, application/json;q=0", "*/*;q=0"}) {
    const auto type = NegotiateResponseType(accept);
    ASSERT_FALSE(type) << accept;
    EXPECT_EQ(type.error().kind, common::ErrorKind::kUnsupportedMediaType);
  }
}

}  // namespace
}  // namespace ncirt::intake
