// How a module contributes relations between actors to the ecosystem map. A module that
// knows a kind of relation (the actors' partnerships, matching's agreements, coalition
// membership …) registers a RelationSource with ModuleRegistry::AddRelationSource; the map
// asks every source at request time and draws what they return, so a new kind of edge needs
// no change to the map.
#pragma once

#include <functional>
#include <string>

#include "core/relation.h"
#include "core/result.h"

namespace samverkan::platform {

struct RelationSource {
  std::string name;  // for logs and errors: "actors.partners"
  // Every relation the module knows, read from one consistent snapshot. Actor ids are the
  // actors module's ids. Called on the worker pool, possibly from several threads at once;
  // errors of the store come back as they are and fail the map's request.
  std::function<Result<RelationSet>()> list;
};

}  // namespace samverkan::platform
