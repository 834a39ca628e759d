#include "common/metrics/registry.hpp"

#include "common/metrics/text_format.hpp"

namespace ncirt::common::metrics {

CounterFamily& Registry::AddCounter(std::string name, std::string help,
                                    std::vector<std::string> label_names) {
  auto& entry = entries_.emplace_back();
  entry.counter =
      std::make_unique<CounterFamily>(std::move(name), std::move(help), std::move(label_names));
  return *entry.counter;
}

HistogramFamily& Registry::AddHistogram(std::string name, std::string help,
                                        std::vector<std::string> label_names,
                                        std::vector<double> upper_bounds) {
  auto& entry = entries_.emplace_back();
  entry.histogram = std::make_unique<HistogramFamily>(
      std::move(name), std::move(help), std::move(label_names), std::move(upper_bounds));
  return *entry.histogram;
}

void Registry::AddGauge(std::string name, std::string help, GaugeCallback value) {
  auto& entry = entries_.emplace_back();
  entry.gauge =
      std::make_unique<Gauge>(Gauge{std::move(name), std::move(help), std::move(value), "gauge"});
}

void Registry::AddObservedCounter(std::string name, std::string help, GaugeCallback value) {
  auto& entry = entries_.emplace_back();
  entry.gauge = std::make_unique<Gauge>(
      Gauge{std::move(name), std::move(help), std::move(value), "counter"});
}

std::string Registry::Render() const {
  std::string out;
  for (const Entry& entry : entries_) {
    if (entry.counter) {
      out += entry.counter->Render();
    } else if (entry.histogram) {
      out += entry.histogram->Render();
    } else if (entry.gauge) {
      const std::optional<double> value = entry.gauge->value();
      if (!value) continue;
      out += Header(entry.gauge->name, entry.gauge->help, entry.gauge->type);
      out += entry.gauge->name + ' ' + FormatValue(*value) + '\n';
    }
  }
  return out;
}

}  // namespace ncirt::common::metrics
