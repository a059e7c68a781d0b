#include "modules/matching/domain/lexicon.h"

#include <algorithm>
#include <set>

#include "core/csv.h"

namespace samverkan::matching {
namespace {

// Compound and inflection matching needs a stem long enough not to hit unrelated words
// ("mat" must not match "matematik"); five letters keeps "äldre", "svinn", "unga…" useful.
constexpr size_t kMinAffixLetters = 5;

size_t Letters(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

// Endings of Swedish and English inflection that a short word may take and still be the same
// word ("barn" → "barnen", "job" → "jobs"); longer words use prefix matching instead.
constexpr std::string_view kShortEndings[] = {"s",   "e",   "n",    "r",    "en",  "et", "er",
                                              "ar",  "or",  "na",   "es",   "ed",  "ns", "ens",
                                              "ers", "ing", "arna", "erna", "orna"};

void AppendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The folded letter of a code point, 0 for a separator. Only Latin letters need folding for
// this vocabulary; other scripts count as letters and are kept as they are.
unsigned FoldCodePoint(unsigned cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return cp;
  if (cp < 0x80) return 0;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;  // Latin-1 upper → lower
  switch (cp) {
    case 0xE5:
    case 0xE4:
    case 0xF6:
      return cp;  // å ä ö
    case 0xE6:
      return 0xE4;  // æ → ä
    case 0xF8:
      return 0xF6;  // ø → ö
    case 0xE0:
    case 0xE1:
    case 0xE2:
    case 0xE3:
      return 'a';
    case 0xE7:
      return 'c';
    case 0xE8:
    case 0xE9:
    case 0xEA:
    case 0xEB:
      return 'e';
    case 0xEC:
    case 0xED:
    case 0xEE:
    case 0xEF:
      return 'i';
    case 0xF1:
      return 'n';
    case 0xF2:
    case 0xF3:
    case 0xF4:
    case 0xF5:
      return 'o';
    case 0xF9:
    case 0xFA:
    case 0xFB:
    case 0xFC:
      return 'u';
    case 0xFD:
    case 0xFF:
      return 'y';
    default:
      break;
  }
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return 0;  // Latin-1 punctuation and symbols
  if (cp >= 0x2000 && cp <= 0x206F) return 0;           // general punctuation: – — “ ” …
  return cp;
}

}  // namespace

std::vector<std::string> LexiconWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    while (!word.empty() && word.back() == '-') word.pop_back();
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    unsigned cp = c;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < text.size()) {
      cp = ((c & 0x07) << 18) | ((text[i + 1] & 0x3F) << 12) | ((text[i + 2] & 0x3F) << 6) |
           (text[i + 3] & 0x3F);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < text.size()) {
      cp = ((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      cp = ((c & 0x1F) << 6) | (text[i + 1] & 0x3F);
      len = 2;
    }
    i += len;
    if (cp == '-' && !word.empty()) {
      word += '-';
      continue;
    }
    unsigned folded = FoldCodePoint(cp);
    if (folded == 0) {
      flush();
    } else {
      AppendUtf8(word, folded);
    }
  }
  flush();
  return words;
}

bool LexiconWordMatches(std::string_view word, std::string_view variant) {
  if (word == variant) return true;
  if (word.size() <= variant.size()) return false;
  if (Letters(variant) >= kMinAffixLetters) {
    return word.starts_with(variant) || word.ends_with(variant);
  }
  if (!word.starts_with(variant)) return false;
  std::string_view ending = word.substr(variant.size());
  return std::find(std::begin(kShortEndings), std::end(kShortEndings), ending) !=
         std::end(kShortEndings);
}

Result<Lexicon> Lexicon::FromCsv(std::string_view csv) {
  auto table = CsvTable::Parse(csv);
  if (!table.ok()) return std::move(table).error();
  for (const char* column : {"sv", "en", "variants"}) {
    if (table->Column(column) < 0) {
      return Error::InvalidField("lexicon", N_("The lexicon has no column {{column}}."),
                                 {{"column", column}});
    }
  }
  Lexicon lexicon;
  for (const CsvRow& row : table->rows()) {
    Concept c;
    c.term.sv = table->Get(row, "sv");
    c.term.en = table->Get(row, "en");
    if (c.term.sv.empty() || c.term.en.empty()) {
      return Error::InvalidField("lexicon", N_("Line {{line}} of the lexicon lacks a term."),
                                 {{"line", std::to_string(row.line)}});
    }
    std::set<std::string> seen;
    auto add = [&](std::string_view written) {
      std::vector<std::string> words = LexiconWords(written);
      if (words.empty()) return;
      std::string key;
      for (const auto& w : words) key += w + ' ';
      if (!seen.insert(key).second) return;
      c.variants.push_back(key.substr(0, key.size() - 1));
      lexicon.variants_.push_back({std::move(words), lexicon.concepts_.size()});
    };
    add(c.term.sv);
    add(c.term.en);
    const std::string& variants = table->Get(row, "variants");
    size_t start = 0;
    while (start <= variants.size()) {
      size_t bar = variants.find('|', start);
      if (bar == std::string::npos) bar = variants.size();
      add(std::string_view(variants).substr(start, bar - start));
      start = bar + 1;
    }
    lexicon.concepts_.push_back(std::move(c));
  }
  return lexicon;
}

void CountMention(std::vector<ConceptHit>& hits, size_t concept_index) {
  for (auto& h : hits) {
    if (h.concept_index == concept_index) {
      ++h.count;
      return;
    }
  }
  hits.push_back({concept_index, 1});
}

std::vector<ConceptHit> Lexicon::Find(std::string_view text) const {
  return FindInWords(LexiconWords(text));
}

std::vector<ConceptHit> Lexicon::FindInWords(const std::vector<std::string>& words) const {
  std::vector<ConceptHit> hits;
  auto matches_at = [&](const Variant& v, size_t i) {
    if (i + v.words.size() > words.size()) return false;
    for (size_t k = 0; k < v.words.size(); ++k) {
      if (!LexiconWordMatches(words[i + k], v.words[k])) return false;
    }
    return true;
  };
  for (size_t i = 0; i < words.size(); ++i) {
    // One mention per concept per position, however many of its variants match there.
    std::vector<size_t> here;
    auto consider = [&](size_t v) {
      const Variant& variant = variants_[v];
      if (std::find(here.begin(), here.end(), variant.concept_index) != here.end()) return;
      if (matches_at(variant, i)) here.push_back(variant.concept_index);
    };
    for (size_t v = 0; v < variants_.size(); ++v) consider(v);
    for (size_t c : here) CountMention(hits, c);
  }
  return hits;
}

}  // namespace samverkan::matching
