#include "core/language.h"

#include <gtest/gtest.h>

namespace samverkan {
namespace {

TEST(LanguageTest, ParsesCodesAndRegionalForms) {
  EXPECT_EQ(ParseLanguage("sv"), Language::kSwedish);
  EXPECT_EQ(ParseLanguage("en-GB"), Language::kEnglish);
  EXPECT_EQ(ParseLanguage("sv_SE"), Language::kSwedish);
  EXPECT_FALSE(ParseLanguage("de").has_value());
  EXPECT_FALSE(ParseLanguage("").has_value());
}

TEST(LocalizedTextTest, FallsBackToTheOtherLanguageAndSaysSo) {
  LocalizedText only_sv{"Äldreomsorg", ""};
  EXPECT_EQ(only_sv.In(Language::kEnglish), "Äldreomsorg");
  EXPECT_EQ(only_sv.ShownLanguage(Language::kEnglish), Language::kSwedish);
  LocalizedText both{"Hej", "Hello"};
  EXPECT_EQ(both.In(Language::kEnglish), "Hello");
  EXPECT_EQ(both.ShownLanguage(Language::kSwedish), Language::kSwedish);
}

}  // namespace
}  // namespace samverkan
