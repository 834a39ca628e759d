#include "intake/uuid.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake {
namespace {

TEST(UuidTest, NewIdIsAVersion4UuidFromTheRandomSource) {
  const std::string id = NewUuidV4([](std::span<std::uint8_t> out) {
    for (auto& b : out) b = 0xFF;
  });
  EXPECT_EQ(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_TRUE(IsUuid(id));
  EXPECT_NE(NewUuidV4(SecureRandomBytes), NewUuidV4(SecureRandomBytes));
}

TEST(UuidTest, OnlyCanonicalShapeIsAUuid) {
  EXPECT_TRUE(IsUuid("4B1E0F4E-2F59-4B45-9B1C-0D5A3C9E7A10"));
  EXPECT_FALSE(IsUuid("4b1e0f4e2f594b459b1c0d5a3c9e7a10"));
  EXPECT_FALSE(IsUuid("4b1e0f4e-2f59-4b45-9b1c-0d5a3c9e7a1"));
  EXPECT_FALSE(IsUuid("4b1e0f4e-2f59-4b45-9b1c-0d5a3c9e7a1g"));
  EXPECT_FALSE(IsUuid("'; DROP TABLE intake.incidents; --"));
  EXPECT_EQ(CanonicalUuid("4B1E0F4E-2F59-4B45-9B1C-0D5A3C9E7A10"),
            "4b1e0f4e-2f59-4b45-9b1c-0d5a3c9e7a10");
}

}  // namespace
}  // namespace ncirt::intake
