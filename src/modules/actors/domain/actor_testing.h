// For the actors module's tests only: the shipped reference data, generated actors and an
// in-memory repository.
#pragma once

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/reference.h"
#include "modules/actors/domain/actor.h"
#include "modules/actors/domain/actor_filter.h"
#include "modules/actors/domain/actor_repository.h"

namespace samverkan::actors::testing {

inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(SAMVERKAN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// data/reference/ of the source tree, loaded once.
inline const ReferenceData& ShippedReference() {
  static const ReferenceData data = [] {
    std::map<std::string, std::string> files;
    for (const char* name : {"sdg-goals.csv", "se-counties.csv", "se-municipalities.csv",
                             "sectors.csv", "target-groups.csv", "collaboration-forms.csv"}) {
      files[name] = ReadSourceFile(std::string("data/reference/") + name);
    }
    auto ref = ReferenceData::FromCsv(files);
    if (!ref.ok()) throw std::runtime_error("reference data: " + ref.error().message());
    return std::move(ref).value();
  }();
  return data;
}

// A complete, valid profile.
inline ActorProfile SampleProfile(std::string external_id) {
  ActorProfile p;
  p.external_id = std::move(external_id);
  p.name = {"Exempelföretaget Äng AB", "Example Meadow Ltd"};
  p.summary = {"Arbetsintegrerande café i Umeå.", "A work-integration café in Umeå."};
  p.description = {"Vi driver **ett café**.\n\nOch en cateringverksamhet.", ""};
  p.offers = {"Catering och lunch.", "Catering and lunch."};
  p.seeks = {"Kunder inom äldreomsorgen.", ""};
  p.sector = "business";
  p.social_enterprise = true;
  p.wise = true;
  p.municipality = "2480";
  p.regions = {"24", "25"};
  p.org_number = "556016-0680";
  p.sdgs = {3, 8, 10};
  p.target_groups = {"long_term_unemployed", "elderly"};
  p.certifications = {{"Arbetsintegrerande socialt företag", "Exempelrådet", "2027-06-30"}};
  p.website = "https://exempel.example";
  p.founded = 2012;
  p.size_band = "10-49";
  p.alliance_member = true;
  p.member_since = "2023-02-15";
  return p;
}

// `count` valid profiles with varied codes, flags and names (Swedish letters, mixed case, a
// few English names missing), external ids gen-0 … gen-(count-1), each naming up to two
// earlier ones as partners. The same seed gives the same actors.
inline std::vector<ActorProfile> GeneratedProfiles(int count, unsigned seed, const ReferenceData& ref) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  auto chance = [&](int percent) { return static_cast<int>(pick(100)) < percent; };
  const char* first[] = {"Åkerö", "Ängby", "Öster", "Björk", "Café", "Zeta", "älv", "Eken", "Ögon", "Aros"};
  const char* second[] = {"Bygg", "omsorg", "Föreningen", "Lärande", "Mat", "Hus", "ÄLDREOMSORG", "Textil"};
  std::vector<ActorProfile> out;
  for (int i = 0; i < count; ++i) {
    ActorProfile p;
    p.external_id = "gen-" + std::to_string(i);
    std::string name = std::string(first[pick(std::size(first))]) + " " + second[pick(std::size(second))];
    p.name.sv = name + " " + std::to_string(pick(50));
    if (!chance(20)) p.name.en = "The " + name + " " + std::to_string(pick(50));
    p.summary.sv = chance(30) ? "Vi arbetar med äldreomsorg och 100% återbruk." : "Vi arbetar med unga.";
    p.sector = ref.sectors()[pick(ref.sectors().size())].code;
    p.social_enterprise = chance(40);
    p.wise = p.social_enterprise && chance(50);
    if (!chance(10)) p.municipality = ref.municipalities()[pick(20)].code;  // few, to share values
    int regions = static_cast<int>(pick(4));
    for (int r = 0; r < regions; ++r) {
      p.regions.push_back(chance(10) ? std::string(kWholeCountry) : ref.counties()[pick(6)].code);
    }
    int goals = static_cast<int>(pick(5));
    for (int g = 0; g < goals; ++g) p.sdgs.push_back(static_cast<int>(pick(17)) + 1);
    int groups = static_cast<int>(pick(4));
    for (int t = 0; t < groups; ++t) p.target_groups.push_back(ref.target_groups()[pick(ref.target_groups().size())].code);
    p.alliance_member = chance(30);
    for (int k = 0; k < 2 && i > 0; ++k) {
      if (chance(30)) p.partners.push_back("gen-" + std::to_string(pick(i)));
    }
    out.push_back(std::move(p));
  }
  return out;
}

// The facet counts of FacetCounts' definition, counted one actor at a time.
inline FacetCounts BruteForceFacets(const std::vector<ActorProfile>& actors, const ActorFilter& filter) {
  FacetCounts counts;
  for (Facet facet : kFacets) {
    for (const auto& a : actors) {
      if (!Matches(a, filter, facet)) continue;
      for (const auto& value : FacetValues(a, facet)) ++counts[facet][value];
    }
  }
  return counts;
}

// Keeps actors in memory with the repository's contract; a failed scope puts everything back.
class InMemoryActorRepository : public ActorRepository {
 public:
  struct Write {
    std::string action;  // actor.create, actor.update
    int64_t actor_id = 0;
    int64_t user_id = 0;
    bool operator==(const Write&) const = default;
  };
  struct State {
    std::map<int64_t, Actor> actors;  // profile.partners and partners left empty
    std::map<int64_t, std::vector<int64_t>> partners;
    int64_t next_id = 1;
    std::vector<Write> writes;  // what the SQL repository would put in the audit trail
    std::vector<ImportSummary> imports;  // the imports' audit entries
  };
  bool importing = false;  // between BeginImport and EndImport: no audit entry per write
  State state;
  int inserts_before_failure = -1;  // >= 0: that many inserts succeed, then the store fails

