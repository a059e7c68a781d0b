#include "modules/impact/web/guides.h"

#include <gtest/gtest.h>

#include <set>

#include "modules/impact/web/impact_web_testing.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;
using testing::Catalog;
using testing::Occurrences;
using testing::Render;
using testing::TestRequest;

TEST(GuidesTest, EveryTopicHasOneGuideWithATemplateAndATranslatedSummary) {
  std::set<std::string_view> slugs;
  for (const Guide& guide : Guides()) {
    EXPECT_TRUE(slugs.insert(guide.slug).second) << guide.slug;
    EXPECT_EQ(&GuideFor(guide.topic), &guide);
    EXPECT_EQ(FindGuide(guide.slug), &guide);
    EXPECT_TRUE(testing::ModuleTemplates().Has(std::string(guide.template_name.substr(7))))
        << guide.template_name;
    // (Titles may read the same in both languages, as "Attribution" does.)
    EXPECT_TRUE(Catalog().HasSwedish(guide.summary)) << guide.summary;
  }
  EXPECT_EQ(slugs.size(), 8u);
  EXPECT_EQ(FindGuide("../etc"), nullptr);
  EXPECT_EQ(GuideHref(GuideTopic::kDeadweight), "/effekt/guider/dodvikt");
  EXPECT_EQ(GuideHref(GuideTopic::kDiscounting, "forsta-aret"),
            "/effekt/guider/diskontering#forsta-aret");
}

TEST(GuidesTest, EachGuideIsOnePageInEachLanguageLinkingToTheOthers) {
  for (const Guide& guide : Guides()) {
    for (Language lang : {Language::kSwedish, Language::kEnglish}) {
      TestRequest request(lang);
      const std::vector<FinancialProxy> none;
      const web::PageView view = GuidePage(request.req, Catalog(), guide, &none);
      const std::string html = Render(view.template_name, lang, view.data);
      EXPECT_EQ(Occurrences(html, "<h1>"), 1u) << guide.slug;
      EXPECT_EQ(Occurrences(html, "<a href=\"/effekt/guider/"), Guides().size() - 1) << guide.slug;
      EXPECT_NE(html.find("href=\"/effekt/sroi\""), std::string::npos);
      EXPECT_FALSE(view.title.empty());
    }
  }
  TestRequest request(Language::kSwedish);
  const web::PageView view =
      GuidePage(request.req, Catalog(), GuideFor(GuideTopic::kDeadweight), nullptr);
  EXPECT_EQ(view.title, "Dödvikt");
}

TEST(GuidesTest, TheProxyGuideListsTheLibraryWithSources) {
  FinancialProxy base;
  base.id = "se-prisbasbelopp-2025";
  base.name = {"Prisbasbelopp 2025", "Price base amount 2025"};
  base.amount = 5'880'000;
  base.currency = "SEK";
  base.unit = "per year";
  base.price_year = 2025;
  base.source = "Fixed by the Swedish Government <SFS 2010:110>";
  base.licence = "Not protected by copyright";
  FinancialProxy rate;
  rate.id = "se-arbetsgivaravgift-2024";
  rate.name = {"Arbetsgivaravgift", ""};
  rate.kind = ProxyKind::kRate;
  rate.rate = 0.3142;
  rate.source = "Skatteverket";
  rate.licence = "As above";
  rate.verified = true;
  const std::vector<FinancialProxy> library = {base, rate};
  const Guide& guide = GuideFor(GuideTopic::kFinancialProxies);

  TestRequest sv(Language::kSwedish);
  web::PageView view = GuidePage(sv.req, Catalog(), guide, &library);
  std::string html = Render(view.template_name, Language::kSwedish, view.data);
  EXPECT_NE(
      html.find("<th scope=\"row\" lang=\"sv\">Prisbasbelopp 2025</th><td class=\"num\">58\xC2\xA0"
                "800,00 SEK</td>"),
      std::string::npos)
      << html;
  EXPECT_NE(html.find("<td lang=\"en\">Fixed by the Swedish Government &lt;SFS 2010:110&gt;</td>"),
            std::string::npos);
  EXPECT_NE(html.find("31,42\xC2\xA0%"), std::string::npos);
  EXPECT_NE(html.find("Exempel – kontrollera"), std::string::npos);
  EXPECT_NE(html.find(">Kontrollerad<"), std::string::npos);

  TestRequest en(Language::kEnglish);
  view = GuidePage(en.req, Catalog(), guide, &library);
  html = Render(view.template_name, Language::kEnglish, view.data);
  // A name written only in Swedish is shown in Swedish and marked so.
  EXPECT_NE(html.find("<th scope=\"row\" lang=\"sv\">Arbetsgivaravgift</th>"), std::string::npos);
  EXPECT_EQ(html.find("lang=\"en\">Skatteverket"), std::string::npos);

  view = GuidePage(en.req, Catalog(), guide, nullptr);
  html = Render(view.template_name, Language::kEnglish, view.data);
  EXPECT_NE(html.find("The proxy library could not be read."), std::string::npos);
}

TEST(OverviewTest, LinksTheCalculatorsAndEveryGuide) {
  TestRequest request(Language::kEnglish);
  const web::PageView view = OverviewPage(request.req, Catalog());
  const std::string html = Render(view.template_name, Language::kEnglish, view.data);
  EXPECT_EQ(Occurrences(html, "<h1>"), 1u);
  EXPECT_NE(html.find("href=\"/effekt/sroi\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/effekt/samhallsekonomi\""), std::string::npos);
  for (const Guide& guide : Guides()) {
    EXPECT_NE(html.find("href=\"" + GuideHref(guide.topic) + "\""), std::string::npos)
        << guide.slug;
  }
}

}  // namespace
}  // namespace samverkan::impact
