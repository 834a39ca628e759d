#include "exchange/text.hpp"

#include <gtest/gtest.h>

namespace ncirt::exchange {
namespace {

TEST(TextTest, CatJoinsPiecesInOrder) {
  const std::string id = "inc-1";
  EXPECT_EQ(Cat({"incident ", id, " is ", std::string_view("RED")}), "incident inc-1 is RED");
  EXPECT_EQ(Cat({}), "");
}

TEST(TextTest, IndexedWritesAPathStep) { EXPECT_EQ(Indexed("contacts", 12), "contacts[12]"); }

}  // namespace
}  // namespace ncirt::exchange
