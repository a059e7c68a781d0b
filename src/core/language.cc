#include "core/language.h"

namespace samverkan {

std::string_view LanguageCode(Language lang) { return lang == Language::kEnglish ? "en" : "sv"; }

std::optional<Language> ParseLanguage(std::string_view code) {
  if (code.size() > 2 && (code[2] == '-' || code[2] == '_')) code = code.substr(0, 2);
  if (code == "sv") return Language::kSwedish;
  if (code == "en") return Language::kEnglish;
  return std::nullopt;
}

Language OtherLanguage(Language lang) {
  return lang == Language::kSwedish ? Language::kEnglish : Language::kSwedish;
}

const std::string& LocalizedText::In(Language lang) const {
  return ShownLanguage(lang) == Language::kSwedish ? sv : en;
}

Language LocalizedText::ShownLanguage(Language lang) const {
  const std::string& wanted = lang == Language::kSwedish ? sv : en;
  return wanted.empty() ? OtherLanguage(lang) : lang;
}

}  // namespace samverkan
