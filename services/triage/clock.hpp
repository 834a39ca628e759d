#pragma once
// The clock triage reads for SLA timers, sessions and the audit log. Injected, so tests can move
// time (STYLE.md convention 10); the service uses SystemClock. Milliseconds since the Unix epoch
// are precise enough for every deadline here and survive the trip through PostgreSQL's
// microsecond timestamps unchanged.
//
// Thread-safety: implementations must be safe to call from many threads.

#include <chrono>

namespace ncirt::triage {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The wall clock (std::chrono::system_clock), truncated to milliseconds.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

}  // namespace ncirt::triage
