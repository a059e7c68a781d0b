#include "auth/sql/sql_account_repository.h"

#include <sstream>

#include "platform/audit.h"

namespace samverkan::auth {

using storage::Param;

std::vector<storage::Migration> AccountMigrations() {
  return {
      {"accounts", 1, "create users, roles, representation, sessions, tokens, throttles",
       "CREATE TABLE users ("
       " id {{id}},"
       " email TEXT NOT NULL UNIQUE,"
       " display_name TEXT NOT NULL,"
       " password_hash TEXT NOT NULL,"
       " language TEXT NOT NULL,"
       " verified_at BIGINT,"
       " public_profile INTEGER NOT NULL DEFAULT 0,"
       " created_at BIGINT NOT NULL,"
       " erased_at BIGINT);"
       "CREATE TABLE user_roles ("
       " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
       " role TEXT NOT NULL,"
       " PRIMARY KEY (user_id, role));"
       "CREATE TABLE user_actors ("
       " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
       " actor_id BIGINT NOT NULL,"
       " PRIMARY KEY (user_id, actor_id));"
       "CREATE INDEX user_actors_by_actor ON user_actors (actor_id);"
       "CREATE TABLE sessions ("
       " token_hash TEXT PRIMARY KEY,"
       " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
       " created_at BIGINT NOT NULL,"
       " last_seen BIGINT NOT NULL,"
       " expires_at BIGINT NOT NULL);"
       "CREATE INDEX sessions_by_user ON sessions (user_id);"
       "CREATE INDEX sessions_by_expiry ON sessions (expires_at);"
       "CREATE TABLE one_time_tokens ("
       " token_hash TEXT PRIMARY KEY,"
       " kind TEXT NOT NULL,"
       " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
       " expires_at BIGINT NOT NULL,"
       " used_at BIGINT);"
       "CREATE TABLE api_tokens ("
       " id {{id}},"
       " token_hash TEXT NOT NULL UNIQUE,"
       " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
       " name TEXT NOT NULL,"
       " scopes TEXT NOT NULL,"
       " created_at BIGINT NOT NULL,"
       " last_used BIGINT,"
       " revoked_at BIGINT);"
       "CREATE TABLE auth_throttle ("
       " key TEXT PRIMARY KEY,"
       " failures INTEGER NOT NULL,"
       " window_start BIGINT NOT NULL,"
       " blocked_until BIGINT NOT NULL)"},
  };
}

namespace {

constexpr std::string_view kUserColumns =
    "SELECT id, email, display_name, password_hash, language, verified_at, public_profile, "
    "created_at FROM users ";

User UserFromRow(const storage::Row& r) {
  User u;
  u.id = r.Int(0);
  u.email = r.Text(1);
  u.display_name = r.Text(2);
  u.password_hash = r.Text(3);
  u.language = ParseLanguage(r.Text(4)).value_or(kDefaultLanguage);
  u.verified_at_ms = r.OptInt(5);
  u.public_profile = r.Bool(6);
  u.created_at_ms = r.Int(7);
  return u;
}

std::string JoinScopes(const std::set<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::set<std::string> SplitScopes(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string s; in >> s;) out.insert(s);
  return out;
}

template <typename T>
Status Done(const Result<T>& r) {
  if (!r.ok()) return r.error();
  return Status::Ok();
}

}  // namespace

Result<int64_t> SqlAccountRepository::InsertUser(const User& u) {
  return tx_.InsertReturningId(
      "INSERT INTO users (email, display_name, password_hash, language, verified_at, "
      "public_profile, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {Param(u.email), Param(u.display_name), Param(u.password_hash),
       Param(LanguageCode(u.language)), Param(u.verified_at_ms), Param(u.public_profile),
       Param(u.created_at_ms)});
}

Status SqlAccountRepository::LoadRolesAndActors(User& user) {
  auto roles = tx_.Query("SELECT role FROM user_roles WHERE user_id = $1", {Param(user.id)});
  if (!roles.ok()) return std::move(roles).error();
  for (const auto& r : *roles) {
    if (auto role = ParseRole(r.Text(0))) user.roles.insert(*role);
  }
  auto actors = tx_.Query("SELECT actor_id FROM user_actors WHERE user_id = $1", {Param(user.id)});
  if (!actors.ok()) return std::move(actors).error();
  for (const auto& r : *actors) user.actor_ids.insert(r.Int(0));
  return Status::Ok();
}

Result<std::optional<User>> SqlAccountRepository::FindUserWhere(std::string_view where,
                                                                const storage::Value& value) {
  auto row = tx_.QueryOne(std::string(kUserColumns) + std::string(where), {value});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<User>();
  User user = UserFromRow(**row);
  SAMVERKAN_RETURN_IF_ERROR(LoadRolesAndActors(user));
  return std::optional<User>(std::move(user));
}

Result<std::optional<User>> SqlAccountRepository::FindUserByEmail(const std::string& email) {
  return FindUserWhere("WHERE email = $1 AND erased_at IS NULL", Param(email));
}

