#pragma once
// A service's set of metrics and its /metrics page.
//
// The registry owns counter and histogram families, and gauges whose value is read at scrape
// time from a callback (queue depth from the database, open connections from the server): a
// gauge that is computed when asked can never go stale. Render() writes every metric in
// Prometheus' text format, in the order they were added.
//
// A gauge callback may fail (the database is down): it returns std::nullopt and the gauge is
// left out of that scrape, rather than reporting a made-up number.
//
// Thread-safety: add metrics during start-up, before other threads use the registry; after
// that, Render() and the families' methods may be called from any thread. Gauge callbacks run on
// the scraping thread and must be thread-safe themselves.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/metrics/counter.hpp"
#include "common/metrics/histogram.hpp"

namespace ncirt::common::metrics {

using GaugeCallback = std::function<std::optional<double>()>;

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The returned reference lives as long as the registry. Names must be unique (not checked).
  CounterFamily& AddCounter(std::string name, std::string help,
                            std::vector<std::string> label_names = {});
  HistogramFamily& AddHistogram(std::string name, std::string help,
                                std::vector<std::string> label_names = {},
                                std::vector<double> upper_bounds = DefaultLatencyBuckets());
  void AddGauge(std::string name, std::string help, GaugeCallback value);
  // A counter kept elsewhere (e.g. by the HTTPS server), read at scrape time like a gauge.
  void AddObservedCounter(std::string name, std::string help, GaugeCallback value);

  // The whole exposition, ready to serve with kTextContentType.
  std::string Render() const;

 private:
  struct Gauge {
    std::string name;
    std::string help;
    GaugeCallback value;
    const char* type;  // "gauge" or "counter"
  };
  // One entry per metric, in the order added; exactly one pointer of each is set.
  struct Entry {
    std::unique_ptr<CounterFamily> counter;
    std::unique_ptr<HistogramFamily> histogram;
    std::unique_ptr<Gauge> gauge;
  };
  std::vector<Entry> entries_;
};

}  // namespace ncirt::common::metrics
