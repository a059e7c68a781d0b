#include "modules/matching/domain/matching_policy.h"

namespace samverkan::matching {
namespace {

constexpr const char* kWriteScope = "write";

Status Refuse(const Principal& who) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  return Error::Forbidden();
}

}  // namespace

bool MayWriteFor(const Principal& who, int64_t actor_id) {
  if (!who.authenticated() || !who.Allows(kWriteScope)) return false;
  if (who.IsEditor()) return true;
  return who.Has(Role::kRepresentative) && who.Represents(actor_id);
}

bool MayRead(const Principal& who, ItemStatus status, int64_t actor_id) {
  if (status != ItemStatus::kDraft) return true;
  // A token without the write scope still reads its own drafts.
  if (!who.authenticated()) return false;
  return who.IsEditor() || (who.Has(Role::kRepresentative) && who.Represents(actor_id));
}

bool MayPost(const Principal& who) {
  if (!who.authenticated() || !who.Allows(kWriteScope)) return false;
  return who.IsEditor() || (who.Has(Role::kRepresentative) && !who.actor_ids.empty());
}

Status CheckMayWriteFor(const Principal& who, int64_t actor_id) {
  return MayWriteFor(who, actor_id) ? Status::Ok() : Refuse(who);
}

Status CheckMayPost(const Principal& who) { return MayPost(who) ? Status::Ok() : Refuse(who); }

}  // namespace samverkan::matching
