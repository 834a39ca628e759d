#include "triage/auth/login_limiter.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::auth {
namespace {

TEST(LoginLimiterTest, AllowsUntilEitherLimitIsReached) {
  const LoginLimits limits;
  EXPECT_TRUE(CheckLoginAllowed(limits, 4, 19).has_value());
  auto by_user = CheckLoginAllowed(limits, 5, 0);
  ASSERT_FALSE(by_user.has_value());
  EXPECT_EQ(by_user.error().kind, common::ErrorKind::kOverloaded);
  EXPECT_EQ(by_user.error().where, "user");
  EXPECT_NE(by_user.error().message.find("15 minutes"), std::string::npos);
  auto by_address = CheckLoginAllowed(limits, 0, 20);
  ASSERT_FALSE(by_address.has_value());
  EXPECT_EQ(by_address.error().where, "address");
}

}  // namespace
}  // namespace ncirt::triage::auth
