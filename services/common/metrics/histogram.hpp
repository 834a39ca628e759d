#pragma once
// Histograms: the distribution of a measured value (request latency in seconds), as Prometheus
// cumulative buckets plus a sum and a count, optionally split by labels.
//
// Bucket bounds are fixed when the family is made (they must be the same for every label
// combination, or quantiles cannot be aggregated). DefaultLatencyBuckets() suits HTTP handlers
// from sub-millisecond answers to multi-second ones.
//
// Thread-safety: Observe() uses only relaxed atomics (a scrape racing an observation may see the
// count and a bucket disagree by that one observation, which Prometheus tolerates);
// WithLabels() and Render() take the family's mutex. All may be called from any thread.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ncirt::common::metrics {

// 0.5 ms to 10 s, roughly doubling.
std::vector<double> DefaultLatencyBuckets();

class Histogram {
 public:
  // REQUIRES: `upper_bounds` strictly increasing and finite (+Inf is implicit).
  explicit Histogram(std::vector<double> upper_bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;
    // Cumulative: cumulative_counts[i] observations were <= upper_bounds[i].
    std::vector<std::uint64_t> cumulative_counts;
    std::uint64_t count = 0;
    double sum = 0;
  };
  Snapshot Take() const;

 private:
  const std::vector<double> upper_bounds_;
  // Per bucket (not cumulative), plus one for values above the last bound.
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

class HistogramFamily {
 public:
  // REQUIRES: as for Histogram; throws std::logic_error when the bounds are not increasing.
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> upper_bounds = DefaultLatencyBuckets());
  HistogramFamily(const HistogramFamily&) = delete;
  HistogramFamily& operator=(const HistogramFamily&) = delete;

  // REQUIRES: values.size() equals the number of label names (throws std::logic_error if not).
  Histogram& WithLabels(const std::vector<std::string>& values);

  // HELP/TYPE, then per label combination its _bucket lines (with le), _sum and _count.
  std::string Render() const;

  const std::string& name() const { return name_; }

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const std::vector<double> upper_bounds_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Histogram>> histograms_;  // GUARDED_BY
};

}  // namespace ncirt::common::metrics
