#include "exchange/policy/tlp_gate.hpp"

#include <gtest/gtest.h>

namespace ncirt::exchange::policy {
namespace {

v1::Incident Marked(v1::Tlp tlp) {
  v1::Incident incident;
  incident.set_id("inc-1");
  incident.set_tlp(tlp);
  return incident;
}

const Agreement kEveryLevel{.partner = "CERT-X",
                            .name = "bilateral",
                            .allowed_tlps = {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER,
                                             v1::TLP_AMBER_STRICT, v1::TLP_RED}};

TEST(TlpGateTest, RedNeverLeavesEvenWhenTheAgreementListsIt) {
  const auto refusal = CheckTlp(Marked(v1::TLP_RED), kEveryLevel);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->reason, RefusalReason::kRed);
  EXPECT_NE(refusal->message.find("TLP:RED"), std::string::npos);
}

TEST(TlpGateTest, UnmarkedIncidentIsRefused) {
  const auto refusal = CheckTlp(Marked(v1::TLP_UNSPECIFIED), kEveryLevel);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->reason, RefusalReason::kUnmarked);
}

TEST(TlpGateTest, LevelOutsideTheAgreementIsRefusedNamingWhatIsAllowed) {
  const Agreement green_only{.partner = "CERT-Y", .name = "open", .allowed_tlps = {v1::TLP_GREEN}};
  const auto refusal = CheckTlp(Marked(v1::TLP_AMBER), green_only);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->reason, RefusalReason::kTlpNotAgreed);
  EXPECT_EQ(refusal->message,
            "incident inc-1 is TLP:AMBER, but agreement \"open\" lets CERT-Y receive only [GREEN]");
}

TEST(TlpGateTest, ListedLevelsPass) {
  for (const v1::Tlp tlp : {v1::TLP_CLEAR, v1::TLP_GREEN, v1::TLP_AMBER, v1::TLP_AMBER_STRICT}) {
    EXPECT_FALSE(CheckTlp(Marked(tlp), kEveryLevel)) << v1::Tlp_Name(tlp);
  }
}

}  // namespace
}  // namespace ncirt::exchange::policy
