#include "triage/clock.hpp"

namespace ncirt::triage {

TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now());
}

}  // namespace ncirt::triage
