#pragma once
// GET /metrics: the Prometheus text exposition of intake_metrics.hpp's metrics. No token
// needed (the labels hold route names, status codes and error kinds only: no submitter, no
// document content); an operator who does not want it public filters it at the proxy.
//
// Thread-safety: operator() runs concurrently.

#include "intake/intake_metrics.hpp"
#include "intake/routes.hpp"

namespace ncirt::intake::handlers {

class MetricsPage {
 public:
  explicit MetricsPage(IntakeMetrics& metrics) : metrics_(&metrics) {}

  common::net::HttpResponse operator()(RequestContext& context) const;

 private:
  IntakeMetrics* metrics_;
};

}  // namespace ncirt::intake::handlers
