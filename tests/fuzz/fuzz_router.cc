// web::Router::Match over the application's routes (fuzz_routes.h) with any method and any
// decoded path. The input is "METHOD PATH": the text up to the first space names the method
// (an unknown name is http::verb::unknown), the rest is the path as Prepare passes it.
//
// Properties:
//  * a matched route has the wanted method (GET for HEAD), is listed in `allowed`, and its
//    parameters are exactly the pattern's {names}, each one non-empty segment;
//  * putting the parameters back into the pattern matches the same route with the same
//    parameters;
//  * a route without parameters whose segments are the path's wins over any route with
//    parameters ("/aktorer/ny" is not "/aktorer/{id}");
//  * a trailing slash is another resource (no match), except for the root;
//  * no route without a path match, and no allowed methods either.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_routes.h"
#include "web/router.h"

namespace {

using samverkan::fuzz::Quote;
namespace http = samverkan::web::http;

const samverkan::web::Router& TheRouter() {
  static const samverkan::web::Router router = samverkan::fuzz::ApplicationRouter();
  return router;
}

std::set<std::string> ParameterNames(std::string_view pattern) {
  std::set<std::string> names;
  size_t open = 0;
  while ((open = pattern.find('{', open)) != std::string_view::npos) {
    size_t close = pattern.find('}', open);
    names.emplace(pattern.substr(open + 1, close - open - 1));
    open = close;
  }
  return names;
}

// The non-empty segments of a path, as the router compares them.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = std::min(path.find('/', pos), path.size());
    if (end > pos) out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// The pattern with each {name} segment replaced by its parameter.
std::string Fill(std::string_view pattern, const std::map<std::string, std::string>& params) {
  std::string path;
  for (std::string_view segment : Segments(pattern)) {
    path += '/';
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      path += params.at(std::string(segment.substr(1, segment.size() - 2)));
    } else {
      path += segment;
    }
  }
  return path.empty() ? "/" : path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t space = input.find(' ');
  std::string_view method_name = input.substr(0, space);
  std::string_view path = space == std::string_view::npos ? std::string_view() : input.substr(space + 1);
  http::verb method = http::string_to_verb(method_name);
  const auto& router = TheRouter();

  samverkan::web::RouteMatch match = router.Match(method, path);
  std::string what = std::string(http::to_string(method)) + " " + Quote(path);
  if (path.size() > 1 && path.back() == '/') {
    FUZZ_CHECK(!match.path_matched, what);
  }
  if (!match.path_matched) {
    FUZZ_CHECK(match.route == nullptr && match.allowed.empty(), what);
    return 0;
  }
  FUZZ_CHECK(!match.allowed.empty(), what);
  if (!match.route) return 0;

  const auto& route = *match.route;
  http::verb wanted = method == http::verb::head ? http::verb::get : method;
  FUZZ_CHECK(route.method == wanted, what + " matched " + route.name);
  // (A method can be listed more than once when several patterns fit the path.)
  FUZZ_CHECK(std::count(match.allowed.begin(), match.allowed.end(), route.method) >= 1,
             what + " matched " + route.name);

  std::set<std::string> names;
  for (const auto& [name, value] : match.params) {
    names.insert(name);
    FUZZ_CHECK(!value.empty() && value.find('/') == std::string::npos,
               what + " gave " + name + "=" + Quote(value));
  }
  FUZZ_CHECK(names == ParameterNames(route.pattern), what + " matched " + route.pattern);

  std::string rebuilt = Fill(route.pattern, match.params);
  samverkan::web::RouteMatch again = router.Match(method, rebuilt);
  FUZZ_CHECK(again.route == match.route && again.params == match.params,
             what + " matched " + route.pattern + " but " + Quote(rebuilt) + " does not");

  if (!match.params.empty()) {
    auto segments = Segments(path);
    for (const auto& other : router.routes()) {
      if (other->method != wanted || other->pattern.find('{') != std::string::npos) continue;
      FUZZ_CHECK(Segments(other->pattern) != segments,
                 what + " matched " + route.pattern + " instead of " + other->pattern);
    }
  }
  return 0;
}
