#pragma once

#include <functional>

#include "auth/domain/account_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::auth {

std::vector<storage::Migration> AccountMigrations();

// Queues a mail inside the transaction (the platform's outbox).
using MailQueue = std::function<Status(storage::Transaction&, const OutgoingMail&)>;

// Works inside the caller's transaction.
class SqlAccountRepository : public AccountRepository {
 public:
  SqlAccountRepository(storage::Transaction& tx, const MailQueue& mail) : tx_(tx), mail_(mail) {}

  Result<int64_t> InsertUser(const User& user) override;
  Result<std::optional<User>> FindUserByEmail(const std::string& email) override;
  Result<std::optional<User>> FindUser(int64_t id) override;
  Status UpdateUser(const User& user) override;
  Status SetRoles(int64_t user_id, const std::set<Role>& roles) override;
  Status SetRepresentation(int64_t user_id, const std::set<int64_t>& actor_ids) override;
  Result<std::vector<User>> ListUsers(int64_t after_id, int limit) override;
  Result<int64_t> CountUsers() override;
  Status EraseUser(int64_t user_id, int64_t now_ms) override;

  Status InsertSession(const std::string& token_hash, const SessionRecord& session) override;
  Result<std::optional<SessionRecord>> FindSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, int64_t now_ms, int64_t expires_ms) override;
  Status DeleteSession(const std::string& token_hash) override;
  Result<int64_t> DeleteSessionsOf(int64_t user_id) override;
  Result<int64_t> PurgeExpiredSessions(int64_t now_ms) override;
  Result<int64_t> PurgeExpiredTokens(int64_t now_ms) override;
  Result<int64_t> PurgeIdleThrottles(int64_t idle_since_ms) override;

  Status InsertOneTimeToken(const std::string& kind, const std::string& token_hash, int64_t user_id,
                            int64_t expires_at_ms) override;
  Result<std::optional<int64_t>> ConsumeOneTimeToken(const std::string& kind,
                                                     const std::string& token_hash,
                                                     int64_t now_ms) override;

  Result<int64_t> InsertApiToken(const std::string& token_hash, const ApiTokenRecord& t) override;
  Result<std::optional<ApiTokenRecord>> FindApiToken(const std::string& token_hash) override;
  Status MarkApiTokenUsed(int64_t id, int64_t now_ms) override;
  Result<std::vector<ApiTokenRecord>> ListApiTokens(int64_t user_id) override;
  Status RevokeApiToken(int64_t user_id, int64_t token_id, int64_t now_ms) override;

  Result<ThrottleState> GetThrottle(const std::string& key) override;
  Status PutThrottle(const std::string& key, const ThrottleState& state) override;
  Status ClearThrottle(const std::string& key) override;

  Status QueueMail(const OutgoingMail& mail) override;
  Status Audit(const AuditEntry& entry, int64_t at_ms) override;

 private:
  Result<std::optional<User>> FindUserWhere(std::string_view where, const storage::Value& value);
  Status LoadRolesAndActors(User& user);

  storage::Transaction& tx_;
  const MailQueue& mail_;
};

}  // namespace samverkan::auth
