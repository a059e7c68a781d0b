#include "modules/matching/domain/scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "modules/matching/domain/matching_testing.h"
#include "modules/matching/eval/po_catalog.h"

namespace samverkan::matching {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

const ReferenceData& Ref() { return testing::TestReference(); }

OfferReach Reach(std::vector<std::string> municipalities, std::vector<std::string> counties,
                 bool national = false) {
  return {std::move(municipalities), std::move(counties), national};
}

// --- geography ---------------------------------------------------------------------------

TEST(GeographyTest, OrdersMunicipalityCountyNuts2National) {
  NeedArea umea{.municipality = "2480"};
  EXPECT_EQ(MatchGeography(umea, Reach({"2480"}, {}), Ref()).fit, GeoFit::kMunicipality);
  EXPECT_EQ(MatchGeography(umea, Reach({}, {"24"}), Ref()).fit, GeoFit::kCounty);
  // Norrbotten is in the same NUTS 2 region (SE33, Övre Norrland) as Västerbotten.
  EXPECT_EQ(MatchGeography(umea, Reach({}, {"25"}), Ref()).fit, GeoFit::kNuts2);
  EXPECT_EQ(MatchGeography(umea, Reach({"2580"}, {}), Ref()).fit, GeoFit::kNuts2);
  EXPECT_EQ(MatchGeography(umea, Reach({}, {}, true), Ref()).fit, GeoFit::kNational);
  GeoMatch skane = MatchGeography(umea, Reach({}, {"12"}), Ref());
  EXPECT_EQ(skane.fit, GeoFit::kElsewhere);
  EXPECT_EQ(skane.place, "2480");
  // Another municipality in the same county: part of the county, not Umeå itself.
  GeoMatch skelleftea = MatchGeography(umea, Reach({"2482"}, {}), Ref());
  EXPECT_EQ(skelleftea.fit, GeoFit::kPartOfCounty);
  EXPECT_EQ(skelleftea.place, "24");

  MatchWeights w;
  double values[] = {
      GeographyValue(GeoFit::kMunicipality, w), GeographyValue(GeoFit::kCounty, w),
      GeographyValue(GeoFit::kPartOfCounty, w), GeographyValue(GeoFit::kNuts2, w),
      GeographyValue(GeoFit::kNational, w),     GeographyValue(GeoFit::kElsewhere, w)};
  EXPECT_TRUE(std::is_sorted(std::rbegin(values), std::rend(values)));
  EXPECT_LT(GeographyValue(GeoFit::kElsewhere, w), 0);
}

TEST(GeographyTest, CountyNeedsAndNationalNeeds) {
  NeedArea vasterbotten{.county = "24"};
  EXPECT_EQ(MatchGeography(vasterbotten, Reach({}, {"24"}), Ref()).fit, GeoFit::kCounty);
  EXPECT_EQ(MatchGeography(vasterbotten, Reach({"2480"}, {}), Ref()).fit, GeoFit::kPartOfCounty);
  NeedArea sweden{.national = true};
  EXPECT_EQ(MatchGeography(sweden, Reach({}, {}, true), Ref()).fit, GeoFit::kNational);
  EXPECT_EQ(MatchGeography(sweden, Reach({}, {"01"}), Ref()).fit, GeoFit::kRegionalForNationalNeed);
  EXPECT_EQ(MatchGeography({.municipality = "0000"}, Reach({}, {"01"}), Ref()).fit,
            GeoFit::kUnknown);
}

// --- the other factors -------------------------------------------------------------------

TEST(FactorTest, SharedSdgsAndCodesKeepTheFirstListsOrder) {
  EXPECT_THAT(SharedSdgs({3, 10, 11}, {11, 10}), ElementsAre(10, 11));
  EXPECT_THAT(SharedCodes({"youth", "elderly"}, {"elderly", "youth", "rural"}),
              ElementsAre("youth", "elderly"));
  EXPECT_TRUE(SharedSdgs({1}, {}).empty());
}

TEST(FactorTest, BudgetAgainstPrice) {
  EXPECT_FALSE(BudgetValue(std::nullopt, SekRange{1, 2}));
  EXPECT_FALSE(BudgetValue(SekRange{1, 2}, std::nullopt));
  EXPECT_EQ(BudgetValue(SekRange{100, 500}, SekRange{500, 900}), 1.0);
  EXPECT_EQ(BudgetValue(SekRange{100, 500}, SekRange{10, 20}), 1.0);
  EXPECT_NEAR(*BudgetValue(SekRange{100, 500}, SekRange{625, 900}), 0.5, 1e-12);
  EXPECT_EQ(BudgetValue(SekRange{100, 500}, SekRange{1000, 2000}), -1.0);
  EXPECT_EQ(BudgetValue(SekRange{100, 500}, SekRange{5000, 9000}), -1.0);
}

TEST(FactorTest, StageRewardsMaturityUnlessTheNeedWantsToTest) {
  EXPECT_LT(StageValue(Stage::kIdea, {"purchase"}), StageValue(Stage::kPilot, {"purchase"}));
  EXPECT_LT(StageValue(Stage::kPilot, {"purchase"}), StageValue(Stage::kProven, {"purchase"}));
  EXPECT_LE(StageValue(Stage::kProven, {"purchase"}), StageValue(Stage::kScaling, {"purchase"}));
  EXPECT_EQ(StageValue(Stage::kIdea, {"pilot"}), 1.0);
  EXPECT_EQ(StageValue(Stage::kPilot, {"innovation_procurement"}), 1.0);
}

TEST(FactorTest, CapacityPenalisesOnlyAFullOffer) {
  EXPECT_EQ(CapacityValue(0), -1.0);
  EXPECT_EQ(CapacityValue(3), 0.0);
  EXPECT_EQ(CapacityValue(std::nullopt), 0.0);
}

// --- the score of a pair ----------------------------------------------------------------

Need UmeaNeed() {
  Need n;
  n.title.sv = "Minska ensamheten bland äldre";
  n.sdgs = {3, 10};
  n.where.municipality = "2480";
  n.target_groups = {"elderly"};
  n.collaboration_forms = {"iop", "grant"};
  n.budget_sek = SekRange{100000, 400000};
  return n;
}

Offer VasterbottenOffer() {
  Offer o;
  o.title.en = "Phone friends for lonely older people";
  o.sdgs = {10};
  o.reach.counties = {"24"};
  o.target_groups = {"elderly"};
  o.collaboration_forms = {"iop"};
  o.price_sek = SekRange{50000, 90000};
  o.stage = Stage::kProven;
  return o;
}

const Reason* FindReason(const Suggestion& s, Factor f) {
  for (const Reason& r : s.reasons) {
    if (r.factor == f) return &r;
  }
  return nullptr;
}

TEST(ScorePairTest, EveryFactorContributesItsWeightTimesItsValue) {
  Need need = UmeaNeed();
  Offer offer = VasterbottenOffer();
  const Lexicon& lexicon = testing::TestLexicon();
  auto need_concepts = lexicon.Find(need.title.sv);
  auto offer_concepts = lexicon.Find(offer.title.en);
  MatchWeights w;
  Suggestion s = ScorePair({&need, &offer, 0.5, &need_concepts, &offer_concepts}, Ref(), w);

  const Reason* sdg = FindReason(s, Factor::kSdg);
  ASSERT_NE(sdg, nullptr);
  EXPECT_THAT(sdg->sdgs, ElementsAre(10));
  EXPECT_DOUBLE_EQ(sdg->contribution, w.sdg * 0.5);
  EXPECT_DOUBLE_EQ(FindReason(s, Factor::kText)->contribution, w.text * 0.5);
  EXPECT_DOUBLE_EQ(FindReason(s, Factor::kGeography)->contribution, w.geography * w.geo_county);
  EXPECT_DOUBLE_EQ(FindReason(s, Factor::kTargetGroups)->contribution, w.target_groups);
  EXPECT_DOUBLE_EQ(FindReason(s, Factor::kCollaboration)->contribution, w.collaboration);
  EXPECT_DOUBLE_EQ(FindReason(s, Factor::kBudget)->contribution, w.budget);
  EXPECT_DOUBLE_EQ(FindReason(s, Factor::kStage)->contribution, w.stage * 0.9);
  EXPECT_EQ(FindReason(s, Factor::kCapacity), nullptr);  // unknown capacity: no contribution
  const Reason* concepts = FindReason(s, Factor::kConcepts);
  ASSERT_NE(concepts, nullptr);
  EXPECT_GT(concepts->value, 0.5);

  double sum = 0;
  for (const Reason& r : s.reasons) sum += r.contribution;
  EXPECT_NEAR(s.score, sum, 1e-12);
  for (size_t i = 1; i < s.reasons.size(); ++i) {
    EXPECT_GE(std::abs(s.reasons[i - 1].contribution), std::abs(s.reasons[i].contribution));
  }
}

TEST(ScorePairTest, AnOfferThatCannotDeliverThereRanksBelowOneThatCan) {
  Need need = UmeaNeed();
  Offer here = VasterbottenOffer();
  Offer far = here;
  far.reach.counties = {"12"};
  MatchWeights w;
  Suggestion near_score = ScorePair({&need, &here, 0.5}, Ref(), w);
  // Even a better text cannot make up for delivering in the wrong part of the country.
  Suggestion far_score = ScorePair({&need, &far, 1.0}, Ref(), w);
  EXPECT_GT(near_score.score, far_score.score);
  EXPECT_LT(FindReason(far_score, Factor::kGeography)->contribution, 0);
}

TEST(ScorePairTest, PenaltiesForNoCommonFormFullyBookedAndTooExpensive) {
  Need need = UmeaNeed();
  Offer offer = VasterbottenOffer();
  offer.collaboration_forms = {"purchase"};
  offer.capacity = 0;
  offer.price_sek = SekRange{900000, 1000000};
  Suggestion s = ScorePair({&need, &offer, 0}, Ref(), MatchWeights{});
  EXPECT_LT(FindReason(s, Factor::kCollaboration)->contribution, 0);
  EXPECT_LT(FindReason(s, Factor::kCapacity)->contribution, 0);
  EXPECT_LT(FindReason(s, Factor::kBudget)->contribution, 0);
}

// --- explanations in both languages -------------------------------------------------------

class ExplanationTest : public ::testing::Test {
 protected:
  ExplanationTest()
      : catalog_(ParsePo(testing::ReadTestFile(std::string(SAMVERKAN_SOURCE_DIR) + "/po/sv.po"))),
        tr_(CatalogTranslate(catalog_)) {}

