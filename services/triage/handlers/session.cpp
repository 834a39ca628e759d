#include "triage/handlers/session.hpp"

#include "triage/auth/password.hpp"
#include "triage/auth/secret.hpp"
#include "triage/handlers/json_io.hpp"

namespace ncirt::triage::handlers {

namespace http = boost::beast::http;
using common::net::MakeProblem;

namespace {

std::string SessionCookie(const std::string& value, std::int64_t max_age_s) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; Max-Age=" +
         std::to_string(max_age_s) + "; HttpOnly; Secure; SameSite=Strict";
}

}  // namespace

RouteHandler Login(store::UserStore& users, const Clock& clock, SessionOptions options) {
  return [&users, &clock, options](RequestContext& context) {
    auto& request = context.request;
    auto body = ParseObject(request);
    if (!body) return MakeProblem(request, body.error());
    auto name = StringMember(*body, "name");
    if (!name) return MakeProblem(request, name.error());
    auto password = StringMember(*body, "password");
    if (!password) return MakeProblem(request, password.error());
    const TimePoint now = clock.Now();
    const TimePoint window_start = now - options.limits.window;
    auto failures = users.RecentFailures(*name, request.remote_address, window_start);
    if (!failures) return MakeProblem(request, failures.error());
    if (auto allowed = auth::CheckLoginAllowed(options.limits, failures->first,
                                               failures->second);
        !allowed) {
      return MakeProblem(request, allowed.error());
    }
    auto user = users.FindUser(*name);
    if (!user) return MakeProblem(request, user.error());
    // An unknown or disabled user costs one argon2id verification too, against the decoy
    // hash of the same cost, so the answer's timing does not tell which names exist.
    const bool known = *user && !(*user)->disabled;
    const bool matches =
        auth::VerifyPassword(known ? (*user)->password_hash : options.decoy_hash, *password);
    if (!known || !matches) {
      if (auto recorded = users.RecordFailure(*name, request.remote_address, window_start);
          !recorded) {
        return MakeProblem(request, recorded.error());
      }
      return MakeProblem(request, common::Error{common::ErrorKind::kUnauthenticated,
                                                "wrong user name or password", ""});
    }
    const std::string session = auth::NewSecret();
    const std::string csrf = auth::NewSecret();
    const auto ttl = std::chrono::duration_cast<std::chrono::milliseconds>(options.ttl);
    if (auto created = users.CreateSession(store::Actor{*name, request.remote_address},
                                           auth::DigestOf(session), auth::DigestOf(csrf),
                                           now + ttl);
        !created) {
      return MakeProblem(request, created.error());
    }
    auto response = JsonResponse(request, {{"name", (*user)->name},
                                           {"role", auth::RoleName((*user)->role)},
                                           {"csrf_token", csrf}});
    response.set(http::field::set_cookie,
                 SessionCookie(session, std::chrono::duration_cast<std::chrono::seconds>(ttl)
                                            .count()));
    return response;
  };
}

RouteHandler Logout(store::UserStore& users) {
  return [&users](RequestContext& context) {
    if (context.session) {
      if (auto deleted = users.DeleteSession(context.Actor(), auth::DigestOf(*context.session));
          !deleted) {
        return MakeProblem(context.request, deleted.error());
      }
    }
    auto response =
        common::net::MakeResponse(context.request, http::status::no_content, "", "");
    response.set(http::field::set_cookie, SessionCookie("", 0));
    return response;
  };
}

}  // namespace ncirt::triage::handlers
