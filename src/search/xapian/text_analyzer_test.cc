#include "search/xapian/text_analyzer.h"

#include <gtest/gtest.h>

namespace samverkan::search {
namespace {


TEST(FoldedWordsTest, LowerCasesAndKeepsTheSwedishLetters) {
  EXPECT_EQ(FoldedWords("ÄLDREOMSORG i Åre, Östersund!"),
            (std::vector<std::string>{"äldreomsorg", "i", "åre", "östersund"}));
}

TEST(FoldedWordsTest, DropsAccentsThatAreNotLettersOfTheirOwn) {
  EXPECT_EQ(FoldedWords("Café Müller Señora Søholm Ærø"),
            (std::vector<std::string>{"cafe", "muller", "senora", "söholm", "ärö"}));
  // A decomposed é (e + combining acute) folds like the precomposed one.
  EXPECT_EQ(FoldedWords("Cafe\xCC\x81"), (std::vector<std::string>{"cafe"}));
}

TEST(FoldedWordsTest, SplitsOnPunctuationAndKeepsNumbers) {
  EXPECT_EQ(FoldedWords("100% återbruk/second-hand 2024"),
            (std::vector<std::string>{"100", "återbruk", "second", "hand", "2024"}));
  EXPECT_TRUE(FoldedWords(" ,.;!? ").empty());
}

// Table-driven: pairs of words that must share a Swedish or an English stem.
struct StemCase {
  const char* a;
  const char* b;
  bool swedish;  // which stem they share
};

TEST(TextAnalyzerTest, RelatedFormsShareAStem) {
  TextAnalyzer analyzer;
  const StemCase cases[] = {
      {"äldreomsorgen", "äldreomsorg", true},
      {"föreningarna", "förening", true},
      {"företagens", "företag", true},
      {"ungdomarna", "ungdomar", true},
      {"enterprises", "enterprise", false},
      {"communities", "community", false},
      {"working", "worked", false},
  };
  for (const auto& c : cases) {
    WordTerms a = analyzer.Terms(FoldedWords(c.a).at(0));
    WordTerms b = analyzer.Terms(FoldedWords(c.b).at(0));
    if (c.swedish) {
      EXPECT_EQ(a.swedish_stem, b.swedish_stem) << c.a << " / " << c.b;
    } else {
      EXPECT_EQ(a.english_stem, b.english_stem) << c.a << " / " << c.b;
    }
  }
}

TEST(TextAnalyzerTest, UnrelatedWordsKeepDifferentStems) {
  TextAnalyzer analyzer;
  EXPECT_NE(analyzer.Terms("omsorg").swedish_stem, analyzer.Terms("ordning").swedish_stem);
  EXPECT_NE(analyzer.Terms("care").english_stem, analyzer.Terms("car").english_stem);
}

TEST(TextAnalyzerTest, TermsArePrefixedByStemmer) {
  TextAnalyzer analyzer;
  WordTerms t = analyzer.Terms("äldreomsorgen");
  EXPECT_EQ(t.word, "äldreomsorgen");
  EXPECT_EQ(t.swedish_stem, "ZSäldreomsorg");
  EXPECT_EQ(t.english_stem.substr(0, 2), "ZE");
}

}  // namespace
}  // namespace samverkan::search
