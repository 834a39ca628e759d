#include "triage/workflow.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace ncirt::triage {
namespace {

struct StateRow {
  State state;
  std::string_view name;
};

constexpr std::array kStates{
    StateRow{State::kNew, "new"},           StateRow{State::kTriaged, "triaged"},
    StateRow{State::kInProgress, "in_progress"}, StateRow{State::kWaiting, "waiting"},
    StateRow{State::kResolved, "resolved"}, StateRow{State::kClosed, "closed"},
    StateRow{State::kRejected, "rejected"}, StateRow{State::kMerged, "merged"},
};
constexpr std::array kAll{State::kNew,      State::kTriaged, State::kInProgress,
                          State::kWaiting,  State::kResolved, State::kClosed,
                          State::kRejected, State::kMerged};

constexpr std::array kFromNew{State::kTriaged, State::kRejected, State::kMerged};
constexpr std::array kFromTriaged{State::kInProgress, State::kWaiting, State::kRejected,
                                  State::kMerged};
constexpr std::array kFromInProgress{State::kWaiting, State::kResolved, State::kMerged};
constexpr std::array kFromWaiting{State::kTriaged, State::kInProgress, State::kResolved,
                                  State::kMerged};
constexpr std::array kFromResolved{State::kInProgress, State::kClosed};

}  // namespace

std::string_view StateName(State state) {
  for (const auto& row : kStates) {
    if (row.state == state) return row.name;
  }
  return "unknown";
}

std::optional<State> ParseState(std::string_view name) {
  for (const auto& row : kStates) {
    if (row.name == name) return row.state;
  }
  return std::nullopt;
}

std::span<const State> AllStates() { return kAll; }

std::span<const State> AllowedNext(State from) {
  switch (from) {
    case State::kNew: return kFromNew;
    case State::kTriaged: return kFromTriaged;
    case State::kInProgress: return kFromInProgress;
    case State::kWaiting: return kFromWaiting;
    case State::kResolved: return kFromResolved;
    case State::kClosed:
    case State::kRejected:
    case State::kMerged: return {};
  }
  return {};
}

bool IsFinal(State state) { return AllowedNext(state).empty(); }

common::Result<void> CheckTransition(State from, State to) {
  const auto next = AllowedNext(from);
  if (std::ranges::find(next, to) != next.end()) return {};
  std::string message = "cannot move an incident from '" + std::string(StateName(from)) +
                        "' to '" + std::string(StateName(to)) + "'; ";
  if (next.empty()) {
    message += "'" + std::string(StateName(from)) + "' is final";
  } else {
    message += "from '" + std::string(StateName(from)) + "' it may go to: ";
    for (std::size_t i = 0; i < next.size(); ++i) {
      if (i > 0) message += ", ";
      message += StateName(next[i]);
    }
  }
  return common::Fail(common::ErrorKind::kConflict, std::move(message), "state");
}

}  // namespace ncirt::triage
