#include "web/site.h"

#include <algorithm>

namespace samverkan::web {

// The reason phrases shown as titles of error pages and problems, for the catalog.
[[maybe_unused]] constexpr const char* kReasonPhrases[] = {
    N_("Bad Request"),          N_("Unauthorized"),         N_("Forbidden"),
    N_("Not Found"),            N_("Method Not Allowed"),   N_("Conflict"),
    N_("Payload Too Large"),    N_("Unprocessable Entity"), N_("Too Many Requests"),
    N_("Internal Server Error"), N_("Service Unavailable"),
    N_("Request Header Fields Too Large")};

http::status StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return http::status::unprocessable_entity;
    case ErrorCode::kNotFound:
      return http::status::not_found;
    case ErrorCode::kConflict:
      return http::status::conflict;
    case ErrorCode::kPermissionDenied:
      return http::status::forbidden;
    case ErrorCode::kUnauthenticated:
      return http::status::unauthorized;
    case ErrorCode::kTooLarge:
      return http::status::payload_too_large;
    case ErrorCode::kRateLimited:
      return http::status::too_many_requests;
    case ErrorCode::kUnavailable:
      return http::status::service_unavailable;
    case ErrorCode::kInternal:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

Site::Site(const Templates& templates, const Translator& tr, std::vector<NavEntry> nav,
           std::string asset_version)
    : templates_(templates), tr_(tr), nav_(std::move(nav)), asset_version_(std::move(asset_version)) {
  std::stable_sort(nav_.begin(), nav_.end(),
                   [](const NavEntry& a, const NavEntry& b) { return a.order < b.order; });
}

std::string Site::LanguageSwitchUrl(const Request& req, Language lang) {
  std::string url = req.path + "?";
  for (const auto& [name, value] : req.query.items()) {
    if (name == "lang") continue;
    url += PercentEncode(name) + "=" + PercentEncode(value) + "&";
  }
  return url + "lang=" + std::string(LanguageCode(lang));
}

Response Site::Page(const Request& req, const PageView& view) const {
  Language other = OtherLanguage(req.lang);
  nlohmann::json nav = nlohmann::json::array();
  for (const auto& entry : nav_) {
    bool current = req.path == entry.href ||
                   (entry.href != "/" && req.path.rfind(entry.href + "/", 0) == 0);
    nav.push_back({{"href", entry.href}, {"label", tr_.Tr(req.lang, entry.label)}, {"current", current}});
  }
  nlohmann::json layout = {
      {"lang", LanguageCode(req.lang)},
      {"title", view.title},
      {"description", view.description},
      {"nav", std::move(nav)},
      {"other_lang",
       {{"code", LanguageCode(other)},
        {"href", LanguageSwitchUrl(req, other)},
        {"label", other == Language::kEnglish ? "English" : "Svenska"}}},
      {"asset_version", asset_version_},
      {"csrf_token", req.csrf_token},
      {"signed_in", req.principal.authenticated()},
      {"user_name", req.principal.display_name},
      {"is_admin", req.principal.IsAdmin()},
      {"body", templates_.Render(view.template_name, req.lang, view.data)},
  };
  Response res{view.status, 11};
  res.set(http::field::content_type, "text/html; charset=utf-8");
  res.set(http::field::content_language, LanguageCode(req.lang));
  res.set(http::field::cache_control, "no-cache");
  res.body() = templates_.Render("layout", req.lang, layout);
  res.prepare_payload();
  return res;
}

Response Site::Json(const Request& req, const nlohmann::json& body, http::status status) const {
  Response res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::content_language, LanguageCode(req.lang));
  res.set(http::field::cache_control, "no-cache");
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  return res;
}

nlohmann::json Site::Problem(const Request& req, const Error& error,
                             std::optional<http::status> status_override) const {
  http::status status = status_override.value_or(StatusFor(error.code()));
  nlohmann::json problem = {
      {"type", "/problems/" + std::string(ErrorCodeName(error.code()))},
      {"title", tr_.Tr(req.lang, std::string(http::obsolete_reason(status)))},
      {"status", static_cast<int>(status)},
      {"detail", tr_.Message(req.lang, error)},
      {"instance", req.path},
  };
  if (!error.fields().empty()) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : error.fields()) {
      fields.push_back({{"field", f.field}, {"detail", tr_.FieldMessage(req.lang, f)}});
    }
    problem["errors"] = std::move(fields);
  }
  return problem;
}

Response Site::ErrorResponse(const Request& req, const Error& error,
                             std::optional<http::status> status_override) const {
  http::status status = status_override.value_or(StatusFor(error.code()));
  auto add_headers = [&](Response& res) {
    if (auto it = error.args().find("seconds"); it != error.args().end() &&
                                                error.code() == ErrorCode::kRateLimited) {
      res.set(http::field::retry_after, it->second);
    }
    if (status == http::status::unauthorized && req.is_api()) {
      res.set(http::field::www_authenticate, "Bearer realm=\"samverkan\"");
    }
  };
  if (req.is_api()) {
    Response res = Json(req, Problem(req, error, status), status);
    res.set(http::field::content_type, "application/problem+json");
    add_headers(res);
    return res;
  }
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : error.fields()) {
    fields.push_back({{"field", f.field}, {"detail", tr_.FieldMessage(req.lang, f)}});
  }
  PageView view;
  view.template_name = "error";
  view.status = status;
  view.title = tr_.Tr(req.lang, std::string(http::obsolete_reason(status)));
  view.data = {{"title", view.title},
               {"status", static_cast<int>(status)},
               {"detail", tr_.Message(req.lang, error)},
               {"fields", fields},
               {"has_fields", !fields.empty()},
               {"not_found", status == http::status::not_found},
               {"sign_in", status == http::status::unauthorized}};
  Response res = Page(req, view);
  add_headers(res);
  return res;
}

}  // namespace samverkan::web
