// Actors: the ecosystem registry. Every organisation of every sector with a bilingual
// profile, a directory with facets (/aktorer), public profiles (/aktorer/{id}), the forms that
// create and edit actors (/aktorer/ny, /aktorer/{id}/redigera), the JSON API (/api/v1/actors:
// list, show, create, replace), JSON Lines import and export, and the demo actors. Who may
// write is decided by ActorService with domain/actor_policy.h.
#pragma once

#include <memory>

#include "modules/actors/domain/actor_service.h"
#include "modules/actors/search/actor_indexer.h"
#include "platform/module.h"

namespace samverkan::actors {

class ActorsModule : public platform::Module {
 public:
  std::string name() const override { return "actors"; }
  // Needs services.reference to be set already (the service validates against it).
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

  // The registry's use cases, for modules registered after this one.
  ActorService* service() const { return service_.get(); }

  // For `serve`, after the migrations: opens the full-text index in
  // <data_dir>/search/actors (recreating it when unreadable), lets the directory use it, and
  // starts the background indexer, which first rebuilds the index when it is not complete.
  // Until then the directory answers from the database. Conflict when another process holds
  // the index. The commands that only write (import, demo) leave the index to the server,
  // which picks their changes up from the outbox.
  Status StartSearch(const platform::Services& services);
  // Stops the indexer and goes back to the database. Idempotent.
  void StopSearch();
  // `samverkan reindex`: rebuilds the index from the database; returns how many actors.
  Result<int64_t> Reindex(const platform::Services& services);

 private:
  std::unique_ptr<ActorService> service_;
  std::unique_ptr<ActorIndexer> indexer_;
};

}  // namespace samverkan::actors