Result<std::optional<User>> SqlAccountRepository::FindUser(int64_t id) {
  return FindUserWhere("WHERE id = $1 AND erased_at IS NULL", Param(id));
}

Status SqlAccountRepository::UpdateUser(const User& u) {
  return Done(tx_.Execute(
      "UPDATE users SET email = $1, display_name = $2, password_hash = $3, language = $4, "
      "verified_at = $5, public_profile = $6 WHERE id = $7",
      {Param(u.email), Param(u.display_name), Param(u.password_hash),
       Param(LanguageCode(u.language)), Param(u.verified_at_ms), Param(u.public_profile),
       Param(u.id)}));
}

Status SqlAccountRepository::SetRoles(int64_t user_id, const std::set<Role>& roles) {
  SAMVERKAN_RETURN_IF_ERROR(
      Done(tx_.Execute("DELETE FROM user_roles WHERE user_id = $1", {Param(user_id)})));
  for (Role role : roles) {
    SAMVERKAN_RETURN_IF_ERROR(Done(tx_.Execute(
        "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", {Param(user_id), Param(RoleCode(role))})));
  }
  return Status::Ok();
}

Status SqlAccountRepository::SetRepresentation(int64_t user_id, const std::set<int64_t>& actor_ids) {
  SAMVERKAN_RETURN_IF_ERROR(
      Done(tx_.Execute("DELETE FROM user_actors WHERE user_id = $1", {Param(user_id)})));
  for (int64_t actor : actor_ids) {
    SAMVERKAN_RETURN_IF_ERROR(Done(tx_.Execute(
        "INSERT INTO user_actors (user_id, actor_id) VALUES ($1, $2)", {Param(user_id), Param(actor)})));
  }
  return Status::Ok();
}

