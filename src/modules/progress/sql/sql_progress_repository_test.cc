// ProgressService over the SQL repository, on every engine the test run has (SQLite always,
// PostgreSQL when SAMVERKAN_TEST_POSTGRES is set): the shipped EU-SPI data stored and read
// back, imports in wide and long form with their reports, merging, permissions, frameworks.
#include "modules/progress/sql/sql_progress_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "modules/progress/domain/framework_csv.h"
#include "modules/progress/domain/progress_service.h"
#include "modules/progress/module.h"
#include "platform/audit.h"
#include "storage/test_databases.h"

namespace samverkan::progress {
namespace {

using storage::Engine;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Optional;

constexpr int64_t kNow = 1'790'000'000'000;

// A small framework in the platform format: two dimensions, three components, four indicators.
constexpr const char* kFrameworkCsv =
    "dimension_code,dimension_name_sv,dimension_name_en,component_code,component_name_sv,"
    "component_name_en,indicator_code,indicator_name_sv,indicator_name_en,unit,source,direction,"
    "utopia,dystopia,weight\n"
    "basic,Grundläggande behov,Basic needs,health,Hälsa,Health,life,Medellivslängd,Life "
    "expectancy,år,SCB,higher,90,70,\n"
    "basic,Grundläggande behov,Basic needs,health,Hälsa,Health,infant,Spädbarnsdödlighet,Infant "
    "mortality,per 1000,SCB,lower,0,10,\n"
    "basic,Grundläggande behov,Basic needs,safety,Trygghet,Safety,safe,Känner sig trygg,Feels "
    "safe,%,Polisen,higher,100,50,\n"
    "opportunity,Möjligheter,Opportunity,education,Utbildning,Education,school,Gymnasieexamen,"
    "Upper-secondary degree,%,Skolverket,higher,100,40,2\n";

std::string ReadSpiFile(const std::string& name) {
  std::ifstream in(std::string(SAMVERKAN_SPI_DATA_DIR) + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Principal Editor() {
  Principal p;
  p.user_id = 7;
  p.roles = {Role::kEditor};
  p.method = AuthMethod::kSession;
  return p;
}

Principal Admin() {
  Principal p = Editor();
  p.user_id = 8;
  p.roles = {Role::kAdmin};
  return p;
}

Principal Member() {
  Principal p = Editor();
  p.user_id = 9;
  p.roles = {Role::kMember};
  return p;
}

class ProgressServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto schema = platform::AuditMigrations();
    for (auto& m : ProgressMigrations()) schema.push_back(std::move(m));
    auto migrated = storage::ApplyMigrations(db(), schema);
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
  }

  storage::Database& db() { return test_db_.db(); }

  RepositoryScope Scope(storage::TxMode mode) {
    return [this, mode](const std::function<Status(ProgressRepository&)>& work) -> Status {
      return db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
        SqlProgressRepository repo(tx);
        return work(repo);
      });
    };
  }

