#include "exchange/partner.hpp"

#include <gtest/gtest.h>

namespace ncirt::exchange {
namespace {

// base64 of 32 zero bytes, and of 32 bytes 0xff.
constexpr const char* kPinA = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
constexpr const char* kPinB = "//////////////////////////////////////////8=";

Partner Valid() {
  return Partner{.name = "CERT-EE",
                 .country = "ee",
                 .endpoint = "exchange.cert.ee:7443",
                 .spki_sha256 = kPinA,
                 .agreement = "bilateral-2026",
                 .allowed_tlps = {v1::TLP_AMBER, v1::TLP_GREEN, v1::TLP_AMBER},
                 .allowed_categories = {" Phishing", "phishing", "Malware"}};
}

TEST(PartnerTest, ValidPartnerIsNormalised) {
  const auto partner = ValidatePartner(Valid());
  ASSERT_TRUE(partner) << partner.error().message;
  EXPECT_EQ(partner->country, "EE");
  EXPECT_EQ(partner->allowed_tlps, (std::vector<v1::Tlp>{v1::TLP_GREEN, v1::TLP_AMBER}));
  EXPECT_EQ(partner->allowed_categories, (std::vector<std::string>{"phishing", "malware"}));
}

struct BadCase {
  std::string name;
  std::function<void(Partner&)> spoil;
  std::string field;
};

class PartnerRefusal : public ::testing::TestWithParam<BadCase> {};

TEST_P(PartnerRefusal, NamesTheUnusableField) {
  Partner partner = Valid();
  GetParam().spoil(partner);
  const auto result = ValidatePartner(partner);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, common::ErrorKind::kBadRequest);
  EXPECT_EQ(result.error().where, GetParam().field) << result.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, PartnerRefusal,
    ::testing::Values(
        BadCase{"EmptyName", [](Partner& p) { p.name.clear(); }, "name"},
        BadCase{"ThreeLetterCountry", [](Partner& p) { p.country = "EST"; }, "country"},
        BadCase{"EndpointWithoutPort", [](Partner& p) { p.endpoint = "cert.ee"; }, "endpoint"},
        BadCase{"PortZero", [](Partner& p) { p.endpoint = "cert.ee:0"; }, "endpoint"},
        BadCase{"PortTooBig", [](Partner& p) { p.endpoint = "cert.ee:70000"; }, "endpoint"},
        BadCase{"BareIpv6", [](Partner& p) { p.endpoint = "::1:7443"; }, "endpoint"},
        BadCase{"HexPin", [](Partner& p) { p.spki_sha256 = std::string(64, 'a'); },
                "spki_sha256"},
        BadCase{"ShortPin", [](Partner& p) { p.spki_sha256 = "AAAA"; }, "spki_sha256"},
        BadCase{"NoAgreement", [](Partner& p) { p.agreement.clear(); }, "agreement"},
        BadCase{"RedAllowed", [](Partner& p) { p.allowed_tlps.push_back(v1::TLP_RED); },
                "allowed_tlps"},
        BadCase{"UnmarkedAllowed",
                [](Partner& p) { p.allowed_tlps.push_back(v1::TLP_UNSPECIFIED); },
                "allowed_tlps"},
        BadCase{"BlankCategory", [](Partner& p) { p.allowed_categories.push_back("  "); },
                "allowed_categories"},
        BadCase{"ControlInCategory",
                [](Partner& p) { p.allowed_categories.push_back("a\x1f" "b"); },
                "allowed_categories"}),
    [](const auto& p) { return p.param.name; });

TEST(PartnerTest, PinsMustBeCanonicalBase64OfThirtyTwoBytes) {
  EXPECT_TRUE(IsValidPin(kPinA));
  EXPECT_TRUE(IsValidPin(kPinB));
  EXPECT_FALSE(IsValidPin("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB="));  // stray low bits
  EXPECT_FALSE(IsValidPin("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*="));
  EXPECT_FALSE(IsValidPin("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}

TEST(PartnerTest, EndpointsSplitIntoHostAndPort) {
  const auto v4 = ParseEndpoint("192.0.2.1:7443");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "192.0.2.1");
  EXPECT_EQ(v4->port, 7443);
  const auto v6 = ParseEndpoint("[2001:db8::1]:443");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "2001:db8::1");
  EXPECT_EQ(v6->port, 443);
}

TEST(PartnerTest, AgreementCarriesThePartnersTerms) {
  Partner partner = *ValidatePartner(Valid());
  partner.personal_data_allowed = true;
  const policy::Agreement agreement = AgreementOf(partner);
  EXPECT_EQ(agreement.partner, "CERT-EE");
  EXPECT_EQ(agreement.name, "bilateral-2026");
  EXPECT_TRUE(agreement.personal_data_allowed);
  EXPECT_FALSE(agreement.original_document_allowed);
  EXPECT_TRUE(policy::AllowsTlp(agreement, v1::TLP_AMBER));
  EXPECT_FALSE(policy::AllowsTlp(agreement, v1::TLP_CLEAR));
}

}  // namespace
}  // namespace ncirt::exchange
