// The accounts use cases over the real repository, on every engine of the test run.
#include "auth/domain/account_service.h"

#include <gtest/gtest.h>

#include "auth/sql/sql_account_repository.h"
#include "platform/audit.h"
#include "storage/migrations.h"
#include "storage/test_databases.h"

namespace samverkan::auth {
namespace {

class AccountServiceTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    ASSERT_TRUE(storage::ApplyMigrations(db(), platform::AuditMigrations()).ok());
    ASSERT_TRUE(storage::ApplyMigrations(db(), AccountMigrations()).ok());
    mail_ = [this](storage::Transaction&, const OutgoingMail& m) {
      mails_.push_back(m);
      return Status::Ok();
    };
    auto scope = [this](storage::TxMode mode) {
      return [this, mode](const std::function<Status(AccountRepository&)>& work) -> Status {
        return db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
          SqlAccountRepository repo(tx, mail_);
          return work(repo);
        });
      };
    };
    AccountSettings settings;
    settings.password_params = MinimalPasswordParams();
    service_ = std::make_unique<AccountService>(scope(storage::TxMode::kWrite),
                                                scope(storage::TxMode::kRead),
                                                [this] { return now_; }, settings);
  }
  storage::Database& db() { return test_db_.db(); }

  // Registers and verifies through the mailed link, as a person would.
  void RegisterVerified(const std::string& email, const std::string& password) {
    ASSERT_TRUE(service_->Register({email, "Testperson", password, Language::kSwedish, "10.0.0.1"}).ok());
    ASSERT_FALSE(mails_.empty());
    std::string token = mails_.back().args.at("token");
    ASSERT_TRUE(service_->VerifyEmail(token).ok());
  }

  storage::TestDatabase test_db_{GetParam()};
  MailQueue mail_;
  std::vector<OutgoingMail> mails_;
  int64_t now_ = 1'700'000'000'000;
  std::unique_ptr<AccountService> service_;
};

TEST_P(AccountServiceTest, RegisterVerifySignInAndAuthenticate) {
  RegisterVerified("Anna@Kommun.se", "ett långt lösenord");
  EXPECT_EQ(mails_.back().kind, "verify-email");
  auto signed_in = service_->SignIn("anna@kommun.se", "ett långt lösenord", "10.0.0.1");
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message();
  auto who = service_->AuthenticateSession(signed_in->session_token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->email, "anna@kommun.se");
  EXPECT_TRUE(who->Has(Role::kMember));
  EXPECT_FALSE(who->IsAdmin());
  // The token is stored only as its hash.
  auto raw = db().Read([&](storage::Transaction& tx) {
    return tx.QueryOne("SELECT COUNT(*) FROM sessions WHERE token_hash = $1",
                       {storage::Param(signed_in->session_token)});
  });
  EXPECT_EQ((*raw)->Int(0), 0);
}

TEST_P(AccountServiceTest, UnverifiedAccountCannotSignInAndLinkWorksOnce) {
  ASSERT_TRUE(service_->Register({"b@example.se", "B", "ett långt lösenord", Language::kEnglish, "1"}).ok());
  auto refused = service_->SignIn("b@example.se", "ett långt lösenord", "1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied);
  std::string token = mails_.back().args.at("token");
  EXPECT_TRUE(service_->VerifyEmail(token).ok());
  EXPECT_FALSE(service_->VerifyEmail(token).ok());
  EXPECT_TRUE(service_->SignIn("b@example.se", "ett långt lösenord", "1").ok());
}

TEST_P(AccountServiceTest, RegistrationDoesNotRevealATakenAddress) {
  RegisterVerified("c@example.se", "ett långt lösenord");
  size_t mails_before = mails_.size();
  Status again = service_->Register({"C@example.se", "Someone", "ett annat lösenord", Language::kSwedish, "2"});
  EXPECT_TRUE(again.ok());  // the same answer as for a new address
  ASSERT_EQ(mails_.size(), mails_before + 1);
  EXPECT_EQ(mails_.back().kind, "account-exists");
  EXPECT_EQ(mails_.back().to, "c@example.se");
}

TEST_P(AccountServiceTest, WrongPasswordAndUnknownAddressGetTheSameError) {
  RegisterVerified("d@example.se", "ett långt lösenord");
  auto wrong = service_->SignIn("d@example.se", "fel lösenord här", "3");
  auto unknown = service_->SignIn("nobody@example.se", "fel lösenord här", "3");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code(), unknown.error().code());
  EXPECT_EQ(wrong.error().message(), unknown.error().message());
}

