#include "modules/actors/domain/actor_policy.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace samverkan::actors {
namespace {

constexpr int64_t kOwn = 7;     // the actor the representatives in the table represent
constexpr int64_t kOther = 8;   // an actor nobody in the table represents

Principal Session(std::set<Role> roles, std::set<int64_t> actor_ids = {}) {
  Principal p;
  p.user_id = 5;
  p.email = "someone@example.se";
  p.roles = std::move(roles);
  p.actor_ids = std::move(actor_ids);
  p.method = AuthMethod::kSession;
  return p;
}

Principal Token(std::set<Role> roles, std::set<std::string> scopes, std::set<int64_t> actor_ids = {}) {
  Principal p = Session(std::move(roles), std::move(actor_ids));
  p.method = AuthMethod::kApiToken;
  p.scopes = std::move(scopes);
  return p;
}

// What a principal may do, and which error it gets where it may not.
struct Case {
  std::string name;
  Principal who;
  bool create;
  bool edit_own;
  bool edit_other;
  bool editor_fields;
  std::optional<ErrorCode> refusal;  // the error of a refused check; nullopt: never refused
};

std::vector<Case> Cases() {
  const auto kDenied = ErrorCode::kPermissionDenied;
  const std::set<int64_t> own = {kOwn};
  return {
      {"anonymous", Principal{}, false, false, false, false, ErrorCode::kUnauthenticated},
      {"anonymous_claiming_an_actor", [&] { Principal p; p.actor_ids = own; p.roles = {Role::kRepresentative}; return p; }(),
       false, false, false, false, ErrorCode::kUnauthenticated},
      {"member", Session({Role::kMember}), false, false, false, false, kDenied},
      {"juror", Session({Role::kJuror}), false, false, false, false, kDenied},
      {"representative", Session({Role::kRepresentative}, own), false, true, false, false, kDenied},
      {"representative_also_member", Session({Role::kRepresentative, Role::kMember}, own), false, true, false, false, kDenied},
      {"representation_without_the_role", Session({Role::kMember}, own), false, false, false, false, kDenied},
      {"representative_of_nothing", Session({Role::kRepresentative}), false, false, false, false, kDenied},
      {"editor", Session({Role::kEditor}), true, true, true, true, std::nullopt},
      {"editor_who_represents", Session({Role::kEditor, Role::kRepresentative}, own), true, true, true, true, std::nullopt},
      {"admin", Session({Role::kAdmin}), true, true, true, true, std::nullopt},
      // Over an API token: the write scope is needed on top of the roles.
      {"editor_token_read", Token({Role::kEditor}, {"read"}), false, false, false, false, kDenied},
      {"editor_token_write", Token({Role::kEditor}, {"write"}), true, true, true, true, std::nullopt},
      {"editor_token_read_write", Token({Role::kEditor}, {"read", "write"}), true, true, true, true, std::nullopt},
      {"admin_token_admin_only", Token({Role::kAdmin}, {"admin"}), false, false, false, false, kDenied},
      {"admin_token_write", Token({Role::kAdmin}, {"write", "admin"}), true, true, true, true, std::nullopt},
      {"representative_token_write", Token({Role::kRepresentative}, {"write"}, own), false, true, false, false, kDenied},
      {"representative_token_read", Token({Role::kRepresentative}, {"read"}, own), false, false, false, false, kDenied},
      {"member_token_write", Token({Role::kMember}, {"write"}), false, false, false, false, kDenied},
      {"no_roles_token_write", Token({}, {"write"}), false, false, false, false, kDenied},
  };
}

class ActorPolicyTest : public ::testing::TestWithParam<Case> {};

TEST_P(ActorPolicyTest, DecidesByRoleOrganisationAndScope) {
  const Case& c = GetParam();
  EXPECT_EQ(MayCreate(c.who), c.create);
  EXPECT_EQ(MayEdit(c.who, kOwn), c.edit_own);
  EXPECT_EQ(MayEdit(c.who, kOther), c.edit_other);
  EXPECT_EQ(MayChangeEditorFields(c.who), c.editor_fields);
}

TEST_P(ActorPolicyTest, ChecksAgreeWithTheDecisionsAndNameTheRightError) {
  const Case& c = GetParam();
  auto expect = [&](const Status& s, bool allowed, const char* what) {
    EXPECT_EQ(s.ok(), allowed) << what;
    if (!s.ok()) {
      ASSERT_TRUE(c.refusal.has_value()) << what;
      EXPECT_EQ(s.error().code(), *c.refusal) << what;
    }
  };
  expect(CheckMayCreate(c.who), c.create, "create");
  expect(CheckMayEdit(c.who, kOwn), c.edit_own, "edit own");
  expect(CheckMayEdit(c.who, kOther), c.edit_other, "edit other");
}

TEST(ActorPolicyImportTest, OnlyAdminsImportAndExportTheWholeRegistry) {
  EXPECT_TRUE(CheckMayImportOrExport(Session({Role::kAdmin})).ok());
  EXPECT_TRUE(CheckMayImportOrExport(Token({Role::kAdmin}, {"admin"})).ok());
  // An admin's token without the admin scope, and every other role, are refused.
  EXPECT_EQ(CheckMayImportOrExport(Token({Role::kAdmin}, {"read", "write"})).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(CheckMayImportOrExport(Session({Role::kEditor})).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(CheckMayImportOrExport(Session({Role::kRepresentative}, {kOwn})).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(CheckMayImportOrExport(Principal{}).error().code(), ErrorCode::kUnauthenticated);
}

INSTANTIATE_TEST_SUITE_P(EveryRole, ActorPolicyTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace samverkan::actors
