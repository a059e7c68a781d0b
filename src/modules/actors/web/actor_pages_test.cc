#include "modules/actors/web/actor_pages.h"

#include <gtest/gtest.h>

#include "modules/actors/domain/actor_testing.h"
#include "web/html/templates.h"

namespace samverkan::actors {
namespace {

using nlohmann::json;
using testing::SampleProfile;
using testing::ShippedReference;

// Without a catalog the English msgids are shown, which is all these tests need.
const web::Translator& English() {
  static const web::Translator tr("/nonexistent");
  return tr;
}

const web::Templates& ModuleTemplates() {
  static const auto templates = [] {
    auto t = web::Templates::Load(std::string(SAMVERKAN_SOURCE_DIR) + "/src/modules/actors/web/templates", English());
    if (!t.ok()) throw std::runtime_error(t.error().log_detail());
    return std::move(t).value();
  }();
  return *templates;
}

web::Request RequestFor(Language lang, std::string query = "") {
  web::Request req;
  req.lang = lang;
  req.query = web::Params::ParseUrlEncoded(query);
  return req;
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST(ActorParamsTest, ReadsTheFilterAndRefusesNonsense) {
  auto f = FilterFromParams(web::Params::ParseUrlEncoded(
      "q=+caf%C3%A9+&sector=business&county=24&sdg=10&social_enterprise=true&member=0&page=2"));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->q, "café");
  EXPECT_EQ(f->sdg, 10);
  EXPECT_EQ(f->social_enterprise, true);
  EXPECT_EQ(f->member, false);
  EXPECT_EQ(FilterQueryString(*f),
            "q=caf%C3%A9&sector=business&county=24&sdg=10&social_enterprise=true&member=false");

  auto empty = FilterFromParams(web::Params::ParseUrlEncoded("sector=&sdg=&member="));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, ActorFilter{});

  auto bad = FilterFromParams(web::Params::ParseUrlEncoded("sdg=ten&social_enterprise=maybe"));
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields().size(), 2u);
  EXPECT_EQ(bad.error().fields()[0].field, "sdg");
  EXPECT_EQ(bad.error().fields()[1].field, "social_enterprise");

  ActorFilter odd{.q = "100% & co=1"};
  EXPECT_EQ(FilterFromParams(web::Params::ParseUrlEncoded(FilterQueryString(odd)))->q, odd.q);
}

TEST(ActorParamsTest, ReadsLimitAndCursor) {
  auto q = QueryFromRequest(RequestFor(Language::kEnglish, "limit=5"));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, 5);
  EXPECT_EQ(q->language, Language::kEnglish);
  auto big = QueryFromRequest(RequestFor(Language::kEnglish, "limit=500"));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().fields()[0].field, "limit");
  auto bad = QueryFromRequest(RequestFor(Language::kEnglish, "cursor=%21%21&sdg=x"));
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields().size(), 2u);
  EXPECT_EQ(bad.error().fields()[0].field, "sdg");
  EXPECT_EQ(bad.error().fields()[1].field, "cursor");
  // A well-formed cursor that the list did not make.
  auto forged = QueryFromRequest(RequestFor(Language::kEnglish, "cursor=bmV4dA"));
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().fields()[0].field, "cursor");
}

TEST(DirectoryPageTest, ShowsCountsLanguagesAndPages) {
  Actor only_swedish;
  only_swedish.id = 7;
  only_swedish.profile = SampleProfile("a");
  only_swedish.profile.name = {"Bara svenska <AB>", ""};
  ActorList list;
  list.items = {only_swedish};
  list.total = 3;
  list.facets[Facet::kSector] = {{"business", 3}, {"public", 2}};
  list.facets[Facet::kMunicipality] = {{"2480", 3}};
  list.next_cursor = "next";
  auto query = QueryFromRequest(RequestFor(Language::kEnglish, "sector=business&limit=1"));
  ASSERT_TRUE(query.ok());
  web::PageView view = DirectoryPage(RequestFor(Language::kEnglish), English(), ShippedReference(), *query, list, false);
  EXPECT_EQ(view.template_name, "actors/directory");
  const json& d = view.data;
  EXPECT_EQ(d["results_heading"], "3 actors found");
  const json& sector = d["facets"][0];
  EXPECT_EQ(sector["name"], "sector");
  EXPECT_EQ(sector["options"][0]["label"], "All");
  EXPECT_EQ(sector["options"][1], (json{{"value", "business"}, {"label", "Business (3)"}, {"selected", true}}));
  EXPECT_EQ(sector["options"][2]["label"], "Public sector (2)");
  EXPECT_EQ(sector["options"][4]["label"], "Academia (0)");
  EXPECT_EQ(d["facets"][2]["options"].size(), 2u);  // All and Umeå: empty municipalities are left out
  EXPECT_EQ(d["next_href"], "/aktorer?sector=business&limit=1&cursor=bmV4dA");
  EXPECT_EQ(d["first_href"], false);

  std::string html = ModuleTemplates().Render("directory", Language::kEnglish, d);
  EXPECT_NE(html.find(R"(<a href="/aktorer/7" lang="sv">Bara svenska &lt;AB&gt;</a>)"), std::string::npos) << html;
  EXPECT_NE(html.find(R"(<option value="business" selected>Business (3)</option>)"), std::string::npos);
  EXPECT_NE(html.find(R"(<label for="filter-sdg">Global Goal</label>)"), std::string::npos);
  EXPECT_NE(html.find(R"(rel="next")"), std::string::npos);
  EXPECT_EQ(Occurrences(html, "<h1"), 1u);
}

