// Use cases of the ecosystem registry. The service owns no storage: it is handed a way to
// run work against a repository in one transaction (a write scope and a read scope), so tests
// can pass an in-memory one. Thread-safe when the scopes are.
//
// Two kinds of writers: people and integrations, through the use cases that take the
// Principal and apply actor_policy.h (editors and admins create and edit all actors,
// representatives edit their own), and operators, through the principal-less Create, Update,
// Upsert and Import of the import command and the demo data. The audit trail records the
// acting user: the principal's id, or 0 for an operator.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/reference.h"
#include "core/result.h"
#include "modules/actors/domain/actor.h"
#include "modules/actors/domain/actor_filter.h"
#include "modules/actors/domain/actor_repository.h"
#include "modules/actors/domain/actor_search.h"

namespace samverkan::actors {

struct ActorList {
  std::vector<Actor> items;
  int64_t total = 0;  // how many match the filter, over all pages
  FacetCounts facets;
  // Where the next page starts (for EncodeCursor), or nothing on the last page.
  std::optional<std::string> next_cursor;
};

// One row of an import: its line in the file and the profile read from it, or why it could
// not be read.
struct ImportRow {
  int line = 0;
  Result<ActorProfile> profile;
};

struct RejectedActor {
  int line = 0;
  Error error;  // InvalidArgument with per-field errors
};

struct ImportOutcome {
  int64_t inserted = 0;
  int64_t updated = 0;
  std::vector<RejectedActor> rejected;  // by line
  bool written = false;  // false when all-or-nothing met a rejected row: nothing was stored
};

// Where an import's rows come from, a chunk at a time: the next rows in file order, or none
// at the end. The rows of a large file need not all be in memory at once.
using ImportSource = std::function<Result<std::vector<ImportRow>>()>;

struct UpsertResult {
  int64_t id = 0;
  bool inserted = false;
};

class ActorService {
 public:
  // `reference` must outlive the service; `now_ms` is the clock (milliseconds since the epoch).
  ActorService(RepositoryScope write, RepositoryScope read, const ReferenceData* reference,
               std::function<int64_t()> now_ms);

  // NotFound when there is no such actor. The actor is complete, personal data included:
  // public callers pass it through RedactForPublic.
  Result<Actor> Get(int64_t id);
  Result<Actor> GetByExternalId(const std::string& external_id);

  // Lets List use the full-text index when it is ready (words with stemming instead of a
  // substring), and has every committed write catch the index up. `search` must outlive the
  // service; nullptr goes back to the repository. Call before serving, not during.
  void SetSearch(ActorSearch* search) { search_ = search; }

  // A page of the directory with the total and the facet counts for the same filter.
  // InvalidArgument for unknown codes in the filter, a limit outside 1–kMaxPageSize, or a
  // cursor from another language's list.
  Result<ActorList> List(ActorQuery query);

  // --- For people and integrations: authorised by actor_policy.h -------------------------
  // Errors of the policy come first: Unauthenticated for an anonymous visitor,
  // PermissionDenied for anyone else who may not (including an API token without the "write"
  // scope); after them the errors of the operator use cases below.

  // The alliance keeps the record of membership (SetAllianceMembership, called by the alliance
  // module when an application is approved or a membership ends): these use cases never set
  // alliance_member or member_since. A profile that sets them (Create) or changes them from
  // what is stored (Update) is InvalidArgument with a field error for each, and nothing is
  // stored; callers send them back as they were (or not at all when creating).

  // Creates an actor as Create(profile) does; editors and admins only.
  Result<int64_t> Create(const Principal& who, ActorProfile profile);
  // Replaces the profile and partners of `id` as Update(id, profile) does; editors and admins
  // for every actor, a representative for the actors they represent. The external id is the
  // editors': a representative's profile that changes it is PermissionDenied (with a field
  // error for it and for each alliance field changed too), and nothing is stored.
  Status Update(const Principal& who, int64_t id, ActorProfile profile);
  // The complete actor, personal data included, for someone who may edit it (an edit form).
  // Policy errors first, then NotFound.
  Result<Actor> GetForEdit(const Principal& who, int64_t id);

