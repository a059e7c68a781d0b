// Helpers shared by the modules' JSON API handlers: pagination, body parsing, localized text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/language.h"
#include "core/result.h"
#include "web/i18n.h"
#include "web/request.h"

namespace samverkan::platform {

// limit (1–100, default 20) and an opaque cursor (the last key of the previous page).
struct PageRequest {
  int limit = 20;
  std::optional<std::string> after;  // decoded cursor
};
Result<PageRequest> ParsePageRequest(const web::Request& req, int max_limit = 100);
std::string EncodeCursor(std::string_view key);

// The request body as a JSON object; a malformed body is an InvalidArgument that says where.
Result<nlohmann::json> ParseJsonBody(const web::Request& req);

// What a form page needs to show a failed attempt: "errors" (for the summary, each with
// "field" and "detail"), "has_errors", and "error_<field>" beside each field.
nlohmann::json FormErrors(const web::Translator& tr, Language lang, const Error& error);

// A path on this site to go to after signing in; anything else (another host, "//…") is "/".
std::string LocalPathOr(const std::optional<std::string>& next, std::string fallback);

// Where to send someone who must sign in first: the sign-in page, and back to this address
// (path and query) afterwards.
web::Response SignInFirst(const web::Request& req);

// A positive id from a path segment ("12"); nullopt for anything else.
std::optional<int64_t> ParseId(std::string_view text);

// Wall-clock time in milliseconds since the epoch, as services store it.
int64_t NowMs();

// {"sv": …, "en": …}
nlohmann::json ToJson(const LocalizedText& text);
// A text is either a string in `language` or {"sv": …, "en": …}; anything else is an error
// for `field`.
Result<LocalizedText> LocalizedFromJson(const nlohmann::json& value, Language language,
                                        const std::string& field);

}  // namespace samverkan::platform
