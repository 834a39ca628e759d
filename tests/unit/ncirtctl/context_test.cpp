#include "ncirtctl/context.hpp"

#include <gtest/gtest.h>

namespace ncirt::ncirtctl {
namespace {

TEST(ProblemTest, MessageIsTheStatusAndTheServiceDetail) {
  HttpAnswer answer;
  answer.status = 409;
  answer.body = R"({"detail":"cannot move an incident from 'new' to 'closed'","status":409})";
  const common::Error error = ProblemError(answer);
  EXPECT_EQ(error.kind, common::ErrorKind::kConflict);
  EXPECT_EQ(error.message, "HTTP 409: cannot move an incident from 'new' to 'closed'");
  answer.status = 502;
  answer.body = "Bad gateway\nmore";
  EXPECT_EQ(ProblemError(answer).message, "HTTP 502: Bad gateway");
}

TEST(CellTest, TimesAreUtc) {
  EXPECT_EQ(TimeCell(nlohmann::json(1'800'000'000'000)), "2027-01-15 08:00:00Z");
  EXPECT_EQ(TimeCell(nlohmann::json(nullptr)), "");
  EXPECT_EQ(Cell(nlohmann::json(nullptr)), "");
  EXPECT_EQ(Cell(nlohmann::json(3)), "3");
}

}  // namespace
}  // namespace ncirt::ncirtctl
