#include "modules/impact/web/socioeconomic_page.h"

#include <gtest/gtest.h>

#include "modules/impact/json/socioeconomic_json.h"
#include "modules/impact/web/impact_web_testing.h"

namespace samverkan::impact {
namespace {

using testing::Catalog;
using testing::Occurrences;
using testing::Render;
using testing::TestRequest;

std::vector<std::string> Fields(const Error& error) {
  std::vector<std::string> fields;
  for (const FieldError& f : error.fields()) fields.push_back(f.field);
  return fields;
}

TEST(SocioEconomicFormTest, ReadsTheFormWithTransfersAndBlankAmountsAsZero) {
  const SocioEconomicForm form = SocioEconomicFormFromParams(web::Params::ParseUrlEncoded(
      "group_size=10&horizon_years=5&discount_rate=3%2C5&convention=end_of_year"
      "&items%5B0%5D.name=F%C3%B6rs%C3%B6rjningsst%C3%B6d&items%5B0%5D.kind=transfer"
      "&items%5B0%5D.actor=municipality&items%5B0%5D.recipient=individual"
      "&items%5B0%5D.without=120+000&items%5B0%5D.with="
      "&items%5B1%5D.name=&items%5B1%5D.kind=resource_use&items%5B1%5D.actor=region"
      "&items%5B1%5D.recipient=&items%5B1%5D.without=&items%5B1%5D.with="
      "&investments%5B0%5D.actor=municipality&investments%5B0%5D.value=2+500+000"
      "&investments%5B0%5D.year=&investments%5B0%5D.description="));
  ASSERT_EQ(form.items.size(), 1u);  // the second row has only its choices
  Result<SocioEconomicCase> socio_case = SocioEconomicCaseFromForm(form, Language::kSwedish);
  ASSERT_TRUE(socio_case.ok()) << Fields(socio_case.error())[0];
  EXPECT_EQ(socio_case->group_size, 10);
  EXPECT_EQ(socio_case->horizon_years, 5);
  EXPECT_DOUBLE_EQ(socio_case->discount_rate, 0.035);
  const SocioEconomicItem& item = socio_case->items[0];
  EXPECT_EQ(item.kind, FlowKind::kTransfer);
  EXPECT_EQ(item.actor, Actor::kMunicipality);
  EXPECT_EQ(item.recipient, Actor::kIndividual);
  EXPECT_EQ(item.without, 12'000'000);
  EXPECT_EQ(item.with, 0);
  ASSERT_EQ(socio_case->investments.size(), 1u);
  EXPECT_EQ(socio_case->investments[0].value, 250'000'000);
  EXPECT_EQ(socio_case->investments[0].year, 1);
}

TEST(SocioEconomicFormTest, ATransferNeedsARecipientAndOnlyATransferHasOne) {
  SocioEconomicForm form = EmptySocioEconomicForm(Language::kEnglish);
  form.group_size = "";
  form.items = {
      {{"name", "Social assistance"},
       {"kind", "transfer"},
       {"actor", "municipality"},
       {"recipient", ""},
       {"without", "100"}},
      {{"name", "Care"},
       {"kind", "resource_use"},
       {"actor", "region"},
       {"recipient", "state"},
       {"without", "100"}},
      {{"name", "Tax"},
       {"kind", "transfer"},
       {"actor", "state"},
       {"recipient", "state"},
       {"with", "1.5.0"}},
  };
  form.investments = {{{"actor", "municipality"}, {"value", ""}, {"year", "9"}}};
  Result<SocioEconomicCase> socio_case = SocioEconomicCaseFromForm(form, Language::kEnglish);
  ASSERT_FALSE(socio_case.ok());
  EXPECT_EQ(Fields(socio_case.error()),
            (std::vector<std::string>{"group_size", "items[0].recipient", "items[1].recipient",
                                      "items[2].recipient", "items[2].with", "investments[0].value",
                                      "investments[0].year"}));
  EXPECT_EQ(socio_case.error().fields()[1].message, "Choose who receives the transfer.");
}

TEST(SocioEconomicFormTest, ACaseSurvivesTheFormInBothLanguages) {
  const SocioEconomicCase example = ExampleSocioEconomicCase(Catalog(), Language::kSwedish);
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    Result<SocioEconomicCase> back =
        SocioEconomicCaseFromForm(SocioEconomicFormFromCase(example, lang), lang);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(SocioEconomicCaseToJson(*back), SocioEconomicCaseToJson(example));
  }
}

TEST(SocioEconomicPageTest, ShowsWhoGainsAndWhoRepaysWhom) {
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    const SocioEconomicCase socio_case = ExampleSocioEconomicCase(Catalog(), lang);
    Result<SocioEconomicResult> result = CalculateSocioEconomic(socio_case);
    ASSERT_TRUE(result.ok());
    TestRequest request(lang);
    const web::PageView view =
        SocioEconomicPage(request.req, Catalog(),
                          {.form = SocioEconomicFormFromCase(socio_case, lang),
                           .socio_case = &socio_case,
                           .result = &*result});
    const std::string html = Render(view.template_name, lang, view.data);
    EXPECT_EQ(Occurrences(html, "<h1"), 1u);
    // FORMATS.md: the municipality gains 185 000 per person-year, society 335 000; its
    // investment is repaid by its own gains in 1.41 years, by the state's in 4.59, and by
    // society's in 0.77; the region's gains do not repay it within five years; two persons
    // suffice.
    if (lang == Language::kSwedish) {
      EXPECT_NE(html.find("185\xC2\xA0"
                          "000,00"),
                std::string::npos)
          << html;
      EXPECT_NE(html.find("335\xC2\xA0"
                          "000,00"),
                std::string::npos);
      EXPECT_NE(html.find(">1,41<"), std::string::npos);
      EXPECT_NE(html.find(">4,59<"), std::string::npos);
      EXPECT_NE(html.find(">0,77<"), std::string::npos);
      EXPECT_NE(html.find("Inte inom 5 år"), std::string::npos);
      EXPECT_NE(html.find("Vem betalar tillbaka åt vem"), std::string::npos);
      EXPECT_NE(html.find("2 av de 10 personerna"), std::string::npos);
      EXPECT_NE(html.find("Försörjningsstöd"), std::string::npos);
    } else {
      EXPECT_NE(html.find("185,000.00"), std::string::npos);
      EXPECT_NE(html.find(">1.41<"), std::string::npos);
      EXPECT_NE(html.find("Not within 5 years"), std::string::npos);
      EXPECT_NE(html.find("Who repays whom"), std::string::npos);
      EXPECT_NE(html.find("2 of the 10 persons"), std::string::npos);
    }
  }
}

