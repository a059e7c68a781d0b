// Turns what handlers produce into responses: pages inside the common layout, JSON, and
// errors — HTML error pages for people and application/problem+json (RFC 9457) for the API.
// Every error reaches HTTP through StatusFor, the one place that maps codes to statuses.
//
// Thread-safe: everything it holds is read-only after construction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "web/html/templates.h"
#include "web/i18n.h"
#include "web/request.h"

namespace samverkan::web {

struct NavEntry {
  std::string href;
  std::string label;  // English msgid
  int order = 0;
};

struct PageView {
  std::string template_name;        // e.g. "reference/sdgs"
  std::string title;                // translated; also the page's one h1 unless the template has it
  nlohmann::json data = nlohmann::json::object();
  http::status status = http::status::ok;
  std::string description;          // translated meta description
};

http::status StatusFor(ErrorCode code);

class Site {
 public:
  Site(const Templates& templates, const Translator& tr, std::vector<NavEntry> nav,
       std::string asset_version);

  const Translator& tr() const { return tr_; }
  std::string Tr(const Request& req, std::string_view msgid) const { return tr_.Tr(req.lang, msgid); }

  Response Page(const Request& req, const PageView& view) const;
  Response Json(const Request& req, const nlohmann::json& body,
                http::status status = http::status::ok) const;
  // A page or problem+json, depending on whether the request is for the API.
  // `status` overrides the one StatusFor gives (for protocol errors such as 405).
  Response ErrorResponse(const Request& req, const Error& error,
                         std::optional<http::status> status = std::nullopt) const;
  nlohmann::json Problem(const Request& req, const Error& error,
                         std::optional<http::status> status = std::nullopt) const;
  Response NotFound(const Request& req) const { return ErrorResponse(req, Error::NotFound()); }
  // The same URL with ?lang= set to `lang`, other query parameters kept.
  static std::string LanguageSwitchUrl(const Request& req, Language lang);

 private:
  const Templates& templates_;
  const Translator& tr_;
  std::vector<NavEntry> nav_;
  std::string asset_version_;
};

}  // namespace samverkan::web
