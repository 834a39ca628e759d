#include "load_driver.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

namespace ncirt::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

LoadResult Summarise(std::vector<std::vector<double>>& per_thread, long failed, double seconds) {
  std::vector<double> all;
  for (auto& v : per_thread) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  LoadResult r;
  r.seconds = seconds;
  r.succeeded = static_cast<long>(all.size());
  r.failed = failed;
  r.p50 = Percentile(all, 0.50);
  r.p90 = Percentile(all, 0.90);
  r.p99 = Percentile(all, 0.99);
  r.max = all.empty() ? 0 : all.back();
  return r;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

LoadResult RunClosedLoop(int threads, std::chrono::milliseconds duration,
                         const RequestFn& request) {
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<long> failed{0};
  const auto start = Clock::now();
  const auto end = start + duration;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (long seq = 0; Clock::now() < end; ++seq) {
        const auto begin = Clock::now();
        if (request(t, seq)) {
          latencies[t].push_back(Ms(Clock::now() - begin));
        } else {
          ++failed;
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  return Summarise(latencies, failed, std::chrono::duration<double>(Clock::now() - start).count());
}

LoadResult RunOpenLoop(int threads, double rate_per_second, std::chrono::milliseconds duration,
                       const RequestFn& request) {
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<long> failed{0};
  const auto start = Clock::now();
  // Each thread owns every threads-th slot of one global schedule.
  const auto interval = std::chrono::duration<double>(1.0 / rate_per_second);
  const long total = static_cast<long>(rate_per_second *
                                       std::chrono::duration<double>(duration).count());
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (long slot = t, seq = 0; slot < total; slot += threads, ++seq) {
        const auto scheduled = start + std::chrono::duration_cast<Clock::duration>(
                                           interval * static_cast<double>(slot));
        std::this_thread::sleep_until(scheduled);
        if (request(t, seq)) {
          latencies[t].push_back(Ms(Clock::now() - scheduled));
        } else {
          ++failed;
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  return Summarise(latencies, failed, std::chrono::duration<double>(Clock::now() - start).count());
}

std::string Describe(const LoadResult& r) {
  char line[256];
  std::snprintf(line, sizeof line,
                "%8.1f /s  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %7.1f ms  (%ld ok, %ld "
                "failed, %.1f s)",
                r.Rate(), r.p50, r.p90, r.p99, r.max, r.succeeded, r.failed, r.seconds);
  return line;
}

}  // namespace ncirt::bench
