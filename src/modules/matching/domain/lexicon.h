// The bilingual vocabulary of the field (data/matching/lexicon.csv): concepts such as
// äldreomsorg / elderly care, each with its Swedish and English term and the variants and
// synonyms people write. A Swedish need and an English offer on the same theme mention the
// same concept, so the engine expands a query with the concepts of its text and names the
// shared ones in its reasons ("Matches: äldreomsorg, ensamhet"). Pure and immutable once built:
// safe to read from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/result.h"

namespace samverkan::matching {

struct Concept {
  LocalizedText term;                 // the name shown in reasons
  std::vector<std::string> variants;  // folded, as written in the file (both terms included)
};

// A concept found in a text and how many times.
struct ConceptHit {
  size_t concept_index = 0;
  int count = 0;
  bool operator==(const ConceptHit&) const = default;
};

// Counts one more mention of a concept: its hit's count, or a new hit at the end (hits stay in
// the order their concepts were first met).
void CountMention(std::vector<ConceptHit>& hits, size_t concept_index);

// Lower-cases ASCII and the Latin letters of Swedish and its neighbours, drops other accents
// (é → e, ü → u; å, ä, ö stay, they are letters of their own) and splits on everything that is
// not a letter or a digit. A hyphen joins ("e-tjänster" is one word) so that compounds written
// with one are kept whole.
std::vector<std::string> LexiconWords(std::string_view text);

class Lexicon {
 public:
  // The CSV text: header `sv,en,variants`, variants separated by `|`. A row without both terms
  // is an InvalidArgument naming its line.
  static Result<Lexicon> FromCsv(std::string_view csv);

  const std::vector<Concept>& concepts() const { return concepts_; }

  // The concepts mentioned in `text`, in order of first mention. A variant word matches a word
  // of the text when they are equal, when the word starts with it (an inflection or a compound
  // that begins with it: "ensamheten", "ensamhetsprojekt") or ends with it (a compound that
  // ends with it: "ungdomsarbetslöshet"), the last two only for variant words of at least
  // five letters; shorter ones also match with a short inflectional ending ("barnen", "jobs").
  // A variant of several words matches the same words in a row.
  std::vector<ConceptHit> Find(std::string_view text) const;
  // The same over words already produced by LexiconWords.
  std::vector<ConceptHit> FindInWords(const std::vector<std::string>& words) const;

 private:
  struct Variant {
    std::vector<std::string> words;
    size_t concept_index = 0;
  };
  std::vector<Concept> concepts_;
  std::vector<Variant> variants_;
};

// Whether a word of a text matches one word of a variant by the rules of Lexicon::Find.
bool LexiconWordMatches(std::string_view text_word, std::string_view variant_word);

}  // namespace samverkan::matching
