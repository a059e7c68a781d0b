// What the accounts service needs from storage. The SQL implementation works inside one
// transaction that the service's scope opens; a fake in memory serves the domain tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/domain/account.h"
#include "core/audit.h"

namespace samverkan::auth {

struct SessionRecord {
  int64_t user_id = 0;
  int64_t expires_at_ms = 0;
  int64_t last_seen_ms = 0;
  int64_t created_at_ms = 0;
};

struct ApiTokenRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::set<std::string> scopes;
  int64_t created_at_ms = 0;
  std::optional<int64_t> last_used_ms;
  std::optional<int64_t> revoked_at_ms;
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;

  // Users. Insert fails with Conflict when the e-mail address is taken.
  virtual Result<int64_t> InsertUser(const User& user) = 0;
  virtual Result<std::optional<User>> FindUserByEmail(const std::string& email) = 0;
  virtual Result<std::optional<User>> FindUser(int64_t id) = 0;
  virtual Status UpdateUser(const User& user) = 0;  // all fields but id and created_at
  virtual Status SetRoles(int64_t user_id, const std::set<Role>& roles) = 0;
  virtual Status SetRepresentation(int64_t user_id, const std::set<int64_t>& actor_ids) = 0;
  virtual Result<std::vector<User>> ListUsers(int64_t after_id, int limit) = 0;
  virtual Result<int64_t> CountUsers() = 0;
  // Erases the person: e-mail, name and password replaced, roles and representation removed.
  virtual Status EraseUser(int64_t user_id, int64_t now_ms) = 0;

  // Sessions, stored by the hash of their token.
  virtual Status InsertSession(const std::string& token_hash, const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> FindSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash, int64_t now_ms, int64_t expires_ms) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Result<int64_t> DeleteSessionsOf(int64_t user_id) = 0;
  virtual Result<int64_t> PurgeExpiredSessions(int64_t now_ms) = 0;
  // One-time tokens past their expiry, and throttles idle since `idle_since_ms`.
  virtual Result<int64_t> PurgeExpiredTokens(int64_t now_ms) = 0;
  virtual Result<int64_t> PurgeIdleThrottles(int64_t idle_since_ms) = 0;

  // One-time tokens for e-mail verification and password reset.
  virtual Status InsertOneTimeToken(const std::string& kind, const std::string& token_hash,
                                    int64_t user_id, int64_t expires_at_ms) = 0;
  // The user the token belongs to, marking it used; nullopt when unknown, used or expired.
  virtual Result<std::optional<int64_t>> ConsumeOneTimeToken(const std::string& kind,
                                                             const std::string& token_hash,
                                                             int64_t now_ms) = 0;

  // API tokens.
  virtual Result<int64_t> InsertApiToken(const std::string& token_hash, const ApiTokenRecord& t) = 0;
  virtual Result<std::optional<ApiTokenRecord>> FindApiToken(const std::string& token_hash) = 0;
  virtual Status MarkApiTokenUsed(int64_t id, int64_t now_ms) = 0;
  virtual Result<std::vector<ApiTokenRecord>> ListApiTokens(int64_t user_id) = 0;
  // Revokes a token of `user_id`; NotFound when it has no such token.
  virtual Status RevokeApiToken(int64_t user_id, int64_t token_id, int64_t now_ms) = 0;

  // Throttling state by key ("login:account:…", "login:address:…", "register:address:…").
  virtual Result<ThrottleState> GetThrottle(const std::string& key) = 0;
  virtual Status PutThrottle(const std::string& key, const ThrottleState& state) = 0;
  virtual Status ClearThrottle(const std::string& key) = 0;

  // Queues a mail in the same transaction as the change that causes it.
  virtual Status QueueMail(const OutgoingMail& mail) = 0;
  // Appends to the audit trail in the same transaction.
  virtual Status Audit(const AuditEntry& entry, int64_t at_ms) = 0;
};

}  // namespace samverkan::auth
