#include "triage/auth/password.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage::auth {
namespace {

// Small enough that the test is quick; the algorithm and format are the same.
const PasswordCost kTestCost{.memory_kib = 256, .passes = 1, .lanes = 1};

TEST(PasswordTest, HashVerifiesTheRightPasswordOnly) {
  auto encoded = HashPassword("correct horse battery", kTestCost);
  ASSERT_TRUE(encoded.has_value()) << encoded.error().ToString();
  EXPECT_TRUE(encoded->starts_with("$argon2id$v=19$m=256,t=1,p=1$")) << *encoded;
  EXPECT_TRUE(VerifyPassword(*encoded, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*encoded, "correct horse batterx"));
  EXPECT_FALSE(VerifyPassword(*encoded, ""));
}

TEST(PasswordTest, SamePasswordHashesDifferentlyEachTime) {
  auto a = HashPassword("correct horse battery", kTestCost);
  auto b = HashPassword("correct horse battery", kTestCost);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(PasswordTest, TooShortAndTooLongPasswordsAreRefused) {
  auto short_one = HashPassword("short", kTestCost);
  ASSERT_FALSE(short_one.has_value());
  EXPECT_EQ(short_one.error().kind, common::ErrorKind::kBadRequest);
  EXPECT_FALSE(HashPassword(std::string(kMaxPasswordLength + 1, 'x'), kTestCost).has_value());
}

TEST(PasswordTest, GarbageEncodingNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_FALSE(VerifyPassword("$argon2i$v=19$m=256,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$nonsense", "anything at all"));
}

}  // namespace
}  // namespace ncirt::triage::auth
