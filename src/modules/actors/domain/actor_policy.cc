#include "modules/actors/domain/actor_policy.h"

namespace samverkan::actors {
namespace {

constexpr const char* kWriteScope = "write";
constexpr const char* kAdminScope = "admin";

Status Refuse(const Principal& who) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  return Error::Forbidden();
}

}  // namespace

bool MayCreate(const Principal& who) {
  return who.authenticated() && who.IsEditor() && who.Allows(kWriteScope);
}

bool MayEdit(const Principal& who, int64_t actor_id) {
  if (!who.authenticated() || !who.Allows(kWriteScope)) return false;
  if (who.IsEditor()) return true;
  return who.Has(Role::kRepresentative) && who.Represents(actor_id);
}

bool MayChangeEditorFields(const Principal& who) {
  return who.authenticated() && who.IsEditor() && who.Allows(kWriteScope);
}

Status CheckMayCreate(const Principal& who) { return MayCreate(who) ? Status::Ok() : Refuse(who); }

Status CheckMayEdit(const Principal& who, int64_t actor_id) {
  return MayEdit(who, actor_id) ? Status::Ok() : Refuse(who);
}

Status CheckMayImportOrExport(const Principal& who) {
  return who.authenticated() && who.IsAdmin() && who.Allows(kAdminScope) ? Status::Ok() : Refuse(who);
}

}  // namespace samverkan::actors
