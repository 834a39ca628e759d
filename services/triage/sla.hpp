#pragma once
// SLA timers of triage: how long an incident has been the CIRT's to act on, and whether it is
// past its target.
//
// Two targets per effective priority (set by a lead, triage.sla_targets): time-to-triage, met
// when the incident leaves `new`, and time-to-resolve, met when it reaches `resolved` (or is
// rejected or merged). Both are measured on one clock that starts when triage receives the
// incident and runs only while the CIRT is the one expected to act: in new, triaged and
// in_progress. It stops in `waiting` (waiting for the constituent, a partner or the reporter)
// and in every state after resolution, and starts again when the incident moves back to a
// running state. The clock is kept as (elapsed before the current run, start of the current
// run), the two columns sla_elapsed_ms and sla_since of triage.incidents.
//
// An incident whose clock has passed its current target is overdue; the queue serves overdue
// incidents before all others (queue.hpp).
//
// Thread-safety: pure functions and plain values.

#include <chrono>
#include <optional>

#include "triage/clock.hpp"
#include "triage/workflow.hpp"

namespace ncirt::triage {

struct SlaTargets {
  std::chrono::seconds time_to_triage{0};
  std::chrono::seconds time_to_resolve{0};
};

// Whether the SLA clock runs while an incident is in `state`.
bool ClockRuns(State state);

struct SlaClock {
  // Time counted in earlier runs.
  std::chrono::milliseconds elapsed{0};
  // Start of the current run; nullopt while the clock is stopped.
  std::optional<TimePoint> running_since;
};

// The clock of an incident that arrived (in state new) at `received`: running from then.
SlaClock StartClock(TimePoint received);

// The clock after the incident moves to `to` at `now`: the current run (if any) is added to
// elapsed, and a new run starts if the clock runs in `to`. REQUIRES: now >= running_since.
SlaClock OnTransition(const SlaClock& clock, State to, TimePoint now);

// Time counted up to `now`. A `now` before the current run's start counts that run as zero
// (a clock that steps back must not produce negative time).
std::chrono::milliseconds Elapsed(const SlaClock& clock, TimePoint now);

enum class SlaPhase {
  kTriage,   // in new: measured against time_to_triage
  kResolve,  // in triaged, in_progress or waiting: measured against time_to_resolve
  kDone,     // resolved or final: no target applies any more
};

struct SlaStatus {
  SlaPhase phase = SlaPhase::kDone;
  std::chrono::milliseconds elapsed{0};
  // The target of the phase; zero in kDone.
  std::chrono::milliseconds target{0};
  // target - elapsed; negative once overdue; zero in kDone.
  std::chrono::milliseconds remaining{0};
  bool overdue = false;
};

SlaStatus EvaluateSla(State state, const SlaClock& clock, const SlaTargets& targets,
                      TimePoint now);

// When an incident received at `received` becomes overdue for triage: the clock never stops
// in new, so this is a fixed instant, which the queue indexes for escalation.
TimePoint TriageDueAt(TimePoint received, const SlaTargets& targets);

}  // namespace ncirt::triage
