#include "storage/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <unordered_map>

namespace samverkan::storage {
namespace {

Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  std::string detail = std::string(sqlite3_errstr(rc)) + ": " + (db ? sqlite3_errmsg(db) : "") +
                       " [" + std::string(sql.substr(0, 200)) + "]";
  int primary = rc & 0xff;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error::Conflict("That already exists.").WithLogDetail(detail);
  }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return Error::Conflict("It is still referred to, or refers to something that does not exist.")
        .WithLogDetail(detail);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Error(ErrorCode::kUnavailable, "The service is busy. Please try again shortly.")
        .WithLogDetail(detail);
  }
  return Error::Internal(detail);
}

class SqliteConnection : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt.ok()) return std::move(stmt).error();
    Rows rows;
    sqlite3_stmt* s = *stmt;
    int columns = sqlite3_column_count(s);
    rows.columns.reserve(columns);
    for (int i = 0; i < columns; ++i) rows.columns.emplace_back(sqlite3_column_name(s, i));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      std::vector<Value> values;
      values.reserve(columns);
      for (int i = 0; i < columns; ++i) {
        switch (sqlite3_column_type(s, i)) {
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(s, i)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(s, i));
            break;
          case SQLITE_NULL:
            values.emplace_back(Null{});
            break;
          default:
            values.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_blob(s, i)),
                                            sqlite3_column_bytes(s, i)));
        }
      }
      rows.rows.emplace_back(std::move(values));
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE) return SqliteError(db_, sqlite3_extended_errcode(db_), sql);
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt.ok()) return std::move(stmt).error();
    int rc = sqlite3_step(*stmt);
    while (rc == SQLITE_ROW) rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    sqlite3_clear_bindings(*stmt);
    if (rc != SQLITE_DONE) return SqliteError(db_, sqlite3_extended_errcode(db_), sql);
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Status ExecuteScript(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (message) sqlite3_free(message);
    if (rc != SQLITE_OK) return SqliteError(db_, sqlite3_extended_errcode(db_), sql);
    return Status::Ok();
  }

  bool Healthy() override { return sqlite3_get_autocommit(db_) != 0; }

 private:
  // Statements are prepared once per connection and kept: most requests run the same few.
  Result<sqlite3_stmt*> Prepare(std::string_view sql, const std::vector<Value>& params) {
    std::string key(sql);
    auto it = statements_.find(key);
    sqlite3_stmt* stmt = nullptr;
    if (it != statements_.end()) {
      stmt = it->second;
    } else {
      std::string rewritten = ToSqlitePlaceholders(sql);
      int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
      statements_.emplace(std::move(key), stmt);
    }
    // Both engines store the same text: PostgreSQL cannot hold NUL and would cut the text
    // there, so it is refused everywhere.
    for (const auto& v : params) {
      if (auto* text = std::get_if<std::string>(&v); text && text->find('\0') != std::string::npos) {
        return Error::InvalidField("text", "Text may not contain the NUL character.");
      }
    }
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Error::Internal("parameter count mismatch for: " + std::string(sql));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Null>) {
              return sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(stmt, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, index, v);
            } else {
              return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_TRANSIENT,
                                         SQLITE_UTF8);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    }
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, const DatabaseOptions& options)
    : Database(Engine::kSqlite, "sqlite:" + path, options), path_(std::move(path)),
      options_(options) {}

Result<std::unique_ptr<Connection>> SqliteDatabase::Connect() {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path_.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e = Error(ErrorCode::kUnavailable, "The database could not be opened.")
                  .WithLogDetail(std::string(sqlite3_errstr(rc)) + ": " + path_);
    sqlite3_close_v2(db);
    return e;
  }
  auto conn = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, static_cast<int>(options_.busy_timeout.count()));
  // WAL lets readers go on while one writer commits; FULL syncs the log at every commit.
  Status pragmas = conn->ExecuteScript(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
      "PRAGMA temp_store=MEMORY;");
  if (!pragmas.ok()) return std::move(pragmas).error();
  return std::unique_ptr<Connection>(std::move(conn));
}

std::string_view SqliteDatabase::BeginSql(TxMode mode) const {
  return mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
}

}  // namespace samverkan::storage
