#include "core/csv.h"

#include <gtest/gtest.h>

namespace samverkan {
namespace {

TEST(CsvTest, ParsesQuotedFieldsAndKeepsLineNumbers) {
  auto rows = ParseCsv("\xEF\xBB\xBFname,text\nÅre,\"a, \"\"b\"\"\nc\"\nUmeå,d\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].fields[0], "name");
  EXPECT_EQ((*rows)[1].fields[0], "Åre");
  EXPECT_EQ((*rows)[1].fields[1], "a, \"b\"\nc");
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_EQ((*rows)[2].line, 4);
  EXPECT_EQ((*rows)[2].fields[1], "d");
}

TEST(CsvTest, LastRecordWithoutLineBreakAndCrlf) {
  auto rows = ParseCsv("a,b\r\n1,2");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].fields[1], "2");
  EXPECT_EQ((*rows)[1].line, 2);
}

TEST(CsvTest, LineNumbersCountBlankLinesAndBareCarriageReturns) {
  // Older spreadsheet programs end lines with a bare CR; libcsv ends a record there too.
  auto rows = ParseCsv("a,b\n\n  \n1,2\r3,4\r\n\"x\ny\",5\n6,7");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ((*rows)[0].line, 1);
  EXPECT_EQ((*rows)[1].line, 4);
  EXPECT_EQ((*rows)[2].line, 5);
  EXPECT_EQ((*rows)[3].line, 6);
  EXPECT_EQ((*rows)[3].fields[0], "x\ny");
  EXPECT_EQ((*rows)[4].line, 8);
}

TEST(CsvTest, MalformedQuotingIsAnErrorNamingTheLine) {
  auto rows = ParseCsv("a,b\n1,2\n3,\"x\"y\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().fields().at(0).args.at("line"), "3");
}

TEST(CsvTest, TableLooksUpColumnsByName) {
  auto table = CsvTable::Parse("code,name\n01,Stockholms län\n");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->Get(table->rows()[0], "name"), "Stockholms län");
  EXPECT_EQ(table->Get(table->rows()[0], "missing"), "");
  EXPECT_EQ(table->Column("code"), 0);
}

TEST(CsvTest, WritesQuotedFieldsAndDefusesFormulas) {
  std::string out;
  AppendCsvRecord(out, {"plain", "a,b", "say \"hi\"", "=SUM(A1)", "-3.5", "-x"});
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=SUM(A1)\",-3.5,\"'-x\"\r\n");
  auto back = ParseCsv(out);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0].fields[2], "say \"hi\"");
}

TEST(CsvTest, KeepsBlanksAroundAFieldWhenWrittenAndReadBack) {
  std::string out;
  AppendCsvRecord(out, {" leading", "trailing\t", "in side"});
  EXPECT_EQ(out, "\" leading\",\"trailing\t\",in side\r\n");
  auto back = ParseCsv(out);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0].fields, (std::vector<std::string>{" leading", "trailing\t", "in side"}));
}

}  // namespace
}  // namespace samverkan
