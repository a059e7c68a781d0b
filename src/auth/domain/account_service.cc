#include "auth/domain/account_service.h"

#include <algorithm>

#include "core/text.h"

namespace samverkan::auth {
namespace {

constexpr const char* kVerifyKind = "verify-email";
constexpr const char* kResetKind = "reset-password";

Error WrongCredentials() {
  // One message for an unknown address and a wrong password alike.
  return Error(ErrorCode::kUnauthenticated, "The e-mail address or the password is wrong.");
}

Error RateLimited(int64_t retry_after_ms) {
  int64_t seconds = (retry_after_ms + 999) / 1000;
  return Error(ErrorCode::kRateLimited,
               "Too many attempts. Try again in {{minutes}} minutes.",
               {{"minutes", std::to_string((seconds + 59) / 60)}, {"seconds", std::to_string(seconds)}});
}

Error NotSignedIn() {
  return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
}

// The audit trail's view of a user: no personal data, so erasure never rewrites the trail.
std::string RolesJson(const std::set<Role>& roles) {
  std::string out = "{\"roles\":[";
  bool first = true;
  for (Role r : roles) {
    out += std::string(first ? "" : ",") + "\"" + RoleCode(r) + "\"";
    first = false;
  }
  return out + "]}";
}

std::string ActorsJson(const std::set<int64_t>& ids) {
  std::string out = "{\"actor_ids\":[";
  bool first = true;
  for (int64_t id : ids) {
    out += std::string(first ? "" : ",") + std::to_string(id);
    first = false;
  }
  return out + "]}";
}

std::string ProfileJson(const User& u) {
  return std::string("{\"language\":\"") + std::string(LanguageCode(u.language)) +
         "\",\"public_profile\":" + (u.public_profile ? "true" : "false") + "}";
}

std::string AccountKey(const std::string& email) { return "login:account:" + email; }
std::string AddressKey(const std::string& address) { return "login:address:" + address; }

// The user a one-time link was made for; the link is used up by asking.
Result<User> UserOfLink(AccountRepository& repo, const char* kind, const std::string& token,
                        int64_t now) {
  auto user_id = repo.ConsumeOneTimeToken(kind, HashToken(token), now);
  if (!user_id.ok()) return std::move(user_id).error();
  if (!user_id->has_value()) {
    return Error::InvalidField("token", "The link has expired or has been used already.");
  }
  auto user = repo.FindUser(**user_id);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return Error::NotFound();
  return **user;
}

}  // namespace

AccountService::AccountService(RepositoryScope write, RepositoryScope read,
                               std::function<int64_t()> now_ms, AccountSettings settings)
    : write_(std::move(write)), read_(std::move(read)), now_ms_(std::move(now_ms)),
      settings_(std::move(settings)) {}

const std::set<std::string>& AccountService::KnownScopes() {
  static const std::set<std::string> kScopes = {"read", "write", "admin"};
  return kScopes;
}

Principal AccountService::PrincipalOf(const User& user, AuthMethod method) const {
  Principal p;
  p.user_id = user.id;
  p.email = user.email;
  p.display_name = user.display_name;
  p.roles = user.roles;
  p.actor_ids = user.actor_ids;
  p.method = method;
  return p;
}

Status AccountService::Register(const Registration& r) {
  std::string email = NormaliseEmail(r.email);
  std::vector<FieldError> errors;
  auto name = CheckDisplayName(r.name);
  if (!name.ok()) errors.push_back(name.error().fields().front());
  if (email.empty()) {
    errors.push_back({"email", N_("Enter your e-mail address.")});
  } else if (!IsPlainEmailAddress(email)) {
    errors.push_back({"email", N_("Enter an e-mail address like name@example.se.")});
  }
  for (auto& e : CheckPassword(r.password, email)) errors.push_back(std::move(e));
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  // Hash before the transaction: it takes a tenth of a second and needs no lock.
  auto hash = HashPassword(r.password, settings_.password_params);
  if (!hash.ok()) return std::move(hash).error();
  int64_t now = now_ms_();
  std::string token = NewToken();
  return write_([&](AccountRepository& repo) -> Status {
    std::string key = "register:address:" + r.address;
    auto throttle = repo.GetThrottle(key);
    if (!throttle.ok()) return std::move(throttle).error();
    if (int64_t wait = RetryAfterMs(*throttle, now); wait > 0) return RateLimited(wait);
    SAMVERKAN_RETURN_IF_ERROR(repo.PutThrottle(key, RecordFailure(*throttle, RegistrationRule(), now)));

    auto existing = repo.FindUserByEmail(email);
    if (!existing.ok()) return std::move(existing).error();
    if (existing->has_value()) {
      // Tell the owner, not the visitor.
      return repo.QueueMail({email, (*existing)->language, "account-exists",
                             N_("Someone tried to register with your e-mail address"),
                             N_("Someone, perhaps you, tried to create a Samverkan account with this "
                                "e-mail address, which already has one. To sign in, go to "
                                "{{url}}/logga-in. If you have forgotten your password, you can "
                                "choose a new one at {{url}}/glomt-losenord."),
                             {{"url", settings_.public_url}}});
    }
    User user;
    user.email = email;
    user.display_name = *name;
    user.password_hash = *hash;
    user.language = r.language;
    user.roles = {Role::kMember};
    user.created_at_ms = now;
    auto id = repo.InsertUser(user);
    if (!id.ok()) return std::move(id).error();
    SAMVERKAN_RETURN_IF_ERROR(repo.SetRoles(*id, user.roles));
    SAMVERKAN_RETURN_IF_ERROR(repo.Audit({*id, "account.register", "user", std::to_string(*id), "",
                                          RolesJson(user.roles)}, now));
    SAMVERKAN_RETURN_IF_ERROR(repo.InsertOneTimeToken(kVerifyKind, HashToken(token), *id,
                                                      now + settings_.verify_lifetime_ms));
    return repo.QueueMail({email, r.language, kVerifyKind, N_("Confirm your e-mail address"),
                           N_("Welcome to Samverkan, {{name}}! Confirm your e-mail address by "
                              "opening this link within 48 hours: {{url}}/verifiera?token={{token}}"),
                           {{"name", user.display_name}, {"url", settings_.public_url}, {"token", token}}});
  });
}

Status AccountService::VerifyEmail(const std::string& token) {
  int64_t now = now_ms_();
  return write_([&](AccountRepository& repo) -> Status {
    auto user = UserOfLink(repo, kVerifyKind, token, now);
    if (!user.ok()) return std::move(user).error();
    User u = *std::move(user);
    if (!u.verified_at_ms) u.verified_at_ms = now;
    SAMVERKAN_RETURN_IF_ERROR(repo.Audit({u.id, "account.verify", "user", std::to_string(u.id),
                                          "{\"verified\":false}", "{\"verified\":true}"}, now));
    return repo.UpdateUser(u);
  });
}

Result<SignedIn> AccountService::SignIn(const std::string& email_in, const std::string& password,
                                        const std::string& address) {
  std::string email = NormaliseEmail(email_in);
  if (email.empty() || password.empty() || password.size() > kMaxPasswordBytes) {
    return WrongCredentials();
  }
  int64_t now = now_ms_();
  // First the throttles and the user, then the slow hash check outside any transaction.
  std::optional<User> user;
  Status checked = read_([&](AccountRepository& repo) -> Status {
    for (const auto& key : {AccountKey(email), AddressKey(address)}) {
      auto state = repo.GetThrottle(key);
      if (!state.ok()) return std::move(state).error();
      if (int64_t wait = RetryAfterMs(*state, now); wait > 0) return RateLimited(wait);
    }
    auto found = repo.FindUserByEmail(email);
    if (!found.ok()) return std::move(found).error();
    user = std::move(found).value();
    return Status::Ok();
  });
  if (!checked.ok()) return std::move(checked).error();

  // Spend the same time on an unknown address as on a known one.
  static const std::string kDummyHash = [] {
    auto h = HashPassword("not a real password", DefaultPasswordParams());
    return h.ok() ? *h : std::string();
  }();
  bool valid = user ? VerifyPassword(user->password_hash, password)
                    : (VerifyPassword(kDummyHash, password), false);

  if (!valid) {
    Status recorded = write_([&](AccountRepository& repo) -> Status {
      for (const auto& [key, rule] : {std::pair{AccountKey(email), AccountRule()},
                                      std::pair{AddressKey(address), AddressRule()}}) {
        auto state = repo.GetThrottle(key);
        if (!state.ok()) return std::move(state).error();
        SAMVERKAN_RETURN_IF_ERROR(repo.PutThrottle(key, RecordFailure(*state, rule, now)));
      }
      return Status::Ok();
    });
    if (!recorded.ok()) return std::move(recorded).error();
    return WrongCredentials();
  }
  if (!user->verified_at_ms) {
    return Error(ErrorCode::kPermissionDenied,
                 "Confirm your e-mail address first: open the link in the mail we sent you.");
  }

  std::optional<std::string> rehash;
  if (NeedsRehash(user->password_hash, settings_.password_params)) {
    auto h = HashPassword(password, settings_.password_params);
    if (h.ok()) rehash = *h;
  }
  SignedIn signed_in;
  signed_in.session_token = NewToken();  // a new token at every sign-in: no fixation
  signed_in.expires_at_ms = now + settings_.session_lifetime_ms;
  Status stored = write_([&](AccountRepository& repo) -> Status {
    SAMVERKAN_RETURN_IF_ERROR(repo.ClearThrottle(AccountKey(email)));
    if (rehash) {
      User u = *user;
      u.password_hash = *rehash;
      SAMVERKAN_RETURN_IF_ERROR(repo.UpdateUser(u));
    }
    return repo.InsertSession(HashToken(signed_in.session_token),
                              {user->id, signed_in.expires_at_ms, now, now});
  });
  if (!stored.ok()) return std::move(stored).error();
  signed_in.principal = PrincipalOf(*user, AuthMethod::kSession);
  return signed_in;
}

Status AccountService::SignOut(const std::string& session_token) {
  return write_([&](AccountRepository& repo) { return repo.DeleteSession(HashToken(session_token)); });
}

Status AccountService::SignOutEverywhere(const Principal& who) {
  if (!who.authenticated()) return NotSignedIn();
  if (!who.Allows("write")) return Error::Forbidden();
  return write_([&](AccountRepository& repo) -> Status {
    auto n = repo.DeleteSessionsOf(who.user_id);
    if (!n.ok()) return std::move(n).error();
    return Status::Ok();
  });
}

Status AccountService::RequestPasswordReset(const std::string& email_in, Language language,
                                            const std::string& address) {
  std::string email = NormaliseEmail(email_in);
  int64_t now = now_ms_();
  std::string token = NewToken();
  return write_([&](AccountRepository& repo) -> Status {
    // Reset requests share the sign-in throttle of the address, so they cannot flood mail.
    std::string key = AddressKey(address);
    auto state = repo.GetThrottle(key);
    if (!state.ok()) return std::move(state).error();
    if (int64_t wait = RetryAfterMs(*state, now); wait > 0) return RateLimited(wait);
    SAMVERKAN_RETURN_IF_ERROR(repo.PutThrottle(key, RecordFailure(*state, AddressRule(), now)));
    auto user = repo.FindUserByEmail(email);
    if (!user.ok()) return std::move(user).error();
    if (!user->has_value()) return Status::Ok();  // the same answer as for a known address
    SAMVERKAN_RETURN_IF_ERROR(repo.InsertOneTimeToken(kResetKind, HashToken(token), (*user)->id,
                                                      now + settings_.reset_lifetime_ms));
    return repo.QueueMail({email, (*user)->language, kResetKind, N_("Choose a new password"),
                           N_("Open this link within an hour to choose a new password for "
                              "Samverkan: {{url}}/aterstall-losenord?token={{token}} If you did "
                              "not ask for this, you can ignore this mail."),
                           {{"url", settings_.public_url}, {"token", token}}});
  });
}

Status AccountService::ResetPassword(const std::string& token, const std::string& new_password) {
  auto errors = CheckPassword(new_password, "");
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  auto hash = HashPassword(new_password, settings_.password_params);
  if (!hash.ok()) return std::move(hash).error();
  int64_t now = now_ms_();
  return write_([&](AccountRepository& repo) -> Status {
    auto user = UserOfLink(repo, kResetKind, token, now);
    if (!user.ok()) return std::move(user).error();
    User u = *std::move(user);
    u.password_hash = *hash;
    // Following the link proves the address too.
    if (!u.verified_at_ms) u.verified_at_ms = now;
    SAMVERKAN_RETURN_IF_ERROR(repo.UpdateUser(u));
    SAMVERKAN_RETURN_IF_ERROR(repo.Audit({u.id, "account.password_reset", "user", std::to_string(u.id),
                                          "", "{\"password\":\"changed\"}"}, now));
    SAMVERKAN_RETURN_IF_ERROR(repo.ClearThrottle(AccountKey(u.email)));
    auto ended = repo.DeleteSessionsOf(u.id);
    if (!ended.ok()) return std::move(ended).error();
    return Status::Ok();
  });
}

Status AccountService::ChangePassword(const Principal& who, const std::string& current,
                                      const std::string& next) {
  if (!who.authenticated() || who.method != AuthMethod::kSession) return NotSignedIn();
  auto me = Me(who);
  if (!me.ok()) return std::move(me).error();
  if (!VerifyPassword(me->password_hash, current)) {
    return Error::InvalidField("current_password", "The password is wrong.");
  }
  auto errors = CheckPassword(next, me->email);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  auto hash = HashPassword(next, settings_.password_params);
  if (!hash.ok()) return std::move(hash).error();
  int64_t now = now_ms_();
  return write_([&](AccountRepository& repo) -> Status {
    User u = *me;
    u.password_hash = *hash;
    SAMVERKAN_RETURN_IF_ERROR(repo.Audit({who.user_id, "account.password_change", "user",
                                          std::to_string(u.id), "", "{\"password\":\"changed\"}"}, now));
    return repo.UpdateUser(u);
  });
}

Result<User> AccountService::Me(const Principal& who) {
  if (!who.authenticated()) return NotSignedIn();
  std::optional<User> user;
  Status s = read_([&](AccountRepository& repo) -> Status {
    auto found = repo.FindUser(who.user_id);
    if (!found.ok()) return std::move(found).error();
    user = std::move(found).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  if (!user) return NotSignedIn();
  return *user;
}

Status AccountService::UpdateProfile(const Principal& who, const std::string& name,
                                     Language language, bool public_profile) {
  if (!who.authenticated() || !who.Allows("write")) return NotSignedIn();
  auto checked = CheckDisplayName(name);
  if (!checked.ok()) return std::move(checked).error();
  int64_t now = now_ms_();
  return write_([&](AccountRepository& repo) -> Status {
    auto user = repo.FindUser(who.user_id);
    if (!user.ok()) return std::move(user).error();
    if (!user->has_value()) return NotSignedIn();
    User u = **user;
    std::string before = ProfileJson(u);
    bool renamed = u.display_name != *checked;
    u.display_name = *checked;
    u.language = language;
    u.public_profile = public_profile;
    std::string after = ProfileJson(u);
    if (renamed) after.insert(after.size() - 1, ",\"name\":\"changed\"");
    SAMVERKAN_RETURN_IF_ERROR(
        repo.Audit({who.user_id, "account.profile", "user", std::to_string(u.id), before, after}, now));
    return repo.UpdateUser(u);
  });
}

Status AccountService::DeleteAccount(const Principal& who, const std::string& password) {
  if (!who.authenticated() || who.method != AuthMethod::kSession) return NotSignedIn();
  auto me = Me(who);
  if (!me.ok()) return std::move(me).error();
  if (!VerifyPassword(me->password_hash, password)) {
    return Error::InvalidField("password", "The password is wrong.");
  }
  int64_t now = now_ms_();
  return write_([&](AccountRepository& repo) -> Status {
    auto ended = repo.DeleteSessionsOf(who.user_id);
    if (!ended.ok()) return std::move(ended).error();
    SAMVERKAN_RETURN_IF_ERROR(repo.Audit({who.user_id, "account.delete", "user",
                                          std::to_string(who.user_id), RolesJson(me->roles),
                                          "{\"erased\":true}"}, now));
    return repo.EraseUser(who.user_id, now);
  });
}

Result<Principal> AccountService::AuthenticateSession(const std::string& session_token) {
  if (session_token.empty()) return NotSignedIn();
  int64_t now = now_ms_();
  std::string hash = HashToken(session_token);
  std::optional<User> user;
  Status s = write_([&](AccountRepository& repo) -> Status {
    auto session = repo.FindSession(hash);
    if (!session.ok()) return std::move(session).error();
    if (!session->has_value() || (*session)->expires_at_ms <= now) return NotSignedIn();
    auto found = repo.FindUser((*session)->user_id);
    if (!found.ok()) return std::move(found).error();
    if (!found->has_value()) return NotSignedIn();
    user = std::move(found).value();
    // Slide the expiry at most once a minute, so reads rarely write.
    if (now - (*session)->last_seen_ms > 60'000) {
      int64_t expires = std::min(now + settings_.session_lifetime_ms,
                                 (*session)->created_at_ms + settings_.session_absolute_ms);
      return repo.TouchSession(hash, now, expires);
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return PrincipalOf(*user, AuthMethod::kSession);
}

Result<Principal> AccountService::AuthenticateApiToken(const std::string& token) {
  int64_t now = now_ms_();
  std::optional<User> user;
  std::set<std::string> scopes;
  Status s = write_([&](AccountRepository& repo) -> Status {
    auto record = repo.FindApiToken(HashToken(token));
    if (!record.ok()) return std::move(record).error();
    if (!record->has_value() || (*record)->revoked_at_ms) {
      return Error(ErrorCode::kUnauthenticated, "The API token is not valid.");
    }
    auto found = repo.FindUser((*record)->user_id);
    if (!found.ok()) return std::move(found).error();
    if (!found->has_value()) return Error(ErrorCode::kUnauthenticated, "The API token is not valid.");
    user = std::move(found).value();
    scopes = (*record)->scopes;
    if (!(*record)->last_used_ms || now - *(*record)->last_used_ms > 60'000) {
      return repo.MarkApiTokenUsed((*record)->id, now);
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  Principal p = PrincipalOf(*user, AuthMethod::kApiToken);
  p.scopes = std::move(scopes);
  // A token cannot do more than its owner: admin scope needs the admin role.
  if (!p.IsAdmin()) p.scopes.erase("admin");
  return p;
}

Result<std::string> AccountService::CreateApiToken(const Principal& who, const std::string& name,
                                                   const std::set<std::string>& scopes) {
  if (!who.authenticated() || who.method != AuthMethod::kSession) return NotSignedIn();
  return CreateApiTokenForEmail(who.email, name, scopes);
}

Result<std::string> AccountService::CreateApiTokenForEmail(const std::string& email,
                                                           const std::string& name,
                                                           const std::set<std::string>& scopes) {
  std::vector<FieldError> errors;
  if (scopes.empty()) errors.push_back({"scope", N_("Choose at least one scope.")});
  for (const auto& scope : scopes) {
    if (!KnownScopes().count(scope)) {
      errors.push_back({"scope", N_("Unknown scope {{scope}}: use read, write or admin."), {{"scope", scope}}});
    }
  }
  if (name.size() > 100) errors.push_back({"name", N_("Use at most {{max}} characters."), {{"max", "100"}}});
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  std::string token = NewToken("svk_");
  int64_t now = now_ms_();
  Status s = write_([&](AccountRepository& repo) -> Status {
    auto user = repo.FindUserByEmail(NormaliseEmail(email));
    if (!user.ok()) return std::move(user).error();
    if (!user->has_value()) return Error::NotFound("There is no account with that e-mail address.");
    if (scopes.count("admin") && !(*user)->roles.count(Role::kAdmin)) {
      return Error::InvalidField("scope", "Only an administrator's token can have the admin scope.");
    }
    ApiTokenRecord record;
    record.user_id = (*user)->id;
    record.name = name.empty() ? "API" : name;
    record.scopes = scopes;
    record.created_at_ms = now;
    auto id = repo.InsertApiToken(HashToken(token), record);
    if (!id.ok()) return std::move(id).error();
    std::string scope_list;
    for (const auto& sc : scopes) scope_list += std::string(scope_list.empty() ? "" : ",") + "\"" + sc + "\"";
    return repo.Audit({record.user_id, "token.create", "api_token", std::to_string(*id), "",
                       "{\"scopes\":[" + scope_list + "]}"}, now);
  });
  if (!s.ok()) return std::move(s).error();
  return token;
}

Result<std::vector<ApiTokenRecord>> AccountService::ListApiTokens(const Principal& who) {
  if (!who.authenticated()) return NotSignedIn();
  std::vector<ApiTokenRecord> out;
  Status s = read_([&](AccountRepository& repo) -> Status {
    auto list = repo.ListApiTokens(who.user_id);
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Status AccountService::RevokeApiToken(const Principal& who, int64_t token_id) {
  if (!who.authenticated() || !who.Allows("write")) return NotSignedIn();
  int64_t now = now_ms_();
  return write_([&](AccountRepository& repo) -> Status {
    SAMVERKAN_RETURN_IF_ERROR(repo.RevokeApiToken(who.user_id, token_id, now));
    return repo.Audit({who.user_id, "token.revoke", "api_token", std::to_string(token_id),
                       "{\"revoked\":false}", "{\"revoked\":true}"}, now);
  });
}

Result<int64_t> AccountService::AddUser(const std::string& email_in, const std::string& name,
                                        const std::string& password, const std::set<Role>& roles) {
  std::string email = NormaliseEmail(email_in);
  std::vector<FieldError> errors;
  if (!IsPlainEmailAddress(email)) {
    errors.push_back({"email", N_("Enter an e-mail address like name@example.se.")});
  }
  for (auto& e : CheckPassword(password, email)) errors.push_back(std::move(e));
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  auto hash = HashPassword(password, settings_.password_params);
  if (!hash.ok()) return std::move(hash).error();
  int64_t now = now_ms_();
  int64_t id = 0;
  Status s = write_([&](AccountRepository& repo) -> Status {
    User user;
    user.email = email;
    user.display_name = name.empty() ? email.substr(0, email.find('@')) : name;
    user.password_hash = *hash;
    user.verified_at_ms = now;  // an operator vouches for the address
    user.roles = roles;
    user.roles.insert(Role::kMember);
    user.created_at_ms = now;
    auto inserted = repo.InsertUser(user);
    if (!inserted.ok()) return std::move(inserted).error();
    id = *inserted;
    SAMVERKAN_RETURN_IF_ERROR(repo.Audit({0, "account.add", "user", std::to_string(id), "",
                                          RolesJson(user.roles)}, now));
    return repo.SetRoles(id, user.roles);
  });
  if (!s.ok()) return std::move(s).error();
  return id;
}

Result<std::vector<User>> AccountService::ListUsers(const Principal& who, int64_t after_id, int limit) {
  if (!who.authenticated()) return NotSignedIn();
  if (!who.IsAdmin() || !who.Allows("admin")) return Error::Forbidden();
  std::vector<User> out;
  Status s = read_([&](AccountRepository& repo) -> Status {
    auto list = repo.ListUsers(after_id, limit);
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<User> AccountService::GetUser(const Principal& who, int64_t user_id) {
  if (!who.authenticated()) return NotSignedIn();
  if (!who.IsAdmin() || !who.Allows("admin")) return Error::Forbidden();
  std::optional<User> user;
  Status s = read_([&](AccountRepository& repo) -> Status {
    auto found = repo.FindUser(user_id);
    if (!found.ok()) return std::move(found).error();
    user = std::move(found).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  if (!user) return Error::NotFound();
  return *user;
}

Status AccountService::SetRoles(const Principal& who, int64_t user_id, const std::set<Role>& roles) {
  if (!who.authenticated()) return NotSignedIn();
  if (!who.IsAdmin() || !who.Allows("admin")) return Error::Forbidden();
  // An administrator cannot take away their own administration, so one always remains.
  if (user_id == who.user_id && !roles.count(Role::kAdmin)) {
    return Error::InvalidField("roles", "You cannot remove your own administrator role.");
  }
  int64_t now = now_ms_();
  return write_([&](AccountRepository& repo) -> Status {
    auto user = repo.FindUser(user_id);
    if (!user.ok()) return std::move(user).error();
    if (!user->has_value()) return Error::NotFound();
    std::set<Role> with_member = roles;
    with_member.insert(Role::kMember);
    SAMVERKAN_RETURN_IF_ERROR(repo.Audit({who.user_id, "account.roles", "user", std::to_string(user_id),
                                          RolesJson((*user)->roles), RolesJson(with_member)}, now));
    return repo.SetRoles(user_id, with_member);
  });
}

Result<int64_t> AccountService::PurgeExpired() {
  int64_t now = now_ms_();
  int64_t removed = 0;
  Status s = write_([&](AccountRepository& repo) -> Status {
    for (auto r : {repo.PurgeExpiredSessions(now), repo.PurgeExpiredTokens(now),
                   repo.PurgeIdleThrottles(now - 24LL * 3600 * 1000)}) {
      if (!r.ok()) return std::move(r).error();
      removed += *r;
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return removed;
}

Status AccountService::SetRepresentation(const Principal& who, int64_t user_id,
                                         const std::set<int64_t>& actor_ids) {
  if (!who.authenticated()) return NotSignedIn();
  if (!who.IsAdmin() || !who.Allows("admin")) return Error::Forbidden();
  int64_t now = now_ms_();
  return write_([&](AccountRepository& repo) -> Status {
    auto user = repo.FindUser(user_id);
    if (!user.ok()) return std::move(user).error();
    if (!user->has_value()) return Error::NotFound();
    SAMVERKAN_RETURN_IF_ERROR(repo.Audit({who.user_id, "account.representation", "user",
                                          std::to_string(user_id), ActorsJson((*user)->actor_ids),
                                          ActorsJson(actor_ids)}, now));
    std::set<Role> roles = (*user)->roles;
    if (actor_ids.empty()) {
      roles.erase(Role::kRepresentative);
    } else {
      roles.insert(Role::kRepresentative);
    }
    SAMVERKAN_RETURN_IF_ERROR(repo.SetRoles(user_id, roles));
    return repo.SetRepresentation(user_id, actor_ids);
  });
}

}  // namespace samverkan::auth
