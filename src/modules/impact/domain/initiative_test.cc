// Who may change an initiative or the library, and the checks of what is entered.
#include "modules/impact/domain/initiative.h"

#include <gtest/gtest.h>

#include <limits>

namespace samverkan::impact {
namespace {

Principal Person(std::set<Role> roles, std::set<int64_t> actors = {}) {
  Principal p;
  p.user_id = 5;
  p.roles = std::move(roles);
  p.actor_ids = std::move(actors);
  p.method = AuthMethod::kSession;
  return p;
}

TEST(InitiativePolicyTest, RepresentativesEditorsAndAdminsMayEdit) {
  EXPECT_TRUE(CheckMayEditInitiative(Person({Role::kRepresentative}, {3}), 3).ok());
  EXPECT_TRUE(CheckMayEditInitiative(Person({Role::kEditor}), 3).ok());
  EXPECT_TRUE(CheckMayEditInitiative(Person({Role::kAdmin}), 3).ok());
}

TEST(InitiativePolicyTest, OthersMayNot) {
  Status other = CheckMayEditInitiative(Person({Role::kRepresentative}, {4}), 3);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_FALSE(CheckMayEditInitiative(Person({Role::kMember}), 3).ok());
  EXPECT_FALSE(CheckMayEditInitiative(Person({Role::kJuror}), 3).ok());
  Status anonymous = CheckMayEditInitiative(Principal{}, 3);
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().code(), ErrorCode::kUnauthenticated);
  // No actor at all: only editors.
  EXPECT_FALSE(CheckMayEditInitiative(Person({Role::kRepresentative}, {3}), 0).ok());
}

TEST(InitiativePolicyTest, ReadOnlyTokensMayNotEdit) {
  Principal token = Person({Role::kEditor});
  token.method = AuthMethod::kApiToken;
  token.scopes = {"read"};
  EXPECT_FALSE(CheckMayEditInitiative(token, 3).ok());
  EXPECT_FALSE(CheckMayCurateLibrary(token).ok());
  token.scopes = {"read", "write"};
  EXPECT_TRUE(CheckMayEditInitiative(token, 3).ok());
  EXPECT_TRUE(CheckMayCurateLibrary(token).ok());
}

TEST(InitiativePolicyTest, OnlyEditorsCurateTheLibrary) {
  EXPECT_TRUE(CheckMayCurateLibrary(Person({Role::kEditor})).ok());
  EXPECT_FALSE(CheckMayCurateLibrary(Person({Role::kRepresentative}, {3})).ok());
}

TEST(InitiativeDraftTest, NeedsAnActorAndAName) {
  Status empty = ValidateInitiativeDraft({});
  ASSERT_FALSE(empty.ok());
  ASSERT_EQ(empty.error().fields().size(), 2u);
  EXPECT_EQ(empty.error().fields()[0].field, "actor");
  EXPECT_EQ(empty.error().fields()[1].field, "name_sv");
  EXPECT_TRUE(ValidateInitiativeDraft({.actor_id = 1, .name = {"", "Jobs"}}).ok());
  InitiativeDraft long_name{.actor_id = 1, .name = {std::string(201, 'a'), ""}};
  EXPECT_FALSE(ValidateInitiativeDraft(long_name).ok());
}

TEST(PeriodTest, YearsQuartersAndMonths) {
  for (const char* ok : {"2025", "2025-Q1", "2025-Q4", "2025-01", "2025-12"}) {
    EXPECT_TRUE(IsValidPeriod(ok)) << ok;
  }
  for (const char* bad : {"", "25", "2025-Q5", "2025-13", "2025-00", "2025-1", "år 2025"}) {
    EXPECT_FALSE(IsValidPeriod(bad)) << bad;
  }
}

TEST(PickTest, ChecksNumbersAndPeriods) {
  EXPECT_TRUE(ValidatePick({.indicator_id = "x1", .baseline = 3, .baseline_period = "2024"}).ok());
  Status bad = ValidatePick({.indicator_id = "x1",
                             .baseline = std::numeric_limits<double>::infinity(),
                             .target_period = "next year"});
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields().size(), 2u);
  EXPECT_EQ(bad.error().fields()[0].field, "baseline");
  EXPECT_EQ(bad.error().fields()[1].field, "target_period");
}

TEST(IndicatorIdTest, LowerCaseSlugs) {
  EXPECT_TRUE(IsValidIndicatorId("people-in-work"));
  EXPECT_FALSE(IsValidIndicatorId("People"));
  EXPECT_FALSE(IsValidIndicatorId("a,b"));
  EXPECT_FALSE(IsValidIndicatorId("x"));
}

TEST(ElementIdTest, NextFreeId) {
  EXPECT_EQ(NextElementId({}), "e1");
  EXPECT_EQ(NextElementId({"e1", "e2"}), "e3");
  EXPECT_EQ(NextElementId({"e3", "e1"}), "e4");
  EXPECT_EQ(NextElementId({"e2", "e3"}), "e4");
}

}  // namespace
}  // namespace samverkan::impact
