// How the matching module's API routes are described in the OpenAPI document (tag
// "matching"), one helper for the routes of module.cc, case_pages.cc and alert_pages.cc.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "web/router.h"

namespace samverkan::matching {

inline web::ApiDoc MatchingApiDoc(std::string summary, nlohmann::json response,
                                  std::vector<web::ApiParameter> parameters,
                                  std::vector<int> errors, nlohmann::json request_body = nullptr,
                                  int success = 200) {
  return {.summary = std::move(summary),
          .tag = "matching",
          .parameters = std::move(parameters),
          .request_body = std::move(request_body),
          .response = std::move(response),
          .success_status = success,
          .error_statuses = std::move(errors)};
}

// The schema of a list answer: {"items": [item, …]}.
inline nlohmann::json ItemsSchema(nlohmann::json item) {
  return {{"type", "object"},
          {"required", {"items"}},
          {"properties", {{"items", {{"type", "array"}, {"items", std::move(item)}}}}}};
}

}  // namespace samverkan::matching
