#include "search/xapian/text_analyzer.h"

#include <xapian.h>

namespace samverkan::search {
namespace {

// The folded form of one lower-case code point: 0 drops nothing and keeps it as it is.
// Swedish å, ä, ö are letters of their own and stay; other Latin letters with accents lose
// them, and the Danish/Norwegian æ, ø become the Swedish ä, ö, so that a name typed without
// its accent is found.
unsigned FoldLetter(unsigned c) {
  switch (c) {
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: return 'a';
    case 0xE6: return 0xE4;  // æ → ä
    case 0xE7: return 'c';
    case 0xE8: case 0xE9: case 0xEA: case 0xEB: return 'e';
    case 0xEC: case 0xED: case 0xEE: case 0xEF: return 'i';
    case 0xF1: return 'n';
    case 0xF2: case 0xF3: case 0xF4: case 0xF5: return 'o';
    case 0xF8: return 0xF6;  // ø → ö
    case 0xF9: case 0xFA: case 0xFB: case 0xFC: return 'u';
    case 0xFD: case 0xFF: return 'y';
    default: return c;
  }
}

}  // namespace

std::vector<std::string> FoldedWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    unsigned c = *it;
    // A combining accent (a decomposed "é") is dropped like a precomposed one's accent.
    if (Xapian::Unicode::get_category(c) == Xapian::Unicode::NON_SPACING_MARK) continue;
    if (Xapian::Unicode::is_wordchar(c)) {
      Xapian::Unicode::append_utf8(word, FoldLetter(Xapian::Unicode::tolower(c)));
      continue;
    }
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

struct TextAnalyzer::Stemmers {
  Xapian::Stem swedish{"swedish"};
  Xapian::Stem english{"english"};
};

TextAnalyzer::TextAnalyzer() : stemmers_(std::make_unique<Stemmers>()) {}
TextAnalyzer::~TextAnalyzer() = default;

WordTerms TextAnalyzer::Terms(const std::string& word) const {
  return {word, "ZS" + stemmers_->swedish(word), "ZE" + stemmers_->english(word)};
}

}  // namespace samverkan::search
