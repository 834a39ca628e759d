#include "triage/workflow.hpp"

#include <set>
#include <utility>

#include <gtest/gtest.h>

namespace ncirt::triage {
namespace {

TEST(WorkflowTest, StateNamesRoundTrip) {
  for (State state : AllStates()) {
    EXPECT_EQ(ParseState(StateName(state)), state) << StateName(state);
  }
  EXPECT_EQ(ParseState("New"), std::nullopt);
  EXPECT_EQ(ParseState("in-progress"), std::nullopt);
}

TEST(WorkflowTest, HappyPathIsAllowedStepByStep) {
  const State path[] = {State::kNew, State::kTriaged, State::kInProgress, State::kResolved,
                        State::kClosed};
  for (std::size_t i = 1; i < std::size(path); ++i) {
    EXPECT_TRUE(CheckTransition(path[i - 1], path[i]).has_value())
        << StateName(path[i - 1]) << " -> " << StateName(path[i]);
  }
}

TEST(WorkflowTest, ExactlyTheDocumentedMovesAreLegal) {
  const std::set<std::pair<State, State>> legal = {
      {State::kNew, State::kTriaged},         {State::kNew, State::kRejected},
      {State::kNew, State::kMerged},          {State::kTriaged, State::kInProgress},
      {State::kTriaged, State::kWaiting},     {State::kTriaged, State::kRejected},
      {State::kTriaged, State::kMerged},      {State::kInProgress, State::kWaiting},
      {State::kInProgress, State::kResolved}, {State::kInProgress, State::kMerged},
      {State::kWaiting, State::kTriaged},     {State::kWaiting, State::kInProgress},
      {State::kWaiting, State::kResolved},    {State::kWaiting, State::kMerged},
      {State::kResolved, State::kInProgress}, {State::kResolved, State::kClosed},
  };
  for (State from : AllStates()) {
    for (State to : AllStates()) {
      const bool expected = legal.contains({from, to});
      EXPECT_EQ(CheckTransition(from, to).has_value(), expected)
          << StateName(from) << " -> " << StateName(to);
    }
  }
}

TEST(WorkflowTest, IllegalMoveNamesTheAllowedNextStates) {
  auto refused = CheckTransition(State::kNew, State::kClosed);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, common::ErrorKind::kConflict);
  EXPECT_EQ(refused.error().message,
            "cannot move an incident from 'new' to 'closed'; from 'new' it may go to: triaged, "
            "rejected, merged");
}

TEST(WorkflowTest, FinalStatesSayTheyAreFinal) {
  for (State final_state : {State::kClosed, State::kRejected, State::kMerged}) {
    EXPECT_TRUE(IsFinal(final_state));
    auto refused = CheckTransition(final_state, State::kInProgress);
    ASSERT_FALSE(refused.has_value());
    EXPECT_NE(refused.error().message.find("is final"), std::string::npos)
        << refused.error().message;
  }
  EXPECT_FALSE(IsFinal(State::kWaiting));
}

TEST(WorkflowTest, MovingToTheSameStateIsRefused) {
  for (State state : AllStates()) {
    EXPECT_FALSE(CheckTransition(state, state).has_value()) << StateName(state);
  }
}

}  // namespace
}  // namespace ncirt::triage
