// POST /api/v1/progress/compute: framework and indicator values in, scores out, nothing
// stored. A thin adapter over RunSpiCompute (domain/spi_compute_command.h), so that the API
// and `samverkan spi compute` compute and report alike.
//
// Request body (a JSON object, at most the server's body limit of 1 MiB):
//   framework   required. CSV text (EU-SPI indicator metadata or the platform's framework
//               format), or the object GET /api/v1/progress/frameworks/{code} returns, or the
//               code of a stored framework such as "eu-spi-2020".
//   data        CSV text (wide or long form), or an array of observations
//               {region, indicator, year?, value} (value a number, or null for missing).
//   components  instead of data: CSV text of component scores (0-100), or an array of
//               {region, year?, scores: {component code: number|null}}. They are only aggregated.
//   national    optional, with regions: country values to anchor to, CSV text or an array like
//               data (region = country code).
//   regions     optional: CSV text of a region table, or an array of
//               {code, name?, country?, population?, covariates?: {name: number}}.
//   exponent_dimension, exponent_index   power-mean orders (default 0.5, the EU-SPI's).
//   year        only this year; decimals: 0-10 (default 2).
// Response: the JSON that `spi compute --format json` prints, with each note's and rejected
// row's `text` in the request's language; a rejected row of an array input also has `item`,
// its 0-based index in the array.
// Errors: 422 problem+json with one entry per field for missing or contradictory inputs, an
// invalid framework, a file without a usable column; 404 for an unknown stored framework or a
// year without values; 413 from the server for a body over the limit.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/language.h"
#include "core/result.h"
#include "modules/progress/domain/spi_compute_command.h"
#include "web/i18n.h"
#include "web/router.h"

namespace samverkan::progress {

struct ComputeCall {
  SpiComputeRequest request;           // texts; framework_csv empty when `framework` is set
  std::optional<Framework> framework;  // given as an object or by the code of a stored one
  std::set<std::string> arrays;        // the inputs given as JSON arrays ("data", "regions", …)
};

// Looks up a stored framework by code (NotFound when there is none).
using FrameworkByCode = std::function<Result<Framework>(std::string_view code)>;

// Reads the request body. InvalidArgument with one FieldError per field that has the wrong
// type; `language` reads plain-string names of a framework object.
Result<ComputeCall> ParseComputeBody(const nlohmann::json& body, Language language,
                                     const FrameworkByCode& stored_framework);

// Runs the computation and returns the response body.
Result<nlohmann::json> RunCompute(const ComputeCall& call, const web::Translator& tr,
                                  Language lang);

web::ApiDoc ComputeApiDoc();

}  // namespace samverkan::progress
