// Mustache templates, kept outside the C++ code and escaped by default: {{x}} is HTML-escaped,
// {{{x}}} is not and is only used for HTML the server produced itself (rendered Markdown, a
// rendered page body).
//
// UI text in a template is written {{#_}}English text{{/_}} on one line. When the templates
// are loaded, each is compiled once per language with that text replaced by its escaped
// translation, so rendering costs no look-ups. A translation may itself hold {{placeholders}}.
//
// Thread-safe after Load.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/language.h"
#include "core/result.h"
#include "web/i18n.h"

namespace samverkan::web {

class Templates {
 public:
  // Loads every *.mustache below `dir`; a template's name is its path without the ending,
  // e.g. "layout" or "reference/sdgs". An unparsable template is an error naming it.
  static Result<std::unique_ptr<Templates>> Load(const std::string& dir, const Translator& tr);

  ~Templates();
  bool Has(const std::string& name) const;
  // Renders `name` in `lang` with `data` (objects, arrays, strings, numbers, booleans; null and
  // false hide a section). Rendering an unknown template is a bug: it throws.
  std::string Render(const std::string& name, Language lang, const nlohmann::json& data) const;

 private:
  Templates() = default;
  struct Compiled;
  std::map<std::string, std::unique_ptr<Compiled>> templates_;
};

// Extracts the {{#_}}…{{/_}} strings of a template text (for catalog checks).
std::vector<std::string> ExtractTemplateStrings(const std::string& text);

// HTML escaping of & < > " ' for text placed outside templates.
std::string EscapeHtml(std::string_view text);

}  // namespace samverkan::web
