#include "ncirtctl/commands.hpp"

#include <gtest/gtest.h>

namespace ncirt::ncirtctl {
namespace {

TEST(QueryTest, EncodesValuesAndSkipsEmptyOnes) {
  EXPECT_EQ(WithQuery("/v1/queue", {{"state", "new"}, {"category", ""},
                                    {"constituent", "Bank & Co/1"}}),
            "/v1/queue?state=new&constituent=Bank%20%26%20Co%2F1");
  EXPECT_EQ(WithQuery("/v1/queue", {}), "/v1/queue");
}

}  // namespace
}  // namespace ncirt::ncirtctl
