#include "modules/impact/web/sroi_page.h"

#include <gtest/gtest.h>

#include <regex>

#include "modules/impact/json/sroi_json.h"
#include "modules/impact/web/guides.h"
#include "modules/impact/web/impact_web_testing.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;
using testing::Catalog;
using testing::Occurrences;
using testing::Render;
using testing::TestRequest;

constexpr char kNoBreakSpace[] = "\xC2\xA0";

SroiForm FormOf(const std::string& query) {
  return SroiFormFromParams(web::Params::ParseUrlEncoded(query));
}

std::vector<std::string> Fields(const Error& error) {
  std::vector<std::string> fields;
  for (const FieldError& f : error.fields()) fields.push_back(f.field);
  return fields;
}

std::string Html(const web::PageView& view, Language lang) {
  return Render(view.template_name, lang, view.data);
}

TEST(SroiFormTest, DropsBlankRowsKeepsIndexOrderAndIgnoresHugeIndices) {
  const SroiForm form = FormOf(
      "discount_rate=3%2C5&convention=start_of_year"
      "&inputs%5B0%5D.kind=cash&inputs%5B0%5D.value=&inputs%5B1%5D.kind=in_kind"
      "&inputs%5B1%5D.value=1000"
      "&outcomes%5B5%5D.stakeholder=A&outcomes%5B2%5D.stakeholder=B"
      "&outcomes%5B3%5D.stakeholder=+&outcomes%5B99999999%5D.stakeholder=X"
      "&outcomes%5B1%5D.nonsense=Y");
  EXPECT_EQ(form.discount_rate, "3,5");
  EXPECT_EQ(form.convention, "start_of_year");
  ASSERT_EQ(form.inputs.size(), 1u);  // the row with only a kind chosen is blank
  EXPECT_EQ(form.inputs[0].at("kind"), "in_kind");
  EXPECT_EQ(form.inputs[0].at("value"), "1000");
  ASSERT_EQ(form.outcomes.size(), 2u);  // rows 2 and 5; the blank row 3 and the rest ignored
  EXPECT_EQ(form.outcomes[0].at("stakeholder"), "B");
  EXPECT_EQ(form.outcomes[1].at("stakeholder"), "A");
}

TEST(SroiFormTest, ReadsNumbersAsSwedishAndEnglishWriteThem) {
  SroiForm form;
  form.discount_rate = "3,5";
  form.convention = "start_of_year";
  form.inputs = {
      {{"description", " Grant "}, {"kind", "in_kind"}, {"value", "400 000"}, {"year", ""}},
      {{"kind", "cash"}, {"value", "51750,5"}, {"year", "2"}}};
  form.outcomes = {{{"stakeholder", "Deltagare"},
                    {"outcome", "I arbete"},
                    {"quantity", "12"},
                    {"proxy", "24 000,50"},
                    {"deadweight", "25"},
                    {"displacement", "10,5"},
                    {"attribution", ""},
                    {"drop_off", "30 %"},
                    {"duration", "3"}}};
  Result<SroiMap> map = SroiMapFromForm(form, Language::kSwedish);
  ASSERT_TRUE(map.ok()) << Fields(map.error())[0];
  EXPECT_DOUBLE_EQ(map->discount_rate, 0.035);
  EXPECT_EQ(map->convention, DiscountConvention::kStartOfYear);
  ASSERT_EQ(map->inputs.size(), 2u);
  EXPECT_EQ(map->inputs[0].description, "Grant");
  EXPECT_EQ(map->inputs[0].kind, InputKind::kInKind);
  EXPECT_EQ(map->inputs[0].value, 40'000'000);
  EXPECT_EQ(map->inputs[0].year, 1);
  EXPECT_EQ(map->inputs[1].value, 5'175'050);
  EXPECT_EQ(map->inputs[1].year, 2);
  const SroiOutcome& outcome = map->outcomes[0];
  EXPECT_EQ(outcome.proxy, 2'400'050);
  EXPECT_DOUBLE_EQ(outcome.deadweight, 0.25);
  EXPECT_DOUBLE_EQ(outcome.displacement, 0.105);
  EXPECT_DOUBLE_EQ(outcome.attribution, 0.0);
  EXPECT_DOUBLE_EQ(outcome.drop_off, 0.3);
  EXPECT_EQ(outcome.duration, 3);

  // In English a comma separates thousands.
  form.discount_rate = "3.5";
  form.inputs = {{{"kind", "cash"}, {"value", "400,000"}}};
  form.outcomes[0]["proxy"] = "24,000.50";
  form.outcomes[0]["displacement"] = "10.5";
  map = SroiMapFromForm(form, Language::kEnglish);
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->inputs[0].value, 40'000'000);
  EXPECT_EQ(map->outcomes[0].proxy, 2'400'050);
  EXPECT_DOUBLE_EQ(map->outcomes[0].displacement, 0.105);
}