TEST_P(AccountServiceTest, BruteForceIsThrottledButTheOwnerGetsBackInAfterTheCap) {
  RegisterVerified("e@example.se", "ett långt lösenord");
  for (int i = 0; i < 5; ++i) {
    auto r = service_->SignIn("e@example.se", "gissning " + std::to_string(i), "4");
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
  }
  auto sixth = service_->SignIn("e@example.se", "gissning 6", "4");
  EXPECT_EQ(sixth.error().code(), ErrorCode::kUnauthenticated);
  // Now blocked, even with the right password, from any address.
  auto blocked = service_->SignIn("e@example.se", "ett långt lösenord", "5");
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code(), ErrorCode::kRateLimited);
  EXPECT_EQ(blocked.error().args().at("seconds"), "60");
  now_ += 15 * 60'000 + 1;
  EXPECT_TRUE(service_->SignIn("e@example.se", "ett långt lösenord", "5").ok());
}

TEST_P(AccountServiceTest, PasswordResetEndsSessionsAndTheLinkWorksOnce) {
  RegisterVerified("f@example.se", "ett långt lösenord");
  auto first = service_->SignIn("f@example.se", "ett långt lösenord", "6");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(service_->RequestPasswordReset("F@example.se", Language::kSwedish, "6").ok());
  ASSERT_EQ(mails_.back().kind, "reset-password");
  std::string token = mails_.back().args.at("token");
  ASSERT_TRUE(service_->ResetPassword(token, "ett helt nytt lösenord").ok());
  EXPECT_FALSE(service_->ResetPassword(token, "ett tredje lösenord!").ok());
  EXPECT_FALSE(service_->AuthenticateSession(first->session_token).ok());
  EXPECT_FALSE(service_->SignIn("f@example.se", "ett långt lösenord", "6").ok());
  EXPECT_TRUE(service_->SignIn("f@example.se", "ett helt nytt lösenord", "6").ok());
  // An unknown address gets the same answer and no mail.
  size_t before = mails_.size();
  EXPECT_TRUE(service_->RequestPasswordReset("ghost@example.se", Language::kSwedish, "7").ok());
  EXPECT_EQ(mails_.size(), before);
}

TEST_P(AccountServiceTest, SessionsExpireAndSignOutEverywhereEndsAll) {
  RegisterVerified("g@example.se", "ett långt lösenord");
  auto a = service_->SignIn("g@example.se", "ett långt lösenord", "8");
  auto b = service_->SignIn("g@example.se", "ett långt lösenord", "8");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->session_token, b->session_token);
  ASSERT_TRUE(service_->SignOutEverywhere(a->principal).ok());
  EXPECT_FALSE(service_->AuthenticateSession(a->session_token).ok());
  EXPECT_FALSE(service_->AuthenticateSession(b->session_token).ok());
  auto c = service_->SignIn("g@example.se", "ett långt lösenord", "8");
  now_ += AccountSettings().session_lifetime_ms + 1;
  EXPECT_FALSE(service_->AuthenticateSession(c->session_token).ok());
}

TEST_P(AccountServiceTest, ApiTokensAreScopedRevocableAndNeverExceedTheOwner) {
  auto id = service_->AddUser("ops@example.se", "Ops", "ett långt lösenord", {Role::kEditor});
  ASSERT_TRUE(id.ok());
  auto admin_token = service_->CreateApiTokenForEmail("ops@example.se", "ci", {"admin"});
  ASSERT_FALSE(admin_token.ok());  // not an administrator
  auto token = service_->CreateApiTokenForEmail("ops@example.se", "ci", {"read"});
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->rfind("svk_", 0), 0u);
  auto who = service_->AuthenticateApiToken(*token);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(who->Allows("read"));
  EXPECT_FALSE(who->Allows("write"));
  EXPECT_TRUE(who->IsEditor());
  auto list = service_->ListApiTokens(*who);
  ASSERT_EQ(list->size(), 1u);
  ASSERT_TRUE(service_->RevokeApiToken({.user_id = *id, .method = AuthMethod::kSession}, list->front().id).ok());
  EXPECT_FALSE(service_->AuthenticateApiToken(*token).ok());
  EXPECT_FALSE(service_->AuthenticateApiToken("svk_made-up").ok());
}

