// The progress pages rendered with their templates from what the service returns for the
// shipped EU-SPI data (stored in SQLite), the ranking CSV, the API's JSON and the query
// parameters.
#include "modules/progress/web/progress_pages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/csv.h"
#include "modules/progress/module.h"
#include "modules/progress/sql/sql_progress_repository.h"
#include "modules/progress/web/progress_json.h"
#include "platform/audit.h"
#include "storage/test_databases.h"
#include "web/html/templates.h"

namespace samverkan::progress {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// Without a catalog the English msgids are shown, which is all these tests need.
const web::Translator& English() {
  static const web::Translator tr("/nonexistent");
  return tr;
}

const web::Templates& ModuleTemplates() {
  static const auto templates = [] {
    auto t = web::Templates::Load(
        std::string(SAMVERKAN_SOURCE_DIR) + "/src/modules/progress/web/templates", English());
    if (!t.ok()) throw std::runtime_error(t.error().log_detail());
    return std::move(t).value();
  }();
  return *templates;
}

web::Request RequestFor(Language lang, std::string query = "") {
  web::Request req;
  req.lang = lang;
  req.query = web::Params::ParseUrlEncoded(query);
  req.csrf_token = "token";
  return req;
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

std::string Render(const web::PageView& view, Language lang = Language::kEnglish) {
  std::string name = view.template_name.substr(view.template_name.find('/') + 1);
  return ModuleTemplates().Render(name, lang, view.data);
}

// The EU-SPI data stored once in SQLite for all tests here.
class ProgressPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new storage::TestDatabase(storage::Engine::kSqlite);
    auto schema = platform::AuditMigrations();
    for (auto& m : ProgressMigrations()) schema.push_back(std::move(m));
    ASSERT_TRUE(storage::ApplyMigrations(db_->db(), schema).ok());
    auto scope = [](storage::TxMode mode) -> RepositoryScope {
      return [mode](const std::function<Status(ProgressRepository&)>& work) -> Status {
        return db_->db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
          SqlProgressRepository repo(tx);
          return work(repo);
        });
      };
    };
    service_ = new ProgressService(scope(storage::TxMode::kWrite), scope(storage::TxMode::kRead),
                                   [] { return int64_t{1}; });
    ASSERT_TRUE(InstallEuSpi2020(*service_, SAMVERKAN_SOURCE_DIR).ok());
  }
  static void TearDownTestSuite() {
    delete service_;
    delete db_;
  }

  static storage::TestDatabase* db_;
  static ProgressService* service_;
};
storage::TestDatabase* ProgressPagesTest::db_ = nullptr;
ProgressService* ProgressPagesTest::service_ = nullptr;

