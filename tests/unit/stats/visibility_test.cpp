#include "triage/stats/visibility.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::stats {
namespace {

using auth::Role;

TEST(VisibilityTest, LeadsAndAdminsSeeRedAnalystsAndAuditorsUpToAmberStrict) {
  EXPECT_EQ(RoleCeiling(Role::kLead), Tlp::kRed);
  EXPECT_EQ(RoleCeiling(Role::kAdmin), Tlp::kRed);
  EXPECT_EQ(RoleCeiling(Role::kAnalyst), Tlp::kAmberStrict);
  EXPECT_EQ(RoleCeiling(Role::kAuditor), Tlp::kAmberStrict);
}

TEST(VisibilityTest, RequestMayLowerTheCeiling) {
  EXPECT_EQ(RequestCeiling(Role::kLead, std::nullopt).value(), Tlp::kRed);
  EXPECT_EQ(RequestCeiling(Role::kLead, "CLEAR").value(), Tlp::kClear);
  EXPECT_EQ(RequestCeiling(Role::kAnalyst, "amber").value(), Tlp::kAmber);
  EXPECT_EQ(RequestCeiling(Role::kAnalyst, "WHITE").value(), Tlp::kClear);
}

TEST(VisibilityTest, RequestAboveTheRoleIsForbiddenNotLowered) {
  auto asked = RequestCeiling(Role::kAnalyst, "RED");
  ASSERT_FALSE(asked);
  EXPECT_EQ(asked.error().kind, common::ErrorKind::kForbidden);
  EXPECT_NE(asked.error().message.find("'analyst'"), std::string::npos);
  EXPECT_NE(asked.error().message.find("AMBER+STRICT"), std::string::npos);
}

TEST(VisibilityTest, UnknownMarkingIsABadRequest) {
  auto asked = RequestCeiling(Role::kLead, "AMBER STRICT");
  ASSERT_FALSE(asked);
  EXPECT_EQ(asked.error().kind, common::ErrorKind::kBadRequest);
  EXPECT_NE(asked.error().message.find("%2B"), std::string::npos);
}

TEST(VisibilityTest, TlpsUpToListsLeastRestrictedFirst) {
  EXPECT_EQ(TlpsUpTo(Tlp::kClear), (std::vector<std::string>{"CLEAR"}));
  EXPECT_EQ(TlpsUpTo(Tlp::kAmberStrict),
            (std::vector<std::string>{"CLEAR", "GREEN", "AMBER", "AMBER+STRICT"}));
  EXPECT_EQ(TlpsUpTo(Tlp::kRed).size(), 5u);
}

}  // namespace
}  // namespace ncirt::triage::stats
