// The pure parts of the stored-impact pages: the logic-model form's edits, the JSON readers
// of the API (unknown members and wrong types are errors, never exceptions), and the
// initiative page and report rendered in Swedish and English.
#include "modules/impact/web/initiative_pages.h"

#include <gtest/gtest.h>

#include "modules/impact/web/impact_web_testing.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;
using testing::Render;
using testing::TestRequest;

web::Params Form(std::initializer_list<std::pair<const char*, const char*>> fields) {
  web::Params params;
  for (const auto& [name, value] : fields) params.Add(name, value);
  return params;
}

TEST(LogicModelFormTest, AddsElementsWithFreshIdsAndLinks) {
  LogicModel model;
  ASSERT_TRUE(ApplyLogicModelForm(
                  Form({{"action", "add-element"}, {"level", "activity"}, {"title_sv", " Sy "}}),
                  model)
                  .ok());
  ASSERT_TRUE(ApplyLogicModelForm(Form({{"action", "add-element"},
                                        {"level", "short_term_outcome"},
                                        {"title_en", "Skills"},
                                        {"indicator", "people-in-work"}}),
                                  model)
                  .ok());
  ASSERT_EQ(model.elements.size(), 2u);
  EXPECT_EQ(model.elements[0].id, "e1");
  EXPECT_EQ(model.elements[0].title.sv, "Sy");
  EXPECT_EQ(model.elements[1].id, "e2");
  EXPECT_EQ(model.elements[1].level, LogicLevel::kShortTermOutcome);
  EXPECT_EQ(model.elements[1].indicator_ids, std::vector<std::string>{"people-in-work"});

  ASSERT_TRUE(ApplyLogicModelForm(Form({{"action", "add-link"},
                                        {"from", "e1"},
                                        {"to", "e2"},
                                        {"assumption_sv", "Tyg finns"},
                                        {"evidence_level", "2"},
                                        {"evidence_source", "Rapport"}}),
                                  model)
                  .ok());
  ASSERT_EQ(model.links.size(), 1u);
  EXPECT_EQ(model.links[0].assumptions[0].sv, "Tyg finns");
  EXPECT_EQ(model.links[0].evidence[0].level, EvidenceLevel::kCorrelated);

  // Removing an element takes its links with it; an unknown element is NotFound.
  ASSERT_TRUE(ApplyLogicModelForm(Form({{"action", "remove-element"}, {"element", "e1"}}), model).ok());
  EXPECT_EQ(model.elements.size(), 1u);
  EXPECT_TRUE(model.links.empty());
  EXPECT_TRUE(ApplyLogicModelForm(Form({{"action", "remove-element"}, {"element", "e9"}}), model)
                  .error()
                  .IsNotFound());
}

TEST(LogicModelFormTest, RefusesWhatCannotBeRead) {
  LogicModel model;
  Status empty = ApplyLogicModelForm(Form({{"action", "add-element"}, {"level", "nonsense"}}), model);
  ASSERT_FALSE(empty.ok());
  ASSERT_EQ(empty.error().fields().size(), 2u);
  EXPECT_EQ(empty.error().fields()[0].field, "level");
  EXPECT_EQ(empty.error().fields()[1].field, "title_sv");
  Status level = ApplyLogicModelForm(
      Form({{"action", "add-link"}, {"from", "e1"}, {"to", "e2"}, {"evidence_level", "7"}}), model);
  ASSERT_FALSE(level.ok());
  EXPECT_EQ(level.error().fields()[0].field, "evidence_level");
  EXPECT_TRUE(ApplyLogicModelForm(Form({{"action", "remove-link"}, {"link", "x"}}), model)
                  .error()
                  .IsNotFound());
  EXPECT_TRUE(ApplyLogicModelForm(Form({{"action", "explode"}}), model).error().IsInvalid());
  EXPECT_TRUE(model.elements.empty());
}

TEST(LogicModelJsonTest, RoundTrips) {
  LogicModel model{
      .elements = {{"a", LogicLevel::kActivity, {"Sy", "Sew"}, {}},
                   {"b", LogicLevel::kOutput, {"Plagg", "Garments"}, {"x1"}}},
      .links = {{"a", "b", {{"Tyg", "Fabric"}}, {{EvidenceLevel::kDescribed, {"D", "D"}, "S"}}}}};
  auto back = LogicModelFromJson(LogicModelJson(model));
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->elements.size(), 2u);
  EXPECT_EQ(back->elements[1].indicator_ids, std::vector<std::string>{"x1"});
  EXPECT_EQ(back->links[0].assumptions[0].en, "Fabric");
  EXPECT_EQ(back->links[0].evidence[0].level, EvidenceLevel::kDescribed);
}

