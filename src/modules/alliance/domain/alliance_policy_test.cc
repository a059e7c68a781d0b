// Who may apply and who may decide, as a table over the roles.
#include "modules/alliance/domain/alliance_policy.h"

#include <gtest/gtest.h>

namespace samverkan::alliance {
namespace {

constexpr int64_t kOwn = 11;
constexpr int64_t kOther = 12;

Principal With(std::set<Role> roles, std::set<int64_t> actors = {}) {
  Principal p;
  p.user_id = 5;
  p.roles = std::move(roles);
  p.actor_ids = std::move(actors);
  p.method = AuthMethod::kSession;
  return p;
}

TEST(AlliancePolicy, RepresentativesApplyForTheirOwnOrganisationOnly) {
  Principal rep = With({Role::kRepresentative}, {kOwn});
  EXPECT_TRUE(MayApply(rep, kOwn));
  EXPECT_FALSE(MayApply(rep, kOther));
  EXPECT_TRUE(MayApplyForAny(rep));
  EXPECT_EQ(CheckMayApply(rep, kOther).error().code(), ErrorCode::kPermissionDenied);
}

TEST(AlliancePolicy, RepresentationWithoutTheRoleIsNotEnough) {
  Principal former = With({Role::kMember}, {kOwn});
  EXPECT_FALSE(MayApply(former, kOwn));
  EXPECT_FALSE(MayApplyForAny(former));
  Principal rep_without_actor = With({Role::kRepresentative});
  EXPECT_FALSE(MayApplyForAny(rep_without_actor));
}

TEST(AlliancePolicy, EditorsAndAdminsApplyForAnyActorAndReview) {
  for (Role role : {Role::kEditor, Role::kAdmin}) {
    Principal staff = With({role});
    EXPECT_TRUE(MayApply(staff, kOther));
    EXPECT_TRUE(MayReview(staff));
  }
  EXPECT_TRUE(MaySetGoals(With({Role::kAdmin})));
  EXPECT_FALSE(MaySetGoals(With({Role::kEditor})));
}

TEST(AlliancePolicy, OthersMayNotReview) {
  for (Role role : {Role::kRepresentative, Role::kJuror, Role::kMember}) {
    Principal p = With({role}, {kOwn});
    EXPECT_FALSE(MayReview(p)) << RoleCode(role);
    EXPECT_EQ(CheckMayReview(p).error().code(), ErrorCode::kPermissionDenied);
  }
}

TEST(AlliancePolicy, AnonymousVisitorsAreAskedToSignIn) {
  Principal anonymous;
  EXPECT_FALSE(MayApply(anonymous, kOwn));
  EXPECT_EQ(CheckMayApply(anonymous, kOwn).error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(CheckMayReview(anonymous).error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(CheckMaySetGoals(anonymous).error().code(), ErrorCode::kUnauthenticated);
}

TEST(AlliancePolicy, ApiTokensNeedTheWriteScope) {
  Principal token = With({Role::kAdmin});
  token.method = AuthMethod::kApiToken;
  token.scopes = {"read"};
  EXPECT_FALSE(MayApply(token, kOwn));
  EXPECT_FALSE(MayReview(token));
  EXPECT_FALSE(MaySetGoals(token));
  token.scopes.insert("write");
  EXPECT_TRUE(MayReview(token));
  EXPECT_TRUE(MaySetGoals(token));
}

TEST(AlliancePolicy, ApplicationsAreSeenByStaffSenderAndRepresentatives) {
  EXPECT_TRUE(MaySeeApplication(With({Role::kEditor}), kOther, 99));
  EXPECT_TRUE(MaySeeApplication(With({Role::kRepresentative}, {kOwn}), kOwn, 99));
  EXPECT_FALSE(MaySeeApplication(With({Role::kRepresentative}, {kOwn}), kOther, 99));
  Principal sender = With({Role::kMember});
  EXPECT_TRUE(MaySeeApplication(sender, kOther, sender.user_id));
  EXPECT_FALSE(MaySeeApplication(sender, kOther, 0));
  EXPECT_FALSE(MaySeeApplication(Principal{}, kOwn, 0));
}

}  // namespace
}  // namespace samverkan::alliance
