// The ecosystem map as data: which actors the filter selects, and the edges between them and
// the hubs (the alliance, coalitions) built from the relations the modules report. Pure: plain
// values in, plain values out; the web layer draws and tabulates the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/language.h"
#include "core/reference.h"
#include "core/relation.h"
#include "core/result.h"

namespace samverkan::ecosystem {

// What the map needs to know of an actor.
struct MapActor {
  int64_t id = 0;
  std::string external_id;
  LocalizedText name;
  std::string sector;                // sectors.csv code
  std::vector<std::string> regions;  // county codes where it works, or "SE" (the whole country)
  std::vector<int> sdgs;
  bool social_enterprise = false;
  bool operator==(const MapActor&) const = default;
};

// Every part that is set must match. An empty filter selects every actor.
struct MapFilter {
  std::string sector;
  std::string county;  // a county code or "SE"; matches one of the actor's regions exactly
  std::optional<int> sdg;
  bool empty() const { return sector.empty() && county.empty() && !sdg; }
  bool operator==(const MapFilter&) const = default;
};

// Unknown codes are InvalidArgument per field ("sector", "county", "sdg"), so that a mistyped
// code is reported instead of silently selecting nothing.
Status ValidateMapFilter(const MapFilter& filter, const ReferenceData& reference);

bool Matches(const MapActor& actor, const MapFilter& filter);

// A node of the map is an actor or a hub.
struct NodeRef {
  int64_t actor = 0;  // 0 for a hub
  std::string hub;    // the hub's key for a hub
  bool is_hub() const { return actor == 0; }
  bool operator==(const NodeRef&) const = default;
  auto operator<=>(const NodeRef&) const = default;
};

// An undirected edge; between two actors `a` has the smaller id, between an actor and a hub
// `a` is the actor.
struct MapEdge {
  NodeRef a;
  NodeRef b;
  std::string kind;
  bool operator==(const MapEdge&) const = default;
};

// A relation of an actor as its row in the table shows it.
struct ActorLink {
  NodeRef other;
  std::string kind;
  // False: the actor named `other` but `other` has not named it back (kinds that need both
  // sides only). Such links are never edges.
  bool confirmed = true;
  // Whether `other` is drawn on the map too (an actor the filter selects, or a hub).
  bool in_selection = true;
  bool operator==(const ActorLink&) const = default;
};

struct EcosystemGraph {
  std::vector<MapActor> actors;   // the selected actors, in the order given
  std::vector<RelationHub> hubs;  // hubs with an edge to a selected actor, by key
  std::vector<MapEdge> edges;     // between selected actors and hubs, sorted, no duplicates
  std::vector<RelationKind> kinds;  // every kind reported, in the order of the sources
  // For each selected actor: all its relations (also to actors the filter leaves out), and
  // the one-sided claims it made, sorted by kind then other node.
  std::map<int64_t, std::vector<ActorLink>> links;
  // Names of the actors the links name that the filter leaves out.
  std::map<int64_t, LocalizedText> outside_names;
  size_t total_actors = 0;  // actors before filtering
  size_t unconfirmed = 0;   // one-sided claims made by selected actors
  // Edges per kind key, for the description of the map.
  std::map<std::string, size_t> edges_by_kind;
};

// Builds the map of the actors `filter` selects from everything the sources reported.
// Relations that name an actor not in `actors` or a hub no set names are ignored (stale
// reports), and so are relations of a kind no set describes. An actor relating to itself is
// ignored. With two reports of one relation there is one edge.
EcosystemGraph BuildGraph(std::vector<MapActor> actors, const std::vector<RelationSet>& sets,
                          const MapFilter& filter);

}  // namespace samverkan::ecosystem
