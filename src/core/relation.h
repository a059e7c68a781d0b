// Relations between actors of the ecosystem, as modules report them for the ecosystem map:
// partnerships, alliance membership, agreements from matching, coalition membership … Each
// module that knows a kind of relation describes it and lists its relations; the map draws
// every kind the same way without knowing what it means (see platform/relations.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/language.h"

namespace samverkan {

// A kind of relation, described by the module that reports it.
struct RelationKind {
  std::string key;    // stable and unique over all modules: "partner", "alliance_member"
  std::string label;  // English msgid (N_), shown in the map's legend and table: "Partnership"
  // True: a relation is a claim by `from` alone, and the map draws it only when the other
  // actor makes the same claim about `from` (partnerships declared by both sides). One-sided
  // claims are listed as unconfirmed. False: one report is enough.
  bool needs_both_sides = false;
  bool operator==(const RelationKind&) const = default;
};

// Something that is not an actor but that actors relate to: the alliance, a coalition.
struct RelationHub {
  std::string key;  // unique over all modules: "alliance", "coalition:12"
  LocalizedText name;
  bool operator==(const RelationHub&) const = default;
};

// `from` relates to another actor (`to_actor`) or to a hub (`to_hub`, with `to_actor` 0).
struct Relation {
  int64_t from = 0;
  int64_t to_actor = 0;
  std::string to_hub;
  std::string kind;  // a RelationKind::key of the same set
  bool operator==(const Relation&) const = default;
};

// What one source reports: its kinds, the hubs it names and its relations.
struct RelationSet {
  std::vector<RelationKind> kinds;
  std::vector<RelationHub> hubs;
  std::vector<Relation> relations;
};

}  // namespace samverkan
