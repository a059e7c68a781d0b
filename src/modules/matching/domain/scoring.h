// The structured fit of a need and an offer, factor by factor, and the reasons a person reads.
// Pure: plain values in, plain values out. MatchEngine (match_engine.h) feeds it the text
// relevance from the index; everything else comes from the two items and the reference data.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/reference.h"
#include "modules/matching/domain/lexicon.h"
#include "modules/matching/domain/match_weights.h"
#include "modules/matching/domain/need_offer.h"

namespace samverkan::matching {

enum class Factor {
  kText,
  kConcepts,
  kSdg,
  kGeography,
  kTargetGroups,
  kCollaboration,
  kBudget,
  kStage,
  kCapacity,
};

// Stable names for JSON and logs: "text", "concepts", "sdg", "geography", "target_groups",
// "collaboration", "budget", "stage", "capacity".
std::string_view FactorCode(Factor factor);

// How the offer's reach meets the need's area, best first.
enum class GeoFit {
  kMunicipality,             // delivers in the need's municipality
  kCounty,                   // delivers in the need's county
  kPartOfCounty,             // delivers in some municipalities of the need's county, not its own
  kNuts2,                    // delivers in the same NUTS 2 region, not the county itself
  kNational,                 // delivers in the whole country
  kRegionalForNationalNeed,  // a national need, an offer that is regional only
  kElsewhere,                // cannot deliver in the need's area
  kUnknown,                  // the need's area is unknown (an invalid code)
};

struct GeoMatch {
  GeoFit fit = GeoFit::kUnknown;
  std::string place;  // the municipality or county code the sentence names, or empty
};

GeoMatch MatchGeography(const NeedArea& where, const OfferReach& reach, const ReferenceData& ref);
double GeographyValue(GeoFit fit, const MatchWeights& weights);

// One factor's part in a score: its value in [-1, 1], weight × value, and what the sentence
// names (the shared SDGs, codes, concepts, the place). Only the fields of its factor are set.
struct Reason {
  Factor factor = Factor::kText;
  double value = 0;
  double contribution = 0;
  std::vector<int> sdgs;
  std::vector<std::string> codes;  // target groups or collaboration forms
  std::vector<size_t> concepts;    // indexes into Lexicon::concepts()
  GeoMatch geography;
  std::optional<Stage> stage;
  bool operator==(const Reason&) const = default;
};

// One ranked counterpart: an offer for a need, or a need for an offer.
struct Suggestion {
  int64_t id = 0;
  std::string external_id;
  double score = 0;
  std::vector<Reason> reasons;  // largest |contribution| first; zero contributions left out
};

// The elements both sides list, in the order of `a`.
std::vector<int> SharedSdgs(const std::vector<int>& a, const std::vector<int>& b);
std::vector<std::string> SharedCodes(const std::vector<std::string>& a,
                                     const std::vector<std::string>& b);

// 1 when the price range reaches down into the budget, falling to -1 when the lowest price is
// twice the budget's highest amount or more; nullopt when either is unknown.
std::optional<double> BudgetValue(const std::optional<SekRange>& budget,
                                  const std::optional<SekRange>& price);
// Maturity from 0.25 (idea) to 1 (scaling); a need that can use a pilot or innovation
// procurement welcomes an idea or a pilot as much as a proven offer.
double StageValue(Stage stage, const std::vector<std::string>& need_forms);
// -1 when fully booked (capacity 0), otherwise 0: an offer with room is not better for it.
double CapacityValue(const std::optional<int>& capacity);

// Everything one pair is scored on.
struct PairInput {
  const Need* need = nullptr;
  const Offer* offer = nullptr;
  double text_relevance = 0;  // [0, 1]: the pair's BM25 relative to the best candidate
  const std::vector<ConceptHit>* need_concepts = nullptr;
  const std::vector<ConceptHit>* offer_concepts = nullptr;
};

// The score of a pair and its reasons (Suggestion::id and external_id are left for the caller).
Suggestion ScorePair(const PairInput& input, const ReferenceData& ref, const MatchWeights& weights);

// Looks up the reader's-language form of an English msgid (the web layer's Translator::Tr;
// the identity for English).
using Translate = std::function<std::string(Language, std::string_view msgid)>;

// The sentence a person reads for a reason, in `lang`: "Both work on SDG 10" / "Båda arbetar
// med globalt mål 10", "Delivers in Västerbottens län", "Matches: äldreomsorg, ensamhet". Empty
// when the reason has nothing worth saying (a weak text similarity, an unknown place).
std::string ReasonSentence(const Reason& reason, Language lang, const Translate& translate,
                           const ReferenceData& ref, const Lexicon& lexicon);

// The sentences of a suggestion's reasons, in the order of its reasons, empty ones left out.
std::vector<std::string> ReasonSentences(const Suggestion& suggestion, Language lang,
                                         const Translate& translate, const ReferenceData& ref,
                                         const Lexicon& lexicon);

}  // namespace samverkan::matching
