// The two languages of the product and text that exists in both.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samverkan {

// Swedish first: it is the default for every page and message.
enum class Language { kSwedish, kEnglish };

inline constexpr Language kDefaultLanguage = Language::kSwedish;

// "sv" / "en": the codes used in URLs, cookies, `lang` attributes and JSON.
std::string_view LanguageCode(Language lang);
// Accepts "sv", "en" and regional forms such as "sv-SE" or "en_GB"; nothing else.
std::optional<Language> ParseLanguage(std::string_view code);
Language OtherLanguage(Language lang);

// A content field written in Swedish, English or both. Reading falls back to the other
// language when the wanted one is empty, and says so, so that pages can mark the fallback
// with the right `lang` attribute.
struct LocalizedText {
  std::string sv;
  std::string en;

  bool empty() const { return sv.empty() && en.empty(); }
  const std::string& In(Language lang) const;
  // The language the text In(lang) returns is actually written in.
  Language ShownLanguage(Language lang) const;
  bool operator==(const LocalizedText&) const = default;
};

}  // namespace samverkan
