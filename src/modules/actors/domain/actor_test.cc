#include "modules/actors/domain/actor.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "modules/actors/domain/actor_testing.h"

namespace samverkan::actors {
namespace {

using testing::SampleProfile;
using testing::ShippedReference;

constexpr int kYear = 2026;

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields()) out.push_back(f.field);
  return out;
}

TEST(ValidateActorTest, AcceptsAndNormalisesAGoodProfile) {
  ActorProfile p = SampleProfile("  ext-1 ");
  p.org_number = "5560160680";
  p.sdgs = {10, 3, 10, 8};
  p.target_groups = {"elderly", "youth", "elderly"};
  p.name.sv = "  Exempel  ";
  auto valid = ValidateActor(p, ShippedReference(), kYear);
  ASSERT_TRUE(valid.ok()) << valid.error().message();
  EXPECT_EQ(valid->external_id, "ext-1");
  EXPECT_EQ(valid->org_number, "556016-0680");
  EXPECT_EQ(valid->sdgs, (std::vector<int>{3, 8, 10}));
  EXPECT_EQ(valid->target_groups, (std::vector<std::string>{"elderly", "youth"}));
  EXPECT_EQ(valid->name.sv, "Exempel");
}

TEST(ValidateActorTest, ReportsEveryProblemAtOnce) {
  ActorProfile p = SampleProfile("ext 1");  // a space is not allowed
  p.name = {" ", ""};
  p.sector = "government";
  p.social_enterprise = false;  // but wise stays true
  p.municipality = "9999";
  p.regions = {"24", "99"};
  p.org_number = "556016-0681";
  p.sdgs = {0, 18};
  p.target_groups = {"pets"};
  p.certifications = {{"", "X", "2027-02-30"}};
  p.website = "www.example.se";
  p.founded = kYear + 1;
  p.size_band = "5-10";
  p.member_since = "15/2/2023";
  auto bad = ValidateActor(p, ShippedReference(), kYear);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().IsInvalid());
  std::vector<std::string> fields = Fields(bad.error());
  for (const char* expected : {"external_id", "name", "sector", "wise", "municipality", "regions",
                               "org_number", "sdgs", "target_groups", "certifications", "website",
                               "founded", "size_band", "member_since"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
  }
  // Both wrong goals are named.
  EXPECT_EQ(std::count(fields.begin(), fields.end(), "sdgs"), 2);
}

TEST(ValidateActorTest, NeedsOnlyANameAndASector) {
  ActorProfile p;
  p.name.en = "Only English";
  p.sector = "academia";
  EXPECT_TRUE(ValidateActor(p, ShippedReference(), kYear).ok());
  p.sector.clear();
  auto bad = ValidateActor(p, ShippedReference(), kYear);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(Fields(bad.error()), std::vector<std::string>{"sector"});
}

TEST(ValidateActorTest, WholeCountryIsARegion) {
  ActorProfile p = SampleProfile("x");
  p.regions = {"SE"};
  EXPECT_TRUE(ValidateActor(p, ShippedReference(), kYear).ok());
}

TEST(ValidateActorTest, AnActorCannotBeItsOwnPartner) {
  ActorProfile p = SampleProfile("self");
  p.partners = {"other", "self"};
  auto bad = ValidateActor(p, ShippedReference(), kYear);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(Fields(bad.error()), std::vector<std::string>{"partners"});
}

TEST(ValidateActorTest, LimitsCountCharactersNotBytes) {
  ActorProfile p = SampleProfile("x");
  p.name.sv.clear();
  for (size_t i = 0; i < kMaxNameLength; ++i) p.name.sv += "ö";
  EXPECT_TRUE(ValidateActor(p, ShippedReference(), kYear).ok());
  p.name.sv += "ö";
  EXPECT_FALSE(ValidateActor(p, ShippedReference(), kYear).ok());
}

TEST(RedactForPublicTest, RemovesOnlyPersonalIdentityNumbers) {
  Actor company;
  company.profile.org_number = "556016-0680";
  EXPECT_EQ(RedactForPublic(company).profile.org_number, "556016-0680");
  Actor sole_trader;
  sole_trader.profile.org_number = "811218-9876";
  sole_trader.org_number_personal = true;
  EXPECT_EQ(RedactForPublic(sole_trader).profile.org_number, "");
}

TEST(IsIsoDateTest, KnowsTheCalendar) {
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2027-13-01"));
  EXPECT_FALSE(IsIsoDate("2027-6-30"));
  EXPECT_FALSE(IsIsoDate("2027-06-30T00"));
}

TEST(FoldForSearchTest, LowerCasesSwedishAndAccentedLetters) {
  EXPECT_EQ(FoldForSearch("ÅÄÖ Éclair ÜBER Ærø"), "åäö éclair über ærø");
  EXPECT_EQ(FoldForSearch("ÄLDREOMSORG"), FoldForSearch("äldreomsorg"));
  EXPECT_EQ(FoldForSearch("Łódź"), "łódź");
  // Other scripts and malformed bytes pass through unchanged.
  EXPECT_EQ(FoldForSearch("Δ \xC3"), "Δ \xC3");
}

TEST(SortKeyTest, FollowsSwedishAlphabeticalOrder) {
  std::vector<std::string> names = {"Örebro", "åre", "Zeta", "Ängby", "abisko", "Émile", "Ystad", "Übersee"};
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return SortKey(a) < SortKey(b); });
  EXPECT_EQ(names, (std::vector<std::string>{"abisko", "Émile", "Übersee", "Ystad", "Zeta", "åre",
                                             "Ängby", "Örebro"}));
}

}  // namespace
}  // namespace samverkan::actors