  Result<int64_t> Insert(const ActorProfile& profile, bool personal, int64_t now_ms,
                         int64_t user_id) override {
    if (inserts_before_failure == 0) return Error(ErrorCode::kUnavailable, "The service is busy. Please try again shortly.");
    if (inserts_before_failure > 0) --inserts_before_failure;
    if (Taken(profile.external_id, 0)) return Error::Conflict("That already exists.");
    Actor a;
    a.id = state.next_id++;
    a.profile = profile;
    a.profile.partners.clear();
    a.org_number_personal = personal;
    a.created_at_ms = a.updated_at_ms = now_ms;
    state.actors[a.id] = a;
    if (!importing) state.writes.push_back({"actor.create", a.id, user_id});
    return a.id;
  }
  Status Update(int64_t id, const ActorProfile& profile, bool personal, int64_t now_ms,
                int64_t user_id) override {
    auto it = state.actors.find(id);
    if (it == state.actors.end()) return Error::NotFound("There is no such actor.");
    if (Taken(profile.external_id, id)) return Error::Conflict("That already exists.");
    it->second.profile = profile;
    it->second.profile.partners.clear();
    it->second.org_number_personal = personal;
    it->second.updated_at_ms = now_ms;
    if (!importing) state.writes.push_back({"actor.update", id, user_id});
    return Status::Ok();
  }
  Status SetPartners(int64_t id, const std::vector<int64_t>& partner_ids) override {
    for (int64_t p : partner_ids) {
      if (!state.actors.count(p)) return Error::Conflict("It is still referred to, or refers to something that does not exist.");
    }
    state.partners[id] = partner_ids;
    return Status::Ok();
  }
  Status BeginImport() override {
    importing = true;
    return Status::Ok();
  }
  void EndImport() override { importing = false; }
  Status RecordImport(const ImportSummary& summary, int64_t, int64_t user_id) override {
    state.writes.push_back({"actor.import", 0, user_id});
    state.imports.push_back(summary);
    return Status::Ok();
  }
  Result<std::optional<Actor>> Get(int64_t id) override {
    auto it = state.actors.find(id);
    if (it == state.actors.end()) return std::optional<Actor>();
    Actor a = it->second;
    for (int64_t p : state.partners[id]) {
      const Actor& partner = state.actors.at(p);
      a.partners.push_back({p, partner.profile.external_id, partner.profile.name});
      if (!partner.profile.external_id.empty()) a.profile.partners.push_back(partner.profile.external_id);
    }
    return std::optional<Actor>(a);
  }
  Result<std::optional<int64_t>> FindByExternalId(const std::string& external_id) override {
    for (const auto& [id, a] : state.actors) {
      if (!external_id.empty() && a.profile.external_id == external_id) return std::optional<int64_t>(id);
    }
    return std::optional<int64_t>();
  }
  Result<std::vector<Actor>> List(const ActorQuery& q) override {
    std::vector<std::pair<std::string, int64_t>> keys;
    for (const auto& [id, a] : state.actors) {
      if (Matches(a.profile, q.filter)) keys.emplace_back(SortKey(a.profile.name.In(q.language)), id);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<Actor> out;
    for (const auto& [key, id] : keys) {
      if (q.after && std::make_pair(key, id) <= std::make_pair(q.after->sort_key, q.after->id)) continue;
      if (out.size() == static_cast<size_t>(q.limit)) break;
      out.push_back(**Get(id));
    }
    return out;
  }
  Result<int64_t> Count(const ActorFilter& filter) override {
    return static_cast<int64_t>(std::count_if(state.actors.begin(), state.actors.end(),
                                              [&](const auto& e) { return Matches(e.second.profile, filter); }));
  }
  Result<FacetCounts> CountFacets(const ActorFilter& filter) override {
    std::vector<ActorProfile> profiles;
    for (const auto& [id, a] : state.actors) profiles.push_back(a.profile);
    return BruteForceFacets(profiles, filter);
  }
  Result<std::vector<Actor>> ListById(int64_t after_id, int limit) override {
    std::vector<Actor> out;
    for (auto it = state.actors.upper_bound(after_id); it != state.actors.end() && out.size() < static_cast<size_t>(limit); ++it) {
      out.push_back(**Get(it->first));
    }
    return out;
  }

 private:
  bool Taken(const std::string& external_id, int64_t except) const {
    if (external_id.empty()) return false;
    return std::any_of(state.actors.begin(), state.actors.end(), [&](const auto& e) {
      return e.first != except && e.second.profile.external_id == external_id;
    });
  }
};

}  // namespace samverkan::actors::testing