Result<std::vector<User>> SqlAccountRepository::ListUsers(int64_t after_id, int limit) {
  auto rows = tx_.Query(std::string(kUserColumns) +
                            "WHERE id > $1 AND erased_at IS NULL ORDER BY id LIMIT $2",
                        {Param(after_id), Param(limit)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<User> out;
  for (const auto& r : *rows) {
    User u = UserFromRow(r);
    SAMVERKAN_RETURN_IF_ERROR(LoadRolesAndActors(u));
    out.push_back(std::move(u));
  }
  return out;
}

Result<int64_t> SqlAccountRepository::CountUsers() {
  auto row = tx_.QueryOne("SELECT COUNT(*) FROM users WHERE erased_at IS NULL");
  if (!row.ok()) return std::move(row).error();
  return (*row)->Int(0);
}

Status SqlAccountRepository::EraseUser(int64_t user_id, int64_t now_ms) {
  // The row stays (other records may name the user id as author) but holds nothing personal.
  SAMVERKAN_RETURN_IF_ERROR(Done(tx_.Execute(
      "UPDATE users SET email = $1, display_name = '', password_hash = '', verified_at = NULL, "
      "public_profile = 0, erased_at = $2 WHERE id = $3",
      {Param("erased-" + std::to_string(user_id) + "@invalid"), Param(now_ms), Param(user_id)})));
  for (std::string_view table : {"user_roles", "user_actors", "sessions", "one_time_tokens", "api_tokens"}) {
    SAMVERKAN_RETURN_IF_ERROR(Done(
        tx_.Execute("DELETE FROM " + std::string(table) + " WHERE user_id = $1", {Param(user_id)})));
  }
  return Status::Ok();
}

Status SqlAccountRepository::InsertSession(const std::string& token_hash, const SessionRecord& s) {
  return Done(tx_.Execute(
      "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {Param(token_hash), Param(s.user_id), Param(s.created_at_ms), Param(s.last_seen_ms),
       Param(s.expires_at_ms)}));
}

Result<std::optional<SessionRecord>> SqlAccountRepository::FindSession(const std::string& token_hash) {
  auto row = tx_.QueryOne(
      "SELECT user_id, expires_at, last_seen, created_at FROM sessions WHERE token_hash = $1",
      {Param(token_hash)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<SessionRecord>();
  const auto& r = **row;
  return std::optional<SessionRecord>(SessionRecord{r.Int(0), r.Int(1), r.Int(2), r.Int(3)});
}

Status SqlAccountRepository::TouchSession(const std::string& token_hash, int64_t now_ms,
                                          int64_t expires_ms) {
  return Done(tx_.Execute("UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE token_hash = $3",
                          {Param(now_ms), Param(expires_ms), Param(token_hash)}));
}

Status SqlAccountRepository::DeleteSession(const std::string& token_hash) {
  return Done(tx_.Execute("DELETE FROM sessions WHERE token_hash = $1", {Param(token_hash)}));
}

Result<int64_t> SqlAccountRepository::DeleteSessionsOf(int64_t user_id) {
  return tx_.Execute("DELETE FROM sessions WHERE user_id = $1", {Param(user_id)});
}

Result<int64_t> SqlAccountRepository::PurgeExpiredSessions(int64_t now_ms) {
  return tx_.Execute("DELETE FROM sessions WHERE expires_at <= $1", {Param(now_ms)});
}

Result<int64_t> SqlAccountRepository::PurgeExpiredTokens(int64_t now_ms) {
  return tx_.Execute("DELETE FROM one_time_tokens WHERE expires_at <= $1", {Param(now_ms)});
}

Result<int64_t> SqlAccountRepository::PurgeIdleThrottles(int64_t idle_since_ms) {
  return tx_.Execute("DELETE FROM auth_throttle WHERE window_start < $1 AND blocked_until < $1",
                     {Param(idle_since_ms)});
}

Status SqlAccountRepository::InsertOneTimeToken(const std::string& kind, const std::string& token_hash,
                                                int64_t user_id, int64_t expires_at_ms) {
  return Done(tx_.Execute(
      "INSERT INTO one_time_tokens (token_hash, kind, user_id, expires_at) VALUES ($1, $2, $3, $4)",
      {Param(token_hash), Param(kind), Param(user_id), Param(expires_at_ms)}));
}

Result<std::optional<int64_t>> SqlAccountRepository::ConsumeOneTimeToken(const std::string& kind,
                                                                         const std::string& token_hash,
                                                                         int64_t now_ms) {
  // One statement decides, so two uses of the same link cannot both succeed.
  auto rows = tx_.Query(
      "UPDATE one_time_tokens SET used_at = $1 WHERE token_hash = $2 AND kind = $3 "
      "AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
      {Param(now_ms), Param(token_hash), Param(kind)});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->rows.front().Int(0));
}

Result<int64_t> SqlAccountRepository::InsertApiToken(const std::string& token_hash,
                                                     const ApiTokenRecord& t) {
  return tx_.InsertReturningId(
      "INSERT INTO api_tokens (token_hash, user_id, name, scopes, created_at) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {Param(token_hash), Param(t.user_id), Param(t.name), Param(JoinScopes(t.scopes)),
       Param(t.created_at_ms)});
}

namespace {
constexpr std::string_view kTokenColumns =
    "SELECT id, user_id, name, scopes, created_at, last_used, revoked_at FROM api_tokens ";

ApiTokenRecord TokenFromRow(const storage::Row& r) {
  return {r.Int(0), r.Int(1), r.Text(2), SplitScopes(r.Text(3)), r.Int(4), r.OptInt(5), r.OptInt(6)};
}
}  // namespace

Result<std::optional<ApiTokenRecord>> SqlAccountRepository::FindApiToken(const std::string& token_hash) {
  auto row = tx_.QueryOne(std::string(kTokenColumns) + "WHERE token_hash = $1", {Param(token_hash)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<ApiTokenRecord>();
  return std::optional<ApiTokenRecord>(TokenFromRow(**row));
}

Status SqlAccountRepository::MarkApiTokenUsed(int64_t id, int64_t now_ms) {
  return Done(tx_.Execute("UPDATE api_tokens SET last_used = $1 WHERE id = $2", {Param(now_ms), Param(id)}));
}

Result<std::vector<ApiTokenRecord>> SqlAccountRepository::ListApiTokens(int64_t user_id) {
  auto rows = tx_.Query(std::string(kTokenColumns) + "WHERE user_id = $1 ORDER BY id", {Param(user_id)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<ApiTokenRecord> out;
  for (const auto& r : *rows) out.push_back(TokenFromRow(r));
  return out;
}

Status SqlAccountRepository::RevokeApiToken(int64_t user_id, int64_t token_id, int64_t now_ms) {
  auto n = tx_.Execute(
      "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
      {Param(now_ms), Param(token_id), Param(user_id)});
  if (!n.ok()) return std::move(n).error();
  if (*n == 0) return Error::NotFound();
  return Status::Ok();
}

Result<ThrottleState> SqlAccountRepository::GetThrottle(const std::string& key) {
  auto row = tx_.QueryOne("SELECT failures, window_start, blocked_until FROM auth_throttle WHERE key = $1",
                          {Param(key)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return ThrottleState{};
  return ThrottleState{static_cast<int>((*row)->Int(0)), (*row)->Int(1), (*row)->Int(2)};
}

Status SqlAccountRepository::PutThrottle(const std::string& key, const ThrottleState& s) {
  return Done(tx_.Execute(
      "INSERT INTO auth_throttle (key, failures, window_start, blocked_until) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
      "window_start = excluded.window_start, blocked_until = excluded.blocked_until",
      {Param(key), Param(s.failures), Param(s.window_start_ms), Param(s.blocked_until_ms)}));
}

Status SqlAccountRepository::ClearThrottle(const std::string& key) {
  return Done(tx_.Execute("DELETE FROM auth_throttle WHERE key = $1", {Param(key)}));
}

Status SqlAccountRepository::QueueMail(const OutgoingMail& mail) { return mail_(tx_, mail); }

Status SqlAccountRepository::Audit(const AuditEntry& entry, int64_t at_ms) {
  return platform::AppendAudit(tx_, entry, at_ms);
}

}  // namespace samverkan::auth
