// Who is making a request, as the services see it: resolved once per request by the
// accounts module (from a session cookie or an API token) and passed to every use case, so
// that authorisation is decided in the services, not in the pages.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace samverkan {

enum class Role { kAdmin, kEditor, kRepresentative, kJuror, kMember };

// "admin", "editor", "representative", "juror", "member".
const char* RoleCode(Role role);
std::optional<Role> ParseRole(std::string_view code);
const std::vector<Role>& AllRoles();

enum class AuthMethod { kNone, kSession, kApiToken };

struct Principal {
  int64_t user_id = 0;  // 0: an anonymous visitor
  std::string email;
  std::string display_name;
  std::set<Role> roles;
  std::set<int64_t> actor_ids;  // organisations the user represents
  AuthMethod method = AuthMethod::kNone;
  // For API tokens: what the token may do ("read", "write", "admin"); sessions may do all
  // their roles allow.
  std::set<std::string> scopes;

  bool authenticated() const { return user_id != 0; }
  bool Has(Role role) const { return roles.count(role) > 0; }
  bool IsAdmin() const { return Has(Role::kAdmin); }
  // Editors and admins edit all content.
  bool IsEditor() const { return Has(Role::kEditor) || IsAdmin(); }
  bool Represents(int64_t actor_id) const { return actor_ids.count(actor_id) > 0; }
  // Whether a token-authenticated request may use `scope`; sessions always may.
  bool Allows(std::string_view scope) const {
    return method != AuthMethod::kApiToken || scopes.count(std::string(scope)) > 0;
  }
};

}  // namespace samverkan
