// The JSON format of the stateless SROI calculator (documented with examples in
// src/modules/impact/FORMATS.md): an impact map in, its result out.
//
// These are the functions behind `samverkan impact sroi --map FILE.json --format json` and
// `POST /api/v1/impact/sroi`. They are pure (no I/O) and thread-safe.
//
// Errors: every expected failure is an InvalidArgument whose FieldErrors name the JSON path
// of the offending field ("outcomes[2].deadweight", "inputs[0].value", "inputs" for inputs
// that add up to zero, "$" for the document as a whole) and carry an English msgid with
// {{placeholder}} arguments. Structural problems (wrong types, missing or unknown members)
// are reported first, all at once; when there are none, every domain problem (a rate
// outside [0, 1], a duration below 1 ...) is reported, all at once.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "modules/impact/domain/sroi.h"

namespace samverkan::impact {

// Reads an impact map document. Checks structure only; CalculateSroi validates the values.
Result<SroiMap> SroiMapFromJson(const nlohmann::json& document);

// Writes a map in the same format (money in kronor), so that SroiMapFromJson(SroiMapToJson(m))
// gives m back.
nlohmann::json SroiMapToJson(const SroiMap& map);

// Writes a result; `map` must be the map it was calculated from (names are taken from it).
nlohmann::json SroiResultToJson(const SroiMap& map, const SroiResult& result);

// Map document in, result document out, with full sensitivity analysis.
Result<nlohmann::json> EvaluateSroiJson(const nlohmann::json& map_document);

// The same from and to text. `indent` < 0 gives compact output, otherwise pretty-printed with
// that many spaces. Text that is not JSON is an InvalidArgument on "$" with its position.
Result<std::string> EvaluateSroiJsonText(std::string_view map_text, int indent = -1);

}  // namespace samverkan::impact
