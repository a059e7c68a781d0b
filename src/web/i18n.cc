#include "web/i18n.h"

#include <boost/locale.hpp>

namespace samverkan::web {
namespace {

std::locale MakeLocale(const std::string& locale_dir, const char* name) {
  boost::locale::generator gen;
  gen.add_messages_path(locale_dir);
  gen.add_messages_domain("samverkan");
  return gen(name);
}

}  // namespace

Translator::Translator(const std::string& locale_dir)
    : sv_(MakeLocale(locale_dir, "sv_SE.UTF-8")), en_(MakeLocale(locale_dir, "en_GB.UTF-8")) {}

std::string Translator::Tr(Language lang, std::string_view msgid) const {
  if (msgid.empty()) return {};
  std::string id(msgid);
  return boost::locale::translate(id).str(lang == Language::kSwedish ? sv_ : en_);
}

std::string Translator::Tr(Language lang, std::string_view msgid,
                           const std::map<std::string, std::string>& args) const {
  return FillPlaceholders(Tr(lang, msgid), args);
}

bool Translator::HasSwedish(std::string_view msgid) const {
  std::string id(msgid);
  return boost::locale::translate(id).str(sv_) != id;
}

std::string Translator::Message(Language lang, const Error& error) const {
  return Tr(lang, error.message(), error.args());
}

std::string Translator::FieldMessage(Language lang, const FieldError& field) const {
  return Tr(lang, field.message, field.args);
}

std::string FillPlaceholders(std::string_view text, const std::map<std::string, std::string>& args) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text, pos, open - pos);
    std::string name(text.substr(open + 2, close - open - 2));
    auto it = args.find(name);
    if (it != args.end()) {
      out += it->second;
    } else {
      out.append(text, open, close + 2 - open);
    }
    pos = close + 2;
  }
  out.append(text, pos);
  return out;
}

}  // namespace samverkan::web