TEST(SroiFormTest, ReportsEveryProblemOnItsFieldInFormOrder) {
  SroiForm form;
  form.discount_rate = "tre";
  form.inputs = {{{"kind", "cash"}, {"value", "12,345"}}};  // a third decimal
  form.outcomes = {
      {{"stakeholder", ""},
       {"outcome", "In work"},
       {"quantity", ""},
       {"proxy", "100"},
       {"deadweight", "120"},
       {"duration", "0"}},
      {{"stakeholder", "Neighbours"},
       {"outcome", "Noise"},
       {"quantity", "4"},
       {"proxy", "-50"},
       {"drop_off", "-1"},
       {"duration", "1,5"}},
  };
  Result<SroiMap> map = SroiMapFromForm(form, Language::kSwedish);
  ASSERT_FALSE(map.ok());
  EXPECT_TRUE(map.error().IsInvalid());
  // The unreadable input counts as zero, but "the inputs add up to zero" is not said as well.
  EXPECT_EQ(Fields(map.error()),
            (std::vector<std::string>{"discount_rate", "inputs[0].value", "outcomes[0].stakeholder",
                                      "outcomes[0].quantity", "outcomes[0].deadweight",
                                      "outcomes[0].duration", "outcomes[1].drop_off",
                                      "outcomes[1].duration"}));
  EXPECT_EQ(map.error().fields()[4].message, "Enter a percentage between 0 and 100.");
}

TEST(SroiFormTest, AFormWithoutRowsAsksForInputsAndOutcomes) {
  Result<SroiMap> map = SroiMapFromForm(EmptySroiForm(Language::kSwedish), Language::kSwedish);
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(Fields(map.error()), (std::vector<std::string>{"inputs", "outcomes"}));
}

TEST(SroiFormTest, AMapSurvivesTheFormInBothLanguages) {
  const SroiMap example = ExampleSroiMap(Catalog(), Language::kEnglish);
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    Result<SroiMap> back = SroiMapFromForm(SroiFormFromMap(example, lang), lang);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(SroiMapToJson(*back), SroiMapToJson(example));
  }
}

