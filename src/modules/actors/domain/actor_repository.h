// Where actors are kept. The service is the only caller; implementations work inside the
// caller's transaction (see RepositoryScope) and turn engine errors into domain errors.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/actors/domain/actor.h"
#include "modules/actors/domain/actor_filter.h"

namespace samverkan::actors {

// What an import did, for its audit entry.
struct ImportSummary {
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t rejected = 0;  // rows left out (partial mode)
  bool partial = false;
};

class ActorRepository {
 public:
  virtual ~ActorRepository() = default;

  // Stores a validated profile without its partners (see SetPartners); returns the new id.
  // Conflict when the external id is taken. `user_id` is who acts, for the audit trail (0 for
  // an operator: import, demo data).
  virtual Result<int64_t> Insert(const ActorProfile& profile, bool org_number_personal,
                                 int64_t now_ms, int64_t user_id) = 0;
  // Replaces the profile (not the partners) of `id`. NotFound when there is no such actor;
  // Conflict when the external id is another actor's. `user_id` as for Insert.
  virtual Status Update(int64_t id, const ActorProfile& profile, bool org_number_personal,
                        int64_t now_ms, int64_t user_id) = 0;
  // Replaces the actors `id` names as partners, in this order. The ids must exist.
  virtual Status SetPartners(int64_t id, const std::vector<int64_t>& partner_ids) = 0;

  // An import brackets its writes with BeginImport and EndImport (EndImport also when it
  // fails, before the transaction ends). In between, Insert and Update leave the audit
  // trail to RecordImport (one entry for the whole import instead of one per actor), and the
  // SQL repository gives SQLite a page cache large enough to keep the import's index pages
  // in memory instead of spilling them to the write-ahead log (restored by EndImport).
  virtual Status BeginImport() = 0;
  virtual void EndImport() = 0;
  // The audit entry of an import, written in its transaction.
  virtual Status RecordImport(const ImportSummary& summary, int64_t now_ms, int64_t user_id) = 0;

  // The actor with its partners; profile.partners holds the partners' external ids.
  virtual Result<std::optional<Actor>> Get(int64_t id) = 0;
  virtual Result<std::optional<int64_t>> FindByExternalId(const std::string& external_id) = 0;
  // The actors with these ids, in the order given; ids with no actor are left out. For the
  // search, which finds ids and then reads the actors. The default reads them one by one.
  virtual Result<std::vector<Actor>> GetMany(const std::vector<int64_t>& ids) {
    std::vector<Actor> actors;
    for (int64_t id : ids) {
      auto actor = Get(id);
      if (!actor.ok()) return std::move(actor).error();
      if (actor->has_value()) actors.push_back(std::move(**actor));
    }
    return actors;
  }

  // At most query.limit actors matching query.filter, sorted by the sort key of their name in
  // query.language then id, after query.after when given.
  virtual Result<std::vector<Actor>> List(const ActorQuery& query) = 0;
  virtual Result<int64_t> Count(const ActorFilter& filter) = 0;
  // See FacetCounts for what is counted.
  virtual Result<FacetCounts> CountFacets(const ActorFilter& filter) = 0;
  // At most `limit` actors with an id above `after_id`, by id: for exports.
  virtual Result<std::vector<Actor>> ListById(int64_t after_id, int limit) = 0;
};

// Runs `work` with a repository in one transaction: committed if `work` succeeds, rolled back
// otherwise.
using RepositoryScope =
    std::function<Status(const std::function<Status(ActorRepository&)>& work)>;

}  // namespace samverkan::actors
