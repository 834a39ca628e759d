#include "triage/sharing/partner_json.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::sharing {
namespace {

nlohmann::json Valid() {
  return {{"name", "CERT-EE"},
          {"country", "ee"},
          {"endpoint", "exchange.cert.ee:8445"},
          {"spki_sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
          {"agreement", "EU-CSIRTs-2026"},
          {"allowed_tlps", {"GREEN", "CLEAR"}},
          {"allowed_categories", {"*"}}};
}

TEST(PartnerJsonTest, ReadsEveryMemberWithDefaultsForTheFlags) {
  const auto partner = PartnerFromJson(Valid(), std::nullopt);
  ASSERT_TRUE(partner) << partner.error().ToString();
  EXPECT_EQ(partner->name, "CERT-EE");
  EXPECT_EQ(partner->endpoint, "exchange.cert.ee:8445");
  EXPECT_EQ(partner->allowed_tlps, (std::vector<v1::Tlp>{v1::TLP_GREEN, v1::TLP_CLEAR}));
  EXPECT_FALSE(partner->personal_data_allowed);
  EXPECT_FALSE(partner->original_document_allowed);
  EXPECT_TRUE(partner->enabled);
}

TEST(PartnerJsonTest, RoundTripsThroughValidation) {
  auto partner = exchange::ValidatePartner(PartnerFromJson(Valid(), std::nullopt).value());
  ASSERT_TRUE(partner) << partner.error().ToString();
  const nlohmann::json out = PartnerJson(*partner);
  EXPECT_EQ(out["country"], "EE");
  EXPECT_EQ(out["allowed_tlps"], nlohmann::json({"CLEAR", "GREEN"}));
  EXPECT_EQ(out["enabled"], true);
}

TEST(PartnerJsonTest, PutMayOmitTheNameButNotRenameThePartner) {
  nlohmann::json body = Valid();
  body.erase("name");
  EXPECT_EQ(PartnerFromJson(body, std::string("CERT-EE"))->name, "CERT-EE");
  body["name"] = "CERT-FI";
  const auto renamed = PartnerFromJson(body, std::string("CERT-EE"));
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().where, "name");
}

struct BadMember {
  const char* name;
  const char* member;
  nlohmann::json value;  // null: the member is removed
};

class PartnerJsonRefusal : public ::testing::TestWithParam<BadMember> {};

TEST_P(PartnerJsonRefusal, NamesTheMember) {
  nlohmann::json body = Valid();
  if (GetParam().value.is_null()) {
    body.erase(GetParam().member);
  } else {
    body[GetParam().member] = GetParam().value;
  }
  const auto partner = PartnerFromJson(body, std::nullopt);
  ASSERT_FALSE(partner);
  EXPECT_EQ(partner.error().kind, common::ErrorKind::kBadRequest);
  EXPECT_EQ(partner.error().where, GetParam().member);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PartnerJsonRefusal,
    ::testing::Values(BadMember{"NoName", "name", nullptr},
                      BadMember{"NumericCountry", "country", 372},
                      BadMember{"NoPin", "spki_sha256", nullptr},
                      BadMember{"TlpsNotArray", "allowed_tlps", "GREEN"},
                      BadMember{"UnknownTlp", "allowed_tlps", {"PURPLE"}},
                      BadMember{"CategoryNotString", "allowed_categories", {1}},
                      BadMember{"FlagNotBoolean", "enabled", "yes"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(PartnerJsonTest, RedIsReadButRefusedByValidation) {
  nlohmann::json body = Valid();
  body["allowed_tlps"] = {"RED"};
  auto partner = PartnerFromJson(body, std::nullopt);
  ASSERT_TRUE(partner);
  const auto validated = exchange::ValidatePartner(std::move(*partner));
  ASSERT_FALSE(validated);
  EXPECT_EQ(validated.error().where, "allowed_tlps");
}

}  // namespace
}  // namespace ncirt::triage::sharing
