#include "storage/database.h"

#include <condition_variable>
#include <deque>
#include <mutex>

#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace samverkan::storage {

std::string_view EngineName(Engine engine) {
  return engine == Engine::kSqlite ? "sqlite" : "postgresql";
}

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  return std::get<int64_t>(v);
}

double Row::Real(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  return std::get<double>(v);
}

const std::string& Row::Text(size_t i) const { return std::get<std::string>(values_.at(i)); }

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

// ---------------------------------------------------------------------------------------------
// Transaction

Transaction::Transaction(Database* db, std::unique_ptr<Connection> conn, TxMode mode)
    : db_(db), conn_(std::move(conn)), mode_(mode) {}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), conn_(std::move(other.conn_)), mode_(other.mode_), done_(other.done_),
      on_commit_(std::move(other.on_commit_)) {
  other.done_ = true;
}

Transaction::~Transaction() {
  if (done_ || !conn_) return;
  bool healthy = conn_->ExecuteScript("ROLLBACK").ok();
  Release(healthy);
}

void Transaction::Release(bool healthy) {
  done_ = true;
  if (healthy && conn_->Healthy()) {
    db_->Return(std::move(conn_));
  } else {
    conn_.reset();  // dropped; the pool opens a new one when it is needed
    db_->Return(nullptr);
  }
}

Result<Rows> Transaction::Query(std::string_view sql, const std::vector<Value>& params) {
  return conn_->Query(sql, params);
}

Result<std::optional<Row>> Transaction::QueryOne(std::string_view sql,
                                                 const std::vector<Value>& params) {
  auto rows = conn_->Query(sql, params);
  if (!rows.ok()) return std::move(rows).error();
  if (rows->rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows->rows.front()));
}

Result<int64_t> Transaction::Execute(std::string_view sql, const std::vector<Value>& params) {
  return conn_->Execute(sql, params);
}

Result<int64_t> Transaction::InsertReturningId(std::string_view sql,
                                               const std::vector<Value>& params) {
  auto rows = conn_->Query(sql, params);
  if (!rows.ok()) return std::move(rows).error();
  if (rows->rows.empty()) return Error::Internal("INSERT … RETURNING returned no row");
  return rows->rows.front().Int(0);
}

Status Transaction::ExecuteScript(std::string_view sql) { return conn_->ExecuteScript(sql); }

Status Transaction::Commit() {
  Status s = conn_->ExecuteScript("COMMIT");
  if (!s.ok()) {
    // The engine has rolled back or the connection broke: either way nothing was committed.
    (void)conn_->ExecuteScript("ROLLBACK");
    Release(false);
    return s;
  }
  Release(true);
  for (auto& fn : on_commit_) fn();
  return Status::Ok();
}

Engine Transaction::engine() const { return db_->engine(); }

// ---------------------------------------------------------------------------------------------
// Database and its pool

struct Database::Pool {
  std::mutex mu;
  std::condition_variable available;
  std::deque<std::unique_ptr<Connection>> idle;
  int open = 0;  // connections handed out or idle
};

Database::Database(Engine engine, std::string url, DatabaseOptions options)
    : engine_(engine), url_(std::move(url)), options_(options), pool_(std::make_unique<Pool>()) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& url,
                                                 const DatabaseOptions& options) {
  std::unique_ptr<Database> db;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    db = std::make_unique<PostgresDatabase>(url, options);
  } else if (url.rfind("sqlite:", 0) == 0) {
    db = std::make_unique<SqliteDatabase>(url.substr(7), options);
  } else {
    return Error(ErrorCode::kInvalidArgument,
                 "Unknown database URL {{url}}: use sqlite:PATH or postgresql://…", {{"url", url}});
  }
  auto first = db->Acquire();
  if (!first.ok()) return std::move(first).error();
  db->Return(std::move(first).value());
  return db;
}

Result<std::unique_ptr<Connection>> Database::Acquire() {
  std::unique_lock lock(pool_->mu);
  auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  while (pool_->idle.empty() && pool_->open >= options_.pool_size) {
    if (pool_->available.wait_until(lock, deadline) == std::cv_status::timeout &&
        pool_->idle.empty() && pool_->open >= options_.pool_size) {
      return Error(ErrorCode::kUnavailable, "The service is busy. Please try again shortly.")
          .WithLogDetail("timed out waiting for a database connection");
    }
  }
  if (!pool_->idle.empty()) {
    auto conn = std::move(pool_->idle.front());
    pool_->idle.pop_front();
    return conn;
  }
  ++pool_->open;
  lock.unlock();
  auto conn = Connect();
  if (!conn.ok()) {
    std::lock_guard relock(pool_->mu);
    --pool_->open;
    pool_->available.notify_one();
  }
  return conn;
}

void Database::Return(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(pool_->mu);
  if (conn) {
    pool_->idle.push_back(std::move(conn));
  } else {
    --pool_->open;
  }
  pool_->available.notify_one();
}

Result<Transaction> Database::Begin(TxMode mode) {
  auto conn = Acquire();
  if (!conn.ok()) return std::move(conn).error();
  Status begun = (*conn)->ExecuteScript(BeginSql(mode));
  if (!begun.ok()) {
    bool healthy = (*conn)->Healthy();
    Return(healthy ? std::move(conn).value() : nullptr);
    return std::move(begun).error();
  }
  return Transaction(this, std::move(conn).value(), mode);
}

bool Database::Ping() {
  auto tx = Begin(TxMode::kRead);
  if (!tx.ok()) return false;
  return tx->Query("SELECT 1").ok();
}

std::string ToSqlitePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;  // a doubled quote re-enters at once: still correct
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace samverkan::storage
