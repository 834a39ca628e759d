#include "intake/handlers/metrics_page.hpp"

#include "common/metrics/text_format.hpp"
#include "intake/handlers/responses.hpp"

namespace ncirt::intake::handlers {

HttpResponse MetricsPage::operator()(RequestContext& context) const {
  return common::net::MakeResponse(context.request, http::status::ok,
                                   metrics_->registry().Render(),
                                   common::metrics::kTextContentType);
}

}  // namespace ncirt::intake::handlers
