// Use cases of the ecosystem registry. The service owns no storage: it is handed a way to
// run work against a repository in one transaction (a write scope and a read scope), so tests
// can pass an in-memory one. Thread-safe when the scopes are.
//
// Create, Update, Upsert and Import are used by the import command and the demo data for
// now; web forms come with accounts and roles (representatives edit their own organisation,
// editors all).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/reference.h"
#include "core/result.h"
#include "modules/actors/domain/actor.h"
#include "modules/actors/domain/actor_filter.h"
#include "modules/actors/domain/actor_repository.h"

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

  // A page of the directory with the total and the facet counts for the same filter.
  // InvalidArgument for unknown codes in the filter, a limit outside 1–kMaxPageSize, or a
  // cursor from another language's list.
  Result<ActorList> List(ActorQuery query);

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
  // row nothing is written. Errors of the store (not of rows) fail the whole import.
  Result<ImportOutcome> Import(std::vector<ImportRow> rows, bool partial);

  // Calls `sink` for every actor, by id, from one consistent snapshot; stops at the first
  // error `sink` returns.
  Status ForEach(const std::function<Status(const Actor&)>& sink);

 private:
  Status ApplyImport(ActorRepository& repo, std::vector<ImportRow> rows, bool partial,
                     ImportOutcome& outcome);
  Result<std::vector<int64_t>> ResolvePartners(ActorRepository& repo,
                                               const std::vector<std::string>& external_ids);
  int CurrentYear() const;

  RepositoryScope write_;
  RepositoryScope read_;
  const ReferenceData* reference_;
  std::function<int64_t()> now_ms_;
};

}  // namespace samverkan::actors
