#include "modules/matching/domain/scoring.h"

#include <algorithm>
#include <cmath>

namespace samverkan::matching {
namespace {

// A sentence names at most this many concepts: more reads as a list, not a reason.
constexpr size_t kMaxNamedConcepts = 5;
// Below this relative BM25 the texts are not "similar" enough to say so.
constexpr double kSimilarTextThreshold = 0.6;

std::string Fill(std::string text, const std::map<std::string, std::string>& args) {
  for (const auto& [name, value] : args) {
    std::string key = "{{" + name + "}}";
    for (size_t at = text.find(key); at != std::string::npos;
         at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

std::string JoinList(const std::vector<std::string>& items, Language lang,
                     const Translate& translate) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? translate(lang, N_(" and ")) : ", ";
    out += items[i];
  }
  return out;
}

std::string CountyName(const std::string& code, const ReferenceData& ref) {
  const County* c = ref.FindCounty(code);
  return c ? c->name : code;
}

std::string PlaceName(const std::string& code, const ReferenceData& ref) {
  if (code.size() == 4) {
    const Municipality* m = ref.FindMunicipality(code);
    return m ? m->name : code;
  }
  return CountyName(code, ref);
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::string_view FactorCode(Factor factor) {
  switch (factor) {
    case Factor::kText:
      return "text";
    case Factor::kConcepts:
      return "concepts";
    case Factor::kSdg:
      return "sdg";
    case Factor::kGeography:
      return "geography";
    case Factor::kTargetGroups:
      return "target_groups";
    case Factor::kCollaboration:
      return "collaboration";
    case Factor::kBudget:
      return "budget";
    case Factor::kStage:
      return "stage";
    case Factor::kCapacity:
      return "capacity";
  }
  return "text";
}

GeoMatch MatchGeography(const NeedArea& where, const OfferReach& reach, const ReferenceData& ref) {
  auto county_of = [&](const std::string& municipality) -> std::string {
    const Municipality* m = ref.FindMunicipality(municipality);
    return m ? m->county_code : std::string();
  };
  auto nuts2_of = [&](const std::string& county) -> std::string {
    const County* c = ref.FindCounty(county);
    return c ? c->nuts2 : std::string();
  };

  if (where.national) {
    if (reach.national) return {GeoFit::kNational, {}};
    return {GeoFit::kRegionalForNationalNeed, {}};
  }
  std::string county = NeedCounty(where, ref);
  if (county.empty()) return {GeoFit::kUnknown, {}};

  if (!where.municipality.empty() && Contains(reach.municipalities, where.municipality)) {
    return {GeoFit::kMunicipality, where.municipality};
  }
  if (Contains(reach.counties, county)) return {GeoFit::kCounty, county};
  for (const auto& m : reach.municipalities) {
    if (county_of(m) == county) return {GeoFit::kPartOfCounty, county};
  }
  if (reach.national) return {GeoFit::kNational, {}};
  std::string nuts2 = nuts2_of(county);
  for (const auto& c : reach.counties) {
    if (!nuts2.empty() && nuts2_of(c) == nuts2) return {GeoFit::kNuts2, c};
  }
  for (const auto& m : reach.municipalities) {
    if (!nuts2.empty() && nuts2_of(county_of(m)) == nuts2) return {GeoFit::kNuts2, m};
  }
  return {GeoFit::kElsewhere, where.municipality.empty() ? county : where.municipality};
}

double GeographyValue(GeoFit fit, const MatchWeights& w) {
  switch (fit) {
    case GeoFit::kMunicipality:
      return w.geo_municipality;
    case GeoFit::kCounty:
      return w.geo_county;
    case GeoFit::kPartOfCounty:
      return w.geo_part_of_county;
    case GeoFit::kNuts2:
      return w.geo_nuts2;
    case GeoFit::kNational:
      return w.geo_national;
    case GeoFit::kRegionalForNationalNeed:
      return w.geo_regional_for_national_need;
    case GeoFit::kElsewhere:
      return w.geo_elsewhere;
    case GeoFit::kUnknown:
      return 0;
  }
  return 0;
}

std::vector<int> SharedSdgs(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  for (int x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) out.push_back(x);
  }
  return out;
}

std::vector<std::string> SharedCodes(const std::vector<std::string>& a,
                                     const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& x : a) {
    if (Contains(b, x)) out.push_back(x);
  }
  return out;
}

std::optional<double> BudgetValue(const std::optional<SekRange>& budget,
                                  const std::optional<SekRange>& price) {
  if (!budget || !price || budget->max <= 0) return std::nullopt;
  if (price->min <= budget->max) return 1.0;
  // Linear from 1 at the budget's top to -1 at twice it: a little above the budget may still
  // be negotiated, twice the budget will not be.
  double over = static_cast<double>(price->min - budget->max) / static_cast<double>(budget->max);
  return std::max(-1.0, 1.0 - 2.0 * over);
}

double StageValue(Stage stage, const std::vector<std::string>& need_forms) {
  bool wants_testing =
      Contains(need_forms, "pilot") || Contains(need_forms, "innovation_procurement");
  switch (stage) {
    case Stage::kIdea:
      return wants_testing ? 1.0 : 0.25;
    case Stage::kPilot:
      return wants_testing ? 1.0 : 0.5;
    case Stage::kProven:
      return 0.9;
    case Stage::kScaling:
      return 1.0;
  }
  return 0;
}

double CapacityValue(const std::optional<int>& capacity) {
  return capacity && *capacity == 0 ? -1.0 : 0.0;
}

Suggestion ScorePair(const PairInput& in, const ReferenceData& ref, const MatchWeights& w) {
  const Need& need = *in.need;
  const Offer& offer = *in.offer;
  Suggestion s;
  auto add = [&](Reason r, double weight) {
    r.contribution = weight * r.value;
    s.score += r.contribution;
    if (r.contribution != 0) s.reasons.push_back(std::move(r));
  };

  add({.factor = Factor::kText, .value = std::clamp(in.text_relevance, 0.0, 1.0)}, w.text);

  if (in.need_concepts && in.offer_concepts && !in.need_concepts->empty()) {
    Reason r{.factor = Factor::kConcepts};
    for (const ConceptHit& h : *in.need_concepts) {
      for (const ConceptHit& o : *in.offer_concepts) {
        if (o.concept_index == h.concept_index) r.concepts.push_back(h.concept_index);
      }
    }
    r.value =
        static_cast<double>(r.concepts.size()) / static_cast<double>(in.need_concepts->size());
    add(std::move(r), w.concepts);
  }

  if (!need.sdgs.empty()) {
    Reason r{.factor = Factor::kSdg, .sdgs = SharedSdgs(need.sdgs, offer.sdgs)};
    r.value = static_cast<double>(r.sdgs.size()) / static_cast<double>(need.sdgs.size());
    add(std::move(r), w.sdg);
  }

  GeoMatch geo = MatchGeography(need.where, offer.reach, ref);
  add({.factor = Factor::kGeography, .value = GeographyValue(geo.fit, w), .geography = geo},
      w.geography);

  if (!need.target_groups.empty()) {
    Reason r{.factor = Factor::kTargetGroups,
             .codes = SharedCodes(need.target_groups, offer.target_groups)};
    r.value = static_cast<double>(r.codes.size()) / static_cast<double>(need.target_groups.size());
    add(std::move(r), w.target_groups);
  }

  if (!need.collaboration_forms.empty() && !offer.collaboration_forms.empty()) {
    Reason r{.factor = Factor::kCollaboration,
             .codes = SharedCodes(need.collaboration_forms, offer.collaboration_forms)};
    r.value = r.codes.empty() ? -0.5 : 1.0;
    add(std::move(r), w.collaboration);
  }

  if (auto budget = BudgetValue(need.budget_sek, offer.price_sek)) {
    add({.factor = Factor::kBudget, .value = *budget}, w.budget);
  }

  add({.factor = Factor::kStage,
       .value = StageValue(offer.stage, need.collaboration_forms),
       .stage = offer.stage},
      w.stage);
  add({.factor = Factor::kCapacity, .value = CapacityValue(offer.capacity)}, w.capacity);

  std::stable_sort(s.reasons.begin(), s.reasons.end(), [](const Reason& a, const Reason& b) {
    return std::abs(a.contribution) > std::abs(b.contribution);
  });
  return s;
}

std::string ReasonSentence(const Reason& r, Language lang, const Translate& tr,
                           const ReferenceData& ref, const Lexicon& lexicon) {
  switch (r.factor) {
    case Factor::kText:
      return r.value >= kSimilarTextThreshold ? tr(lang, N_("The descriptions are similar"))
                                              : std::string();
    case Factor::kConcepts: {
      if (r.concepts.empty()) return {};
      std::vector<std::string> names;
      for (size_t i = 0; i < r.concepts.size() && i < kMaxNamedConcepts; ++i) {
        if (r.concepts[i] < lexicon.concepts().size()) {
          names.push_back(lexicon.concepts()[r.concepts[i]].term.In(lang));
        }
      }
      std::string joined;
      for (const auto& n : names) joined += (joined.empty() ? "" : ", ") + n;
      return Fill(tr(lang, N_("Matches: {{terms}}")), {{"terms", joined}});
    }
    case Factor::kSdg: {
      if (r.sdgs.empty()) return {};
      std::vector<std::string> goals;
      for (int g : r.sdgs) goals.push_back(std::to_string(g));
      const char* msgid =
          r.sdgs.size() == 1 ? N_("Both work on SDG {{goals}}") : N_("Both work on SDGs {{goals}}");
      return Fill(tr(lang, msgid), {{"goals", JoinList(goals, lang, tr)}});
    }
    case Factor::kGeography: {
      std::string place = PlaceName(r.geography.place, ref);
      switch (r.geography.fit) {
        case GeoFit::kMunicipality:
        case GeoFit::kCounty:
          return Fill(tr(lang, N_("Delivers in {{place}}")), {{"place", place}});
        case GeoFit::kPartOfCounty:
          return Fill(tr(lang, N_("Delivers in parts of {{place}}")), {{"place", place}});
        case GeoFit::kNuts2:
          return Fill(tr(lang, N_("Delivers nearby, in {{place}}")), {{"place", place}});
        case GeoFit::kNational:
          return tr(lang, N_("Delivers in the whole country"));
        case GeoFit::kRegionalForNationalNeed:
          return tr(lang, N_("Delivers only in some regions"));
        case GeoFit::kElsewhere:
          return Fill(tr(lang, N_("Does not deliver in {{place}}")), {{"place", place}});
        case GeoFit::kUnknown:
          return {};
      }
      return {};
    }
    case Factor::kTargetGroups: {
      if (r.codes.empty()) return tr(lang, N_("Serves other target groups"));
      std::vector<std::string> names;
      for (const auto& code : r.codes) {
        const CodeName* c = ref.FindTargetGroup(code);
        names.push_back(c ? c->name.In(lang) : code);
      }
      return Fill(tr(lang, N_("Same target group: {{groups}}")),
                  {{"groups", JoinList(names, lang, tr)}});
    }
    case Factor::kCollaboration: {
      if (r.codes.empty()) return tr(lang, N_("No collaboration form in common"));
      std::vector<std::string> names;
      for (const auto& code : r.codes) {
        const CodeName* c = ref.FindCollaborationForm(code);
        names.push_back(c ? c->name.In(lang) : code);
      }
      return Fill(tr(lang, N_("Both can use: {{forms}}")), {{"forms", JoinList(names, lang, tr)}});
    }
    case Factor::kBudget:
      return r.value >= 1.0 ? tr(lang, N_("The price fits the budget"))
                            : tr(lang, N_("The price is above the budget"));
    case Factor::kStage:
      if (!r.stage) return {};
      switch (*r.stage) {
        case Stage::kIdea:
          return tr(lang, N_("At the idea stage"));
        case Stage::kPilot:
          return tr(lang, N_("Being piloted"));
        case Stage::kProven:
          return tr(lang, N_("Proven in practice"));
        case Stage::kScaling:
          return tr(lang, N_("Scaling up"));
      }
      return {};
    case Factor::kCapacity:
      return r.value < 0 ? tr(lang, N_("Fully booked at the moment")) : std::string();
  }
  return {};
}

std::vector<std::string> ReasonSentences(const Suggestion& s, Language lang, const Translate& tr,
                                         const ReferenceData& ref, const Lexicon& lexicon) {
  std::vector<std::string> out;
  for (const Reason& r : s.reasons) {
    std::string sentence = ReasonSentence(r, lang, tr, ref, lexicon);
    if (!sentence.empty()) out.push_back(std::move(sentence));
  }
  return out;
}

}  // namespace samverkan::matching