TEST(ProgressParamsTest, ReadsYearsAndPeers) {
  EXPECT_EQ(*YearFromParams(web::Params::ParseUrlEncoded("year=2020")), 2020);
  EXPECT_FALSE(YearFromParams(web::Params::ParseUrlEncoded("year=")).value());
  EXPECT_EQ(YearFromParams(web::Params::ParseUrlEncoded("year=20.5")).error().fields()[0].field,
            "year");
  EXPECT_FALSE(YearFromParams(web::Params::ParseUrlEncoded("year=1066")).ok());

  EXPECT_FALSE(PeersFromParams(web::Params()).value());
  auto country = PeersFromParams(web::Params::ParseUrlEncoded("peers=country"));
  ASSERT_TRUE(country.ok());
  EXPECT_EQ((*country)->kind, PeerGroupKind::kSameCountry);
  auto chosen =
      PeersFromParams(web::Params::ParseUrlEncoded("peers=chosen&regions=SE11,+SE12;%0ADK01"));
  ASSERT_TRUE(chosen.ok());
  EXPECT_THAT((*chosen)->regions, ::testing::ElementsAre("SE11", "SE12", "DK01"));
  auto direct = PeersFromParams(web::Params::ParseUrlEncoded("peers=FI1B,DK01"));
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ((*direct)->kind, PeerGroupKind::kChosenRegions);
  EXPECT_EQ((*direct)->regions.size(), 2u);
  auto nearest = PeersFromParams(web::Params::ParseUrlEncoded("peers=nearest&covariate=gdp&k=5"));
  ASSERT_TRUE(nearest.ok());
  EXPECT_EQ((*nearest)->k, 5);
  auto bad = PeersFromParams(web::Params::ParseUrlEncoded("peers=nearest&k=0"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields().size(), 2u);
  EXPECT_FALSE(PeersFromParams(web::Params::ParseUrlEncoded("peers=chosen&regions=")).ok());
}

TEST(ProgressFormatTest, NumbersAndScriptBlocks) {
  EXPECT_EQ(FormatNumber(85.1649, 2, Language::kSwedish), "85,16");
  EXPECT_EQ(FormatNumber(85.1649, 2, Language::kEnglish), "85.16");
  EXPECT_EQ(ScriptJson(json{{"a", "</script><b>&"}}),
            R"({"a":"\u003c/script\u003e\u003cb\u003e\u0026"})");
  EXPECT_EQ(json::parse(ScriptJson(json{{"a", "</script>"}}))["a"], "</script>");
}

TEST_F(ProgressPagesTest, OverviewListsDatasetsAndFrameworks) {
  auto frameworks = service_->ListFrameworks();
  auto datasets = service_->ListDatasets();
  ASSERT_TRUE(frameworks.ok() && datasets.ok());
  web::PageView view =
      OverviewPage(RequestFor(Language::kEnglish), English(), *frameworks, *datasets);
  EXPECT_EQ(view.template_name, "progress/overview");
  std::string html = Render(view);
  EXPECT_THAT(
      html,
      HasSubstr(
          R"(<a href="/framsteg/eu-spi-2020/rankning?year=2020">EU regions 2020 (EU-SPI)</a>)"));
  EXPECT_THAT(
      html,
      HasSubstr(
          R"(<a href="/framsteg/ramverk/eu-spi-2020">EU Regional Social Progress Index 2020</a>)"));
  EXPECT_THAT(html, Not(HasSubstr("/framsteg/importera")));  // visitors do not import
  EXPECT_EQ(Occurrences(html, "<h1"), 1u);

  web::Request editor = RequestFor(Language::kSwedish);
  editor.principal.user_id = 1;
  editor.principal.roles = {Role::kEditor};
  html = Render(OverviewPage(editor, English(), *frameworks, *datasets), Language::kSwedish);
  EXPECT_THAT(html, HasSubstr(R"(<a href="/framsteg/importera">)"));
  EXPECT_THAT(html, HasSubstr(R"(>EU-regionerna 2020 (EU-SPI)</a>)"));
  EXPECT_THAT(html, Not(HasSubstr("/framsteg/nytt-ramverk")));  // only admins define frameworks
}

TEST_F(ProgressPagesTest, RankingHasTheTableTheChartDataAndTheReasons) {
  auto ranking = service_->GetRanking("eu-spi-2020", std::nullopt);
  ASSERT_TRUE(ranking.ok());
  web::PageView view = RankingPage(RequestFor(Language::kSwedish), English(), *ranking);
  EXPECT_EQ(view.title, "Ranking 2020: EU-regionerna 2020 (EU-SPI)");
  const json& rows = view.data["rows"];
  ASSERT_EQ(rows.size(), 240u);
  EXPECT_EQ(rows[0]["index"], "85,16");
  EXPECT_EQ(rows[0]["href"], "/framsteg/eu-spi-2020/SE33?year=2020");
  const json& last = rows[239];
  EXPECT_EQ(last["index"], "Not available");
  EXPECT_EQ(last["index_sort"], "");
  ASSERT_FALSE(last["notes"].empty());
  EXPECT_THAT(last["notes"].front().get<std::string>(),
              HasSubstr("The index cannot be computed because"));

  std::string html = Render(view, Language::kSwedish);
  EXPECT_THAT(html, HasSubstr(R"(<table class="data-table" data-sortable>)"));
  EXPECT_THAT(
      html,
      HasSubstr(
          R"(<div class="chart__area chart__area--tall" data-chart="ranking-chart-data"></div>)"));
  EXPECT_THAT(html, HasSubstr(R"(<script type="application/json" id="ranking-chart-data">)"));
  EXPECT_THAT(html, HasSubstr("<figcaption>The index of the 231 regions that have one in 2020, "
                              "from the highest, Övre Norrland with 85,16"));
  EXPECT_THAT(
      html,
      HasSubstr(
          R"(<th scope="row"><a href="/framsteg/eu-spi-2020/SE33?year=2020">Övre Norrland</a></th>)"));
  EXPECT_THAT(html, HasSubstr(R"(class="num unavailable" data-sort-value="">Not available</td>)"));
  EXPECT_THAT(html, HasSubstr(R"(href="/framsteg/eu-spi-2020/rankning?year=2020&amp;format=csv")"));
  EXPECT_EQ(Occurrences(html, "<h1"), 1u);
  // The chart data is what the table shows, as numbers.
  size_t start = html.find(R"(id="ranking-chart-data">)") + 24;
  json chart = json::parse(html.substr(start, html.find("</script>", start) - start));
  EXPECT_EQ(chart["labels"].size(), 231u);
  EXPECT_EQ(chart["labels"][0], "Övre Norrland (SE33)");
  EXPECT_DOUBLE_EQ(chart["datasets"][0]["data"][0].get<double>(), 85.16);
}

TEST_F(ProgressPagesTest, RankingCsvAndJsonHaveEveryRegion) {
  auto ranking = service_->GetRanking("eu-spi-2020", 2020);
  ASSERT_TRUE(ranking.ok());
  std::string csv = RankingCsv(*ranking, English(), Language::kEnglish);
  auto table = CsvTable::Parse(csv);
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->rows().size(), 240u);
  EXPECT_EQ(table->header().size(), 7u + 3 + 12 + 1);
  EXPECT_EQ(table->Get(table->rows()[0], "region"), "SE33");
  EXPECT_EQ(table->Get(table->rows()[0], "index"), "85.16");
  EXPECT_EQ(table->Get(table->rows()[0], "rank"), "1");
  EXPECT_EQ(table->Get(table->rows()[239], "index"), "");
  EXPECT_EQ(table->Get(table->rows()[239], "complete"), "no");
  EXPECT_THAT(table->Get(table->rows()[239], "notes"), HasSubstr("cannot be computed"));

  json body = RankingJson(*ranking, English(), Language::kEnglish);
  EXPECT_EQ(body["items"].size(), 240u);
  EXPECT_EQ(body["items"][0]["index"], 85.16);
  EXPECT_TRUE(body["items"][239]["index"].is_null());
  EXPECT_TRUE(body["items"][239]["rank"].is_null());
}

