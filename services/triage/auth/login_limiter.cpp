#include "triage/auth/login_limiter.hpp"

#include <string>

namespace ncirt::triage::auth {

common::Result<void> CheckLoginAllowed(const LoginLimits& limits, std::int64_t user_failures,
                                       std::int64_t address_failures) {
  const std::string minutes = std::to_string(limits.window.count() / 60);
  if (user_failures >= limits.max_failures_per_user) {
    return common::Fail(common::ErrorKind::kOverloaded,
                        "too many failed logins for this user; try again in up to " + minutes +
                            " minutes",
                        "user");
  }
  if (address_failures >= limits.max_failures_per_address) {
    return common::Fail(common::ErrorKind::kOverloaded,
                        "too many failed logins from this address; try again in up to " +
                            minutes + " minutes",
                        "address");
  }
  return {};
}

}  // namespace ncirt::triage::auth
