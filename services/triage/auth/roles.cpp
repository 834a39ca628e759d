#include "triage/auth/roles.hpp"

namespace ncirt::triage::auth {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAnalyst: return "analyst";
    case Role::kLead: return "lead";
    case Role::kAdmin: return "admin";
    case Role::kAuditor: return "auditor";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kAnalyst, Role::kLead, Role::kAdmin, Role::kAuditor}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kRead: return "read";
    case Permission::kWork: return "work";
    case Permission::kLead: return "lead";
    case Permission::kAdmin: return "admin";
    case Permission::kAudit: return "audit";
  }
  return "unknown";
}

bool Allows(Role role, Permission permission) {
  switch (permission) {
    case Permission::kRead: return true;
    case Permission::kWork: return role != Role::kAuditor;
    case Permission::kLead: return role == Role::kLead || role == Role::kAdmin;
    case Permission::kAdmin: return role == Role::kAdmin;
    case Permission::kAudit: return role == Role::kAdmin || role == Role::kAuditor;
  }
  return false;
}

}  // namespace ncirt::triage::auth
