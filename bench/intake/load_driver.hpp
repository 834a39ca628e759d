#pragma once
// The measuring part of bench_intake_load: run a request function from N threads, closed loop
// (as fast as answers come) for a duration, or open loop at a fixed total rate, and summarise
// throughput and latency.
//
// Open-loop latency is measured from each request's *scheduled* start, not its actual start, so
// a stalled server is charged for the requests that queued behind it (no coordinated omission).
//
// Thread-safety: Run*() from one thread; `request` is called concurrently, once per thread
// index at a time.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace ncirt::bench {

// One request by thread `thread`, its `sequence`-th; true when it succeeded.
using RequestFn = std::function<bool(int thread, long sequence)>;

struct LoadResult {
  double seconds = 0;
  long succeeded = 0;
  long failed = 0;
  // Milliseconds, of succeeded requests.
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
  double Rate() const { return seconds > 0 ? static_cast<double>(succeeded) / seconds : 0; }
};

// Closed loop: each of `threads` threads calls `request` back to back for `duration`.
LoadResult RunClosedLoop(int threads, std::chrono::milliseconds duration, const RequestFn& request);

// Open loop: `threads` threads together start `rate_per_second` requests per second, evenly
// spaced, for `duration`.
LoadResult RunOpenLoop(int threads, double rate_per_second, std::chrono::milliseconds duration,
                       const RequestFn& request);

// "1234.5 /s  p50 3.1 ms  p90 ...".
std::string Describe(const LoadResult& result);

}  // namespace ncirt::bench
