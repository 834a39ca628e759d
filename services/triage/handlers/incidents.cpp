#include "triage/handlers/incidents.hpp"

#include "triage/handlers/detail_json.hpp"
#include "triage/handlers/json_io.hpp"

namespace ncirt::triage::handlers {

namespace http = boost::beast::http;
using common::net::MakeProblem;

RouteHandler ClaimNext(store::QueueStore& queue) {
  return [&queue](RequestContext& context) {
    auto claimed = queue.ClaimNext(context.Actor());
    if (!claimed) return MakeProblem(context.request, claimed.error());
    if (!*claimed) {
      return common::net::MakeResponse(context.request, http::status::no_content, "", "");
    }
    return JsonResponse(context.request, EntryJson(**claimed));
  };
}

RouteHandler GetIncident(store::DetailStore& details) {
  return [&details](RequestContext& context) {
    auto detail = details.Read(context.Actor(), context.params.at(0));
    if (!detail) return MakeProblem(context.request, detail.error());
    return JsonResponse(context.request, DetailJson(*detail));
  };
}

RouteHandler TransitionIncident(store::QueueStore& queue) {
  return [&queue](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto to = StringMember(*body, "to");
    if (!to) return MakeProblem(context.request, to.error());
    const auto state = ParseState(*to);
    if (!state) {
      return MakeProblem(context.request,
                         common::Error{common::ErrorKind::kBadRequest,
                                       "'" + *to + "' is not a workflow state", "to"});
    }
    auto moved = queue.Transition(context.Actor(), context.params.at(0), *state);
    if (!moved) return MakeProblem(context.request, moved.error());
    return JsonResponse(context.request, EntryJson(*moved));
  };
}

RouteHandler MergeIncident(store::QueueStore& queue) {
  return [&queue](RequestContext& context) {
    auto body = ParseObject(context.request);
    if (!body) return MakeProblem(context.request, body.error());
    auto into = StringMember(*body, "into");
    if (!into) return MakeProblem(context.request, into.error());
    auto merged = queue.Merge(context.Actor(), context.params.at(0), *into);
    if (!merged) return MakeProblem(context.request, merged.error());
    return JsonResponse(context.request, EntryJson(*merged));
  };
}

}  // namespace ncirt::triage::handlers
