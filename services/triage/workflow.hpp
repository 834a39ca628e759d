#pragma once
// The incident workflow of the triage queue: which states exist and which moves between them an
// analyst may make. Pure values; the store applies a move only after CheckTransition agrees.
//
//   new ──> triaged ──> in_progress ──> resolved ──> closed
//    │         │  ▲          │  ▲            │
//    │         │  └─ waiting ┘  │            └──> in_progress   (reopened)
//    │         └────────────────┘
//    ├──> rejected   (not an incident, out of scope, noise); from new or triaged
//    └──> merged     (a duplicate; points to the surviving incident); from any open state
//
// `waiting` is an open state in which the CIRT waits for someone else (the constituent, a
// partner, the reporter); the SLA clock stops there (sla.hpp). closed, rejected and merged are
// final. Moving to a state is never a move to the same state.
//
// Thread-safety: pure functions over immutable tables.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/error/error.hpp"

namespace ncirt::triage {

enum class State {
  kNew,
  kTriaged,
  kInProgress,
  kWaiting,
  kResolved,
  kClosed,
  kRejected,
  kMerged,
};

// The token stored in triage.incidents.state and used in the API: "new", "in_progress", ...
std::string_view StateName(State state);
// The state a token names; nullopt for anything else (tokens are case-sensitive).
std::optional<State> ParseState(std::string_view name);
// Every state, in workflow order (for listing and for tests).
std::span<const State> AllStates();

// The states `from` may move to, in workflow order; empty for a final state.
std::span<const State> AllowedNext(State from);

// Ok when `from -> to` is a legal move. Otherwise kConflict with a message naming both states
// and the allowed next states, e.g. "cannot move an incident from 'new' to 'closed'; from
// 'new' it may go to: triaged, rejected, merged".
common::Result<void> CheckTransition(State from, State to);

// True for closed, rejected and merged: nothing more happens to the incident.
bool IsFinal(State state);

}  // namespace ncirt::triage
