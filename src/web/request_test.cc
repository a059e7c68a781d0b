#include "web/request.h"

#include <gtest/gtest.h>

namespace samverkan::web {
namespace {

TEST(ParamsTest, DecodesFormsWithRepeatsAndPlusAsSpace) {
  Params p = Params::ParseUrlEncoded("q=%C3%A4ldreomsorg+Ume%C3%A5&sdg=3&sdg=10&empty=&bad=%zz");
  EXPECT_EQ(p.Get("q"), "äldreomsorg Umeå");
  EXPECT_EQ(p.GetAll("sdg"), (std::vector<std::string>{"3", "10"}));
  EXPECT_EQ(p.Get("empty"), "");
  EXPECT_EQ(p.Get("bad"), "%zz");
  EXPECT_FALSE(p.Get("missing").has_value());
}

TEST(CookiesTest, ParsesPairsAndSkipsMalformed) {
  auto c = ParseCookies("lang=en; samverkan_csrf=abc; =x; junk; q=\"quoted\"");
  EXPECT_EQ(c["lang"], "en");
  EXPECT_EQ(c["samverkan_csrf"], "abc");
  EXPECT_EQ(c["q"], "quoted");
  EXPECT_EQ(c.count("junk"), 0u);
}

TEST(PercentTest, EncodeDecodeRoundTrip) {
  std::string s = "a b&c=d/å";
  EXPECT_EQ(PercentDecode(PercentEncode(s), false), s);
}

}  // namespace
}  // namespace samverkan::web