TEST_F(ProgressPagesTest, ScorecardShowsEveryLevelWithPeersAndChart) {
  auto view = service_->GetScorecard("eu-spi-2020", "SE33", std::nullopt, std::nullopt);
  ASSERT_TRUE(view.ok());
  web::PageView page = ScorecardPage(RequestFor(Language::kEnglish), English(), *view);
  EXPECT_EQ(page.title, "Övre Norrland: scorecard 2020");
  EXPECT_EQ(page.data["components"].size(), 12u);
  EXPECT_EQ(page.data["indicators"].size(), 55u);
  EXPECT_EQ(page.data["figures"][0]["value"], "85.16");
  EXPECT_EQ(page.data["figures"][1]["value"], "1 of 231");
  EXPECT_THAT(page.data["peer_text"].get<std::string>(),
              HasSubstr("Compared with the 7 other regions of SE"));
  std::string html = Render(page);
  EXPECT_EQ(Occurrences(html, "<h1"), 1u);
  EXPECT_THAT(html, HasSubstr(R"(data-chart="components-chart-data")"));
  EXPECT_THAT(html, HasSubstr("<figcaption>Component scores of Övre Norrland in 2020"));
  EXPECT_THAT(html, HasSubstr("<caption>Components</caption>"));
  EXPECT_THAT(html, HasSubstr("<caption>Indicators, raw and on the scale 0–100</caption>"));
  EXPECT_THAT(html, HasSubstr("Scores exist for 2020 only"));
  EXPECT_THAT(html, HasSubstr(R"(<input type="radio" name="peers" value="country" checked>)"));
  EXPECT_THAT(
      html,
      HasSubstr(
          R"(href="/api/v1/progress/datasets/eu-spi-2020/regions/SE33/scorecard?year=2020&amp;peers=country")"));

  json body = ScorecardJson(*view, English(), Language::kEnglish);
  EXPECT_EQ(body["index"]["score"], 85.16);
  EXPECT_EQ(body["index"]["rank"], 1);
  EXPECT_EQ(body["peers"]["kind"], "country");
  EXPECT_EQ(body["peers"]["regions"].size(), 7u);
  EXPECT_EQ(body["indicators"].size(), 55u);
  EXPECT_FALSE(body["strengths"].empty() && body["weaknesses"].empty());

  // A region without an index says why, at the top.
  auto fi20 = service_->GetScorecard("eu-spi-2020", "FI20", 2020, std::nullopt);
  ASSERT_TRUE(fi20.ok());
  html = Render(ScorecardPage(RequestFor(Language::kEnglish), English(), *fi20));
  EXPECT_THAT(html, HasSubstr("Missing values and scores"));
  EXPECT_THAT(html, HasSubstr("The index cannot be computed because"));
}

