// Routes: method + path pattern → handler, with the metadata the platform needs (a stable
// name for metrics and logs, whether the handler may block, and the API description the
// OpenAPI document is generated from). Registered explicitly by each module.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "web/request.h"

namespace samverkan::web {

using Handler = std::function<Response(Request&)>;

struct ApiParameter {
  std::string name;
  std::string in;  // "path" or "query"
  std::string description;
  nlohmann::json schema = {{"type", "string"}};
  bool required = false;
};

// How an /api/ route is described in the OpenAPI document.
struct ApiDoc {
  std::string summary;
  std::string tag;
  std::vector<ApiParameter> parameters;
  nlohmann::json request_body;          // a JSON Schema, or null for none
  nlohmann::json response = nlohmann::json::object();  // JSON Schema of the 200/201 body
  int success_status = 200;
  std::vector<int> error_statuses;      // besides 500, always documented
  std::string response_content_type = "application/json";
};

struct Route {
  http::verb method = http::verb::get;
  std::string pattern;  // "/actors/{id}"; {name} matches one non-empty segment
  std::string name;     // stable, low-cardinality: "actors.show"
  Handler handler;
  // Handlers that touch the database or the index block and run on the worker pool; the few
  // that only read memory (static files, health) run on the network thread.
  bool blocking = true;
  std::optional<ApiDoc> api;  // required for routes under /api/
  // The largest request body this route takes, in bytes, when it is more than the server's
  // (ServerOptions::body_limit): uploads and imports. 0: the server's.
  size_t body_limit = 0;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool path_matched = false;   // some route has this path with another method (405)
  std::vector<http::verb> allowed;
};

class Router {
 public:
  // Two routes with the same method and pattern are a programming error: throws.
  void Add(Route route);
  // HEAD is answered by the GET route.
  RouteMatch Match(http::verb method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace samverkan::web
