// The ecosystem map (/ekosystem and GET /api/v1/ecosystem/graph): actors as nodes, and the
// relations every module reports through platform/relations.h as edges, filterable by
// sector, county and SDG, drawn with Cytoscape.js beside a table that says the same.
//
// The actors come from the actors module's service. The module also registers the first two
// relation sources, read through that service as well: partnerships (an edge only when both
// actors name each other) and membership of the alliance (an edge to the alliance hub). Later
// modules (matching's agreements, coalitions) register their own sources; the map draws them
// without knowing what they mean.
#pragma once

#include "modules/actors/module.h"
#include "platform/module.h"

namespace samverkan::ecosystem {

class EcosystemModule : public platform::Module {
 public:
  // `actors` must be registered before this module and outlive it.
  explicit EcosystemModule(const actors::ActorsModule* actors) : actors_(actors) {}
  std::string name() const override { return "ecosystem"; }
  // Reads registry.relation_sources() at request time, so sources registered by modules
  // after this one count too; `registry` must outlive the server.
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

 private:
  const actors::ActorsModule* actors_;
};

// The relation sources the actors module's data gives: "partner" (needs both sides) and
// "alliance_member" (to the hub "alliance").
platform::RelationSource ActorRelationSource(actors::ActorService* service);

}  // namespace samverkan::ecosystem
