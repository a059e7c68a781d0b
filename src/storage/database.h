// storage::Database: one interface over two engines, embedded SQLite (the default) and
// PostgreSQL through libpq. Modules write portable SQL with numbered parameters ($1, $2, …)
// and never concatenate values into it.
//
// Threading: a Database is shared by all threads; each Transaction holds one pooled
// connection and belongs to the thread that began it. Every call blocks, so callers run it on
// the blocking pool, never on a network thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/result.h"

namespace samverkan::storage {

enum class Engine { kSqlite, kPostgres };
std::string_view EngineName(Engine engine);

// A bound parameter or a column value. Booleans are stored as integers 0/1 on both engines;
// times as integer milliseconds since the Unix epoch (UTC) or ISO 8601 text.
struct Null {
  bool operator==(const Null&) const = default;
};
using Value = std::variant<Null, int64_t, double, std::string>;

inline Value Param(bool b) { return Value(int64_t{b ? 1 : 0}); }
inline Value Param(int v) { return Value(int64_t{v}); }
inline Value Param(int64_t v) { return Value(v); }
inline Value Param(double v) { return Value(v); }
inline Value Param(std::string v) { return Value(std::move(v)); }
inline Value Param(std::string_view v) { return Value(std::string(v)); }
inline Value Param(const char* v) { return Value(std::string(v)); }
template <typename T>
Value Param(const std::optional<T>& v) {
  return v ? Param(*v) : Value(Null{});
}

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<Null>(values_.at(i)); }
  // Conversions are lenient between numeric kinds and strict otherwise: reading text as an
  // integer is a bug in the query, and throws std::bad_variant_access.
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }
  const std::string& Text(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  const Value& at(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

// One pooled connection of a driver. Implementations turn engine errors into domain errors:
// unique or foreign-key violation -> Conflict, busy/locked/serialisation failure -> Unavailable,
// everything else -> Internal with the engine's message as log detail only.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) = 0;
  // Returns the number of rows changed.
  virtual Result<int64_t> Execute(std::string_view sql, const std::vector<Value>& params) = 0;
  // Several statements without parameters (migrations, transaction control).
  virtual Status ExecuteScript(std::string_view sql) = 0;
  // Whether the connection is still usable; a broken one is dropped from the pool.
  virtual bool Healthy() = 0;
};

class Database;

enum class TxMode {
  kRead,   // a consistent snapshot; writing in it is a bug
  kWrite,  // takes the write lock at BEGIN, so it never fails half-way for lock upgrades
};

// A transaction on one pooled connection. Rolls back on destruction unless committed.
class Transaction {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params = {});
  // The first row, or nullopt when there is none.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const std::vector<Value>& params = {});
  Result<int64_t> Execute(std::string_view sql, const std::vector<Value>& params = {});
  // For INSERT … RETURNING id (supported by both engines).
  Result<int64_t> InsertReturningId(std::string_view sql, const std::vector<Value>& params);
  Status ExecuteScript(std::string_view sql);
  Status Commit();
  // Runs `fn` after this transaction commits (never when it rolls back), on the committing
  // thread: for work that must only see committed data, such as waking the mail sender.
  void OnCommit(std::function<void()> fn) { on_commit_.push_back(std::move(fn)); }
  Engine engine() const;
  TxMode mode() const { return mode_; }

 private:
  friend class Database;
  Transaction(Database* db, std::unique_ptr<Connection> conn, TxMode mode);
  void Release(bool healthy);

  Database* db_;
  std::unique_ptr<Connection> conn_;
  TxMode mode_;
  bool done_ = false;
  std::vector<std::function<void()>> on_commit_;
};

struct DatabaseOptions {
  int pool_size = 4;
  std::chrono::milliseconds acquire_timeout{5000};  // waiting for a free pooled connection
  std::chrono::milliseconds busy_timeout{5000};     // SQLite: waiting for the write lock
};

class Database {
 public:
  // `url` is "sqlite:PATH" (or a plain path ending in .db) or "postgresql://…"/"postgres://…".
  // Opens the first connection to fail early on a wrong URL.
  static Result<std::unique_ptr<Database>> Open(const std::string& url,
                                                const DatabaseOptions& options = {});
  virtual ~Database();

  Engine engine() const { return engine_; }
  const std::string& url() const { return url_; }

  Result<Transaction> Begin(TxMode mode);

  // Runs `fn` in a transaction and commits when it returns ok; rolls back otherwise, and when
  // it throws (the exception then propagates). `fn` returns Status or Result<T>.
  template <typename Fn>
  auto InTransaction(TxMode mode, Fn&& fn) -> std::invoke_result_t<Fn, Transaction&> {
    auto tx = Begin(mode);
    if (!tx.ok()) return std::move(tx).error();
    auto result = fn(*tx);
    if (!result.ok()) return result;
    Status committed = tx->Commit();
    if (!committed.ok()) return std::move(committed).error();
    return result;
  }
  template <typename Fn>
  auto Read(Fn&& fn) {
    return InTransaction(TxMode::kRead, std::forward<Fn>(fn));
  }
  template <typename Fn>
  auto Write(Fn&& fn) {
    return InTransaction(TxMode::kWrite, std::forward<Fn>(fn));
  }

  // Whether a connection can be had and answers a trivial query (for /readyz).
  bool Ping();

 protected:
  Database(Engine engine, std::string url, DatabaseOptions options);
  virtual Result<std::unique_ptr<Connection>> Connect() = 0;
  virtual std::string_view BeginSql(TxMode mode) const = 0;

 private:
  friend class Transaction;
  Result<std::unique_ptr<Connection>> Acquire();
  void Return(std::unique_ptr<Connection> conn);

  Engine engine_;
  std::string url_;
  DatabaseOptions options_;
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

// Rewrites $1, $2, … into SQLite's ?1, ?2, … leaving quoted literals and identifiers alone.
std::string ToSqlitePlaceholders(std::string_view sql);

}  // namespace samverkan::storage
