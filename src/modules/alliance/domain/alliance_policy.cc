#include "modules/alliance/domain/alliance_policy.h"

namespace samverkan::alliance {
namespace {

constexpr const char* kWriteScope = "write";

Status Refuse(const Principal& who, const char* message) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  return Error::Forbidden(message);
}

bool Writer(const Principal& who) { return who.authenticated() && who.Allows(kWriteScope); }

}  // namespace

bool MayApply(const Principal& who, int64_t actor_id) {
  if (!Writer(who)) return false;
  if (who.IsEditor()) return true;
  return who.Has(Role::kRepresentative) && who.Represents(actor_id);
}

bool MayApplyForAny(const Principal& who) {
  if (!Writer(who)) return false;
  return who.IsEditor() || (who.Has(Role::kRepresentative) && !who.actor_ids.empty());
}

bool MayReview(const Principal& who) { return Writer(who) && who.IsEditor(); }

bool MaySeeApplication(const Principal& who, int64_t actor_id, int64_t submitted_by) {
  if (!who.authenticated()) return false;
  if (who.IsEditor()) return true;
  if (submitted_by != 0 && who.user_id == submitted_by) return true;
  return who.Has(Role::kRepresentative) && who.Represents(actor_id);
}

bool MaySetGoals(const Principal& who) { return Writer(who) && who.IsAdmin(); }

Status CheckMayApply(const Principal& who, int64_t actor_id) {
  return MayApply(who, actor_id)
             ? Status::Ok()
             : Refuse(who, N_("Only a representative of the organisation can apply on its behalf."));
}

Status CheckMayApplyForAny(const Principal& who) {
  return MayApplyForAny(who)
             ? Status::Ok()
             : Refuse(who, N_("Only a representative of an organisation can apply on its behalf."));
}

Status CheckMayReview(const Principal& who) {
  return MayReview(who) ? Status::Ok()
                        : Refuse(who, N_("Only editors and administrators can review applications."));
}

Status CheckMaySetGoals(const Principal& who) {
  return MaySetGoals(who) ? Status::Ok()
                          : Refuse(who, N_("Only administrators can set the alliance's goals."));
}

}  // namespace samverkan::alliance