TEST(SocioEconomicPageTest, KeepsValuesAndMarksTheFieldsInError) {
  SocioEconomicForm form = EmptySocioEconomicForm(Language::kSwedish);
  form.group_size = "tio";
  form.items = {{{"name", "Vård"},
                 {"kind", "transfer"},
                 {"actor", "region"},
                 {"recipient", ""},
                 {"without", "100"}}};
  Result<SocioEconomicCase> socio_case = SocioEconomicCaseFromForm(form, Language::kSwedish);
  ASSERT_FALSE(socio_case.ok());
  TestRequest request(Language::kSwedish);
  const web::PageView view =
      SocioEconomicPage(request.req, Catalog(), {.form = form, .error = &socio_case.error()});
  EXPECT_EQ(view.status, web::http::status::unprocessable_entity);
  const std::string html = Render(view.template_name, Language::kSwedish, view.data);
  EXPECT_NE(html.find(R"(href="#field-group_size")"), std::string::npos);
  EXPECT_NE(html.find(R"(href="#field-items-0-recipient")"), std::string::npos);
  EXPECT_NE(html.find(R"(id="field-group_size" name="group_size" type="text" value="tio")"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find(R"(<option value="transfer" selected>Transferering</option>)"),
            std::string::npos);
  EXPECT_EQ(Occurrences(html, "aria-invalid=\"true\""), 2u);
}

}  // namespace
}  // namespace samverkan::impact
