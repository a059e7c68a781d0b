// JSON of the progress API (/api/v1/progress/…) and the JSON Schemas its OpenAPI description
// is generated from. Functions of what the service returned: no storage here.
//
// Scores are rounded to two decimals (as the EU-SPI publishes them); raw indicator values are
// given as stored. An unavailable score is null, and the notes say why: each note has the
// English msgid (`message`) with its `args` and the `text` in the request's language, with
// codes replaced by names.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/language.h"
#include "modules/progress/domain/progress_service.h"
#include "web/i18n.h"

namespace samverkan::progress {

// Two decimals, as a JSON number; null for none.
nlohmann::json ScoreJson(const std::optional<double>& score);

// The reason of a note in `lang`, with the codes of indicators, components and dimensions in
// its arguments replaced by their names.
std::string NoteText(const ScoreNote& note, const Framework& framework, const web::Translator& tr,
                     Language lang);
nlohmann::json NoteJson(const ScoreNote& note, const Framework& framework,
                        const web::Translator& tr, Language lang);

nlohmann::json FrameworkSummaryJson(const FrameworkSummary& summary);
// The whole definition: dimensions, components and indicators with direction, utopia,
// dystopia, weight, unit and source.
nlohmann::json FrameworkJson(const Framework& framework);
nlohmann::json DatasetJson(const DatasetInfo& dataset);
nlohmann::json RankingJson(const Ranking& ranking, const web::Translator& tr, Language lang);
nlohmann::json ScorecardJson(const ScorecardView& view, const web::Translator& tr, Language lang);

// The ranking as CSV: rank, region, name, country, year, complete, index, the dimension and
// component codes (scores with a '.' decimal point, empty when unavailable) and the notes in
// `lang` joined with " | ".
std::string RankingCsv(const Ranking& ranking, const web::Translator& tr, Language lang);

// Schemas for the OpenAPI document.
nlohmann::json FrameworkSummarySchema();
nlohmann::json FrameworkSchema();
nlohmann::json DatasetSchema();
nlohmann::json RankingSchema();
nlohmann::json ScorecardSchema();

}  // namespace samverkan::progress
