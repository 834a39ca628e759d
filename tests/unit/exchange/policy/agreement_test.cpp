#include "exchange/policy/agreement.hpp"

#include <gtest/gtest.h>

namespace ncirt::exchange::policy {
namespace {

TEST(AgreementTest, RedAndUnmarkedAreNeverAllowedEvenWhenListed) {
  const Agreement agreement{.allowed_tlps = {v1::TLP_RED, v1::TLP_UNSPECIFIED, v1::TLP_GREEN}};
  EXPECT_FALSE(AllowsTlp(agreement, v1::TLP_RED));
  EXPECT_FALSE(AllowsTlp(agreement, v1::TLP_UNSPECIFIED));
  EXPECT_TRUE(AllowsTlp(agreement, v1::TLP_GREEN));
  EXPECT_FALSE(AllowsTlp(agreement, v1::TLP_AMBER));
}

TEST(AgreementTest, CategoriesMatchAfterNormalisation) {
  const Agreement agreement{.allowed_categories = {"phishing"}};
  EXPECT_TRUE(AllowsCategory(agreement, "  Phishing\t"));
  EXPECT_FALSE(AllowsCategory(agreement, "malware"));
  EXPECT_FALSE(AllowsAnyCategory(agreement));
}

TEST(AgreementTest, StarAcceptsEveryCategory) {
  const Agreement agreement{.allowed_categories = {std::string(kAnyCategory)}};
  EXPECT_TRUE(AllowsAnyCategory(agreement));
  EXPECT_TRUE(AllowsCategory(agreement, "anything"));
}

TEST(AgreementTest, NormaliseCategoryTrimsAndLowersAsciiOnly) {
  EXPECT_EQ(NormaliseCategory(" DDoS \n"), "ddos");
  EXPECT_EQ(NormaliseCategory("   "), "");
  EXPECT_EQ(NormaliseCategory("Ümlaut"), "Ümlaut");
}

}  // namespace
}  // namespace ncirt::exchange::policy