TEST_F(ProgressPagesTest, ImportFormKeepsValuesAndShowsTheReport) {
  auto frameworks = service_->ListFrameworks();
  auto datasets = service_->ListDatasets();
  ASSERT_TRUE(frameworks.ok() && datasets.ok());
  web::Params form = web::Params::ParseUrlEncoded("dataset=&slug=Bad!&name_sv=&data=x&year=20x0");
  auto input = ImportFromForm(form);
  ASSERT_FALSE(input.ok());
  std::string html = Render(ImportPage(RequestFor(Language::kEnglish), English(), *frameworks,
                                       *datasets, form, &input.error(), nullptr));
  EXPECT_THAT(html, HasSubstr(R"(<a href="#field-year">)"));
  EXPECT_THAT(html, HasSubstr(R"(value="Bad!")"));
  EXPECT_THAT(html, HasSubstr(R"(<input type="hidden" name="csrf_token" value="token">)"));

  ImportOutcome outcome;
  outcome.stored = true;
  outcome.dataset = (*datasets)[0];
  outcome.years = {2020};
  outcome.data.rows = 3;
  outcome.data.values = 2;
  outcome.data.rejected = {{3, "The value {{value}} is not a number.", {{"value", "<x>"}}}};
  outcome.data.unused_columns = {"extra"};
  web::PageView page = ImportPage(RequestFor(Language::kEnglish), English(), *frameworks, *datasets,
                                  web::Params(), nullptr, &outcome);
  html = Render(page);
  EXPECT_THAT(
      html,
      HasSubstr("2 values from 3 rows were imported into EU regions 2020 (EU-SPI) for 2020."));
  EXPECT_THAT(html,
              HasSubstr("<td class=\"num\">3</td><td>The value &lt;x&gt; is not a number.</td>"));
  EXPECT_THAT(html, HasSubstr(R"(<span class="code">extra</span>)"));
  EXPECT_THAT(html, HasSubstr(R"(<a href="/framsteg/eu-spi-2020/rankning?year=2020">)"));
}

TEST_F(ProgressPagesTest, FrameworkPageListsIndicatorsWithTheirScale) {
  auto framework = service_->GetFramework("eu-spi-2020");
  auto datasets = service_->ListDatasets();
  ASSERT_TRUE(framework.ok() && datasets.ok());
  std::string html =
      Render(FrameworkPage(RequestFor(Language::kSwedish), English(), *framework, *datasets),
             Language::kSwedish);
  EXPECT_EQ(Occurrences(html, "<h1"), 1u);
  EXPECT_EQ(Occurrences(html, "<th scope=\"row\""), 55u);
  EXPECT_THAT(html, HasSubstr("Spädbarnsdödlighet"));
  EXPECT_THAT(html, HasSubstr("15,8"));  // infant mortality's dystopia, Swedish decimal comma

  json body = FrameworkJson(framework->framework);
  EXPECT_EQ(body["dimensions"].size(), 3u);
  EXPECT_EQ(body["dimensions"][0]["components"][0]["indicators"][1]["direction"], "lower");
}

}  // namespace
}  // namespace samverkan::progress
