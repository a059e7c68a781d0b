#include "modules/actors/json/actor_json.h"

#include <gtest/gtest.h>

#include "platform/audit_module.h"

#include <sstream>

#include "modules/actors/domain/actor_testing.h"
#include "modules/actors/module.h"
#include "storage/test_databases.h"

namespace samverkan::actors {
namespace {

using nlohmann::json;
using storage::Engine;
using testing::ReadSourceFile;
using testing::SampleProfile;
using testing::ShippedReference;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ActorJsonTest, ExportedRecordsReadBackUnchanged) {
  ActorProfile p = SampleProfile("x");
  p.founded.reset();
  p.partners = {"y", "z"};
  auto back = ProfileFromJson(json::parse(ProfileToJson(p).dump()));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*back, p);
}

TEST(ActorJsonTest, PlainTextsAreInTheRecordsLanguage) {
  auto p = ProfileFromJson(json::parse(
      R"({"language": "en", "name": "Green Kitchen", "summary": {"sv": "Kök"}, "sector": "business"})"));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->language, Language::kEnglish);
  EXPECT_EQ(p->name, (LocalizedText{"", "Green Kitchen"}));
  EXPECT_EQ(p->summary, (LocalizedText{"Kök", ""}));
  auto sv = ProfileFromJson(json::parse(R"({"name": "Gröna köket"})"));
  EXPECT_EQ(sv->name, (LocalizedText{"Gröna köket", ""}));
}

TEST(ActorJsonTest, NamesEveryFieldOfTheWrongType) {
  auto p = ProfileFromJson(json::parse(
      R"({"language": "de", "name": 5, "social_enterprise": "yes", "sdgs": [3, "8"],
          "regions": "24", "founded": 19.5, "certifications": [{"name": 1}], "partners": [null]})"));
  ASSERT_FALSE(p.ok());
  std::vector<std::string> fields;
  for (const auto& f : p.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"language", "name", "social_enterprise", "regions", "sdgs",
                                              "certifications", "founded", "partners"}));
  EXPECT_FALSE(ProfileFromJson(json::parse("[1, 2]")).ok());
}

TEST(ActorJsonTest, ReadsLinesWithNumbersAndSkipsBlankOnes) {
  std::istringstream in("\xEF\xBB\xBF{\"name\": \"A\"}\r\n\n   \n{not json}\n{\"name\": \"B\"}");
  auto rows = ReadJsonLines(in);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_TRUE(rows[0].profile.ok());
  EXPECT_EQ(rows[1].line, 4);
  EXPECT_FALSE(rows[1].profile.ok());
  EXPECT_EQ(rows[2].line, 5);
  EXPECT_EQ(rows[2].profile->name.sv, "B");
}

// Import and export through the module's DataPorter, as `samverkan import|export actors`.
class ActorPorterTest : public ::testing::TestWithParam<Engine> {
 protected:
  struct Installation {
    explicit Installation(Engine engine) : test_db(engine) {
      services.db = &test_db.db();
      services.reference = &ShippedReference();
      audit.Register(registry, services);  // the actors' changes go to the audit trail
      module.Register(registry, services);
      auto migrated = storage::ApplyMigrations(test_db.db(), registry.migrations());
      EXPECT_TRUE(migrated.ok());
    }
    const platform::DataPorter& porter() const {
      for (const auto& p : registry.porters()) {
        if (p.name == "actors") return p;
      }
      throw std::logic_error("no actors porter");
    }
    platform::ImportReport Import(const std::string& text, bool partial = false) {
      std::istringstream in(text);
      auto report = porter().import_jsonl(services, in, {.partial = partial});
      EXPECT_TRUE(report.ok()) << report.error().log_detail();
      return report.ok() ? *report : platform::ImportReport{};
    }
    std::string Export() {
      std::ostringstream out;
      auto count = porter().export_jsonl(services, out);
      EXPECT_TRUE(count.ok());
      return out.str();
    }

    storage::TestDatabase test_db;
    platform::Services services;
    platform::ModuleRegistry registry;
    platform::AuditModule audit;
    ActorsModule module;
  };
};

TEST_P(ActorPorterTest, TheDemoFileImportsAndExportsRecordForRecord) {
  const std::string demo = ReadSourceFile("data/demo/actors.jsonl");
  Installation first(GetParam());
  auto report = first.Import(demo);
  EXPECT_EQ(report.inserted, 48);
  ASSERT_TRUE(report.rejected.empty()) << report.rejected[0].line << ": " << report.rejected[0].reason;

  std::string exported = first.Export();
  std::vector<std::string> demo_lines = Lines(demo), exported_lines = Lines(exported);
  ASSERT_EQ(exported_lines.size(), demo_lines.size());
  for (size_t i = 0; i < demo_lines.size(); ++i) {
    EXPECT_EQ(json::parse(exported_lines[i]), json::parse(demo_lines[i])) << "line " << i + 1;
  }

  // Round trip: the export, imported into an empty database, exports identically.
  Installation second(GetParam());
  EXPECT_EQ(second.Import(exported).inserted, 48);
  EXPECT_EQ(second.Export(), exported);

  // Importing again updates by external id instead of adding.
  auto again = first.Import(demo);
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 48);
  EXPECT_EQ(first.Export(), exported);
}

TEST_P(ActorPorterTest, AFileWithBadRowsIsReportedAndWritesNothing) {
  const std::string file =
      R"({"external_id": "ok-1", "name": "Ett", "sector": "business"})" "\n"
      R"({"external_id": "broken", "name": )" "\n"
      "\n"
      R"({"external_id": "bad-sector", "name": "Fyra", "sector": "government"})" "\n"
      R"({"external_id": "bad-number", "name": "Fem", "sector": "public", "org_number": "212000-0143"})" "\n"
      R"({"external_id": "ok-6", "name": "Sex", "sector": "academia", "partners": ["ok-7", "ok-1"]})" "\n"
      R"({"external_id": "ok-7", "name": "Sju", "sector": "civil_society", "partners": ["ok-6"]})" "\n"
      R"({"external_id": "ok-1", "name": "Ett igen", "sector": "business"})" "\n"
      R"({"external_id": "ghost", "name": "Nio", "sector": "business", "partners": ["nobody"]})" "\n";
  Installation installation(GetParam());
  auto report = installation.Import(file);
  std::vector<int> lines;
  for (const auto& r : report.rejected) lines.push_back(r.line);
  EXPECT_EQ(lines, (std::vector<int>{2, 4, 5, 8, 9}));
  EXPECT_NE(report.rejected[1].reason.find("sector: There is no sector government."), std::string::npos)
      << report.rejected[1].reason;
  EXPECT_NE(report.rejected[2].reason.find("org_number"), std::string::npos);
  EXPECT_NE(report.rejected[3].reason.find("already on line 1"), std::string::npos) << report.rejected[3].reason;
  EXPECT_NE(report.rejected[4].reason.find("nobody"), std::string::npos);
  EXPECT_EQ(report.inserted, 0);
  EXPECT_EQ(installation.Export(), "");

  auto partial = installation.Import(file, true);
  EXPECT_EQ(partial.inserted, 3);
  EXPECT_EQ(partial.rejected.size(), 5u);
  std::vector<std::string> exported = Lines(installation.Export());
  ASSERT_EQ(exported.size(), 3u);
  EXPECT_EQ(json::parse(exported[1])["partners"], json::parse(R"(["ok-7", "ok-1"])"));
}

INSTANTIATE_TEST_SUITE_P(Engines, ActorPorterTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::actors
