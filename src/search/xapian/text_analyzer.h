// How text becomes index terms and how a query's words become the same terms. Words are
// lower-cased and accents that are not letters of their own in Swedish are removed (é → e,
// ü → u, æ → ä, ø → ö); å, ä and ö stay, since they are letters of the alphabet. Each word is
// indexed as it is and with its Swedish and its English Snowball stem, so that
// "äldreomsorgen" finds "äldreomsorg" and "enterprises" finds "enterprise" whatever the
// language of the text. Thread-safe: each call builds its own stemmers.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace samverkan::search {

// The words of `text`, folded as above, in order. A word is a run of letters and digits;
// anything else separates words.
std::vector<std::string> FoldedWords(std::string_view text);

// The three forms a folded word is indexed under: the word, "ZS" + its Swedish stem and
// "ZE" + its English stem. Prefixed terms never collide with words, which are lower case.
struct WordTerms {
  std::string word;
  std::string swedish_stem;
  std::string english_stem;
};

class TextAnalyzer {
 public:
  TextAnalyzer();
  ~TextAnalyzer();
  TextAnalyzer(const TextAnalyzer&) = delete;
  TextAnalyzer& operator=(const TextAnalyzer&) = delete;

  WordTerms Terms(const std::string& folded_word) const;

 private:
  struct Stemmers;
  std::unique_ptr<Stemmers> stemmers_;  // Xapian::Stem kept out of this header
};

}  // namespace samverkan::search
