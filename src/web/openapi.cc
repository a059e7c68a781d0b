#include "web/openapi.h"

#include <set>

namespace samverkan::web {
namespace {

using nlohmann::json;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string StatusText(int status) {
  return std::string(http::obsolete_reason(static_cast<http::status>(status)));
}

}  // namespace

json ProblemSchema() {
  return {{"type", "object"},
          {"required", {"type", "title", "status", "detail"}},
          {"properties",
           {{"type", {{"type", "string"}}},
            {"title", {{"type", "string"}}},
            {"status", {{"type", "integer"}}},
            {"detail", {{"type", "string"}, {"description", "In the language of the request."}}},
            {"instance", {{"type", "string"}}},
            {"errors",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"field", {{"type", "string"}}}, {"detail", {{"type", "string"}}}}}}}}}}}};
}

json BuildOpenApi(const Router& router, const std::string& version) {
  json paths = json::object();
  std::set<std::string> tags;
  for (const auto& route : router.routes()) {
    if (!route->api) continue;
    const ApiDoc& doc = *route->api;
    json op = {{"operationId", route->name}, {"summary", doc.summary}};
    if (!doc.tag.empty()) {
      op["tags"] = {doc.tag};
      tags.insert(doc.tag);
    }
    json params = json::array();
    params.push_back({{"name", "lang"},
                      {"in", "query"},
                      {"description", "Language of texts and messages: sv (default) or en."},
                      {"schema", {{"type", "string"}, {"enum", {"sv", "en"}}}}});
    for (const auto& p : doc.parameters) {
      params.push_back({{"name", p.name},
                        {"in", p.in},
                        {"required", p.in == "path" ? true : p.required},
                        {"description", p.description},
                        {"schema", p.schema}});
    }
    op["parameters"] = params;
    if (!doc.request_body.is_null()) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", doc.request_body}}}}}};
    }
    json responses = json::object();
    responses[std::to_string(doc.success_status)] = {
        {"description", StatusText(doc.success_status)},
        {"content", {{doc.response_content_type, {{"schema", doc.response}}}}}};
    std::vector<int> errors = doc.error_statuses;
    errors.push_back(500);
    if (!doc.request_body.is_null()) {
      errors.push_back(400);
      errors.push_back(403);
      errors.push_back(413);
      errors.push_back(422);
    }
    for (int status : std::set<int>(errors.begin(), errors.end())) {
      responses[std::to_string(status)] = {
          {"description", StatusText(status)},
          {"content",
           {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
    }
    op["responses"] = responses;
    paths[route->pattern][Lower(http::to_string(route->method))] = op;
  }
  json tag_list = json::array();
  for (const auto& t : tags) tag_list.push_back({{"name", t}});
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Samverkan API"},
            {"version", version},
            {"description",
             "The JSON twin of every page of Samverkan. Errors are application/problem+json "
             "(RFC 9457) with a `detail` in the language asked for with ?lang= (sv or en). "
             "Lists are paginated with `limit` and an opaque `cursor`."}}},
          {"servers", {{{"url", "/"}}}},
          {"tags", tag_list},
          {"paths", paths},
          {"components", {{"schemas", {{"Problem", ProblemSchema()}}}}}};
}

}  // namespace samverkan::web
