#include "web/html/templates.h"

#include <kainjow/mustache.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace samverkan::web {
namespace {

namespace mstch = kainjow::mustache;
constexpr std::string_view kOpen = "{{#_}}";
constexpr std::string_view kClose = "{{/_}}";

// Replaces every {{#_}}msgid{{/_}} by the escaped translation.
std::string Translate(const std::string& text, Language lang, const Translator& tr) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find(kOpen, pos);
    if (open == std::string::npos) break;
    size_t close = text.find(kClose, open);
    if (close == std::string::npos) break;
    out.append(text, pos, open - pos);
    std::string msgid = text.substr(open + kOpen.size(), close - open - kOpen.size());
    out += EscapeHtml(tr.Tr(lang, msgid));
    pos = close + kClose.size();
  }
  out.append(text, pos);
  return out;
}

mstch::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data d{mstch::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), ToData(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mstch::data d{mstch::data::type::list};
      for (const auto& item : j) d.push_back(ToData(item));
      return d;
    }
    case nlohmann::json::value_t::string:
      return mstch::data{j.get_ref<const std::string&>()};
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mstch::data{mstch::data::type::bool_true}
                           : mstch::data{mstch::data::type::bool_false};
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mstch::data{mstch::data::type::bool_false};
    default:
      return mstch::data{j.dump()};  // numbers
  }
}

}  // namespace

struct Templates::Compiled {
  std::unique_ptr<mstch::mustache> sv;
  std::unique_ptr<mstch::mustache> en;
};

Templates::~Templates() = default;

Result<std::unique_ptr<Templates>> Templates::Load(const std::string& dir, const Translator& tr) {
  std::unique_ptr<Templates> templates(new Templates());
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".mustache") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string name = std::filesystem::relative(it->path(), dir).replace_extension().string();
    // Partials and lambdas make kainjow's renderer write to shared state: not thread-safe.
    if (ss.str().find("{{>") != std::string::npos) {
      return Error::Internal("template " + name + " uses a partial; compose pages in C++ instead");
    }
    auto compiled = std::make_unique<Compiled>();
    compiled->sv = std::make_unique<mstch::mustache>(Translate(ss.str(), Language::kSwedish, tr));
    compiled->en = std::make_unique<mstch::mustache>(Translate(ss.str(), Language::kEnglish, tr));
    for (auto* m : {compiled->sv.get(), compiled->en.get()}) {
      if (!m->is_valid()) {
        return Error::Internal("template " + name + ": " + m->error_message());
      }
    }
    templates->templates_[name] = std::move(compiled);
  }
  if (ec) return Error::Internal("cannot read templates in " + dir + ": " + ec.message());
  return templates;
}

bool Templates::Has(const std::string& name) const { return templates_.count(name) > 0; }

std::string Templates::Render(const std::string& name, Language lang,
                              const nlohmann::json& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) throw std::logic_error("no template named " + name);
  mstch::mustache& m = lang == Language::kSwedish ? *it->second->sv : *it->second->en;
  std::string out;
  out.reserve(8192);
  m.render(ToData(data), [&out](const std::string& s) { out += s; });
  return out;
}

std::vector<std::string> ExtractTemplateStrings(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find(kOpen, pos);
    if (open == std::string::npos) break;
    size_t close = text.find(kClose, open);
    if (close == std::string::npos) break;
    out.push_back(text.substr(open + kOpen.size(), close - open - kOpen.size()));
    pos = close + kClose.size();
  }
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace samverkan::web
