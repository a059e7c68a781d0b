// The accounts use cases. Every method runs in one transaction through the scopes it was
// given, checks its own authorisation against the Principal, and returns errors as values.
// Answers never reveal whether an e-mail address is registered.
#pragma once

#include <functional>

#include "auth/crypto.h"
#include "auth/domain/account_repository.h"

namespace samverkan::auth {

using RepositoryScope =
    std::function<Status(const std::function<Status(AccountRepository&)>& work)>;

struct AccountSettings {
  PasswordParams password_params = DefaultPasswordParams();
  int64_t session_lifetime_ms = 14LL * 24 * 3600 * 1000;  // sliding: renewed on use
  int64_t session_absolute_ms = 90LL * 24 * 3600 * 1000;  // never longer than this
  int64_t verify_lifetime_ms = 48LL * 3600 * 1000;
  int64_t reset_lifetime_ms = 3600 * 1000;
  std::string public_url = "http://localhost:8080";  // for links in mails
};

struct Registration {
  std::string email;
  std::string name;
  std::string password;
  Language language = kDefaultLanguage;
  std::string address;  // the client's IP address, for throttling
};

struct SignedIn {
  std::string session_token;  // for the cookie; stored only as its hash
  int64_t expires_at_ms = 0;
  Principal principal;
};

class AccountService {
 public:
  AccountService(RepositoryScope write, RepositoryScope read, std::function<int64_t()> now_ms,
                 AccountSettings settings);

  // A new, unverified account and a mail with a verification link. When the address is
  // taken, the owner gets a mail saying so instead; the caller sees the same answer.
  Status Register(const Registration& registration);
  Status VerifyEmail(const std::string& token);
  // Throttled per account and per address (RateLimited with args "seconds").
  Result<SignedIn> SignIn(const std::string& email, const std::string& password,
                          const std::string& address);
  Status SignOut(const std::string& session_token);
  Status SignOutEverywhere(const Principal& who);
  Status RequestPasswordReset(const std::string& email, Language language, const std::string& address);
  // Sets the password and ends every session of the account.
  Status ResetPassword(const std::string& token, const std::string& new_password);
  Status ChangePassword(const Principal& who, const std::string& current, const std::string& next);

  Result<User> Me(const Principal& who);
  Status UpdateProfile(const Principal& who, const std::string& name, Language language,
                       bool public_profile);
  // Erases the person (after checking the password); their organisations' contributions stay.
  Status DeleteAccount(const Principal& who, const std::string& password);

  // The principal of a session cookie or a bearer token; an unknown, expired or revoked one
  // is Unauthenticated. Sessions slide their expiry forward when used.
  Result<Principal> AuthenticateSession(const std::string& session_token);
  Result<Principal> AuthenticateApiToken(const std::string& token);

  // API tokens: the token is shown once and stored as its hash. Scopes: read, write, admin.
  Result<std::string> CreateApiToken(const Principal& who, const std::string& name,
                                     const std::set<std::string>& scopes);
  Result<std::vector<ApiTokenRecord>> ListApiTokens(const Principal& who);
  Status RevokeApiToken(const Principal& who, int64_t token_id);

  // Operators (command line) and admins.
  Result<int64_t> AddUser(const std::string& email, const std::string& name,
                          const std::string& password, const std::set<Role>& roles);
  Result<std::string> CreateApiTokenForEmail(const std::string& email, const std::string& name,
                                             const std::set<std::string>& scopes);
  Result<std::vector<User>> ListUsers(const Principal& who, int64_t after_id, int limit);
  Result<User> GetUser(const Principal& who, int64_t user_id);
  Status SetRoles(const Principal& who, int64_t user_id, const std::set<Role>& roles);
  Status SetRepresentation(const Principal& who, int64_t user_id, const std::set<int64_t>& actor_ids);

  // Retention: removes expired sessions and links and idle throttles; returns how many rows.
  Result<int64_t> PurgeExpired();

  static const std::set<std::string>& KnownScopes();

 private:
  Principal PrincipalOf(const User& user, AuthMethod method) const;

  RepositoryScope write_;
  RepositoryScope read_;
  std::function<int64_t()> now_ms_;
  AccountSettings settings_;
};

}  // namespace samverkan::auth