  int64_t Count(const std::string& table) {
    auto row = db().Read(
        [&](storage::Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM " + table); });
    EXPECT_TRUE(row.ok());
    return row.ok() && row->has_value() ? (*row)->Int(0) : -1;
  }

  void DefineSmallFramework() {
    auto defined = service_.DefineFramework(
        Admin(), {"kommun-spi", {"Kommunindex", "Municipal index"}, kFrameworkCsv});
    ASSERT_TRUE(defined.ok()) << defined.error().message();
  }

  DatasetImport NewDataset(std::string slug, std::string csv) {
    DatasetImport input;
    input.draft.slug = std::move(slug);
    input.draft.name = {"Kommuner", "Municipalities"};
    input.draft.aggregation = kGlobalSpiAggregation;
    input.framework_code = "kommun-spi";
    input.data_csv = std::move(csv);
    return input;
  }

  storage::TestDatabase test_db_{GetParam()};
  ProgressService service_{Scope(storage::TxMode::kWrite), Scope(storage::TxMode::kRead),
                           [] { return kNow; }};
};

TEST_P(ProgressServiceTest, StoresTheShippedEuSpiDataAndRanksIt) {
  ASSERT_TRUE(InstallEuSpi2020(service_, SAMVERKAN_SOURCE_DIR).ok());
  // Installing again changes nothing.
  ASSERT_TRUE(InstallEuSpi2020(service_, SAMVERKAN_SOURCE_DIR).ok());

  auto frameworks = service_.ListFrameworks();
  ASSERT_TRUE(frameworks.ok());
  ASSERT_EQ(frameworks->size(), 1u);
  EXPECT_EQ((*frameworks)[0].code, "eu-spi-2020");
  EXPECT_EQ((*frameworks)[0].dimensions, 3);
  EXPECT_EQ((*frameworks)[0].components, 12);
  EXPECT_EQ((*frameworks)[0].indicators, 55);

  // The stored framework reads back as the parsed one, aliases included.
  auto parsed = ParseEuSpiMetadata(ReadSpiFile("eu_spi_2020_indicator_metadata.csv"),
                                   ReadSpiFile("eu_spi_2020_names_sv.csv"));
  ASSERT_TRUE(parsed.ok());
  auto stored = service_.GetFramework("eu-spi-2020");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(WriteFrameworkCsv(stored->framework), WriteFrameworkCsv(*parsed));
  for (size_t i = 0; i < parsed->indicator_count(); ++i) {
    EXPECT_EQ(stored->framework.indicator(i).aliases, parsed->indicator(i).aliases);
    EXPECT_EQ(stored->framework.indicator(i).utopia, parsed->indicator(i).utopia);
  }
  EXPECT_EQ(stored->framework.component(0).aliases, parsed->component(0).aliases);

  auto datasets = service_.ListDatasets();
  ASSERT_TRUE(datasets.ok());
  ASSERT_EQ(datasets->size(), 2u);
  const DatasetInfo& regions = (*datasets)[0];
  EXPECT_EQ(regions.slug, "eu-spi-2020");
  EXPECT_EQ(regions.regions, 240);
  EXPECT_THAT(regions.years, ElementsAre(2020));
  EXPECT_EQ((*datasets)[1].regions, 27);

  auto ranking = service_.GetRanking("eu-spi-2020", std::nullopt);
  ASSERT_TRUE(ranking.ok()) << ranking.error().message();
  EXPECT_EQ(ranking->year, 2020);
  ASSERT_EQ(ranking->rows.size(), 240u);
  EXPECT_EQ(ranking->complete, 231);
  EXPECT_EQ(ranking->rows[0].region.code, "SE33");
  EXPECT_EQ(ranking->rows[0].region.name, "Övre Norrland");
  EXPECT_EQ(ranking->rows[0].rank, 1);
  EXPECT_THAT(ranking->rows[0].scores.index, Optional(DoubleNear(85.16, 0.005)));
  EXPECT_EQ(ranking->rows[1].region.code, "FI1B");
  EXPECT_EQ(ranking->rows[2].region.code, "SE32");
  // The nine regions without an index come last, each with the reason.
  std::vector<std::string> incomplete;
  for (size_t r = 231; r < 240; ++r) {
    const RankingRow& row = ranking->rows[r];
    EXPECT_FALSE(row.rank);
    EXPECT_FALSE(row.scores.index);
    EXPECT_TRUE(std::any_of(row.scores.notes.begin(), row.scores.notes.end(),
                            [](const ScoreNote& n) { return n.level == ScoreLevel::kIndex; }))
        << row.region.code;
    incomplete.push_back(row.region.code);
  }
  EXPECT_THAT(incomplete,
              ElementsAre("ES70", "FI20", "FRY1", "FRY2", "FRY3", "FRY4", "FRY5", "PT20", "PT30"));
  // By id as well as by slug.
  EXPECT_TRUE(service_.GetRanking(std::to_string(regions.id), 2020).ok());
  EXPECT_TRUE(service_.GetRanking("eu-spi-2020", 2019).error().IsNotFound());
  EXPECT_TRUE(service_.GetRanking("no-such-data", std::nullopt).error().IsNotFound());
}

TEST_P(ProgressServiceTest, ScorecardAgreesWithTheStoredRanking) {
  ASSERT_TRUE(InstallEuSpi2020(service_, SAMVERKAN_SOURCE_DIR).ok());
  auto view = service_.GetScorecard("eu-spi-2020", "SE33", std::nullopt, std::nullopt);
  ASSERT_TRUE(view.ok()) << view.error().message();
  EXPECT_EQ(view->card.year, 2020);
  EXPECT_EQ(view->region.country, "SE");
  EXPECT_EQ(view->peers.kind, PeerGroupKind::kSameCountry);
  EXPECT_EQ(view->peer_regions.size(), 7u);
  EXPECT_THAT(view->card.index.score, Optional(DoubleNear(85.16, 0.005)));
  EXPECT_EQ(view->card.index.rank, 1);
  EXPECT_EQ(view->card.index.ranked_regions, 231);
  EXPECT_EQ(view->card.indicators.size(), 55u);
  EXPECT_EQ(view->card.trend.size(), 1u);
  // Infant mortality of SE33 as in the file.
  auto infant = view->framework.FindIndicator("Infant mortality");
  ASSERT_TRUE(infant);
  EXPECT_TRUE(view->card.indicators[*infant].raw.has_value());

  auto chosen = service_.GetScorecard(
      "eu-spi-2020", "SE33", 2020,
      PeerGroupSpec{.kind = PeerGroupKind::kChosenRegions, .regions = {"FI1B", "DK01"}});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->peer_regions.size(), 2u);
  EXPECT_EQ(chosen->peer_regions[0].name, "Helsinki-Uusimaa");

  EXPECT_TRUE(
      service_.GetScorecard("eu-spi-2020", "XX99", 2020, std::nullopt).error().IsNotFound());
  EXPECT_TRUE(
      service_
          .GetScorecard("eu-spi-2020", "SE33", 2020,
                        PeerGroupSpec{.kind = PeerGroupKind::kChosenRegions, .regions = {"XX99"}})
          .error()
          .IsInvalid());
}

TEST_P(ProgressServiceTest, ImportsLongFormWithAReportAndMergesLaterFiles) {
  DefineSmallFramework();
  // Kolada-like long form with semicolons and decimal commas: two municipalities, two years,
  // a bad value, an unknown indicator and a gender row.
  const std::string csv =
      "kommunkod;nyckeltal;år;kön;värde\n"
      "0114;life;2022;T;82,5\n"
      "0114;infant;2022;T;2\n"
      "0114;safe;2022;T;80\n"
      "0114;school;2022;T;70\n"
      "0114;school;2022;K;75\n"
      "2480;life;2022;T;84\n"
      "2480;infant;2022;T;x\n"
      "2480;safe;2022;T;90\n"
      "2480;school;2022;T;85\n"
      "2480;nonsense;2022;T;1\n"
      "0114;life;2023;T;83\n"
      "0114;infant;2023;T;1\n"
      "0114;safe;2023;T;85\n"
      "0114;school;2023;T;75\n";
  auto outcome = service_.ImportDataset(Editor(), NewDataset("kommuner", csv));
  ASSERT_TRUE(outcome.ok()) << outcome.error().message();
  EXPECT_TRUE(outcome->stored);
  EXPECT_EQ(outcome->data.values, 11u);
  ASSERT_EQ(outcome->data.rejected.size(), 3u);
  EXPECT_EQ(outcome->data.rejected[0].line, 6);  // the gender row
  EXPECT_EQ(outcome->data.rejected[1].line, 8);
  EXPECT_EQ(outcome->data.rejected[1].message, "The value {{value}} is not a number.");
  EXPECT_EQ(outcome->data.rejected[2].line, 11);
  EXPECT_THAT(outcome->years, ElementsAre(2022, 2023));
  EXPECT_EQ(outcome->complete, 3);  // 2480 keeps an index: infant is skipped, health has life
  EXPECT_EQ(outcome->dataset.slug, "kommuner");
  EXPECT_EQ(outcome->dataset.values, 11);
  EXPECT_THAT(outcome->dataset.years, ElementsAre(2022, 2023));

  auto ranking = service_.GetRanking("kommuner", 2022);
  ASSERT_TRUE(ranking.ok());
  ASSERT_EQ(ranking->rows.size(), 2u);
  // Hand-computed with arithmetic means (exponents 1):
  // 0114: health (62.5 + 80)/2 = 71.25, safety 60, basic 65.625; education 50; index 57.8125.
  EXPECT_EQ(ranking->rows[1].region.code, "0114");
  EXPECT_THAT(ranking->rows[1].scores.index, Optional(DoubleNear(57.8125, 1e-9)));
  // 2480: health 70 (infant skipped and noted), safety 80, basic 75; education 75; index 75.
  EXPECT_EQ(ranking->rows[0].region.code, "2480");
  EXPECT_THAT(ranking->rows[0].scores.index, Optional(DoubleNear(75, 1e-9)));
  ASSERT_EQ(ranking->rows[0].scores.notes.size(), 1u);
  EXPECT_EQ(ranking->rows[0].scores.notes[0].code, "infant");
  EXPECT_EQ(ranking->rows[0].scores.notes[0].args.at("component"), "health");

  // Change over years: 0114 in 2023 is health (65 + 90)/2 = 77.5, safety 70, basic 73.75,
  // education 58.33…, index 66.04…; 8.229… up on 2022.
  auto card = service_.GetScorecard("kommuner", "0114", 2023, std::nullopt);
  ASSERT_TRUE(card.ok()) << card.error().message();
  EXPECT_EQ(card->peers.kind, PeerGroupKind::kChosenRegions);  // no country: no peers
  EXPECT_EQ(card->card.index.change_since, 2022);
  EXPECT_THAT(card->card.index.change, Optional(DoubleNear(66.0416667 - 57.8125, 1e-6)));
  EXPECT_EQ(card->card.trend.size(), 2u);

  // A second file replaces 2480's infant mortality for 2022 and adds a region table.
  DatasetImport more;
  more.dataset = "kommuner";
  more.data_csv = "kommunkod,infant,life\n2480,4,\n";
  more.year = 2022;
  more.regions_csv =
      "kommunkod,namn,befolkning,gdp_per_capita\n2480,Umeå,130000,400\n9999,Ingen,1,1\n";
  auto merged = service_.ImportDataset(Editor(), more);
  ASSERT_TRUE(merged.ok()) << merged.error().message();
  EXPECT_EQ(merged->data.values, 1u);
  EXPECT_EQ(merged->data.missing_values, 1u);
  EXPECT_THAT(merged->unknown_regions, ElementsAre("9999"));
  EXPECT_EQ(merged->dataset.values, 12);
  ranking = service_.GetRanking("kommuner", 2022);
  ASSERT_TRUE(ranking.ok());
  // 2480: health (70 + 60)/2 = 65, basic 72.5, index 73.75.
  EXPECT_EQ(ranking->rows[0].region.name, "Umeå");
  EXPECT_EQ(ranking->rows[0].region.population, 130000);
  EXPECT_THAT(ranking->rows[0].scores.index, Optional(DoubleNear(73.75, 1e-9)));
  EXPECT_TRUE(ranking->rows[0].scores.notes.empty());
  // Values of 2023 were kept.
  EXPECT_TRUE(service_.GetRanking("kommuner", 2023).ok());

  // The audit trail has the creations and both imports.
  EXPECT_EQ(Count("audit_log WHERE entity = 'progress_dataset'"), 3);
}

TEST_P(ProgressServiceTest, ChecksWithoutStoringAndRefusesUnusableFiles) {
  DefineSmallFramework();
  DatasetImport check = NewDataset("prov", "region,life,infant,safe,school\n0114,80,2,70,60\n");
  check.year = 2024;
  check.check_only = true;
  auto checked = service_.ImportDataset(Editor(), check);
  ASSERT_TRUE(checked.ok()) << checked.error().message();
  EXPECT_FALSE(checked->stored);
  EXPECT_EQ(checked->complete, 1);
  EXPECT_EQ(checked->dataset.values, 4);
  EXPECT_EQ(Count("progress_datasets"), 0);

  // Without a year column and without a year.
  auto no_year = service_.ImportDataset(Editor(), NewDataset("prov", "region,life\n0114,80\n"));
  ASSERT_FALSE(no_year.ok());
  ASSERT_EQ(no_year.error().fields().size(), 1u);
  EXPECT_EQ(no_year.error().fields()[0].field, "year");

  // Nothing recognisable.
  auto nothing = service_.ImportDataset(Editor(), NewDataset("prov", "region,foo\n0114,1\n"));
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().fields()[0].field, "data");

