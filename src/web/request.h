// The request as handlers see it, and the response helpers they return with. A handler is a
// function of the Request alone, so it can be tested without sockets.
#pragma once

#include <boost/beast/http.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/principal.h"
#include "core/result.h"

namespace samverkan::web {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Decoded name/value pairs from a query string or a form body, in order; a name may repeat.
class Params {
 public:
  static Params ParseUrlEncoded(std::string_view text);  // '+' is a space, %XX decoded
  void Add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  // The first value of `name`, if any.
  std::optional<std::string> Get(std::string_view name) const;
  std::string GetOr(std::string_view name, std::string fallback) const;
  std::vector<std::string> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Cookie header → name/value; malformed pairs are skipped.
std::map<std::string, std::string> ParseCookies(std::string_view header);
std::string PercentDecode(std::string_view text, bool plus_is_space);
std::string PercentEncode(std::string_view text);

struct Request {
  const HttpRequest* http = nullptr;
  std::string path;          // decoded path without the query
  std::string query_string;  // raw, without '?'
  Params query;
  std::map<std::string, std::string> path_params;  // from {name} segments of the route
  std::map<std::string, std::string> cookies;
  Language lang = kDefaultLanguage;
  std::string csrf_token;  // the token forms on the page must carry back
  std::string client_address;
  std::string route_name;
  // Who is asking: filled in by the server's authenticator before a handler runs that may
  // need it; anonymous otherwise.
  Principal principal;
  bool is_api() const { return path.rfind("/api/", 0) == 0; }
  std::string_view Header(http::field field) const;
  // The form body of a POST (application/x-www-form-urlencoded), parsed on first use.
  const Params& Form() const;

 private:
  mutable std::optional<Params> form_;
};

Response TextResponse(http::status status, std::string content_type, std::string body);
Response Redirect(std::string location, http::status status = http::status::see_other);

}  // namespace samverkan::web
