#pragma once
// GET /v1/quarantine/{id}/content: the kept bytes of a rejected document, as received (up to
// the quarantine's size limit; X-Ncirt-Truncated says whether it was cut). Served as an
// application/octet-stream attachment whatever the submitter claimed, so a browser never
// renders attacker-supplied content. Scope: admin.
//
// Thread-safety: operator() runs concurrently; the store must allow that.

#include "intake/routes.hpp"
#include "intake/store/quarantine_store.hpp"

namespace ncirt::intake::handlers {

class GetQuarantineContent {
 public:
  explicit GetQuarantineContent(store::QuarantineStore& quarantine)
      : quarantine_(&quarantine) {}

  common::net::HttpResponse operator()(RequestContext& context) const;

 private:
  store::QuarantineStore* quarantine_;
};

}  // namespace ncirt::intake::handlers