TEST(ProfilePageTest, NeverShowsAPersonalIdentityNumber) {
  Actor sole_trader;
  sole_trader.id = 3;
  sole_trader.profile = SampleProfile("s");
  sole_trader.profile.org_number = "811218-9876";
  sole_trader.org_number_personal = true;
  Actor shown = RedactForPublic(sole_trader);
  web::PageView view = ProfilePage(RequestFor(Language::kSwedish), English(), ShippedReference(), shown, false);
  std::string html = ModuleTemplates().Render("profile", Language::kSwedish, view.data);
  EXPECT_EQ(html.find("811218"), std::string::npos);
  EXPECT_EQ(html.find("8112189876"), std::string::npos);

  Actor company = sole_trader;
  company.profile.org_number = "556016-0680";
  company.org_number_personal = false;
  view = ProfilePage(RequestFor(Language::kSwedish), English(), ShippedReference(), RedactForPublic(company), false);
  html = ModuleTemplates().Render("profile", Language::kSwedish, view.data);
  EXPECT_EQ(Occurrences(html, "556016-0680"), 2u);  // the facts and the JSON-LD identifier
}

TEST(ProfilePageTest, EscapesTextAndKeepsTheJsonLdBlockClosed) {
  Actor a;
  a.id = 9;
  a.profile = SampleProfile("x");
  a.profile.name = {"</script><script>alert(1)</script>", "English & <name>"};
  a.profile.description = {"Första stycket\nfortsätter.\n\n<img src=x onerror=alert(1)> **fet**", ""};
  web::PageView view = ProfilePage(RequestFor(Language::kEnglish), English(), ShippedReference(), a, false);
  EXPECT_EQ(view.title, "English & <name>");
  std::string html = ModuleTemplates().Render("profile", Language::kEnglish, view.data);
  EXPECT_EQ(Occurrences(html, "<script"), 1u) << html;
  EXPECT_EQ(Occurrences(html, "</script>"), 1u);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find(R"(<p lang="sv">Första stycket fortsätter.</p>)"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt; **fet**"), std::string::npos);

  size_t start = html.find(R"(<script type="application/ld+json">)");
  ASSERT_NE(start, std::string::npos);
  start = html.find('>', start) + 1;
  json ld = json::parse(html.substr(start, html.find("</script>", start) - start));
  EXPECT_EQ(ld["@type"], "Organization");
  EXPECT_EQ(ld["name"], "English & <name>");
  EXPECT_EQ(ld["alternateName"], "</script><script>alert(1)</script>");
  EXPECT_EQ(ld["address"]["addressLocality"], "Umeå");
  EXPECT_EQ(ld["address"]["addressRegion"], "Västerbottens län");
  EXPECT_EQ(ld["numberOfEmployees"]["maxValue"], 49);
}

TEST(ProfilePageTest, OffersTheEditLinkOnlyWhenAskedToAndConfirmsASave) {
  Actor a;
  a.id = 12;
  a.profile = SampleProfile("e");
  std::string without = ModuleTemplates().Render(
      "profile", Language::kEnglish, ProfilePage(RequestFor(Language::kEnglish), English(), ShippedReference(), a, false).data);
  EXPECT_EQ(without.find("/aktorer/12/redigera"), std::string::npos);
  EXPECT_EQ(without.find("The profile is saved."), std::string::npos);
  std::string with = ModuleTemplates().Render(
      "profile", Language::kEnglish,
      ProfilePage(RequestFor(Language::kEnglish, "sparat=1"), English(), ShippedReference(), a, true).data);
  EXPECT_NE(with.find(R"(<a href="/aktorer/12/redigera" class="button button--secondary">Edit the profile</a>)"),
            std::string::npos) << with;
  EXPECT_NE(with.find(R"(role="status">The profile is saved.)"), std::string::npos);
}

TEST(DirectoryPageTest, OffersTheNewActorLinkOnlyWhenAskedTo) {
  auto query = QueryFromRequest(RequestFor(Language::kSwedish));
  ASSERT_TRUE(query.ok());
  auto render = [&](bool may_create) {
    return ModuleTemplates().Render(
        "directory", Language::kSwedish,
        DirectoryPage(RequestFor(Language::kSwedish), English(), ShippedReference(), *query, {}, may_create).data);
  };
  EXPECT_EQ(render(false).find(R"(href="/aktorer/ny")"), std::string::npos);
  EXPECT_NE(render(true).find(R"(href="/aktorer/ny")"), std::string::npos);
}

TEST(PlainParagraphsTest, SplitsAtBlankLines) {
  EXPECT_EQ(PlainParagraphs("a\nb\n\n\n  c  \n"), (std::vector<std::string>{"a b", "c"}));
  EXPECT_TRUE(PlainParagraphs(" \n ").empty());
}

}  // namespace
}  // namespace samverkan::actors
