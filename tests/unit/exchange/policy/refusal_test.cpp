#include "exchange/policy/refusal.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace ncirt::exchange::policy {
namespace {

TEST(RefusalTest, EveryReasonHasADistinctStableName) {
  const RefusalReason all[] = {RefusalReason::kUnmarked,          RefusalReason::kRed,
                               RefusalReason::kTlpNotAgreed,      RefusalReason::kCategoryNotAgreed,
                               RefusalReason::kUncategorised,     RefusalReason::kReshareForbidden,
                               RefusalReason::kIdentifierRestricted};
  std::set<std::string> names;
  for (const RefusalReason reason : all) names.emplace(ReasonName(reason));
  EXPECT_EQ(names.size(), std::size(all));
  EXPECT_EQ(ReasonName(RefusalReason::kTlpNotAgreed), "tlp-not-agreed");
  EXPECT_EQ(ReasonName(RefusalReason::kRed), "red");
}

}  // namespace
}  // namespace ncirt::exchange::policy
