#include "triage/constituency/normalize.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::constituency {
namespace {

struct Case {
  const char* input;
  const char* expected;  // nullptr: refused
};

TEST(NormalizeCidrTest, CanonicalFormOrRefusalForEachInput) {
  const Case cases[] = {
      {"192.0.2.0/24", "192.0.2.0/24"},
      {"192.0.2.7", "192.0.2.7/32"},
      {"0.0.0.0/0", "0.0.0.0/0"},
      {"2001:DB8::/32", "2001:db8::/32"},
      {"2001:0db8:0000::/48", "2001:db8::/48"},
      {"2001:db8::1", "2001:db8::1/128"},
      {"192.0.2.1/24", nullptr},   // host bits
      {"192.0.2.0/33", nullptr},
      {"2001:db8::/129", nullptr},
      {"192.0.2.0/", nullptr},
      {"192.0.2.0/2a", nullptr},
      {"example.org", nullptr},
      {"", nullptr},
      {"300.0.2.0/24", nullptr},
  };
  for (const auto& c : cases) {
    auto got = NormalizeCidr(c.input, "network");
    if (c.expected) {
      ASSERT_TRUE(got) << c.input << ": " << got.error().message;
      EXPECT_EQ(*got, c.expected) << c.input;
    } else {
      ASSERT_FALSE(got) << c.input << " was accepted as " << *got;
      EXPECT_EQ(got.error().kind, common::ErrorKind::kBadRequest);
      EXPECT_EQ(got.error().where, "network");
    }
  }
}

TEST(NormalizeCidrTest, HostBitsErrorNamesTheNetworkMeant) {
  auto got = NormalizeCidr("198.51.100.77/24", "ranges[0]");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("198.51.100.0/24"), std::string::npos)
      << got.error().message;
}

TEST(NormalizeAsnTest, AcceptsPrefixAndRange) {
  EXPECT_EQ(NormalizeAsn("AS64500", "asn").value(), 64500);
  EXPECT_EQ(NormalizeAsn("as64500", "asn").value(), 64500);
  EXPECT_EQ(NormalizeAsn("4294967295", "asn").value(), 4294967295LL);
  EXPECT_FALSE(NormalizeAsn("4294967296", "asn"));
  EXPECT_FALSE(NormalizeAsn("AS", "asn"));
  EXPECT_FALSE(NormalizeAsn("-1", "asn"));
  EXPECT_FALSE(NormalizeAsn("64500x", "asn"));
  EXPECT_FALSE(NormalizeAsn("", "asn"));
}

TEST(NormalizeDomainTest, LowerCasesAndRefusesMalformedNames) {
  EXPECT_EQ(NormalizeDomain("WWW.Example.ORG.", "d").value(), "www.example.org");
  EXPECT_EQ(NormalizeDomain("_dmarc.example.org", "d").value(), "_dmarc.example.org");
  EXPECT_FALSE(NormalizeDomain("org", "d"));  // a TLD alone
  EXPECT_FALSE(NormalizeDomain("a..example.org", "d"));
  EXPECT_FALSE(NormalizeDomain("-a.example.org", "d"));
  EXPECT_FALSE(NormalizeDomain("a b.example.org", "d"));
  EXPECT_FALSE(NormalizeDomain(std::string(64, 'a') + ".org", "d"));
  EXPECT_FALSE(NormalizeDomain("", "d"));
}

TEST(ReversedDomainTest, MatchesIntakesIndicatorForm) {
  EXPECT_EQ(ReversedDomain("www.example.org"), "org.example.www.");
  EXPECT_EQ(ReversedDomain("example.org"), "org.example.");
}

TEST(ContactFieldsTest, NormaliseOrRefuse) {
  EXPECT_EQ(NormalizeEmail("CERT@NorthGrid.Example", "e").value(), "CERT@northgrid.example");
  EXPECT_FALSE(NormalizeEmail("no-at-sign", "e"));
  EXPECT_FALSE(NormalizeEmail("a b@example.org", "e"));
  EXPECT_FALSE(NormalizeEmail("a@org", "e"));
  EXPECT_EQ(NormalizeFingerprint("0123 4567 89ab cdef 0123 4567 89AB CDEF 0123 4567", "f")
                .value(),
            "0123456789ABCDEF0123456789ABCDEF01234567");
  EXPECT_EQ(NormalizeFingerprint("", "f").value(), "");
  EXPECT_FALSE(NormalizeFingerprint("0123", "f"));
  EXPECT_FALSE(NormalizeFingerprint(std::string(40, 'g'), "f"));
  EXPECT_EQ(NormalizePhone("+44 20 7946 0000", "p").value(), "+44 20 7946 0000");
  EXPECT_FALSE(NormalizePhone("call me", "p"));
  EXPECT_FALSE(NormalizePhone("44+1", "p"));
  EXPECT_EQ(NormalizeLanguage("de-at", "l").value(), "de-AT");
  EXPECT_EQ(NormalizeLanguage("EN", "l").value(), "en");
  EXPECT_EQ(NormalizeLanguage("es-419", "l").value(), "es-419");
  EXPECT_FALSE(NormalizeLanguage("english", "l"));
  EXPECT_FALSE(NormalizeLanguage("e", "l"));
  EXPECT_EQ(NormalizeRole("Security", "r").value(), "security");
  EXPECT_FALSE(NormalizeRole("", "r"));
  EXPECT_FALSE(NormalizeRole("head of it", "r"));
}

TEST(ParseDateTimeTest, DatesAndTimesInUtcOrWithOffset) {
  using std::chrono::milliseconds;
  EXPECT_EQ(ParseDateTime("1970-01-02", "t").value().time_since_epoch(),
            milliseconds{86'400'000});
  EXPECT_EQ(ParseDateTime("1970-01-01T01:00:00Z", "t").value().time_since_epoch(),
            milliseconds{3'600'000});
  EXPECT_EQ(ParseDateTime("1970-01-01T02:00:00+01:00", "t").value().time_since_epoch(),
            milliseconds{3'600'000});
  EXPECT_FALSE(ParseDateTime("2025-02-30", "t"));
  EXPECT_FALSE(ParseDateTime("2025-03-01T25:00:00Z", "t"));
  EXPECT_FALSE(ParseDateTime("2025-03-01 12:00", "t"));
  EXPECT_FALSE(ParseDateTime("yesterday", "t"));
}

}  // namespace
}  // namespace ncirt::triage::constituency
