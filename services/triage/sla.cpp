#include "triage/sla.hpp"

#include <algorithm>

namespace ncirt::triage {

bool ClockRuns(State state) {
  return state == State::kNew || state == State::kTriaged || state == State::kInProgress;
}

SlaClock StartClock(TimePoint received) { return SlaClock{std::chrono::milliseconds{0}, received}; }

std::chrono::milliseconds Elapsed(const SlaClock& clock, TimePoint now) {
  if (!clock.running_since) return clock.elapsed;
  return clock.elapsed + std::max(std::chrono::milliseconds{0}, now - *clock.running_since);
}

SlaClock OnTransition(const SlaClock& clock, State to, TimePoint now) {
  SlaClock next;
  next.elapsed = Elapsed(clock, now);
  if (ClockRuns(to)) next.running_since = now;
  return next;
}

SlaStatus EvaluateSla(State state, const SlaClock& clock, const SlaTargets& targets,
                      TimePoint now) {
  SlaStatus status;
  status.elapsed = Elapsed(clock, now);
  switch (state) {
    case State::kNew:
      status.phase = SlaPhase::kTriage;
      status.target = targets.time_to_triage;
      break;
    case State::kTriaged:
    case State::kInProgress:
    case State::kWaiting:
      status.phase = SlaPhase::kResolve;
      status.target = targets.time_to_resolve;
      break;
    default:
      return status;
  }
  status.remaining = status.target - status.elapsed;
  status.overdue = status.elapsed > status.target;
  return status;
}

TimePoint TriageDueAt(TimePoint received, const SlaTargets& targets) {
  return received + targets.time_to_triage;
}

}  // namespace ncirt::triage
