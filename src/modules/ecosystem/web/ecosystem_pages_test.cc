// The map page rendered with its template, the JSON twin and the query parameters, from
// graphs built in memory over the shipped reference data.
#include "modules/ecosystem/web/ecosystem_pages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "web/html/templates.h"

namespace samverkan::ecosystem {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// Without a catalog the English msgids are shown, which is all these tests need.
const web::Translator& English() {
  static const web::Translator tr("/nonexistent");
  return tr;
}

const ReferenceData& Reference() {
  static const ReferenceData reference = [] {
    std::map<std::string, std::string> files;
    for (const char* name : {"sdg-goals.csv", "se-counties.csv", "se-municipalities.csv",
                             "sectors.csv", "target-groups.csv", "collaboration-forms.csv"}) {
      std::ifstream in(std::string(SAMVERKAN_SOURCE_DIR) + "/data/reference/" + name);
      std::stringstream text;
      text << in.rdbuf();
      files[name] = text.str();
    }
    return ReferenceData::FromCsv(files).value();
  }();
  return reference;
}

std::string Render(const web::PageView& view) {
  static const auto templates = [] {
    auto t = web::Templates::Load(
        std::string(SAMVERKAN_SOURCE_DIR) + "/src/modules/ecosystem/web/templates", English());
    if (!t.ok()) throw std::runtime_error(t.error().log_detail());
    return std::move(t).value();
  }();
  return templates->Render("map", Language::kEnglish, view.data);
}

web::Request RequestFor(std::string query = "") {
  web::Request req;
  req.lang = Language::kEnglish;
  req.query = web::Params::ParseUrlEncoded(query);
  req.csrf_token = "token";
  return req;
}

std::vector<MapActor> Actors(int count) {
  std::vector<MapActor> out;
  for (int i = 1; i <= count; ++i) {
    out.push_back({.id = i,
                   .external_id = "a" + std::to_string(i),
                   .name = {"Aktör " + std::to_string(i), "Actor " + std::to_string(i)},
                   .sector = i % 2 ? "public" : "business",
                   .regions = {"24"},
                   .sdgs = {10}});
  }
  return out;
}

RelationSet Sample() {
  return {.kinds = {{"partner", "Partnership", true}, {"alliance_member", "Alliance membership", false}},
          .hubs = {{"alliance", {"Alliansen", "The alliance"}}},
          .relations = {{.from = 1, .to_actor = 2, .kind = "partner"},
                        {.from = 2, .to_actor = 1, .kind = "partner"},
                        {.from = 3, .to_actor = 1, .kind = "partner"},
                        {.from = 1, .to_hub = "alliance", .kind = "alliance_member"}}};
}

TEST(EcosystemParamsTest, ReadsTheFilterAndThePage) {
  auto filter = FilterFromParams(web::Params::ParseUrlEncoded("sector=+public&county=24&sdg=10"));
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ(*filter, (MapFilter{.sector = "public", .county = "24", .sdg = 10}));
  EXPECT_TRUE(FilterFromParams(web::Params::ParseUrlEncoded("sdg="))->empty());
  auto bad = FilterFromParams(web::Params::ParseUrlEncoded("sdg=ten"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields().at(0).field, "sdg");

  EXPECT_EQ(TablePageFromParams(web::Params()).value(), 1u);
  EXPECT_EQ(TablePageFromParams(web::Params::ParseUrlEncoded("page=3")).value(), 3u);
  for (const char* text : {"page=0", "page=-1", "page=x", "page=2.5"}) {
    EXPECT_FALSE(TablePageFromParams(web::Params::ParseUrlEncoded(text)).ok()) << text;
  }
}

TEST(EcosystemJsonTest, NodesEdgesKindsAndUnconfirmedClaims) {
  MapFilter filter{.county = "24"};
  json out = GraphJson(BuildGraph(Actors(3), {Sample()}, filter), filter, Reference(), English(),
                       Language::kEnglish);
  EXPECT_EQ(out["counts"], (json{{"actors", 3}, {"total_actors", 3}, {"hubs", 1}, {"edges", 2},
                                 {"unconfirmed", 1}}));
  EXPECT_EQ(out["filters"], (json{{"sector", nullptr}, {"county", "24"}, {"sdg", nullptr}}));
  ASSERT_EQ(out["nodes"].size(), 4u);
  EXPECT_EQ(out["nodes"][0]["id"], "actor:1");
  EXPECT_EQ(out["nodes"][0]["href"], "/aktorer/1");
  EXPECT_EQ(out["nodes"][3], (json{{"id", "hub:alliance"}, {"type", "hub"}, {"hub", "alliance"},
                                   {"name", "The alliance"}}));
  // Sorted by their ends: a hub (no actor id) before actor 2.
  EXPECT_EQ(out["edges"][0],
            (json{{"source", "actor:1"}, {"target", "hub:alliance"}, {"kind", "alliance_member"}}));
  EXPECT_EQ(out["edges"][1], (json{{"source", "actor:1"}, {"target", "actor:2"}, {"kind", "partner"}}));
  EXPECT_EQ(out["unconfirmed"],
            (json::array({{{"source", "actor:3"}, {"target", "actor:1"}, {"kind", "partner"}}})));
  EXPECT_EQ(out["kinds"][0]["edges"], 1);
  EXPECT_EQ(out["too_many_to_draw"], false);
}

TEST(EcosystemPageTest, TableWithKindsLinksAndUnconfirmedClaims) {
  auto graph = BuildGraph(Actors(3), {Sample()}, {});
  std::string html = Render(MapPage(RequestFor(), English(), Reference(), graph, {}, 1));
  EXPECT_THAT(html, HasSubstr("Partnership: <a href=\"/aktorer/2\">Actor 2</a>"));
  // A hub has no page: its name is plain text, never the row's own link.
  EXPECT_THAT(html, HasSubstr("Alliance membership: The alliance</li>"));
  EXPECT_THAT(html, HasSubstr("Partnership: <a href=\"/aktorer/1\">Actor 1</a> <span class=\"note\">"
                              "(unconfirmed: named by this actor only)</span>"));
  EXPECT_THAT(html, HasSubstr("id=\"ecosystem-map-data\""));
  EXPECT_THAT(html, HasSubstr("Actors on the map: 3. Hubs: 1. Relations between them: 2 "
                              "(Partnership: 1; Alliance membership: 1)."));
  EXPECT_THAT(html, Not(HasSubstr("rel=\"next\"")));
}

TEST(EcosystemPageTest, LongTablesArePagedWithTheFilterKept) {
  MapFilter filter{.county = "24", .sdg = 10};
  auto graph = BuildGraph(Actors(120), {}, filter);
  auto view = MapPage(RequestFor(), English(), Reference(), graph, filter, 2);
  EXPECT_EQ(view.data["rows"].size(), kTableRowsPerPage);
  EXPECT_EQ(view.data["rows"][0]["node_id"], "actor:51");
  EXPECT_EQ(view.data["prev_href"], "/ekosystem?county=24&sdg=10#table-heading");
  EXPECT_EQ(view.data["next_href"], "/ekosystem?county=24&sdg=10&page=3#table-heading");
  // A page past the end shows the last one.
  auto last = MapPage(RequestFor(), English(), Reference(), graph, filter, 9);
  EXPECT_EQ(last.data["rows"].size(), 20u);
  EXPECT_EQ(last.data["next_href"], false);
}

TEST(EcosystemPageTest, TooManyActorsAreTabulatedButNotDrawn) {
  auto graph = BuildGraph(Actors(static_cast<int>(kMaxMapActors) + 1), {}, {});
  auto view = MapPage(RequestFor(), English(), Reference(), graph, {}, 1);
  EXPECT_EQ(view.data["drawable"], false);
  EXPECT_EQ(view.data["too_many"], true);
  std::string html = Render(view);
  EXPECT_THAT(html, Not(HasSubstr("ecosystem-map-data")));
  EXPECT_THAT(html, HasSubstr("the map is drawn for at most 400"));
  EXPECT_EQ(view.data["rows"].size(), kTableRowsPerPage);
}

}  // namespace
}  // namespace samverkan::ecosystem
