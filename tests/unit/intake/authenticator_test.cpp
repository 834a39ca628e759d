#include "intake/authenticator.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace ncirt::intake {
namespace {

using std::chrono::seconds;

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorOptions Options() {
    return {.cache_ttl = seconds(30), .cache_capacity = 100, .clock = [this] { return now_; }};
  }
  testing::FakeTokenStore store_;
  std::chrono::steady_clock::time_point now_{};
};

TEST_F(AuthenticatorTest, ValidTokenYieldsItsPrincipal) {
  const std::string token = store_.Add("sensor-7", {Scope::kSubmit}, iodef::Policy::kStrict,
                                       v1::TLP_GREEN);
  Authenticator auth(store_, Options());
  const auto principal = auth.Authenticate("Bearer " + token);
  ASSERT_TRUE(principal) << principal.error().message;
  EXPECT_EQ(principal->submitter, "sensor-7");
  EXPECT_EQ(principal->policy, iodef::Policy::kStrict);
  EXPECT_EQ(principal->default_tlp, v1::TLP_GREEN);
}

TEST_F(AuthenticatorTest, UnknownAndMalformedTokensAreUnauthenticated) {
  Authenticator auth(store_, Options());
  const std::string unknown = NewTokenText(SecureRandomBytes);
  for (const std::string& header : {"Bearer " + unknown, std::string("Bearer nope"),
                                   std::string()}) {
    const auto principal = auth.Authenticate(header);
    ASSERT_FALSE(principal) << header;
    EXPECT_EQ(principal.error().kind, common::ErrorKind::kUnauthenticated);
  }
  EXPECT_EQ(store_.lookups, 1) << "only the well-formed token should cost a lookup";
}

TEST_F(AuthenticatorTest, ValidTokenIsRememberedForTheTtlThenAskedAgain) {
  const std::string token = store_.Add("s", {Scope::kRead});
  Authenticator auth(store_, Options());
  ASSERT_TRUE(auth.Authenticate("Bearer " + token));
  now_ += seconds(29);
  ASSERT_TRUE(auth.Authenticate("Bearer " + token));
  EXPECT_EQ(store_.lookups, 1);
  now_ += seconds(2);
  ASSERT_TRUE(auth.Authenticate("Bearer " + token));
  EXPECT_EQ(store_.lookups, 2);
}

TEST_F(AuthenticatorTest, RevokedTokenStopsWorkingOnceTheCacheExpires) {
  const std::string token = store_.Add("s", {Scope::kRead});
  Authenticator auth(store_, Options());
  ASSERT_TRUE(auth.Authenticate("Bearer " + token));
  ASSERT_TRUE(store_.Revoke(1));
  now_ += seconds(31);
  const auto principal = auth.Authenticate("Bearer " + token);
  ASSERT_FALSE(principal);
  EXPECT_EQ(principal.error().kind, common::ErrorKind::kUnauthenticated);
}

TEST_F(AuthenticatorTest, StoreOutageIsUnavailableNotUnauthenticated) {
  const std::string token = store_.Add("s", {Scope::kRead});
  store_.down = true;
  Authenticator auth(store_, Options());
  const auto principal = auth.Authenticate("Bearer " + token);
  ASSERT_FALSE(principal);
  EXPECT_EQ(principal.error().kind, common::ErrorKind::kUnavailable);
}

TEST(RequireScopeTest, MissingScopeIsForbiddenAndNamed) {
  Principal p;
  p.submitter = "reader";
  p.scopes = Scopes{Scope::kRead};
  EXPECT_TRUE(RequireScope(p, Scope::kRead));
  const auto refused = RequireScope(p, Scope::kSubmit);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, common::ErrorKind::kForbidden);
  EXPECT_NE(refused.error().message.find("'submit'"), std::string::npos);
}

}  // namespace
}  // namespace ncirt::intake
