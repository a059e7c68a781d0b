// The JSON of the matching API (/api/v1/needs, /api/v1/offers and their matches) and its
// OpenAPI schemas. An item is its interchange record (FORMATS.md) with its id; a match is the
// counterpart's id, external_id, title, actor and score with the reasons as data (factor,
// contribution) and as a sentence in the reader's language.
#pragma once

#include <nlohmann/json.hpp>

#include "core/language.h"
#include "core/reference.h"
#include "modules/matching/domain/lexicon.h"
#include "modules/matching/domain/matching_service.h"
#include "modules/matching/domain/scoring.h"

namespace samverkan::matching {

nlohmann::json NeedApiJson(const NeedRecord& record);
nlohmann::json OfferApiJson(const OfferRecord& record);

// The reasons of a suggestion: [{"factor", "contribution", "sentence"}], in the order of the
// suggestion, sentences in `lang` (empty when the reason says nothing worth reading).
nlohmann::json ReasonsJson(const Suggestion& suggestion, Language lang, const Translate& translate,
                           const ReferenceData& reference, const Lexicon& lexicon);

nlohmann::json NeedMatchesJson(const NeedMatches& matches, Language lang,
                               const Translate& translate, const ReferenceData& reference,
                               const Lexicon& lexicon);
nlohmann::json OfferMatchesJson(const OfferMatches& matches, Language lang,
                                const Translate& translate, const ReferenceData& reference,
                                const Lexicon& lexicon);

nlohmann::json NeedSchema();
nlohmann::json OfferSchema();
nlohmann::json MatchesSchema(const char* subject);

}  // namespace samverkan::matching
