#include "modules/ecosystem/domain/ecosystem_graph.h"

#include <gtest/gtest.h>

namespace samverkan::ecosystem {
namespace {

MapActor Actor(int64_t id, std::string sector, std::vector<std::string> regions,
               std::vector<int> sdgs = {}) {
  return MapActor{.id = id,
                  .external_id = "a" + std::to_string(id),
                  .name = {"Aktör " + std::to_string(id), "Actor " + std::to_string(id)},
                  .sector = std::move(sector),
                  .regions = std::move(regions),
                  .sdgs = std::move(sdgs)};
}

const RelationKind kPartner{"partner", "Partnership", true};
const RelationKind kMember{"alliance_member", "Member of the alliance", false};
const RelationKind kAgreement{"agreement", "Agreement", false};
const RelationHub kAlliance{"alliance", {"Alliansen", "The alliance"}};

Relation Claim(int64_t from, int64_t to, std::string kind = "partner") {
  return Relation{.from = from, .to_actor = to, .kind = std::move(kind)};
}
Relation Member(int64_t from, std::string hub = "alliance") {
  return Relation{.from = from, .to_hub = std::move(hub), .kind = "alliance_member"};
}

RelationSet Partnerships(std::vector<Relation> relations) {
  return RelationSet{.kinds = {kPartner}, .relations = std::move(relations)};
}

NodeRef A(int64_t id) { return NodeRef{.actor = id}; }
NodeRef H(std::string key) { return NodeRef{.hub = std::move(key)}; }

std::vector<MapActor> FourActors() {
  return {Actor(1, "public", {"24"}, {3, 10}), Actor(2, "business", {"24", "25"}, {8}),
          Actor(3, "civil_society", {"01"}, {10}), Actor(4, "academia", {"SE"}, {4})};
}

TEST(BuildGraphTest, PartnershipNamedByBothSidesIsOneEdge) {
  auto graph = BuildGraph(FourActors(), {Partnerships({Claim(1, 2), Claim(2, 1)})}, {});
  ASSERT_EQ(graph.edges.size(), 1u);
  EXPECT_EQ(graph.edges[0], (MapEdge{A(1), A(2), "partner"}));
  EXPECT_EQ(graph.unconfirmed, 0u);
  EXPECT_EQ(graph.edges_by_kind["partner"], 1u);
  EXPECT_EQ(graph.links[1], (std::vector<ActorLink>{{A(2), "partner", true, true}}));
  EXPECT_EQ(graph.links[2], (std::vector<ActorLink>{{A(1), "partner", true, true}}));
}

TEST(BuildGraphTest, PartnershipNamedByOneSideIsNoEdgeButUnconfirmedLink) {
  auto graph = BuildGraph(FourActors(), {Partnerships({Claim(3, 1)})}, {});
  EXPECT_TRUE(graph.edges.empty());
  EXPECT_EQ(graph.unconfirmed, 1u);
  EXPECT_EQ(graph.links[3], (std::vector<ActorLink>{{A(1), "partner", false, true}}));
  // The actor that was named does not list a claim it never made.
  EXPECT_FALSE(graph.links.count(1));
}

TEST(BuildGraphTest, MutualClaimsReportedBySeveralSetsStayOneEdge) {
  RelationSet first = Partnerships({Claim(1, 2)});
  RelationSet second = Partnerships({Claim(2, 1), Claim(1, 2)});
  auto graph = BuildGraph(FourActors(), {first, second}, {});
  ASSERT_EQ(graph.edges.size(), 1u);
  EXPECT_EQ(graph.links[1].size(), 1u);
  ASSERT_EQ(graph.kinds.size(), 1u) << "a kind described twice is listed once";
}

TEST(BuildGraphTest, KindsThatNeedOneReportMakeEdgesFromOneSide) {
  RelationSet agreements{.kinds = {kAgreement}, .relations = {Claim(4, 2, "agreement")}};
  auto graph = BuildGraph(FourActors(), {agreements}, {});
  ASSERT_EQ(graph.edges.size(), 1u);
  EXPECT_EQ(graph.edges[0], (MapEdge{A(2), A(4), "agreement"}));
  EXPECT_EQ(graph.unconfirmed, 0u);
  EXPECT_EQ(graph.links[2], (std::vector<ActorLink>{{A(4), "agreement", true, true}}));
}

TEST(BuildGraphTest, AllianceMembersConnectToTheHub) {
  RelationSet alliance{.kinds = {kMember}, .hubs = {kAlliance}, .relations = {Member(1), Member(3)}};
  auto graph = BuildGraph(FourActors(), {alliance}, {});
  ASSERT_EQ(graph.hubs.size(), 1u);
  EXPECT_EQ(graph.hubs[0].key, "alliance");
  EXPECT_EQ(graph.edges, (std::vector<MapEdge>{{A(1), H("alliance"), "alliance_member"},
                                               {A(3), H("alliance"), "alliance_member"}}));
}

TEST(BuildGraphTest, HubWithoutSelectedMembersIsLeftOut) {
  RelationSet alliance{.kinds = {kMember}, .hubs = {kAlliance}, .relations = {Member(1)}};
  auto graph = BuildGraph(FourActors(), {alliance}, {.sector = "business"});
  EXPECT_TRUE(graph.hubs.empty());
  EXPECT_TRUE(graph.edges.empty());
}

TEST(BuildGraphTest, StaleAndUnknownRelationsAreIgnored) {
  RelationSet set{.kinds = {kPartner, kMember},
                  .hubs = {kAlliance},
                  .relations = {Claim(1, 99), Claim(99, 1), Claim(1, 1), Claim(1, 2, "unknown"),
                                Member(2, "no-such-hub"), Member(77)}};
  auto graph = BuildGraph(FourActors(), {set}, {});
  EXPECT_TRUE(graph.edges.empty());
  EXPECT_TRUE(graph.hubs.empty());
  EXPECT_TRUE(graph.links.empty());
  EXPECT_EQ(graph.unconfirmed, 0u);
}

TEST(BuildGraphTest, FilterKeepsEdgesInsideTheSelectionAndListsTheOthersInTheTable) {
  // 1 and 2 work in county 24; 3 is elsewhere. 1–2 and 1–3 are partners on both sides.
  auto graph = BuildGraph(FourActors(),
                          {Partnerships({Claim(1, 2), Claim(2, 1), Claim(1, 3), Claim(3, 1)})},
                          {.county = "24"});
  ASSERT_EQ(graph.actors.size(), 2u);
  EXPECT_EQ(graph.total_actors, 4u);
  EXPECT_EQ(graph.edges, (std::vector<MapEdge>{{A(1), A(2), "partner"}}));
  EXPECT_EQ(graph.links[1], (std::vector<ActorLink>{{A(2), "partner", true, true},
                                                    {A(3), "partner", true, false}}));
  EXPECT_FALSE(graph.links.count(3)) << "actors outside the selection have no row";
  EXPECT_EQ(graph.outside_names.at(3).en, "Actor 3");
}

TEST(MapFilterTest, MatchesEachPartAndAllTogether) {
  const MapActor actor = Actor(2, "business", {"24", "25"}, {8, 10});
  struct Case {
    MapFilter filter;
    bool matches;
  } cases[] = {
      {{}, true},
      {{.sector = "business"}, true},
      {{.sector = "public"}, false},
      {{.county = "25"}, true},
      {{.county = "2"}, false},
      {{.county = "SE"}, false},
      {{.sdg = 10}, true},
      {{.sdg = 1}, false},
      {{.sector = "business", .county = "24", .sdg = 8}, true},
      {{.sector = "business", .county = "24", .sdg = 3}, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Matches(actor, c.filter), c.matches)
        << c.filter.sector << "/" << c.filter.county << "/" << c.filter.sdg.value_or(0);
  }
}

TEST(MapFilterTest, SelectsInTheOrderGiven) {
  auto graph = BuildGraph(FourActors(), {}, {.sdg = 10});
  ASSERT_EQ(graph.actors.size(), 2u);
  EXPECT_EQ(graph.actors[0].id, 1);
  EXPECT_EQ(graph.actors[1].id, 3);
}

TEST(MapFilterTest, UnknownCodesAreReportedPerField) {
  auto reference = ReferenceData::FromCsv({
      {"sdg-goals.csv", "goal,name_en,name_sv\n1,No poverty,Ingen fattigdom\n"},
      {"se-counties.csv", "code,name,nuts2,nuts2_name,nuts3\n24,Västerbottens län,SE33,Övre Norrland,SE331\n"},
      {"se-municipalities.csv", "code,name,county_code\n2480,Umeå,24\n"},
      {"sectors.csv", "code,name_en,name_sv\nbusiness,Business,Näringsliv\n"},
      {"target-groups.csv", "code,name_en,name_sv\nyouth,Youth,Unga\n"},
      {"collaboration-forms.csv", "code,name_en,name_sv\npilot,Pilot,Pilot\n"},
  });
  ASSERT_TRUE(reference.ok()) << reference.error().message();
  EXPECT_TRUE(ValidateMapFilter({.sector = "business", .county = "24", .sdg = 1}, *reference).ok());
  EXPECT_TRUE(ValidateMapFilter({.county = "SE"}, *reference).ok());
  Status bad = ValidateMapFilter({.sector = "x", .county = "99", .sdg = 18}, *reference);
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields().size(), 3u);
  EXPECT_EQ(bad.error().fields()[0].field, "sector");
  EXPECT_EQ(bad.error().fields()[1].field, "county");
  EXPECT_EQ(bad.error().fields()[2].field, "sdg");
}

}  // namespace
}  // namespace samverkan::ecosystem
