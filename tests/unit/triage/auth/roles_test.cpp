#include "triage/auth/roles.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::auth {
namespace {

TEST(RolesTest, PermissionTableIsExactlyTheDocumentedOne) {
  const struct {
    Role role;
    bool read, work, lead, admin, audit;
  } table[] = {
      {Role::kAnalyst, true, true, false, false, false},
      {Role::kLead, true, true, true, false, false},
      {Role::kAdmin, true, true, true, true, true},
      {Role::kAuditor, true, false, false, false, true},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(RoleName(row.role));
    EXPECT_EQ(Allows(row.role, Permission::kRead), row.read);
    EXPECT_EQ(Allows(row.role, Permission::kWork), row.work);
    EXPECT_EQ(Allows(row.role, Permission::kLead), row.lead);
    EXPECT_EQ(Allows(row.role, Permission::kAdmin), row.admin);
    EXPECT_EQ(Allows(row.role, Permission::kAudit), row.audit);
  }
}

TEST(RolesTest, RoleNamesRoundTripAndUnknownNamesAreRefused) {
  for (Role role : {Role::kAnalyst, Role::kLead, Role::kAdmin, Role::kAuditor}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_FALSE(ParseRole("Admin").has_value());
  EXPECT_FALSE(ParseRole("root").has_value());
}

}  // namespace
}  // namespace ncirt::triage::auth