TEST(LogicModelJsonTest, WrongShapesAreErrorsNotExceptions) {
  for (const char* text : {R"({"name": 42})", R"({"elements": {}})",
                           R"({"elements": [{"id": 1, "level": "x", "title": 5}]})",
                           R"({"elements": [], "links": [{"from": "a", "evidence": [{"level": "high"}]}]})",
                           R"({"elements": [], "links": [{"from": "a", "evidence": [{"level": 99999999999}]}]})",
                           "[]"}) {
    auto parsed = LogicModelFromJson(json::parse(text));
    EXPECT_FALSE(parsed.ok()) << text;
    if (!parsed.ok()) {
      EXPECT_TRUE(parsed.error().IsInvalid()) << text;
    }
  }
}

TEST(IndicatorJsonTest, ReadsAndRejects) {
  auto ok = IndicatorFromJson(json::parse(
      R"({"id": "x1", "name": {"sv": "X"}, "unit": "st", "direction": "lower",
          "sdg_links": [{"goal": 8, "target": "8.5", "relation": "measures"}]})"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->direction, IndicatorDirection::kLowerIsBetter);
  EXPECT_EQ(ok->sdg_links[0].relation, SdgRelation::kMeasures);
  for (const char* text : {R"({"id": "x1", "direction": 3})", R"({"id": "x1", "colour": "red"})",
                           R"({"id": "x1", "sdg_links": [{"goal": 8, "relation": 1}]})"}) {
    EXPECT_FALSE(IndicatorFromJson(json::parse(text)).ok()) << text;
  }
}

TEST(ProxyFormTest, ReadsAmountsAndRates) {
  auto amount = ProxyFromForm(Form({{"id", "p1"}, {"name_sv", "P"}, {"kind", "amount"},
                                    {"value", "1 250,50"}, {"price_year", "2025"}}),
                              Language::kSwedish);
  ASSERT_TRUE(amount.ok());
  EXPECT_EQ(amount->amount, 125050);
  EXPECT_EQ(amount->price_year, 2025);
  auto rate = ProxyFromForm(Form({{"id", "p2"}, {"kind", "rate"}, {"value", "31.42"}}),
                            Language::kEnglish);
  ASSERT_TRUE(rate.ok());
  EXPECT_NEAR(rate->rate, 0.3142, 1e-12);
  EXPECT_TRUE(rate->currency.empty());
  EXPECT_FALSE(ProxyFromForm(Form({{"value", "a lot"}}), Language::kEnglish).ok());
}

TEST(InitiativePageTest, ShowsTheModelAndTheDiagnosisInBothLanguages) {
  InitiativeView view;
  view.initiative = {.id = 7, .actor_id = 3, .name = {"Vävstugan", "The Weaving Room"}};
  view.model.elements = {{"e1", LogicLevel::kActivity, {"Vävning", "Weaving"}, {}},
                         {"e2", LogicLevel::kOutput, {"Mattor", "Rugs"}, {}}};
  view.model.links = {{"e1", "e2", {}, {}}};
  view.diagnostics = *DiagnoseLogicModel(view.model);
  PageContext ctx{.actor_name = [](int64_t) { return std::string("Linvävan"); },
                  .goal_name = [](int) { return std::string(); }};
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    TestRequest t(lang);
    web::PageView page = InitiativePage(t.req, testing::Catalog(), view, ctx, true);
    const std::string html = Render(page.template_name, lang, page.data);
    EXPECT_NE(html.find(lang == Language::kSwedish ? "<h1>Vävstugan</h1>" : "<h1>The Weaving Room</h1>"),
              std::string::npos);
    EXPECT_NE(html.find(R"(data-code="stops-at-outputs")"), std::string::npos);
    EXPECT_NE(html.find(lang == Language::kSwedish ? "Redigera logikmodellen" : "Edit the logic model"),
              std::string::npos);
    EXPECT_NE(html.find("Linvävan"), std::string::npos);
  }
}

}  // namespace
}  // namespace samverkan::impact
