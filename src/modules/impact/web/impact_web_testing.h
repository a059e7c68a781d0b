// Shared by the page and API tests of the impact module: the translator with the Swedish
// catalog of the build, the module's templates, and requests built without a socket.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "web/html/templates.h"
#include "web/i18n.h"
#include "web/request.h"

namespace samverkan::impact::testing {

inline const web::Translator& Catalog() {
  static const web::Translator tr(std::string(SAMVERKAN_BUILD_DIR) + "/share/samverkan/locale");
  return tr;
}

inline const web::Templates& ModuleTemplates() {
  static const auto templates = [] {
    auto t = web::Templates::Load(
        std::string(SAMVERKAN_SOURCE_DIR) + "/src/modules/impact/web/templates", Catalog());
    if (!t.ok()) throw std::runtime_error(t.error().log_detail());
    return std::move(t).value();
  }();
  return *templates;
}

// Renders a page view's template ("impact/sroi" is "sroi" in the module's folder).
inline std::string Render(const std::string& template_name, Language lang,
                          const nlohmann::json& data) {
  const std::string prefix = "impact/";
  std::string name =
      template_name.rfind(prefix, 0) == 0 ? template_name.substr(prefix.size()) : template_name;
  return ModuleTemplates().Render(name, lang, data);
}

// A request in `lang`; with a body, a POST of that body with `content_type`.
struct TestRequest {
  web::HttpRequest http;
  web::Request req;
  TestRequest(Language lang, std::string body = "",
              std::string content_type = "application/x-www-form-urlencoded",
              std::string path = "/") {
    http.method(body.empty() ? web::http::verb::get : web::http::verb::post);
    http.target(path);
    if (!body.empty()) {
      http.set(web::http::field::content_type, content_type);
      http.body() = std::move(body);
      http.prepare_payload();
    }
    req.http = &http;
    req.path = path;
    req.lang = lang;
    req.csrf_token = "test-token";
  }
  TestRequest(const TestRequest&) = delete;
  TestRequest& operator=(const TestRequest&) = delete;
};

inline size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace samverkan::impact::testing
