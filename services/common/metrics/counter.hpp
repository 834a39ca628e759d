#pragma once
// Counters: numbers that only go up (requests served, documents rejected), optionally split by
// labels (route, status, reason).
//
// A CounterFamily is one metric name with fixed label names; WithLabels() finds or creates the
// counter of one combination of label values. Label values should come from a small set (routes,
// status codes, error kinds): every combination lives until the process ends. Callers that count
// on a hot path keep the Counter& that WithLabels() returned; it stays valid for the family's
// life.
//
// Thread-safety: Increment() is a relaxed atomic add; WithLabels() and Render() take the
// family's mutex. All may be called from any thread.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ncirt::common::metrics {

class Counter {
 public:
  void Increment(std::uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class CounterFamily {
 public:
  // `name` must be a valid Prometheus metric name (by convention ending in _total); the label
  // names must be valid label names. Not checked: both are constants in the code.
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);
  CounterFamily(const CounterFamily&) = delete;
  CounterFamily& operator=(const CounterFamily&) = delete;

  // REQUIRES: values.size() equals the number of label names (throws std::logic_error if not).
  Counter& WithLabels(const std::vector<std::string>& values);

  // The HELP/TYPE header and one line per label combination, in label-value order.
  std::string Render() const;

  const std::string& name() const { return name_; }

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  mutable std::mutex mutex_;
  // unique_ptr: a Counter is atomic (not movable) and handed out by reference.
  std::map<std::vector<std::string>, std::unique_ptr<Counter>> counters_;  // GUARDED_BY(mutex_)
};

}  // namespace ncirt::common::metrics
