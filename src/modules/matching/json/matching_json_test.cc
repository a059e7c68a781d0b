#include "modules/matching/json/matching_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace samverkan::matching {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;

TEST(MatchingJsonTest, ReadsANeedInTheIssuesFormat) {
  auto n = NeedFromJson(json::parse(R"({
    "external_id": "n1", "owner": "umea", "language": "sv",
    "title": "Minska ensamheten", "description": {"sv": "Text", "en": "Text in English"},
    "sdgs": [3, 10], "where": {"municipality": "2480", "county": null, "national": false},
    "target_groups": ["elderly"], "collaboration_forms": ["iop"],
    "budget_sek": {"min": 100000, "max": 500000},
    "time_frame": {"start": "2027-01-01", "end": null}, "unknown": 1})"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->title.sv, "Minska ensamheten");
  EXPECT_EQ(n->title.en, "");
  EXPECT_EQ(n->description.en, "Text in English");
  EXPECT_THAT(n->sdgs, ElementsAre(3, 10));
  EXPECT_EQ(n->where.municipality, "2480");
  EXPECT_EQ(n->budget_sek, (SekRange{100000, 500000}));
  EXPECT_EQ(n->time_frame.start, "2027-01-01");
  EXPECT_EQ(n->status, ItemStatus::kOpen);
}

TEST(MatchingJsonTest, ReadsAnOfferAndAPlainTextInEnglish) {
  auto o = OfferFromJson(json::parse(R"({
    "external_id": "o1", "actor": "a1", "language": "en", "title": "Phone friends",
    "reach": {"municipalities": ["2480"], "counties": ["25"], "national": false},
    "price_sek": {"min": 50000}, "stage": "pilot", "capacity": 0, "status": "closed"})"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->title.en, "Phone friends");
  EXPECT_EQ(o->title.sv, "");
  EXPECT_THAT(o->reach.counties, ElementsAre("25"));
  EXPECT_EQ(o->price_sek, (SekRange{50000, 50000}));
  EXPECT_EQ(o->stage, Stage::kPilot);
  EXPECT_EQ(o->capacity, 0);
  EXPECT_EQ(o->status, ItemStatus::kClosed);
}

TEST(MatchingJsonTest, ReportsEveryWrongTypeByField) {
  auto o = OfferFromJson(json::parse(R"({
    "title": 5, "sdgs": "3", "reach": [], "price_sek": {"min": 1.5},
    "stage": "mature", "capacity": "many", "language": "de"})"));
  ASSERT_FALSE(o.ok());
  std::vector<std::string> fields;
  for (const auto& f : o.error().fields()) fields.push_back(f.field);
  EXPECT_THAT(fields,
              ElementsAre("language", "title", "sdgs", "reach", "price_sek", "capacity", "stage"));
}

TEST(MatchingJsonTest, WritesWhatItReads) {
  Need n;
  n.external_id = "n1";
  n.owner = "o";
  n.language = Language::kEnglish;
  n.title = {"Titel", "Title"};
  n.sdgs = {1};
  n.where.county = "24";
  n.budget_sek = SekRange{1, 2};
  n.time_frame.end = "2027-12-31";
  n.status = ItemStatus::kDraft;
  auto back = NeedFromJson(json::parse(NeedToJson(n).dump()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, n);

  Offer o;
  o.external_id = "o1";
  o.title = {"", "Only English"};
  o.reach.national = true;
  o.capacity = 4;
  o.stage = Stage::kScaling;
  auto offer_back = OfferFromJson(json::parse(OfferToJson(o).dump()));
  ASSERT_TRUE(offer_back.ok());
  EXPECT_EQ(*offer_back, o);
}

TEST(MatchingJsonTest, ReadsJsonLinesWithLineNumbers) {
  std::istringstream in("\xEF\xBB\xBF{\"title\": \"A\"}\r\n\n not json\n[1]\n{\"title\": \"B\"}\n");
  auto rows = ReadNeedLines(in);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[0].item.ok());
  EXPECT_EQ(rows[0].item->title.sv, "A");
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_FALSE(rows[1].item.ok());
  EXPECT_FALSE(rows[2].item.ok());
  EXPECT_EQ(rows[3].line, 5);
  std::ostringstream out;
  WriteOfferLines(out, {Offer{}, Offer{}});
  std::string written = out.str();
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 2);
}

}  // namespace
}  // namespace samverkan::matching
