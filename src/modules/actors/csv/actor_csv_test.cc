#include "modules/actors/csv/actor_csv.h"

#include <gtest/gtest.h>

#include "modules/actors/domain/actor_testing.h"

namespace samverkan::actors {
namespace {

using testing::GeneratedProfiles;
using testing::SampleProfile;
using testing::ShippedReference;

std::vector<ImportRow> ReadOk(std::string_view text) {
  auto rows = ReadActorCsv(text);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().message());
  return rows.ok() ? std::move(rows).value() : std::vector<ImportRow>{};
}

TEST(ActorCsvTest, WhatIsWrittenReadsBackUnchanged) {
  std::vector<ActorProfile> profiles = GeneratedProfiles(60, 7, ShippedReference());
  ActorProfile sample = SampleProfile("csv-1");
  // Markdown that a spreadsheet would take for a formula, quotes, separators and line breaks.
  sample.description = {"- punkt ett\n- punkt två, med \"citat\"", "=not a formula; really|"};
  sample.partners = {"gen-1", "gen-2"};
  profiles.push_back(sample);
  std::string out = ActorCsvHeader();
  for (const auto& p : profiles) AppendActorCsv(out, p);
  ASSERT_EQ(out.rfind("\xEF\xBB\xBF" "external_id,language,name_sv", 0), 0u);

  auto rows = ReadOk(out);
  ASSERT_EQ(rows.size(), profiles.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_TRUE(rows[i].profile.ok()) << i << ": " << rows[i].profile.error().message();
    EXPECT_EQ(*rows[i].profile, profiles[i]) << "row " << i;
  }
  EXPECT_EQ(rows[0].line, 2);
}

TEST(ActorCsvTest, ReadsWhatASwedishSpreadsheetWrites) {
  // Semicolons between fields, columns in another order, "ja"/"nej", blanks around items.
  const std::string text =
      "name_sv;sector;social_enterprise;sdgs;regions;certifications;founded\r\n"
      "Café Ängen;business;ja;3 | 8;24|SE;\"Kvalitetsmärket;Exempelrådet;2027-01-31\";2015\r\n"
      "\r\n"
      "Föreningen Öst;civil_society;nej;;;;\r\n";
  auto rows = ReadOk(text);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_TRUE(rows[0].profile.ok());
  const ActorProfile& cafe = *rows[0].profile;
  EXPECT_EQ(cafe.name.sv, "Café Ängen");
  EXPECT_TRUE(cafe.social_enterprise);
  EXPECT_EQ(cafe.sdgs, (std::vector<int>{3, 8}));
  EXPECT_EQ(cafe.regions, (std::vector<std::string>{"24", "SE"}));
  ASSERT_EQ(cafe.certifications.size(), 1u);
  EXPECT_EQ(cafe.certifications[0].issuer, "Exempelrådet");
  EXPECT_EQ(cafe.founded, 2015);
  EXPECT_EQ(rows[1].line, 4);
  ASSERT_TRUE(rows[1].profile.ok());
  EXPECT_FALSE(rows[1].profile->social_enterprise);
  EXPECT_FALSE(rows[1].profile->founded.has_value());
}

TEST(ActorCsvTest, BadCellsAreRowErrorsNamingTheColumn) {
  const std::string text =
      "name_sv,sector,wise,founded,sdgs,language\n"
      "Rätt,business,true,1999,1|2,sv\n"
      "Fel,business,kanske,nittonhundra,tre,fr\n";
  auto rows = ReadOk(text);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].profile.ok());
  ASSERT_FALSE(rows[1].profile.ok());
  EXPECT_EQ(rows[1].line, 3);
  std::vector<std::string> fields;
  for (const auto& e : rows[1].profile.error().fields()) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"language", "wise", "sdgs", "founded"}));
}

TEST(ActorCsvTest, AFileThatIsNotAnActorTableIsOneError) {
  EXPECT_FALSE(ReadActorCsv("namn,sektor\nA,B\n").ok());       // no known columns
  EXPECT_FALSE(ReadActorCsv("").ok());                          // no header row
  auto broken = ReadActorCsv("name_sv,sector\n\"open,business\n");  // unterminated quote
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().fields().at(0).args.count("line"), 1u);
}

}  // namespace
}  // namespace samverkan::actors
