#include "modules/impact/web/number_text.h"

#include <gtest/gtest.h>

namespace samverkan::impact {
namespace {

constexpr Language kSv = Language::kSwedish;
constexpr Language kEn = Language::kEnglish;
const std::string kNbsp = "\xC2\xA0";

TEST(NumberTextTest, FormatsNumbersTheWayEachLanguageWritesThem) {
  EXPECT_EQ(FormatMoney(120222803, kSv), "1" + kNbsp + "202" + kNbsp + "228,03");
  EXPECT_EQ(FormatMoney(120222803, kEn), "1,202,228.03");
  EXPECT_EQ(FormatMoney(-966184, kSv), "-9" + kNbsp + "661,84");
  EXPECT_EQ(FormatMoney(5, kEn), "0.05");
  EXPECT_EQ(FormatMoney(-0, kEn), "0.00");
  EXPECT_EQ(FormatMoney(99999, kEn), "999.99");
  EXPECT_EQ(FormatMoney(100000, kEn), "1,000.00");
  EXPECT_EQ(FormatDecimal(2.671617847, 2, kSv), "2,67");
  EXPECT_EQ(FormatDecimal(1234567.891, 1, kEn), "1,234,567.9");
  EXPECT_EQ(FormatDecimal(-0.001, 2, kEn), "0.00");
  EXPECT_EQ(FormatPercent(0.035, kSv), "3,5" + kNbsp + "%");
  EXPECT_EQ(FormatPercent(0.035, kEn), "3.5%");
  EXPECT_EQ(FormatPercent(0.25, kEn), "25%");
  EXPECT_EQ(FormatPercent(0.95385239, kEn), "95.39%");
}

TEST(NumberTextTest, FormatsValuesForFormFieldsWithoutGrouping) {
  EXPECT_EQ(FormatForInput(3.5000000000000004, 6, kSv), "3,5");
  EXPECT_EQ(FormatForInput(12, 6, kEn), "12");
  EXPECT_EQ(FormatMoneyForInput(2400050, kSv), "24000,50");
  EXPECT_EQ(FormatMoneyForInput(2400050, kEn), "24000.50");
  EXPECT_EQ(FormatMoneyForInput(-25000, kSv), "-250");
}

TEST(NumberTextTest, ReadsWhatPeopleType) {
  struct Case {
    const char* text;
    Language lang;
    std::optional<double> expected;
  };
  const Case cases[] = {
      {"3,5", kSv, 3.5},
      {"3.5", kSv, 3.5},
      {" 1 000 ", kSv, 1000},
      {"1\xC2\xA0"
       "000,25",
       kSv, 1000.25},
      {"\xE2\x88\x92"
       "2",
       kSv, -2},
      {"+4", kEn, 4},
      {"1,000.5", kEn, 1000.5},
      {"1,5", kEn, 15},
      {"abc", kSv, std::nullopt},
      {"1.2.3", kEn, std::nullopt},
      {"1e5", kEn, std::nullopt},
      {"", kEn, std::nullopt},
      {"inf", kEn, std::nullopt},
      {"3,", kSv, std::nullopt},
      {"-", kSv, std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseNumberInput(c.text, c.lang), c.expected) << c.text;
  }
  EXPECT_EQ(ParseWholeInput("12", kSv), 12);
  EXPECT_EQ(ParseWholeInput("1,5", kSv), std::nullopt);
  EXPECT_EQ(ParseWholeInput("99999999999", kSv), std::nullopt);
}

TEST(NumberTextTest, ReadsMoneyExactlyToTheOre) {
  EXPECT_EQ(ParseMoneyInput("24 000,50", kSv), 2400050);
  EXPECT_EQ(ParseMoneyInput("24,000.50", kEn), 2400050);
  EXPECT_EQ(ParseMoneyInput("0,29", kSv), 29);  // exact, no binary rounding
  EXPECT_EQ(ParseMoneyInput("-250 kr", kSv), -25000);
  EXPECT_EQ(ParseMoneyInput("60000 SEK", kEn), 6000000);
  EXPECT_EQ(ParseMoneyInput("12,345", kSv), std::nullopt);  // a third decimal is refused
  EXPECT_EQ(ParseMoneyInput("kr", kSv), std::nullopt);
  EXPECT_EQ(ParseMoneyInput("10000000000000", kSv), std::nullopt);  // above 10^12 kronor
}

}  // namespace
}  // namespace samverkan::impact