  // Bad draft: every problem at once.
  DatasetImport bad = NewDataset("Bad Slug!", "");
  bad.draft.name = {};
  bad.framework_code = "";
  auto invalid = service_.ImportDataset(Editor(), bad);
  ASSERT_FALSE(invalid.ok());
  std::vector<std::string> fields;
  for (const auto& f : invalid.error().fields()) fields.push_back(f.field);
  EXPECT_THAT(fields, ElementsAre("slug", "name", "framework", "data"));

  auto reserved =
      service_.ImportDataset(Editor(), NewDataset("importera", "region,year,life\n0114,2020,80\n"));
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().fields()[0].field, "slug");

  auto unknown = service_.ImportDataset(Editor(), [&] {
    DatasetImport input = NewDataset("x1", "region,year,life\n0114,2020,80\n");
    input.framework_code = "no-such";
    return input;
  }());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields()[0].field, "framework");

  // A slug taken.
  ASSERT_TRUE(
      service_.ImportDataset(Editor(), NewDataset("taken", "region,year,life\n0114,2020,80\n"))
          .ok());
  auto taken =
      service_.ImportDataset(Editor(), NewDataset("taken", "region,year,life\n0114,2020,80\n"));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().fields()[0].field, "slug");
  EXPECT_EQ(Count("progress_datasets"), 1);
}

