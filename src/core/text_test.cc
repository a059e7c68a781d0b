#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace samverkan {
namespace {

TEST(IsValidTextTest, AcceptsUtf8AndRefusesBrokenSequencesAndNul) {
  EXPECT_TRUE(IsValidText("Älvdalen – åäö 🌍"));
  EXPECT_TRUE(IsValidText(""));
  EXPECT_FALSE(IsValidText("\xFF\xFE"));            // not UTF-8 at all
  EXPECT_FALSE(IsValidText("\xC3"));                // cut short
  EXPECT_FALSE(IsValidText("\xC0\xAF"));            // overlong '/'
  EXPECT_FALSE(IsValidText("\xED\xA0\x80"));        // a UTF-16 surrogate
  EXPECT_FALSE(IsValidText("\xF4\x90\x80\x80"));    // past U+10FFFF
  EXPECT_FALSE(IsValidText(std::string("a\0b", 3)));  // NUL
}

TEST(IsPlainEmailAddressTest, OneBareAddressOnly) {
  EXPECT_TRUE(IsPlainEmailAddress("namn.efternamn@kommun.se"));
  EXPECT_FALSE(IsPlainEmailAddress("namn@kommun"));
  EXPECT_FALSE(IsPlainEmailAddress("<script>alert(1)</script>.x@example.se"));
  EXPECT_FALSE(IsPlainEmailAddress("';droptableusers;--.x@example.se"));
  EXPECT_FALSE(IsPlainEmailAddress("a@b.se\r\nBcc: x@y.se"));
  EXPECT_FALSE(IsPlainEmailAddress("åsa@exempel.se"));  // not ASCII: SMTP without SMTPUTF8
  EXPECT_FALSE(IsPlainEmailAddress("a@@b.se"));
  EXPECT_FALSE(IsPlainEmailAddress(std::string(250, 'a') + "@b.se"));
}

}  // namespace
}  // namespace samverkan
