#pragma once
// Who may do what in triage. Every route names the Permission it needs (routes.hpp), and
// Allows() is the one place that says which roles hold it:
//
//   permission   analyst  lead  admin  auditor   what it covers
//   kRead           x      x     x       x       queue, incident detail, comments, SLA targets
//   kWork           x      x     x               claim, transitions, assignment, comments,
//                                                category, severity, merge, links
//   kLead                  x     x               SLA targets
//   kAdmin                       x               users and API tokens
//   kAudit                       x       x       audit verification
//
// The auditor reads everything and changes nothing.
//
// Thread-safety: pure functions.

#include <optional>
#include <string_view>

namespace ncirt::triage::auth {

enum class Role { kAnalyst, kLead, kAdmin, kAuditor };
enum class Permission { kRead, kWork, kLead, kAdmin, kAudit };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
std::string_view PermissionName(Permission permission);

bool Allows(Role role, Permission permission);

}  // namespace ncirt::triage::auth
