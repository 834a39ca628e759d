#include "common/metrics/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "common/metrics/text_format.hpp"

namespace ncirt::common::metrics {
namespace {

void CheckBounds(const std::vector<double>& bounds) {
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      throw std::logic_error("histogram bucket bounds must be finite and strictly increasing");
    }
  }
}

}  // namespace

std::vector<double> DefaultLatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(upper_bounds_.size() + 1)) {
  CheckBounds(upper_bounds_);
}

void Histogram::Observe(double value) {
  // The first bound >= value is the bucket (Prometheus buckets are "less than or equal").
  const auto it = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value);
  const auto index = static_cast<std::size_t>(it - upper_bounds_.begin());
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Take() const {
  Snapshot snapshot;
  snapshot.upper_bounds = upper_bounds_;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < upper_bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(running);
  }
  running += buckets_[upper_bounds_.size()].load(std::memory_order_relaxed);
  // The +Inf bucket must equal _count; report the bucket total so the two always agree.
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names,
                                 std::vector<double> upper_bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      upper_bounds_(std::move(upper_bounds)) {
  CheckBounds(upper_bounds_);
}

Histogram& HistogramFamily::WithLabels(const std::vector<std::string>& values) {
  if (values.size() != label_names_.size()) {
    throw std::logic_error("metric " + name_ + " takes " + std::to_string(label_names_.size()) +
                           " label value(s), got " + std::to_string(values.size()));
  }
  std::lock_guard lock(mutex_);
  auto& slot = histograms_[values];
  if (!slot) slot = std::make_unique<Histogram>(upper_bounds_);
  return *slot;
}

std::string HistogramFamily::Render() const {
  std::string out = Header(name_, help_, "histogram");
  std::vector<std::string> names = label_names_;
  names.push_back("le");
  std::lock_guard lock(mutex_);
  for (const auto& [values, histogram] : histograms_) {
    const Histogram::Snapshot s = histogram->Take();
    std::vector<std::string> with_le = values;
    with_le.emplace_back();
    for (std::size_t i = 0; i <= s.upper_bounds.size(); ++i) {
      const bool inf = i == s.upper_bounds.size();
      with_le.back() = inf ? "+Inf" : FormatValue(s.upper_bounds[i]);
      out += name_ + "_bucket" + LabelSet(names, with_le) + ' ' +
             std::to_string(inf ? s.count : s.cumulative_counts[i]) + '\n';
    }
    const std::string labels = LabelSet(label_names_, values);
    out += name_ + "_sum" + labels + ' ' + FormatValue(s.sum) + '\n';
    out += name_ + "_count" + labels + ' ' + std::to_string(s.count) + '\n';
  }
  return out;
}

}  // namespace ncirt::common::metrics
