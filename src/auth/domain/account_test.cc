#include "auth/domain/account.h"

#include <gtest/gtest.h>

namespace samverkan::auth {
namespace {

TEST(NormaliseEmailTest, TrimsAndLowersCase) {
  EXPECT_EQ(NormaliseEmail("  Anna.Berg@Kommun.SE \n"), "anna.berg@kommun.se");
}

TEST(CheckPasswordTest, LengthInCharactersAndNotTheAddress) {
  EXPECT_FALSE(CheckPassword("kort", "a@b.se").empty());
  EXPECT_TRUE(CheckPassword("åäöåäöåäöå", "a@b.se").empty());  // 10 characters, 20 bytes
  EXPECT_FALSE(CheckPassword("åäöåäöåäö", "a@b.se").empty());   // 9 characters
  EXPECT_FALSE(CheckPassword(std::string(300, 'x'), "a@b.se").empty());
  EXPECT_FALSE(CheckPassword("Anna@Kommun.se", "anna@kommun.se").empty());
}

TEST(ThrottleTest, AllowsFreeFailuresThenBlocksWithDoublingCappedTimes) {
  ThrottleRule rule = AccountRule();  // 5 free, then 1 min doubling, cap 15 min
  ThrottleState s;
  int64_t now = 1'000'000;
  for (int i = 0; i < 5; ++i) {
    s = RecordFailure(s, rule, now);
    EXPECT_EQ(RetryAfterMs(s, now), 0) << "failure " << i + 1;
  }
  s = RecordFailure(s, rule, now);
  EXPECT_EQ(RetryAfterMs(s, now), 60'000);
  s = RecordFailure(s, rule, now);
  EXPECT_EQ(RetryAfterMs(s, now), 120'000);
  for (int i = 0; i < 20; ++i) s = RecordFailure(s, rule, now);
  // However many failures, never more than the cap: nobody is locked out for good.
  EXPECT_EQ(RetryAfterMs(s, now), 15 * 60'000);
  EXPECT_EQ(RetryAfterMs(s, now + 15 * 60'000), 0);
}

TEST(ThrottleTest, OldFailuresAreForgotten) {
  ThrottleRule rule = AccountRule();
  ThrottleState s;
  for (int i = 0; i < 5; ++i) s = RecordFailure(s, rule, 0);
  s = RecordFailure(s, rule, rule.window_ms + 1);
  EXPECT_EQ(s.failures, 1);
  EXPECT_EQ(RetryAfterMs(s, rule.window_ms + 1), 0);
}

}  // namespace
}  // namespace samverkan::auth
