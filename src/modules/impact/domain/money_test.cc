#include "modules/impact/domain/money.h"

#include <gtest/gtest.h>

#include <cmath>

namespace samverkan::impact {
namespace {

TEST(MoneyTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(RoundToOre(2.5L), 3);
  EXPECT_EQ(RoundToOre(-2.5L), -3);
  EXPECT_EQ(RoundToOre(2.4999L), 2);
  EXPECT_EQ(RoundToOre(3.5L), 4);  // not to even
  EXPECT_EQ(RoundToOre(-0.4L), 0);
}

TEST(MoneyTest, RoundingRefusesWhatItCannotReportExactly) {
  EXPECT_FALSE(RoundToOre(NAN).has_value());
  EXPECT_FALSE(RoundToOre(INFINITY).has_value());
  EXPECT_EQ(RoundToOre(static_cast<long double>(kMaxExactOre)), kMaxExactOre);
  EXPECT_FALSE(RoundToOre(static_cast<long double>(kMaxExactOre) + 1).has_value());
  EXPECT_FALSE(RoundToOre(-1e30L).has_value());
}

TEST(MoneyTest, KronorFromJsonNumbersAreExactToTheOre) {
  // 0.29 is 0.28999999999999998 as a double: truncating 0.29 * 100 would give 28.
  EXPECT_EQ(KronorToOre(0.29), 29);
  EXPECT_EQ(KronorToOre(1234.56), 123456);
  EXPECT_EQ(KronorToOre(-19.99), -1999);
  EXPECT_EQ(KronorToOre(1e12), 100'000'000'000'000);
  EXPECT_EQ(KronorToOre(999999999.99), 99'999'999'999);
}

TEST(MoneyTest, KronorWithMoreThanTwoDecimalsAreRejectedNotRounded) {
  EXPECT_FALSE(KronorToOre(12.345).has_value());
  EXPECT_FALSE(KronorToOre(0.001).has_value());
  EXPECT_FALSE(KronorToOre(1e12 + 1).has_value());  // beyond kMaxEnteredOre
  EXPECT_FALSE(KronorToOre(NAN).has_value());
}

TEST(MoneyTest, ParsesDecimalText) {
  EXPECT_EQ(ParseKronor("57300"), 5730000);
  EXPECT_EQ(ParseKronor("1234.5"), 123450);
  EXPECT_EQ(ParseKronor("-0.29"), -29);
  EXPECT_EQ(ParseKronor("0.05"), 5);
  EXPECT_FALSE(ParseKronor("1.234").has_value());
  EXPECT_FALSE(ParseKronor("1,5").has_value());
  EXPECT_FALSE(ParseKronor("12.").has_value());
  EXPECT_FALSE(ParseKronor(".5").has_value());
  EXPECT_FALSE(ParseKronor("").has_value());
  EXPECT_FALSE(ParseKronor("99999999999999999999").has_value());
}

TEST(MoneyTest, ConvertsAndFormats) {
  EXPECT_EQ(OreToKronor(123456), 1234.56);
  EXPECT_EQ(OreToKronor(-5), -0.05);
  EXPECT_EQ(FormatKronor(123456), "1234.56");
  EXPECT_EQ(FormatKronor(-5), "-0.05");
  EXPECT_EQ(FormatKronor(100), "1.00");
  EXPECT_EQ(FormatKronor(0), "0.00");
}

}  // namespace
}  // namespace samverkan::impact
