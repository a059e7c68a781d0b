#include "modules/ecosystem/domain/ecosystem_graph.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace samverkan::ecosystem {
namespace {

constexpr std::string_view kWholeCountry = "SE";

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

NodeRef ActorNode(int64_t id) { return NodeRef{.actor = id}; }
NodeRef HubNode(const std::string& key) { return NodeRef{.hub = key}; }

bool EdgeLess(const MapEdge& x, const MapEdge& y) {
  return std::tie(x.a, x.b, x.kind) < std::tie(y.a, y.b, y.kind);
}

}  // namespace

Status ValidateMapFilter(const MapFilter& f, const ReferenceData& ref) {
  // The same messages as the directory's filter, which has the same parameters.
  std::vector<FieldError> errors;
  if (!f.sector.empty() && !ref.FindSector(f.sector)) {
    errors.push_back({"sector", N_("There is no sector {{code}}."), {{"code", f.sector}}});
  }
  if (!f.county.empty() && f.county != kWholeCountry && !ref.FindCounty(f.county)) {
    errors.push_back({"county",
                      N_("There is no county with the code {{code}}; use a two-digit county "
                         "code or SE for the whole country."),
                      {{"code", f.county}}});
  }
  if (f.sdg && !ref.FindSdg(*f.sdg)) {
    errors.push_back({"sdg", N_("There is no goal {{goal}}; the goals are numbered 1 to 17."),
                      {{"goal", std::to_string(*f.sdg)}}});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

bool Matches(const MapActor& actor, const MapFilter& f) {
  if (!f.sector.empty() && actor.sector != f.sector) return false;
  if (!f.county.empty() && !Contains(actor.regions, f.county)) return false;
  if (f.sdg && std::find(actor.sdgs.begin(), actor.sdgs.end(), *f.sdg) == actor.sdgs.end()) {
    return false;
  }
  return true;
}

EcosystemGraph BuildGraph(std::vector<MapActor> actors, const std::vector<RelationSet>& sets,
                          const MapFilter& filter) {
  EcosystemGraph graph;
  graph.total_actors = actors.size();

  std::unordered_set<int64_t> known;
  std::unordered_map<int64_t, LocalizedText> left_out;
  for (const MapActor& a : actors) known.insert(a.id);
  for (MapActor& a : actors) {
    if (Matches(a, filter)) {
      graph.actors.push_back(std::move(a));
    } else {
      left_out.emplace(a.id, std::move(a.name));
    }
  }
  std::unordered_set<int64_t> selected;
  for (const MapActor& a : graph.actors) selected.insert(a.id);

  // Kinds and hubs over all sets; the first description of a key wins.
  std::map<std::string, RelationKind> kinds;
  std::map<std::string, RelationHub> hubs;
  for (const RelationSet& set : sets) {
    for (const RelationKind& k : set.kinds) {
      if (kinds.emplace(k.key, k).second) graph.kinds.push_back(k);
    }
    for (const RelationHub& h : set.hubs) hubs.emplace(h.key, h);
  }

  // Relations reduced to their meaning: actor-to-actor claims per kind (directed, to find the
  // mutual ones) and actor-to-hub memberships.
  std::set<std::tuple<std::string, int64_t, int64_t>> claims;  // kind, from, to
  std::set<std::tuple<int64_t, std::string, std::string>> memberships;  // actor, hub, kind
  for (const RelationSet& set : sets) {
    for (const Relation& r : set.relations) {
      if (!kinds.count(r.kind) || !known.count(r.from)) continue;
      if (r.to_actor != 0) {
        if (r.to_actor == r.from || !known.count(r.to_actor)) continue;
        claims.emplace(r.kind, r.from, r.to_actor);
      } else if (hubs.count(r.to_hub)) {
        memberships.emplace(r.from, r.to_hub, r.kind);
      }
    }
  }

  std::set<std::string> used_hubs;
  auto link = [&](int64_t actor, ActorLink l) {
    if (selected.count(actor)) graph.links[actor].push_back(std::move(l));
  };
  for (const auto& [kind, from, to] : claims) {
    const bool both = claims.count({kind, to, from}) > 0;
    if (kinds[kind].needs_both_sides && !both) {
      if (selected.count(from)) ++graph.unconfirmed;
      link(from, {ActorNode(to), kind, false, selected.count(to) > 0});
      continue;
    }
    // A pair reported both ways is handled once, from its smaller id.
    if (both && from > to) continue;
    link(from, {ActorNode(to), kind, true, selected.count(to) > 0});
    link(to, {ActorNode(from), kind, true, selected.count(from) > 0});
    if (selected.count(from) && selected.count(to)) {
      graph.edges.push_back(
          {ActorNode(std::min(from, to)), ActorNode(std::max(from, to)), kind});
    }
  }
  for (const auto& [actor, hub, kind] : memberships) {
    if (!selected.count(actor)) continue;
    link(actor, {HubNode(hub), kind, true, true});
    graph.edges.push_back({ActorNode(actor), HubNode(hub), kind});
    used_hubs.insert(hub);
  }

  std::sort(graph.edges.begin(), graph.edges.end(), EdgeLess);
  graph.edges.erase(std::unique(graph.edges.begin(), graph.edges.end()), graph.edges.end());
  for (const MapEdge& e : graph.edges) ++graph.edges_by_kind[e.kind];
  for (const auto& [actor, list] : graph.links) {
    for (const ActorLink& l : list) {
      if (!l.in_selection && !l.other.is_hub()) graph.outside_names[l.other.actor] = left_out[l.other.actor];
    }
  }
  for (const std::string& key : used_hubs) graph.hubs.push_back(hubs[key]);
  for (auto& [actor, list] : graph.links) {
    std::sort(list.begin(), list.end(), [](const ActorLink& x, const ActorLink& y) {
      return std::tie(x.kind, x.other, x.confirmed) < std::tie(y.kind, y.other, y.confirmed);
    });
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return graph;
}

}  // namespace samverkan::ecosystem
