// Actors: the ecosystem registry. Every organisation of every sector with a bilingual
// profile, a directory with facets (/aktorer), public profiles (/aktorer/{id}), the JSON API
// (/api/v1/actors), JSON Lines import and export, and the demo actors.
#pragma once

#include <memory>

#include "modules/actors/domain/actor_service.h"
#include "platform/module.h"

namespace samverkan::actors {

class ActorsModule : public platform::Module {
 public:
  std::string name() const override { return "actors"; }
  // Needs services.reference to be set already (the service validates against it).
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

  // The registry's use cases, for modules registered after this one.
  ActorService* service() const { return service_.get(); }

 private:
  std::unique_ptr<ActorService> service_;
};

}  // namespace samverkan::actors
