#include "modules/matching/domain/matching_policy.h"

#include <gtest/gtest.h>

namespace samverkan::matching {
namespace {

Principal Representative(int64_t actor_id) {
  Principal p;
  p.user_id = 7;
  p.roles = {Role::kRepresentative};
  p.actor_ids = {actor_id};
  p.method = AuthMethod::kSession;
  return p;
}

TEST(MatchingPolicy, RepresentativesWriteForTheirOwnActorOnly) {
  Principal rep = Representative(3);
  EXPECT_TRUE(MayWriteFor(rep, 3));
  EXPECT_FALSE(MayWriteFor(rep, 4));
  EXPECT_TRUE(MayPost(rep));
  EXPECT_EQ(CheckMayWriteFor(rep, 4).error().code(), ErrorCode::kPermissionDenied);
}

TEST(MatchingPolicy, EditorsWriteForEveryActorAndVisitorsForNone) {
  Principal editor;
  editor.user_id = 1;
  editor.roles = {Role::kEditor};
  EXPECT_TRUE(MayWriteFor(editor, 99));
  Principal visitor;
  EXPECT_FALSE(MayPost(visitor));
  EXPECT_EQ(CheckMayPost(visitor).error().code(), ErrorCode::kUnauthenticated);
  Principal member;
  member.user_id = 2;
  member.roles = {Role::kMember};
  EXPECT_FALSE(MayPost(member));
}

TEST(MatchingPolicy, ATokenWithoutTheWriteScopeCannotWrite) {
  Principal rep = Representative(3);
  rep.method = AuthMethod::kApiToken;
  rep.scopes = {"read"};
  EXPECT_FALSE(MayWriteFor(rep, 3));
  rep.scopes = {"read", "write"};
  EXPECT_TRUE(MayWriteFor(rep, 3));
}

TEST(MatchingPolicy, DraftsAreReadByTheirOwnersOnly) {
  Principal visitor;
  EXPECT_TRUE(MayRead(visitor, ItemStatus::kOpen, 3));
  EXPECT_TRUE(MayRead(visitor, ItemStatus::kClosed, 3));
  EXPECT_FALSE(MayRead(visitor, ItemStatus::kDraft, 3));
  EXPECT_TRUE(MayRead(Representative(3), ItemStatus::kDraft, 3));
  EXPECT_FALSE(MayRead(Representative(4), ItemStatus::kDraft, 3));
}

}  // namespace
}  // namespace samverkan::matching
