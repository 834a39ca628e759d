#include "triage/auth/secret.hpp"

#include <set>

#include <gtest/gtest.h>

namespace ncirt::triage::auth {
namespace {

TEST(SecretTest, SecretsAreUrlSafeAnd43CharactersAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string secret = NewSecret();
    EXPECT_EQ(secret.size(), 43u);
    EXPECT_EQ(secret.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << secret;
    EXPECT_TRUE(seen.insert(secret).second);
  }
}

TEST(SecretTest, DigestIsSha256OfTheText) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  const SecretDigest abc = DigestOf("abc");
  EXPECT_EQ(abc[0], 0xba);
  EXPECT_EQ(abc[31], 0xad);
  EXPECT_TRUE(SameDigest(abc, DigestOf("abc")));
  EXPECT_FALSE(SameDigest(abc, DigestOf("abd")));
}

}  // namespace
}  // namespace ncirt::triage::auth
