#include "web/router.h"

#include <stdexcept>

namespace samverkan::web {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params) {
  auto p = Segments(pattern), s = Segments(path);
  if (p.size() != s.size()) return false;
  // A trailing slash is a different resource, except for the root.
  if (path.size() > 1 && path.back() == '/') return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i].size() > 2 && p[i].front() == '{' && p[i].back() == '}') {
      found[std::string(p[i].substr(1, p[i].size() - 2))] = std::string(s[i]);
    } else if (p[i] != s[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(Route route) {
  for (const auto& r : routes_) {
    if (r->method == route.method && r->pattern == route.pattern) {
      throw std::logic_error("route registered twice: " + route.pattern);
    }
  }
  if (route.pattern.rfind("/api/", 0) == 0 && !route.api) {
    throw std::logic_error("API route without an OpenAPI description: " + route.pattern);
  }
  routes_.push_back(std::make_unique<Route>(std::move(route)));
}

RouteMatch Router::Match(http::verb method, std::string_view path) const {
  RouteMatch match;
  http::verb wanted = method == http::verb::head ? http::verb::get : method;
  // Literal segments win over parameters: try routes without {…} at that position first by
  // preferring the route with the fewest parameters.
  int best_params = 1 << 30;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(r->pattern, path, params)) continue;
    match.path_matched = true;
    match.allowed.push_back(r->method);
    if (r->method != wanted) continue;
    if (static_cast<int>(params.size()) < best_params) {
      best_params = static_cast<int>(params.size());
      match.route = r.get();
      match.params = std::move(params);
    }
  }
  return match;
}

}  // namespace samverkan::web
