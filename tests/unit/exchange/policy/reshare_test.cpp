#include "exchange/policy/reshare.hpp"

#include <gtest/gtest.h>

namespace ncirt::exchange::policy {
namespace {

v1::Incident Marked(v1::Tlp tlp) {
  v1::Incident incident;
  incident.set_id("inc-3");
  incident.set_tlp(tlp);
  return incident;
}

TEST(ReshareTest, OwnIncidentsAreNotSubjectToTheRule) {
  EXPECT_FALSE(CheckReshare(Marked(v1::TLP_AMBER_STRICT), Provenance{}));
}

TEST(ReshareTest, PartnersAmberStrictAndRedAreNeverPassedOn) {
  const Provenance from{.received_from = "CERT-A"};
  for (const v1::Tlp tlp : {v1::TLP_AMBER_STRICT, v1::TLP_RED}) {
    const auto refusal = CheckReshare(Marked(tlp), from);
    ASSERT_TRUE(refusal) << v1::Tlp_Name(tlp);
    EXPECT_EQ(refusal->reason, RefusalReason::kReshareForbidden);
    EXPECT_NE(refusal->message.find("CERT-A"), std::string::npos);
  }
}

TEST(ReshareTest, PartnersClearGreenAmberMayBePassedOn) {
  const Provenance from{.received_from = "CERT-A"};
  for (const v1::Tlp tlp : {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER}) {
    EXPECT_FALSE(CheckReshare(Marked(tlp), from)) << v1::Tlp_Name(tlp);
  }
}

TEST(ReshareTest, OriginatorIsTheFirstReporterElseThePartner) {
  EXPECT_EQ((Provenance{.received_from = "CERT-A"}).OriginatorToName(), "CERT-A");
  EXPECT_EQ((Provenance{.received_from = "CERT-A", .originator = "CERT-Z"}).OriginatorToName(),
            "CERT-Z");
}

}  // namespace
}  // namespace ncirt::exchange::policy
