// Needs and offers as JSON: the JSON Lines interchange format of `samverkan import|export
// needs|offers` and of data/matching/eval/, documented field by field in ../FORMATS.md.
#pragma once

#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "core/result.h"
#include "modules/matching/domain/need_offer.h"

namespace samverkan::matching {

// Reads one record. Texts are a string in the record's `language` (default sv) or
// {"sv": …, "en": …}; a missing field or null is empty; unknown fields are ignored. Wrong
// types are an InvalidArgument with one FieldError per field, named after the JSON field. Codes
// are checked by ValidateNeed / ValidateOffer, not here.
Result<Need> NeedFromJson(const nlohmann::json& record);
Result<Offer> OfferFromJson(const nlohmann::json& record);

// The record export writes: every field in the order of FORMATS.md, texts as
// {"sv": …, "en": …}, unknown values as null. The readers read it back unchanged.
nlohmann::ordered_json NeedToJson(const Need& need);
nlohmann::ordered_json OfferToJson(const Offer& offer);

// One line of a JSON Lines file: its number (from 1) and the record or what was wrong with it.
template <typename T>
struct JsonLine {
  int line = 0;
  Result<T> item;
};

// Reads JSON Lines: one record per non-blank line. A UTF-8 byte-order mark and CR line ends
// are accepted; a line that is not a JSON object is a row with an InvalidArgument.
std::vector<JsonLine<Need>> ReadNeedLines(std::istream& in);
std::vector<JsonLine<Offer>> ReadOfferLines(std::istream& in);

// Writes one record per line.
void WriteNeedLines(std::ostream& out, const std::vector<Need>& needs);
void WriteOfferLines(std::ostream& out, const std::vector<Offer>& offers);

}  // namespace samverkan::matching
