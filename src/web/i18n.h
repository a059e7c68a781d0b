// UI strings in the reader's language. Strings are written in English in the code and the
// templates (gettext msgids) and translated to Swedish through the gettext catalog
// po/sv.po, compiled to a .mo file at build time and read with Boost.Locale.
//
// Thread-safe after construction.
#pragma once

#include <locale>
#include <map>
#include <string>
#include <string_view>

#include "core/language.h"
#include "core/result.h"

namespace samverkan::web {

class Translator {
 public:
  // `locale_dir` holds <lang>/LC_MESSAGES/samverkan.mo.
  explicit Translator(const std::string& locale_dir);

  // The translation of `msgid`, or `msgid` itself when the catalog has none.
  std::string Tr(Language lang, std::string_view msgid) const;
  // Translates, then fills {{name}} placeholders from `args`.
  std::string Tr(Language lang, std::string_view msgid,
                 const std::map<std::string, std::string>& args) const;
  // Whether the Swedish catalog has `msgid` (for tests of catalog completeness).
  bool HasSwedish(std::string_view msgid) const;

  // An Error's message and each field message, translated.
  std::string Message(Language lang, const Error& error) const;
  std::string FieldMessage(Language lang, const FieldError& field) const;

 private:
  std::locale sv_;
  std::locale en_;
};

// Replaces {{name}} in `text` by args[name]; unknown names stay as they are.
std::string FillPlaceholders(std::string_view text, const std::map<std::string, std::string>& args);

}  // namespace samverkan::web
