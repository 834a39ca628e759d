#include "intake/token.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake {
namespace {

void Counting(std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i);
}

TEST(TokenTest, NewTokenHasPrefixAndBase64UrlOf32Bytes) {
  const std::string token = NewTokenText(Counting);
  EXPECT_EQ(token.size(), 49u);
  EXPECT_TRUE(token.starts_with("ncirt_"));
  // 0x00 0x01 0x02 -> "AAEC" in base64url.
  EXPECT_EQ(token.substr(6, 4), "AAEC");
  EXPECT_TRUE(LooksLikeToken(token));
}

TEST(TokenTest, SecureRandomTokensDiffer) {
  EXPECT_NE(NewTokenText(SecureRandomBytes), NewTokenText(SecureRandomBytes));
}

TEST(TokenTest, MalformedTokensAreRecognisedWithoutALookup) {
  const std::string good = NewTokenText(Counting);
  EXPECT_FALSE(LooksLikeToken(""));
  EXPECT_FALSE(LooksLikeToken(good.substr(0, 48)));
  EXPECT_FALSE(LooksLikeToken("xxxxx_" + good.substr(6)));
  EXPECT_FALSE(LooksLikeToken(good.substr(0, 48) + "="));
}

TEST(TokenTest, DigestIsSha256OfTheTokenText) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(Hex(DigestOf("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokenTest, BearerHeaderIsParsedCaseInsensitivelyAndTrimmed) {
  EXPECT_EQ(BearerToken("Bearer abc").value(), "abc");
  EXPECT_EQ(BearerToken("bearer   abc  ").value(), "abc");
  EXPECT_EQ(BearerToken("BEARER abc").value(), "abc");
}

TEST(TokenTest, MissingOrOtherSchemeIsUnauthenticatedWithAReason) {
  for (const char* header : {"", "Basic dXNlcjpwdw==", "Bearer", "Bearer   ", "Bearerabc"}) {
    const auto token = BearerToken(header);
    ASSERT_FALSE(token) << header;
    EXPECT_EQ(token.error().kind, common::ErrorKind::kUnauthenticated) << header;
    EXPECT_FALSE(token.error().message.empty());
  }
}

TEST(TokenTest, ScopesParseFromCommaOrSpaceSeparatedNames) {
  const auto scopes = ParseScopes("submit, read");
  ASSERT_TRUE(scopes);
  EXPECT_TRUE(scopes->Has(Scope::kSubmit));
  EXPECT_TRUE(scopes->Has(Scope::kRead));
  EXPECT_FALSE(scopes->Has(Scope::kAdmin));
  EXPECT_EQ(scopes->Names(), (std::vector<std::string>{"submit", "read"}));
  EXPECT_EQ(ParseScopes("admin read")->Names(), (std::vector<std::string>{"read", "admin"}));
}

TEST(TokenTest, UnknownOrNoScopeIsRefused) {
  const auto unknown = ParseScopes("submit,write");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("'write'"), std::string::npos);
  EXPECT_FALSE(ParseScopes(""));
  EXPECT_FALSE(ParseScopes(" , "));
}

}  // namespace
}  // namespace ncirt::intake