  std::string Say(const Reason& r, Language lang) {
    return ReasonSentence(r, lang, tr_, Ref(), testing::TestLexicon());
  }

  std::map<std::string, std::string> catalog_;
  Translate tr_;
};

size_t ConceptIndex(const char* sv) {
  const auto& concepts = testing::TestLexicon().concepts();
  for (size_t i = 0; i < concepts.size(); ++i) {
    if (concepts[i].term.sv == sv) return i;
  }
  ADD_FAILURE() << "no concept " << sv;
  return 0;
}

TEST_F(ExplanationTest, Sdgs) {
  Reason one{.factor = Factor::kSdg, .value = 0.5, .contribution = 0.2, .sdgs = {10}};
  EXPECT_EQ(Say(one, Language::kEnglish), "Both work on SDG 10");
  EXPECT_EQ(Say(one, Language::kSwedish), "Båda arbetar med globalt mål 10");
  Reason three{.factor = Factor::kSdg, .value = 1, .contribution = 0.5, .sdgs = {3, 10, 11}};
  EXPECT_EQ(Say(three, Language::kEnglish), "Both work on SDGs 3, 10 and 11");
  EXPECT_EQ(Say(three, Language::kSwedish), "Båda arbetar med de globala målen 3, 10 och 11");
  EXPECT_EQ(Say({.factor = Factor::kSdg}, Language::kEnglish), "");
}

TEST_F(ExplanationTest, Geography) {
  Reason county{.factor = Factor::kGeography, .geography = {GeoFit::kCounty, "24"}};
  EXPECT_EQ(Say(county, Language::kEnglish), "Delivers in Västerbottens län");
  EXPECT_EQ(Say(county, Language::kSwedish), "Levererar i Västerbottens län");
  Reason town{.factor = Factor::kGeography, .geography = {GeoFit::kMunicipality, "2480"}};
  EXPECT_EQ(Say(town, Language::kSwedish), "Levererar i Umeå");
  Reason far{.factor = Factor::kGeography, .geography = {GeoFit::kElsewhere, "2480"}};
  EXPECT_EQ(Say(far, Language::kEnglish), "Does not deliver in Umeå");
  EXPECT_EQ(Say(far, Language::kSwedish), "Levererar inte i Umeå");
  Reason nation{.factor = Factor::kGeography, .geography = {GeoFit::kNational, ""}};
  EXPECT_EQ(Say(nation, Language::kEnglish), "Delivers in the whole country");
  EXPECT_EQ(Say(nation, Language::kSwedish), "Levererar i hela landet");
  Reason near{.factor = Factor::kGeography, .geography = {GeoFit::kNuts2, "25"}};
  EXPECT_EQ(Say(near, Language::kSwedish), "Levererar i närheten, i Norrbottens län");
}

TEST_F(ExplanationTest, ConceptsAreNamedInTheReadersLanguage) {
  Reason r{.factor = Factor::kConcepts,
           .value = 1,
           .contribution = 1,
           .concepts = {ConceptIndex("äldreomsorg"), ConceptIndex("ensamhet")}};
  EXPECT_EQ(Say(r, Language::kSwedish), "Matchar: äldreomsorg, ensamhet");
  EXPECT_EQ(Say(r, Language::kEnglish), "Matches: elderly care, loneliness");
}

TEST_F(ExplanationTest, TargetGroupsFormsBudgetStageCapacity) {
  Reason groups{.factor = Factor::kTargetGroups, .codes = {"elderly", "rural"}};
  EXPECT_EQ(Say(groups, Language::kEnglish),
            "Same target group: Older people and Rural communities");
  EXPECT_EQ(Say(groups, Language::kSwedish), "Samma målgrupp: Äldre och Landsbygdens invånare");
  Reason forms{.factor = Factor::kCollaboration, .codes = {"iop"}};
  EXPECT_EQ(Say(forms, Language::kSwedish),
            "Båda kan använda: Idéburet offentligt partnerskap (IOP)");
  Reason no_forms{.factor = Factor::kCollaboration, .value = -0.5};
  EXPECT_EQ(Say(no_forms, Language::kSwedish), "Ingen gemensam samverkansform");
  EXPECT_EQ(Say({.factor = Factor::kBudget, .value = 1}, Language::kSwedish),
            "Priset ryms i budgeten");
  EXPECT_EQ(Say({.factor = Factor::kBudget, .value = -0.5}, Language::kEnglish),
            "The price is above the budget");
  EXPECT_EQ(Say({.factor = Factor::kStage, .stage = Stage::kProven}, Language::kSwedish),
            "Beprövad i praktiken");
  EXPECT_EQ(Say({.factor = Factor::kCapacity, .value = -1}, Language::kSwedish),
            "Fullbokad just nu");
  EXPECT_EQ(Say({.factor = Factor::kText, .value = 0.3}, Language::kEnglish), "");
  EXPECT_EQ(Say({.factor = Factor::kText, .value = 0.9}, Language::kSwedish),
            "Beskrivningarna liknar varandra");
}

// Every sentence the engine can say has Swedish in the catalog.
TEST_F(ExplanationTest, EverySentenceHasSwedish) {
  std::vector<Reason> reasons = {
      {.factor = Factor::kText, .value = 1},
      {.factor = Factor::kConcepts, .concepts = {0}},
      {.factor = Factor::kSdg, .sdgs = {1}},
      {.factor = Factor::kSdg, .sdgs = {1, 2}},
      {.factor = Factor::kTargetGroups},
      {.factor = Factor::kTargetGroups, .codes = {"youth"}},
      {.factor = Factor::kCollaboration},
      {.factor = Factor::kCollaboration, .codes = {"grant"}},
      {.factor = Factor::kBudget, .value = 1},
      {.factor = Factor::kBudget, .value = -1},
      {.factor = Factor::kCapacity, .value = -1},
  };
  for (auto fit : {GeoFit::kMunicipality, GeoFit::kCounty, GeoFit::kPartOfCounty, GeoFit::kNuts2,
                   GeoFit::kNational, GeoFit::kRegionalForNationalNeed, GeoFit::kElsewhere}) {
    reasons.push_back({.factor = Factor::kGeography, .geography = {fit, "24"}});
  }
  for (auto stage : {Stage::kIdea, Stage::kPilot, Stage::kProven, Stage::kScaling}) {
    reasons.push_back({.factor = Factor::kStage, .stage = stage});
  }
  for (const Reason& r : reasons) {
    std::string en = Say(r, Language::kEnglish);
    std::string sv = Say(r, Language::kSwedish);
    ASSERT_FALSE(en.empty()) << FactorCode(r.factor);
    EXPECT_NE(en, sv) << "no Swedish for: " << en;
  }
}

TEST_F(ExplanationTest, SuggestionSentencesFollowTheReasons) {
  Need need = UmeaNeed();
  Offer offer = VasterbottenOffer();
  Suggestion s = ScorePair({&need, &offer, 0.2}, Ref(), MatchWeights{});
  auto sv = ReasonSentences(s, Language::kSwedish, tr_, Ref(), testing::TestLexicon());
  EXPECT_THAT(sv, Contains("Levererar i Västerbottens län"));
  EXPECT_THAT(sv, Contains("Båda arbetar med globalt mål 10"));
  EXPECT_THAT(sv, Contains("Samma målgrupp: Äldre"));
}

}  // namespace
}  // namespace samverkan::matching
