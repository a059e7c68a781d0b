// The JSON format of the stateless socio-economic calculator (documented with examples in
// src/modules/impact/FORMATS.md): a case in, its accounts and investment calculation out.
//
// These are the functions behind `samverkan impact socioeconomic --case FILE.json` and
// `POST /api/v1/impact/socioeconomic`. Pure (no I/O) and thread-safe.
//
// Errors: InvalidArgument whose FieldErrors name the JSON path of each offending field
// ("items[1].recipient", "investments[0].year", "$" for the document), with English msgids.
// Structural problems are reported first, all at once; then every domain problem.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "modules/impact/domain/socioeconomic.h"

namespace samverkan::impact {

// Reads a case document. Checks structure only; CalculateSocioEconomic validates the values.
Result<SocioEconomicCase> SocioEconomicCaseFromJson(const nlohmann::json& document);

// Writes a case in the same format (money in kronor); round-trips with the reader.
nlohmann::json SocioEconomicCaseToJson(const SocioEconomicCase& socio_case);

// Writes a result; `socio_case` must be the case it was calculated from.
nlohmann::json SocioEconomicResultToJson(const SocioEconomicCase& socio_case,
                                         const SocioEconomicResult& result);

// Case document in, result document out.
Result<nlohmann::json> EvaluateSocioEconomicJson(const nlohmann::json& case_document);

// The same from and to text; `indent` < 0 gives compact output. Text that is not JSON is an
// InvalidArgument on "$" with its position.
Result<std::string> EvaluateSocioEconomicJsonText(std::string_view case_text, int indent = -1);

}  // namespace samverkan::impact
