#include "platform/api.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>

namespace samverkan::platform {

Result<PageRequest> ParsePageRequest(const web::Request& req, int max_limit) {
  PageRequest page;
  if (auto limit = req.query.Get("limit")) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc() || ptr != limit->data() + limit->size() || value < 1 || value > max_limit) {
      return Error::InvalidField("limit", "Must be a whole number from {{min}} to {{max}}.",
                                 {{"min", "1"}, {"max", std::to_string(max_limit)}});
    }
    page.limit = value;
  }
  if (auto cursor = req.query.Get("cursor"); cursor && !cursor->empty()) {
    std::string decoded(cursor->size(), '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                          cursor->c_str(), cursor->size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
      return Error::InvalidField("cursor", "The cursor is not valid. Start again from the first page.");
    }
    decoded.resize(length);
    page.after = std::move(decoded);
  }
  return page;
}

std::string EncodeCursor(std::string_view key) {
  std::string out(sodium_base64_ENCODED_LEN(key.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(key.data()),
                    key.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<nlohmann::json> ParseJsonBody(const web::Request& req) {
  nlohmann::json body = nlohmann::json::parse(req.http->body(), nullptr, false);
  if (body.is_discarded()) {
    return Error::InvalidField("body", "The request body is not valid JSON.");
  }
  if (!body.is_object()) {
    return Error::InvalidField("body", "The request body must be a JSON object.");
  }
  // NUL cannot be stored (see storage::Database); refuse it here with the field's name. The
  // walk uses its own stack and a depth limit: a hostile body nested thousands deep must not
  // exhaust the thread's stack.
  constexpr size_t kMaxDepth = 64;
  struct Item {
    const nlohmann::json* value;
    size_t depth;
    std::string path;
  };
  std::vector<Item> stack{{&body, 0, ""}};
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    const nlohmann::json& j = *item.value;
    if (item.depth > kMaxDepth) {
      return Error::InvalidField("body", "The request body is nested too deeply.");
    }
    if (j.is_string()) {
      if (j.get_ref<const std::string&>().find('\0') != std::string::npos) {
        return Error::InvalidField(item.path, "Text may not contain the NUL character.");
      }
    } else if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        stack.push_back({&it.value(), item.depth + 1,
                         item.path.empty() ? it.key() : item.path + "." + it.key()});
      }
    } else if (j.is_array()) {
      for (size_t i = 0; i < j.size(); ++i) {
        stack.push_back({&j[i], item.depth + 1, item.path + "[" + std::to_string(i) + "]"});
      }
    }
  }
  return body;
}

nlohmann::json FormErrors(const web::Translator& tr, Language lang, const Error& error) {
  nlohmann::json data = nlohmann::json::object();
  nlohmann::json errors = nlohmann::json::array();
  if (error.fields().empty()) {
    errors.push_back({{"field", "form"}, {"detail", tr.Message(lang, error)}});
  }
  for (const auto& f : error.fields()) {
    std::string text = tr.FieldMessage(lang, f);
    errors.push_back({{"field", f.field}, {"detail", text}});
    data["error_" + f.field] = text;
  }
  data["errors"] = std::move(errors);
  data["has_errors"] = true;
  return data;
}

web::Response SignInFirst(const web::Request& req) {
  std::string target = req.path;
  if (!req.query_string.empty()) target += "?" + req.query_string;
  return web::Redirect("/logga-in?next=" + web::PercentEncode(target));
}

std::optional<int64_t> ParseId(std::string_view text) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string LocalPathOr(const std::optional<std::string>& next, std::string fallback) {
  // Browsers drop tabs and line breaks from a Location, so "/\t/host" would become "//host":
  // any control character, and backslashes, make the path unsafe.
  auto unsafe = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\'; };
  if (next && next->size() > 0 && (*next)[0] == '/' && next->rfind("//", 0) != 0 &&
      std::none_of(next->begin(), next->end(), unsafe)) {
    return *next;
  }
  return fallback;
}

nlohmann::json ToJson(const LocalizedText& text) { return {{"sv", text.sv}, {"en", text.en}}; }

Result<LocalizedText> LocalizedFromJson(const nlohmann::json& value, Language language,
                                        const std::string& field) {
  if (value.is_null()) return LocalizedText{};
  if (value.is_string()) {
    LocalizedText t;
    (language == Language::kSwedish ? t.sv : t.en) = value.get<std::string>();
    return t;
  }
  if (value.is_object()) {
    LocalizedText t;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if ((it.key() != "sv" && it.key() != "en") || !(it->is_string() || it->is_null())) {
        return Error::InvalidField(field, "Give the text as a string or as {\"sv\": …, \"en\": …}.");
      }
    }
    if (value.contains("sv") && value["sv"].is_string()) t.sv = value["sv"];
    if (value.contains("en") && value["en"].is_string()) t.en = value["en"];
    return t;
  }
  return Error::InvalidField(field, "Give the text as a string or as {\"sv\": …, \"en\": …}.");
}

}  // namespace samverkan::platform
