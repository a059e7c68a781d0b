#include "modules/matching/domain/lexicon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "modules/matching/domain/matching_testing.h"

namespace samverkan::matching {
namespace {

using ::testing::ElementsAre;

// The English terms of the concepts found in `text`, in order of first mention.
std::vector<std::string> EnglishTerms(const Lexicon& lexicon, std::string_view text) {
  std::vector<std::string> out;
  for (const ConceptHit& h : lexicon.Find(text))
    out.push_back(lexicon.concepts()[h.concept_index].term.en);
  return out;
}

const char* kSmall =
    "sv,en,variants\n"
    "äldreomsorg,elderly care,äldrevård|care of older people\n"
    "ensamhet,loneliness,ensam|lonely|social isolation\n"
    "arbetslöshet,unemployment,arbetslösa\n"
    "livsmedel,food,mat|måltider\n";

TEST(LexiconWordsTest, FoldsCaseAndAccentsButKeepsSwedishLetters) {
  EXPECT_THAT(LexiconWords("ÄLDREOMSORG – Café, naïve; Ørsted"),
              ElementsAre("äldreomsorg", "cafe", "naive", "örsted"));
  EXPECT_THAT(LexiconWords("e-tjänster och BankID-appen."),
              ElementsAre("e-tjänster", "och", "bankid-appen"));
}

TEST(LexiconTest, FindsSwedishInflectionsAndCompounds) {
  auto lexicon = Lexicon::FromCsv(kSmall).value();
  EXPECT_THAT(EnglishTerms(lexicon, "Äldreomsorgen i kommunen"), ElementsAre("elderly care"));
  EXPECT_THAT(EnglishTerms(lexicon, "ett ensamhetsprojekt"), ElementsAre("loneliness"));
  // A compound that ends with the term.
  EXPECT_THAT(EnglishTerms(lexicon, "ungdomsarbetslöshet"), ElementsAre("unemployment"));
}

TEST(LexiconTest, ShortWordsNeedAnInflectionNotAnyPrefix) {
  auto lexicon = Lexicon::FromCsv(kSmall).value();
  EXPECT_THAT(EnglishTerms(lexicon, "maten och måltiderna"), ElementsAre("food"));
  EXPECT_TRUE(lexicon.Find("matematik och matcher").empty());
}

TEST(LexiconTest, MatchesPhrasesWordForWord) {
  auto lexicon = Lexicon::FromCsv(kSmall).value();
  EXPECT_THAT(EnglishTerms(lexicon, "Fighting social isolation among seniors"),
              ElementsAre("loneliness"));
  EXPECT_TRUE(lexicon.Find("social services and isolation wards").empty());
  EXPECT_THAT(EnglishTerms(lexicon, "better care of older people"), ElementsAre("elderly care"));
}

TEST(LexiconTest, CountsMentionsOncePerPosition) {
  auto lexicon = Lexicon::FromCsv(kSmall).value();
  // "ensam" and "ensamhet" both match the word "ensamhet": one mention, not two.
  auto hits = lexicon.Find("ensamhet, lonely, ensamma");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].count, 3);
}

TEST(LexiconTest, RejectsRowsWithoutBothTerms) {
  auto bad = Lexicon::FromCsv("sv,en,variants\nensamhet,,ensam\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields().at(0).args.at("line"), "2");
  EXPECT_FALSE(Lexicon::FromCsv("sv,english\na,b\n").ok());
}

// Query expansion in the shipped lexicon: a Swedish need and an English offer on the same theme
// mention the same concepts.
TEST(ShippedLexiconTest, SwedishAndEnglishMeetInTheSameConcepts) {
  const Lexicon& lexicon = testing::TestLexicon();
  EXPECT_GE(lexicon.concepts().size(), 200u);
  struct Case {
    const char* sv;
    const char* en;
    const char* concept_en;
  } cases[] = {
      {"Minska den ofrivilliga ensamheten", "Reducing loneliness", "loneliness"},
      {"Äldreomsorgen behöver stöd", "Support for elderly care", "elderly care"},
      {"Arbetsintegrerande sociala företag", "A work integration social enterprise",
       "work integration"},
      {"Minska matsvinnet i skolköken", "Cut food waste in school kitchens", "food waste"},
      {"Hemlösa i Malmö", "Homeless people in Malmö", "homelessness"},
      {"Nyanlända familjer", "Newly arrived families", "newly arrived"},
      {"Unga med ångest", "Young people with anxiety", "anxiety"},
      {"Läxhjälp efter skolan", "Homework help after school", "homework help"},
      {"Återbruk av möbler", "Reuse of furniture", "reuse"},
      {"Landsbygdens service", "Services in rural areas", "rural areas"},
  };
  for (const Case& c : cases) {
    auto sv = EnglishTerms(lexicon, c.sv);
    auto en = EnglishTerms(lexicon, c.en);
    EXPECT_NE(std::find(sv.begin(), sv.end(), c.concept_en), sv.end()) << c.sv;
    EXPECT_NE(std::find(en.begin(), en.end(), c.concept_en), en.end()) << c.en;
  }
}

}  // namespace
}  // namespace samverkan::matching
