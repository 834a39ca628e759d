#pragma once
// GET /v1/quarantine[?limit=N&before=ID]: rejected documents, newest first, without their
// bytes: id, time, submitter, reason, status, detail, media type, size, whether the kept copy
// is truncated, the request id, and the problem document that was answered. `limit` is 1-500
// (default 50); `before` pages (the answer's `next_before`). Scope: admin.
//
// Thread-safety: operator() runs concurrently; the store must allow that.

#include "intake/routes.hpp"
#include "intake/store/quarantine_store.hpp"

namespace ncirt::intake::handlers {

class ListQuarantine {
 public:
  explicit ListQuarantine(store::QuarantineStore& quarantine) : quarantine_(&quarantine) {}

  common::net::HttpResponse operator()(RequestContext& context) const;

 private:
  store::QuarantineStore* quarantine_;
};

// The JSON of one entry as listed (no content).
nlohmann::json QuarantineRecordJson(const store::QuarantineRecord& record);

}  // namespace ncirt::intake::handlers
