#include "modules/matching/domain/need_offer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "modules/matching/domain/matching_testing.h"

namespace samverkan::matching {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields()) out.push_back(f.field);
  return out;
}

Need GoodNeed() {
  Need n;
  n.external_id = "need-1";
  n.owner = "umea-kommun";
  n.title.sv = "  Minska ensamheten  ";
  n.sdgs = {10, 3, 10};
  n.where.municipality = "2480";
  n.target_groups = {"elderly"};
  n.collaboration_forms = {"iop", "grant", "iop"};
  n.budget_sek = SekRange{100000, 500000};
  n.time_frame = {"2027-01-01", "2027-12-31"};
  return n;
}

Offer GoodOffer() {
  Offer o;
  o.external_id = "offer-1";
  o.actor = "telefonvanner";
  o.title.en = "Phone friends";
  o.sdgs = {3};
  o.reach.counties = {"24", "25", "24"};
  o.target_groups = {"elderly"};
  o.collaboration_forms = {"iop"};
  o.price_sek = SekRange{50000, 90000};
  o.capacity = 3;
  o.stage = Stage::kProven;
  return o;
}

TEST(ValidateNeedTest, NormalisesAGoodNeed) {
  auto n = ValidateNeed(GoodNeed(), testing::TestReference());
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->title.sv, "Minska ensamheten");
  EXPECT_THAT(n->sdgs, ElementsAre(3, 10));
  EXPECT_THAT(n->collaboration_forms, ElementsAre("grant", "iop"));
}

TEST(ValidateNeedTest, ReportsEveryProblemByField) {
  Need n = GoodNeed();
  n.title = {};
  n.sdgs = {18};
  n.where.county = "24";  // a municipality and a county: which one?
  n.target_groups = {"aliens"};
  n.collaboration_forms = {"barter"};
  n.budget_sek = SekRange{500, 100};
  n.time_frame = {"2027-02-30", ""};
  n.external_id = "has space";
  auto r = ValidateNeed(n, testing::TestReference());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsInvalid());
  EXPECT_THAT(Fields(r.error()),
              ElementsAre("external_id", "title", "sdgs", "target_groups", "collaboration_forms",
                          "budget_sek", "where", "time_frame"));
}

TEST(ValidateNeedTest, NeedsExactlyOneArea) {
  Need n = GoodNeed();
  n.where = {};
  EXPECT_FALSE(ValidateNeed(n, testing::TestReference()).ok());
  n.where.national = true;
  EXPECT_TRUE(ValidateNeed(n, testing::TestReference()).ok());
  n.where = {.municipality = "9999"};
  auto bad = ValidateNeed(n, testing::TestReference());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(Fields(bad.error()), ElementsAre("where"));
}

TEST(ValidateNeedTest, EndBeforeStartIsAnError) {
  Need n = GoodNeed();
  n.time_frame = {"2027-05-01", "2027-04-01"};
  auto r = ValidateNeed(n, testing::TestReference());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(Fields(r.error()), ElementsAre("time_frame"));
}

TEST(ValidateOfferTest, NormalisesAGoodOffer) {
  auto o = ValidateOffer(GoodOffer(), testing::TestReference());
  ASSERT_TRUE(o.ok());
  EXPECT_THAT(o->reach.counties, ElementsAre("24", "25"));
}

TEST(ValidateOfferTest, ReportsEveryProblemByField) {
  Offer o = GoodOffer();
  o.reach = {};
  o.price_sek = SekRange{-1, 10};
  o.capacity = -2;
  o.sdgs = {0};
  auto r = ValidateOffer(o, testing::TestReference());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(Fields(r.error()), ElementsAre("sdgs", "price_sek", "reach", "capacity"));
  o = GoodOffer();
  o.reach.municipalities = {"0000"};
  o.reach.counties = {"99"};
  r = ValidateOffer(o, testing::TestReference());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(Fields(r.error()), ElementsAre("reach", "reach"));
}

TEST(CodesTest, RoundTrip) {
  for (auto s : {Stage::kIdea, Stage::kPilot, Stage::kProven, Stage::kScaling}) {
    EXPECT_EQ(ParseStage(StageCode(s)), s);
  }
  for (auto s : {ItemStatus::kDraft, ItemStatus::kOpen, ItemStatus::kClosed}) {
    EXPECT_EQ(ParseItemStatus(ItemStatusCode(s)), s);
  }
  EXPECT_FALSE(ParseStage("mature"));
  EXPECT_FALSE(ParseItemStatus("Open"));
}

TEST(NeedCountyTest, FollowsTheMunicipality) {
  EXPECT_EQ(NeedCounty({.municipality = "2480"}, testing::TestReference()), "24");
  EXPECT_EQ(NeedCounty({.county = "12"}, testing::TestReference()), "12");
  EXPECT_EQ(NeedCounty({.national = true}, testing::TestReference()), "");
}

}  // namespace
}  // namespace samverkan::matching