TEST_P(ProgressServiceTest, OnlyEditorsImportAndOnlyAdminsDefineFrameworks) {
  DefineSmallFramework();
  const DatasetImport input = NewDataset("kommuner", "region,year,life\n0114,2020,80\n");
  auto anonymous = service_.ImportDataset(Principal{}, input);
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().code(), ErrorCode::kUnauthenticated);
  auto member = service_.ImportDataset(Member(), input);
  ASSERT_FALSE(member.ok());
  EXPECT_EQ(member.error().code(), ErrorCode::kPermissionDenied);
  Principal read_token = Editor();
  read_token.method = AuthMethod::kApiToken;
  read_token.scopes = {"read"};
  EXPECT_EQ(service_.ImportDataset(read_token, input).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("progress_datasets"), 0);
  EXPECT_TRUE(service_.ImportDataset(Admin(), input).ok());

  FrameworkDefinition definition{"annat", {"Annat", ""}, kFrameworkCsv};
  EXPECT_EQ(service_.DefineFramework(Editor(), definition).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_.DefineFramework(Principal{}, definition).error().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(Count("progress_frameworks"), 1);
}

TEST_P(ProgressServiceTest, DefinesFrameworksOnce) {
  auto defined =
      service_.DefineFramework(Admin(), {"kommun-spi", {"Kommunindex", ""}, kFrameworkCsv});
  ASSERT_TRUE(defined.ok()) << defined.error().message();
  EXPECT_EQ(defined->components, 3);
  EXPECT_EQ(defined->indicators, 4);
  auto stored = service_.GetFramework("kommun-spi");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->framework.name().sv, "Kommunindex");
  EXPECT_EQ(stored->framework.indicator(1).direction, Direction::kLowerIsBetter);
  EXPECT_THAT(stored->framework.indicator(3).weight, Optional(2.0));
  EXPECT_FALSE(stored->framework.indicator(0).weight);
  EXPECT_EQ(stored->framework.indicator(0).unit, "år");

  auto again = service_.DefineFramework(Admin(), {"kommun-spi", {"Igen", ""}, kFrameworkCsv});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().fields()[0].field, "code");

  auto broken =
      service_.DefineFramework(Admin(), {"trasig", {"Trasig", ""}, "dimension_code\nx\n"});
  ASSERT_FALSE(broken.ok());
  EXPECT_TRUE(broken.error().IsInvalid());
  EXPECT_EQ(broken.error().fields()[0].field, "framework");
  EXPECT_TRUE(service_.GetFramework("trasig").error().IsNotFound());
}

INSTANTIATE_TEST_SUITE_P(Engines, ProgressServiceTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::progress
