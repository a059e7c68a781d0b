// The OpenAPI 3.1 document of the JSON API, generated from the routes' ApiDoc so that it
// covers every /api/ route by construction.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "web/router.h"

namespace samverkan::web {

nlohmann::json BuildOpenApi(const Router& router, const std::string& version);

// JSON Schema of an RFC 9457 problem, referenced by every error response.
nlohmann::json ProblemSchema();

}  // namespace samverkan::web