  // --- For operators: the import command and the demo data (audited as user 0) ------------

  // Validates and stores a new actor; its partners (external ids) must exist. Returns the id.
  // InvalidArgument per field; Conflict when the external id is taken.
  Result<int64_t> Create(ActorProfile profile);
  // Replaces the profile and partners of `id`. NotFound, InvalidArgument, Conflict.
  Status Update(int64_t id, ActorProfile profile);
  // Inserts or updates the actor with profile.external_id (which is required).
  Result<UpsertResult> Upsert(ActorProfile profile);

  // Upserts every row by external id in one transaction. Partners may name actors already
  // stored or rows anywhere in the same file (also further down). Rows that cannot be read,
  // are invalid, repeat an external id, or name a partner that neither exists nor is written
  // are rejected with their line and reason. All or nothing unless `partial`: with a rejected
  // row nothing is written. Errors of the store (not of rows) fail the whole import. The
  // audit trail gets one entry for the import (action actor.import, with the counts), not one
  // per actor.
  Result<ImportOutcome> Import(std::vector<ImportRow> rows, bool partial);
  // The same with the rows read a chunk at a time (see ImportSource), still in one
  // transaction: valid rows are written as they come, so that only the rows naming a partner
  // further down the file wait in memory; a rejected row in all-or-nothing mode rolls the
  // transaction back (the rest is still read, to report every rejected row).
  Result<ImportOutcome> Import(const ImportSource& next, bool partial);
  // The same on behalf of `who`, who must be an admin (CheckMayImportOrExport): the import
  // API. The audit trail names them.
  Result<ImportOutcome> Import(const Principal& who, std::vector<ImportRow> rows, bool partial);

  // For the alliance module, which keeps the record of membership: sets the actor's
  // alliance_member and member_since (an ISO date), or clears both when `member_since` is
  // nullopt, on behalf of `user_id` (0: an operator), whose authority the caller has checked.
  // NotFound when there is no such actor; InvalidArgument for a date that is not ISO.
  Status SetAllianceMembership(int64_t user_id, int64_t actor_id,
                               const std::optional<std::string>& member_since);

  // Calls `sink` for every actor, by id, from one consistent snapshot; stops at the first
  // error `sink` returns.
  Status ForEach(const std::function<Status(const Actor&)>& sink);

 private:
  // Runs an import in the caller's transaction. With `one_audit_entry` the actors' writes
  // are audited by one actor.import entry (Import), without it one entry each (Upsert).
  // When all-or-nothing met a rejected row, returns ok with outcome.written false after
  // writing some rows: the caller must roll back (RunImport does).
  Status ApplyImport(ActorRepository& repo, const ImportSource& next, bool partial,
                     int64_t user_id, bool one_audit_entry, ImportOutcome& outcome);
  Result<ImportOutcome> RunImport(const ImportSource& next, bool partial, int64_t user_id);
  // Create and Update on behalf of `user_id` (0: an operator). With `membership_locked` the
  // stored alliance_member and member_since must not change, with `external_id_locked`
  // neither must the external id.
  Result<int64_t> CreateAs(int64_t user_id, ActorProfile profile);
  Status UpdateAs(int64_t user_id, int64_t id, ActorProfile profile, bool membership_locked,
                  bool external_id_locked);
  Result<std::vector<int64_t>> ResolvePartners(ActorRepository& repo,
                                               const std::vector<std::string>& external_ids);
  int CurrentYear() const;
  // After a write committed.
  void WriteCommitted();

  RepositoryScope write_;
  RepositoryScope read_;
  const ReferenceData* reference_;
  std::function<int64_t()> now_ms_;
  ActorSearch* search_ = nullptr;
};

}  // namespace samverkan::actors
