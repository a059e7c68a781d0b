// Who may do what with needs and offers. A representative of the owning actor, or an editor
// or admin, creates and edits them (an API token needs the write scope); everyone reads those
// that are open or closed; drafts only those who may edit them.
#pragma once

#include <cstdint>

#include "core/principal.h"
#include "core/result.h"
#include "modules/matching/domain/need_offer.h"

namespace samverkan::matching {

bool MayWriteFor(const Principal& who, int64_t actor_id);
bool MayRead(const Principal& who, ItemStatus status, int64_t actor_id);
// Whether `who` may post at all (for the "new" links and forms): editors, or representatives
// of at least one actor.
bool MayPost(const Principal& who);

// Unauthenticated when nobody is signed in, PermissionDenied otherwise.
Status CheckMayWriteFor(const Principal& who, int64_t actor_id);
Status CheckMayPost(const Principal& who);

}  // namespace samverkan::matching
