#include "triage/taxonomy.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace ncirt::triage {
namespace {

TEST(TaxonomyTest, EveryItuConcernHasACategory) {
  std::set<std::string> concerns;
  for (const auto& category : Categories()) concerns.insert(std::string(category.itu_concern));
  for (const char* concern :
       {"spam", "botnets", "ddos", "fraud-phishing", "traffic-rerouting", "interception"}) {
    EXPECT_TRUE(concerns.contains(concern)) << concern;
  }
}

TEST(TaxonomyTest, TokensAreUniqueClassSlashTypeInLowerCaseAndDigits) {
  std::set<std::string_view> seen;
  for (const auto& category : Categories()) {
    EXPECT_TRUE(seen.insert(category.token).second) << category.token;
    const auto slash = category.token.find('/');
    EXPECT_NE(slash, std::string_view::npos) << category.token;
    EXPECT_EQ(category.token.find('/', slash + 1), std::string_view::npos) << category.token;
    for (char c : category.token) {
      const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/';
      EXPECT_TRUE(allowed) << category.token;
    }
    EXPECT_FALSE(category.description.empty()) << category.token;
  }
}

TEST(TaxonomyTest, FindsKnownTokensAndRefusesOthers) {
  ASSERT_TRUE(FindCategory("fraud/phishing").has_value());
  EXPECT_EQ(FindCategory("fraud/phishing")->itu_concern, "fraud-phishing");
  EXPECT_TRUE(FindCategory("availability/ddos")->is_rsit);
  EXPECT_FALSE(FindCategory("intrusions/traffic-rerouting")->is_rsit);
  EXPECT_FALSE(FindCategory("Fraud/Phishing").has_value());
  EXPECT_FALSE(FindCategory("phishing").has_value());
}

}  // namespace
}  // namespace ncirt::triage
