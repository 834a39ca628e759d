#include "common/metrics/counter.hpp"

#include <stdexcept>

#include "common/metrics/text_format.hpp"

namespace ncirt::common::metrics {

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

Counter& CounterFamily::WithLabels(const std::vector<std::string>& values) {
  if (values.size() != label_names_.size()) {
    throw std::logic_error("metric " + name_ + " takes " + std::to_string(label_names_.size()) +
                           " label value(s), got " + std::to_string(values.size()));
  }
  std::lock_guard lock(mutex_);
  auto& slot = counters_[values];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

std::string CounterFamily::Render() const {
  std::string out = Header(name_, help_, "counter");
  std::lock_guard lock(mutex_);
  for (const auto& [values, counter] : counters_) {
    out += name_;
    out += LabelSet(label_names_, values);
    out += ' ';
    out += std::to_string(counter->Value());
    out += '\n';
  }
  return out;
}

}  // namespace ncirt::common::metrics