TEST_P(AccountServiceTest, OnlyAdminsManageRolesAndCannotDemoteThemselves) {
  auto admin_id = service_->AddUser("admin@example.se", "Admin", "ett långt lösenord", {Role::kAdmin});
  auto user_id = service_->AddUser("user@example.se", "User", "ett långt lösenord", {});
  ASSERT_TRUE(admin_id.ok() && user_id.ok());
  Principal admin{.user_id = *admin_id, .roles = {Role::kAdmin}, .method = AuthMethod::kSession};
  Principal member{.user_id = *user_id, .roles = {Role::kMember}, .method = AuthMethod::kSession};
  EXPECT_EQ(service_->SetRoles(member, *user_id, {Role::kAdmin}).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(service_->SetRoles(admin, *user_id, {Role::kJuror}).ok());
  EXPECT_FALSE(service_->SetRoles(admin, *admin_id, {Role::kEditor}).ok());
  ASSERT_TRUE(service_->SetRepresentation(admin, *user_id, {42, 43}).ok());
  auto users = service_->ListUsers(admin, 0, 10);
  ASSERT_TRUE(users.ok());
  const User& u = users->at(1);
  EXPECT_TRUE(u.roles.count(Role::kJuror));
  EXPECT_TRUE(u.roles.count(Role::kRepresentative));
  EXPECT_EQ(u.actor_ids, (std::set<int64_t>{42, 43}));
  EXPECT_EQ(service_->ListUsers(member, 0, 10).error().code(), ErrorCode::kPermissionDenied);
}

TEST_P(AccountServiceTest, DeletingAnAccountErasesThePersonAndFreesTheAddress) {
  RegisterVerified("h@example.se", "ett långt lösenord");
  auto s = service_->SignIn("h@example.se", "ett långt lösenord", "9");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(service_->DeleteAccount(s->principal, "fel lösenord").ok());
  ASSERT_TRUE(service_->DeleteAccount(s->principal, "ett långt lösenord").ok());
  EXPECT_FALSE(service_->AuthenticateSession(s->session_token).ok());
  auto row = db().Read([&](storage::Transaction& tx) {
    return tx.QueryOne("SELECT email, display_name, password_hash FROM users WHERE id = $1",
                       {storage::Param(s->principal.user_id)});
  });
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Text(0).find("h@example.se"), std::string::npos);
  EXPECT_EQ((*row)->Text(1), "");
  EXPECT_EQ((*row)->Text(2), "");
  // The address can be used for a new account.
  RegisterVerified("h@example.se", "ett nytt långt lösenord");
}

TEST_P(AccountServiceTest, RetentionRemovesExpiredSessionsOnly) {
  RegisterVerified("r@example.se", "ett långt lösenord");
  auto old_session = service_->SignIn("r@example.se", "ett långt lösenord", "10");
  now_ += AccountSettings().session_lifetime_ms - 1000;
  auto fresh = service_->SignIn("r@example.se", "ett långt lösenord", "10");
  now_ += 2000;  // the first has expired, the second has not
  auto removed = service_->PurgeExpired();
  ASSERT_TRUE(removed.ok());
  EXPECT_GE(*removed, 1);
  auto count = db().Read([](storage::Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM sessions"); });
  EXPECT_EQ((*count)->Int(0), 1);
  EXPECT_TRUE(service_->AuthenticateSession(fresh->session_token).ok());
}

TEST_P(AccountServiceTest, ChangesAreAuditedWithoutPersonalDataAndTheTrailIsAppendOnly) {
  auto admin_id = service_->AddUser("boss@example.se", "Boss", "ett långt lösenord", {Role::kAdmin});
  auto user_id = service_->AddUser("staff@example.se", "Staff Person", "ett långt lösenord", {});
  Principal admin{.user_id = *admin_id, .roles = {Role::kAdmin}, .method = AuthMethod::kSession};
  ASSERT_TRUE(service_->SetRoles(admin, *user_id, {Role::kEditor}).ok());
  Principal staff{.user_id = *user_id, .email = "staff@example.se", .method = AuthMethod::kSession};
  ASSERT_TRUE(service_->UpdateProfile(staff, "New Name", Language::kEnglish, true).ok());
  auto entries = db().Read([](storage::Transaction& tx) {
    return platform::ListAudit(tx, {.entity = "user"});
  });
  ASSERT_TRUE(entries.ok());
  ASSERT_GE(entries->size(), 4u);
  const auto& profile = entries->at(0);  // newest first
  EXPECT_EQ(profile.entry.action, "account.profile");
  EXPECT_EQ(profile.entry.user_id, *user_id);
  EXPECT_EQ(profile.entry.after, "{\"language\":\"en\",\"public_profile\":true,\"name\":\"changed\"}");
  const auto& roles = entries->at(1);
  EXPECT_EQ(roles.entry.action, "account.roles");
  EXPECT_EQ(roles.entry.user_id, *admin_id);
  EXPECT_EQ(roles.entry.before, "{\"roles\":[\"member\"]}");
  EXPECT_EQ(roles.entry.after, "{\"roles\":[\"editor\",\"member\"]}");
  for (const auto& e : *entries) {
    EXPECT_EQ(e.entry.after.find("New Name"), std::string::npos);
    EXPECT_EQ(e.entry.after.find("staff@example.se"), std::string::npos);
  }
  // Neither UPDATE nor DELETE can touch the trail.
  auto update = db().Write([](storage::Transaction& tx) {
    return tx.Execute("UPDATE audit_log SET action = 'forged'");
  });
  EXPECT_FALSE(update.ok());
  auto erase = db().Write([](storage::Transaction& tx) { return tx.Execute("DELETE FROM audit_log"); });
  EXPECT_FALSE(erase.ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountServiceTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::auth
