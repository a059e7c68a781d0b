// Who may do what in the alliance: pure functions of the Principal, applied by
// AllianceService (pages only use them to choose what to show).
//
// - A representative applies on behalf of the actors they represent (Principal::Represents),
//   as long as they hold the representative role. Editors and admins may apply on behalf of
//   any actor (an organisation that sent its application by mail).
// - Editors and admins review: approve, refuse, end memberships, see every application.
// - An application is also visible to whoever sent it and to the representatives of its actor.
// - Admins set the goals.
// - Over an API token every write needs the token's "write" scope.
#pragma once

#include <cstdint>

#include "core/principal.h"
#include "core/result.h"

namespace samverkan::alliance {

bool MayApply(const Principal& who, int64_t actor_id);
// Whether `who` may apply for some actor at all (the application form).
bool MayApplyForAny(const Principal& who);
bool MayReview(const Principal& who);
bool MaySeeApplication(const Principal& who, int64_t actor_id, int64_t submitted_by);
bool MaySetGoals(const Principal& who);

// The same as errors: Unauthenticated ("Sign in to continue.") for an anonymous visitor,
// PermissionDenied for everyone else who may not.
Status CheckMayApply(const Principal& who, int64_t actor_id);
Status CheckMayApplyForAny(const Principal& who);
Status CheckMayReview(const Principal& who);
Status CheckMaySetGoals(const Principal& who);

}  // namespace samverkan::alliance