TEST(SroiPageTest, ShowsTheResultLabelledInEachLanguage) {
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    const SroiMap map = ExampleSroiMap(Catalog(), lang);
    Result<SroiResult> result = CalculateSroi(map);
    ASSERT_TRUE(result.ok());
    TestRequest request(lang);
    const web::PageView view =
        SroiPage(request.req, Catalog(),
                 {.form = SroiFormFromMap(map, lang), .map = &map, .result = &*result});
    EXPECT_EQ(view.status, web::http::status::ok);
    const std::string html = Html(view, lang);
    EXPECT_EQ(Occurrences(html, "<h1"), 1u);
    EXPECT_NE(html.find(R"(<section id="result")"), std::string::npos);
    // The headline figures of FORMATS.md, written the way each language writes numbers.
    if (lang == Language::kSwedish) {
      EXPECT_NE(html.find(std::string("1") + kNoBreakSpace + "202" + kNoBreakSpace + "228,03"),
                std::string::npos)
          << html;
      EXPECT_NE(html.find("1 : 2,67"), std::string::npos);
      EXPECT_NE(html.find("SROI-kvot (nuvärde ÷ insatser)"), std::string::npos) << html;
      EXPECT_NE(html.find("Netto-SROI-kvot"), std::string::npos);
      EXPECT_NE(html.find("Återbetalningstid"), std::string::npos);
      EXPECT_NE(html.find("Inget inom intervallet"), std::string::npos);
      EXPECT_NE(html.find(R"(action="/effekt/sroi?lang=en#result")"), std::string::npos);
      // The map posted again in English is written the English way.
      EXPECT_NE(html.find(R"(name="discount_rate" value="3.5")"), std::string::npos);
      EXPECT_NE(html.find(R"(lang="en">Show the result in English</button>)"), std::string::npos);
    } else {
      EXPECT_NE(html.find("1,202,228.03"), std::string::npos);
      EXPECT_NE(html.find("1 : 2.67"), std::string::npos);
      EXPECT_NE(html.find("SROI ratio (present value ÷ inputs)"), std::string::npos);
      EXPECT_NE(html.find("Net SROI ratio (net present value ÷ inputs)"), std::string::npos);
      EXPECT_NE(html.find("8.1 months"), std::string::npos);
      EXPECT_NE(html.find("None within range"), std::string::npos);
      EXPECT_NE(html.find(R"(name="discount_rate" value="3,5")"), std::string::npos);
    }
    // Per outcome, per year (years 1 to 3) and the sensitivity tables, with the form folded
    // away below the result so that it is not printed.
    EXPECT_EQ(Occurrences(html, "<th scope=\"row\">3</th>"), 1u);
    EXPECT_EQ(Occurrences(html, "<tbody>"), 5u + map.outcomes.size());
    EXPECT_LT(html.find("id=\"result\""), html.find("<details>"));
    EXPECT_LT(html.find("<details>"), html.find("id=\"calculator\""));
  }
}

TEST(SroiPageTest, ShowsErrorsBesideTheFieldsAndInTheSummary) {
  SroiForm form = EmptySroiForm(Language::kSwedish);
  form.inputs = {{{"kind", "cash"}, {"value", "1000"}}};
  form.outcomes = {{{"stakeholder", "Deltagare"},
                    {"outcome", "I arbete"},
                    {"quantity", "2"},
                    {"proxy", "500"},
                    {"deadweight", "120"},
                    {"duration", "1"}}};
  Result<SroiMap> map = SroiMapFromForm(form, Language::kSwedish);
  ASSERT_FALSE(map.ok());
  TestRequest request(Language::kSwedish);
  const web::PageView view =
      SroiPage(request.req, Catalog(), {.form = form, .error = &map.error()});
  EXPECT_EQ(view.status, web::http::status::unprocessable_entity);
  const std::string html = Html(view, Language::kSwedish);
  EXPECT_NE(
      html.find(
          R"(<li><a href="#field-outcomes-0-deadweight">Ange en procentsats mellan 0 och 100.</a></li>)"),
      std::string::npos)
      << html;
  EXPECT_NE(
      html.find(
          R"(id="field-outcomes-0-deadweight" name="outcomes[0].deadweight" type="text" value="120")"),
      std::string::npos);
  EXPECT_NE(
      html.find(
          R"(aria-describedby="hint-outcomes-0-deadweight error-outcomes-0-deadweight" aria-invalid="true")"),
      std::string::npos);
  EXPECT_EQ(Occurrences(html, "aria-invalid=\"true\""), 1u);
  EXPECT_EQ(html.find("<details>"), std::string::npos);  // no result: the form is open
  EXPECT_NE(html.find(R"(value="Deltagare")"), std::string::npos);
  EXPECT_NE(html.find(R"(name="csrf_token" value="test-token")"), std::string::npos);
  // One filled row and two empty ones below, at least three.
  EXPECT_NE(html.find("name=\"outcomes[2].stakeholder\""), std::string::npos);
  EXPECT_EQ(html.find("name=\"outcomes[3].stakeholder\""), std::string::npos);
}

TEST(SroiPageTest, EveryFieldLinksToASectionOfItsGuideThatExists) {
  TestRequest request(Language::kEnglish);
  const std::string html =
      Html(SroiPage(request.req, Catalog(), {.form = EmptySroiForm(Language::kEnglish)}),
           Language::kEnglish);
  const size_t hints = Occurrences(html, "class=\"field-hint\"");
  EXPECT_EQ(hints, 2u + 2 * 4 + 3 * 10);  // settings, two input rows, three outcome rows
  const std::regex hint_link(
      R"(<p class="field-hint" id="[^"]+">[^<]*<a href="/effekt/guider/([a-z-]+)(#([a-z-]+))?">Guide: )");
  size_t linked = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), hint_link);
       it != std::sregex_iterator(); ++it) {
    ++linked;
    const Guide* guide = FindGuide((*it)[1].str());
    ASSERT_NE(guide, nullptr) << (*it)[1];
    if ((*it)[3].matched) {
      const std::string guide_html = Render(std::string(guide->template_name), Language::kEnglish,
                                            {{"other_guides", json::array()}});
      EXPECT_NE(guide_html.find("id=\"" + (*it)[3].str() + "\""), std::string::npos)
          << guide->slug << "#" << (*it)[3];
    }
  }
  EXPECT_EQ(linked, hints);
  EXPECT_NE(html.find(R"(<a href="/effekt/guider/dodvikt">Guide: Deadweight</a>)"),
            std::string::npos);
}

}  // namespace
}  // namespace samverkan::impact
