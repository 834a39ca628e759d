#include "triage/sla.hpp"

#include <gtest/gtest.h>

namespace ncirt::triage {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

const TimePoint kT0{milliseconds{1'700'000'000'000}};
const SlaTargets kTargets{std::chrono::seconds{3600}, std::chrono::seconds{86400}};

TEST(SlaTest, ClockRunsOnlyWhileTheCirtIsExpectedToAct) {
  EXPECT_TRUE(ClockRuns(State::kNew));
  EXPECT_TRUE(ClockRuns(State::kTriaged));
  EXPECT_TRUE(ClockRuns(State::kInProgress));
  for (State stopped : {State::kWaiting, State::kResolved, State::kClosed, State::kRejected,
                        State::kMerged}) {
    EXPECT_FALSE(ClockRuns(stopped)) << StateName(stopped);
  }
}

TEST(SlaTest, NewIncidentBecomesOverdueForTriageAfterItsTarget) {
  const SlaClock clock = StartClock(kT0);
  auto before = EvaluateSla(State::kNew, clock, kTargets, kT0 + minutes{59});
  EXPECT_EQ(before.phase, SlaPhase::kTriage);
  EXPECT_FALSE(before.overdue);
  EXPECT_EQ(before.remaining, minutes{1});
  auto after = EvaluateSla(State::kNew, clock, kTargets, kT0 + minutes{61});
  EXPECT_TRUE(after.overdue);
  EXPECT_EQ(after.remaining, -minutes{1});
  EXPECT_EQ(TriageDueAt(kT0, kTargets), kT0 + hours{1});
}

TEST(SlaTest, WaitingStopsTheClockAndResumingStartsIt) {
  SlaClock clock = StartClock(kT0);
  clock = OnTransition(clock, State::kTriaged, kT0 + minutes{10});
  clock = OnTransition(clock, State::kWaiting, kT0 + hours{2});
  // Three days waiting for the constituent count nothing.
  EXPECT_EQ(Elapsed(clock, kT0 + hours{74}), hours{2});
  EXPECT_FALSE(EvaluateSla(State::kWaiting, clock, kTargets, kT0 + hours{74}).overdue);
  clock = OnTransition(clock, State::kInProgress, kT0 + hours{74});
  auto status = EvaluateSla(State::kInProgress, clock, kTargets, kT0 + hours{96});
  EXPECT_EQ(status.elapsed, hours{24});
  EXPECT_FALSE(status.overdue);
  EXPECT_TRUE(EvaluateSla(State::kInProgress, clock, kTargets, kT0 + hours{97}).overdue);
}

TEST(SlaTest, ResolvedIncidentHasNoTargetAndItsClockStops) {
  SlaClock clock = StartClock(kT0);
  clock = OnTransition(clock, State::kTriaged, kT0 + minutes{5});
  clock = OnTransition(clock, State::kInProgress, kT0 + minutes{6});
  clock = OnTransition(clock, State::kResolved, kT0 + hours{200});
  auto status = EvaluateSla(State::kResolved, clock, kTargets, kT0 + hours{400});
  EXPECT_EQ(status.phase, SlaPhase::kDone);
  EXPECT_FALSE(status.overdue);
  EXPECT_EQ(status.elapsed, hours{200});
}

TEST(SlaTest, ClockSteppingBackCountsNoNegativeTime) {
  const SlaClock clock = StartClock(kT0);
  EXPECT_EQ(Elapsed(clock, kT0 - minutes{5}), milliseconds{0});
}

}  // namespace
}  // namespace ncirt::triage
