#pragma once
// GET /healthz (the process answers: liveness) and GET /readyz (it can do its work: PostgreSQL
// reachable with the schema this build needs; 503 with the reason otherwise). No token needed,
// so orchestrators and load balancers can probe; neither reveals anything but the state.
//
// Thread-safety: operator() runs concurrently; the store must allow that.

#include "intake/routes.hpp"
#include "intake/store/health_store.hpp"

namespace ncirt::intake::handlers {

common::net::HttpResponse Healthz(RequestContext& context);

class Readyz {
 public:
  explicit Readyz(store::HealthStore& health) : health_(&health) {}

  common::net::HttpResponse operator()(RequestContext& context) const;

 private:
  store::HealthStore* health_;
};

}  // namespace ncirt::intake::handlers
