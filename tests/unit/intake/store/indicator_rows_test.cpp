#include "intake/store/indicator_rows.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake::store {
namespace {

v1::NormalizedIndicator Indicator(v1::IndicatorKind kind, std::string value,
                                  std::string algorithm = {}) {
  v1::NormalizedIndicator i;
  i.set_kind(kind);
  i.set_value(std::move(value));
  i.set_hash_algorithm(std::move(algorithm));
  i.set_role("source");
  return i;
}

TEST(IndicatorRowsTest, EachKindFillsTheColumnItsIndexNeeds) {
  v1::Incident incident;
  *incident.add_normalized_indicators() = Indicator(v1::INDICATOR_KIND_IPV4_ADDRESS, "192.0.2.1");
  *incident.add_normalized_indicators() =
      Indicator(v1::INDICATOR_KIND_IPV6_NETWORK, "2001:db8::/32");
  *incident.add_normalized_indicators() = Indicator(v1::INDICATOR_KIND_DOMAIN, "www.example.com");
  *incident.add_normalized_indicators() =
      Indicator(v1::INDICATOR_KIND_URL, "http://user@mal.example.net:8080/x?y");
  *incident.add_normalized_indicators() = Indicator(v1::INDICATOR_KIND_EMAIL, "a.b@Example.org");
  *incident.add_normalized_indicators() =
      Indicator(v1::INDICATOR_KIND_HASH, "e3b0c442", "sha256");
  *incident.add_normalized_indicators() = Indicator(v1::INDICATOR_KIND_ASN, "64496");
  *incident.add_normalized_indicators() = Indicator(v1::INDICATOR_KIND_UNSPECIFIED, "?");
  const auto rows = IndicatorRows(incident);
  ASSERT_EQ(rows.size(), 7u) << "the unspecified kind is skipped";
  EXPECT_EQ(rows[0].kind, "ipv4-address");
  EXPECT_EQ(rows[0].address, "192.0.2.1");
  EXPECT_FALSE(rows[0].domain_reversed);
  EXPECT_EQ(rows[1].kind, "ipv6-network");
  EXPECT_EQ(rows[1].address, "2001:db8::/32");
  EXPECT_EQ(rows[2].domain_reversed, "com.example.www.");
  EXPECT_FALSE(rows[2].address);
  EXPECT_EQ(rows[3].domain_reversed, "net.example.mal.");
  EXPECT_EQ(rows[4].domain_reversed, "org.Example.");
  EXPECT_EQ(rows[5].kind, "hash");
  EXPECT_EQ(rows[5].hash_algorithm, "sha256");
  EXPECT_FALSE(rows[5].domain_reversed);
  EXPECT_EQ(rows[6].kind, "asn");
  EXPECT_EQ(rows[6].role, "source");
}

TEST(IndicatorRowsTest, ReversedDomainMakesSubdomainsAPrefixOfTheirParent) {
  EXPECT_EQ(ReversedDomain("example.com"), "com.example.");
  EXPECT_EQ(ReversedDomain("a.b.example.com."), "com.example.b.a.");
  EXPECT_TRUE(ReversedDomain("a.b.example.com")->starts_with(*ReversedDomain("example.com")));
  EXPECT_FALSE(ReversedDomain("badexample.com")->starts_with(*ReversedDomain("example.com")));
  EXPECT_FALSE(ReversedDomain(""));
  EXPECT_FALSE(ReversedDomain("192.0.2.1"));
  EXPECT_FALSE(ReversedDomain("2001:db8::1"));
}

TEST(IndicatorRowsTest, UrlHostIgnoresUserinfoPortPathAndIpv6Literals) {
  EXPECT_EQ(UrlHost("https://example.com/a"), "example.com");
  EXPECT_EQ(UrlHost("http://u:p@host.example:81?q"), "host.example");
  EXPECT_FALSE(UrlHost("http://[2001:db8::1]:80/"));
  EXPECT_FALSE(UrlHost("mailto:x@example.com"));
  EXPECT_FALSE(UrlHost("http:///path"));
}

TEST(IndicatorRowsTest, ArrayLiteralQuotesEscapesAndKeepsNulls) {
  EXPECT_EQ(ArrayLiteral({}), "{}");
  EXPECT_EQ(ArrayLiteral({std::string("a"), std::nullopt, std::string("")}), "{\"a\",NULL,\"\"}");
  EXPECT_EQ(ArrayLiteral({std::string("say \"hi\" \\ {x,y}")}),
            "{\"say \\\"hi\\\" \\\\ {x,y}\"}");
  EXPECT_EQ(ArrayLiteral({std::string("NULL")}), "{\"NULL\"}") << "quoted: a string, not NULL";
}

TEST(IndicatorRowsTest, ArrayLiteralReplacesInvalidUtf8AndNulAndKeepsValidText) {
  const std::string bad_utf8 = "caf\xC3 \"x\"";
  const std::string with_nul("a\0b", 3);
  const std::string accented = "caf\xC3\xA9 \\";
  // U+FFFD (EF BF BD) stands for the bad byte and for the NUL; valid UTF-8 is kept.
  const std::string expected =
      "{\"caf\xEF\xBF\xBD \\\"x\\\"\",\"a\xEF\xBF\xBD" "b\",\"caf\xC3\xA9 \\\\\"}";
  EXPECT_EQ(ArrayLiteral({bad_utf8, with_nul, accented}), expected);
}

}  // namespace
}  // namespace ncirt::intake::store
