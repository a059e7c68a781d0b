#include "modules/progress/domain/decimal_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace samverkan::progress {
namespace {

using ::testing::Optional;

TEST(ParseDecimalTest, ReadsPlainNumbers) {
  EXPECT_THAT(ParseDecimal("12.5"), Optional(12.5));
  EXPECT_THAT(ParseDecimal(" -3 "), Optional(-3.0));
  EXPECT_THAT(ParseDecimal("+1e3"), Optional(1000.0));
  EXPECT_THAT(ParseDecimal("0.000000000"), Optional(0.0));
}

TEST(ParseDecimalTest, RejectsWhatIsNotAFiniteNumber) {
  for (const char* text : {"", "abc", "12.5x", "1,234.5", "inf", "nan", "++1", "1 2"}) {
    EXPECT_EQ(ParseDecimal(text), std::nullopt) << text;
  }
}

TEST(ParseDecimalTest, DecimalCommaOnlyWhenAllowed) {
  EXPECT_EQ(ParseDecimal("12,5"), std::nullopt);
  EXPECT_THAT(ParseDecimal("12,5", true), Optional(12.5));
  EXPECT_EQ(ParseDecimal("1.234,5", true), std::nullopt);
}

TEST(IsMissingMarkerTest, KnowsTheMarkersOfStatisticalOffices) {
  for (const char* text : {"", " ", "NA", "na", "N/A", "NaN", "null", "..", ":", "-"}) {
    EXPECT_TRUE(IsMissingMarker(text)) << text;
  }
  for (const char* text : {"0", "-1", "n"}) EXPECT_FALSE(IsMissingMarker(text)) << text;
}

TEST(FormatDecimalTest, FixedDigitsWithoutNegativeZero) {
  EXPECT_EQ(FormatDecimal(85.156962, 2), "85.16");
  EXPECT_EQ(FormatDecimal(100, 2), "100.00");
  EXPECT_EQ(FormatDecimal(-0.001, 2), "0.00");
  EXPECT_EQ(FormatDecimal(-1.5, 1), "-1.5");
  EXPECT_EQ(FormatShortest(0.07), "0.07");
  EXPECT_EQ(FormatShortest(258.48), "258.48");
}

}  // namespace
}  // namespace samverkan::progress
