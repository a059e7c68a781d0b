#include "modules/contact/domain/message.h"

#include <gtest/gtest.h>

namespace samverkan::contact {
namespace {

TEST(ValidateMessageTest, TrimsAndAcceptsAGoodMessage) {
  auto ok = ValidateMessage({"  Åsa Exempel ", "asa@example.se", " Hej! ", Language::kSwedish});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->name, "Åsa Exempel");
  EXPECT_EQ(ok->message, "Hej!");
}

TEST(ValidateMessageTest, ReportsEveryFieldAtOnce) {
  auto bad = ValidateMessage({" ", "not-an-address", "", Language::kEnglish});
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields().size(), 3u);
  EXPECT_EQ(bad.error().fields()[0].field, "name");
  EXPECT_EQ(bad.error().fields()[1].field, "email");
  EXPECT_EQ(bad.error().fields()[2].field, "message");
}

TEST(ValidateMessageTest, LimitsCountCharactersNotBytes) {
  std::string swedish(kMaxNameLength, 'x');
  std::string umlauts;
  for (size_t i = 0; i < kMaxNameLength; ++i) umlauts += "ö";  // 2 bytes each
  EXPECT_TRUE(ValidateMessage({umlauts, "a@b.se", "x"}).ok());
  EXPECT_FALSE(ValidateMessage({umlauts + "ö", "a@b.se", "x"}).ok());
}

TEST(LooksLikeEmailTest, CatchesTypingMistakes) {
  EXPECT_TRUE(LooksLikeEmail("namn@kommun.se"));
  EXPECT_FALSE(LooksLikeEmail("namn@kommun"));
  EXPECT_FALSE(LooksLikeEmail("namn kommun@x.se"));
  EXPECT_FALSE(LooksLikeEmail("@x.se"));
  EXPECT_FALSE(LooksLikeEmail("a@@x.se"));
  EXPECT_FALSE(LooksLikeEmail("a@x.se."));
}

}  // namespace
}  // namespace samverkan::contact
