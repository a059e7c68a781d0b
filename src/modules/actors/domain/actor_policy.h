// Who may create and edit actors: pure functions of the Principal, applied by ActorService
// (pages only use them to hide links they could not follow).
//
// - Editors and admins create actors and edit every actor, including the fields only they
//   manage (EditorManagedFields).
// - A representative edits the actors they represent (Principal::Represents) as long as they
//   hold the representative role: an admin who takes the role away takes the right with it.
//   They cannot create actors, and cannot change the fields editors manage.
// - Jurors, members and anonymous visitors do neither.
// - Over an API token every write needs the token's "write" scope, whatever the owner's roles;
//   a session may do all its roles allow.
// - Whole-registry import and export (with sole traders' personal identity numbers) are for
//   admins; over an API token they need the "admin" scope.
#pragma once

#include <cstdint>

#include "core/principal.h"
#include "core/result.h"

namespace samverkan::actors {

bool MayCreate(const Principal& who);
bool MayEdit(const Principal& who, int64_t actor_id);
// Whether `who` may change ActorProfile::alliance_member, member_since and external_id (the
// alliance's records and the importer's key). Editors and admins only.
bool MayChangeEditorFields(const Principal& who);

// The same decisions as errors for the services: Unauthenticated for an anonymous visitor
// ("Sign in to continue."), PermissionDenied for everyone else who may not.
Status CheckMayCreate(const Principal& who);
Status CheckMayEdit(const Principal& who, int64_t actor_id);
Status CheckMayImportOrExport(const Principal& who);

}  // namespace samverkan::actors
