#include "core/principal.h"

namespace samverkan {

const char* RoleCode(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kEditor: return "editor";
    case Role::kRepresentative: return "representative";
    case Role::kJuror: return "juror";
    case Role::kMember: return "member";
  }
  return "member";
}

std::optional<Role> ParseRole(std::string_view code) {
  for (Role r : AllRoles()) {
    if (code == RoleCode(r)) return r;
  }
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kRoles = {Role::kAdmin, Role::kEditor, Role::kRepresentative,
                                           Role::kJuror, Role::kMember};
  return kRoles;
}

}  // namespace samverkan
