#include "storage/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

namespace samverkan::storage {
namespace {

// Type OIDs from PostgreSQL's catalog (src/include/catalog/pg_type.dat); stable across versions.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;

Error PostgresError(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string detail = std::string(res ? PQresultErrorMessage(res) : PQerrorMessage(conn)) +
                       " [" + std::string(sql.substr(0, 200)) + "]";
  std::string_view code = state ? state : "";
  if (code == "23505") return Error::Conflict("That already exists.").WithLogDetail(detail);
  if (code == "23503") {
    return Error::Conflict("It is still referred to, or refers to something that does not exist.")
        .WithLogDetail(detail);
  }
  // Serialisation failure, deadlock, lock timeout, too many connections, shutting down.
  if (code == "40001" || code == "40P01" || code == "55P03" || code == "53300" ||
      code.substr(0, 2) == "57" || code.substr(0, 2) == "08") {
    return Error(ErrorCode::kUnavailable, "The service is busy. Please try again shortly.")
        .WithLogDetail(detail);
  }
  return Error::Internal(detail);
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresConnection : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    auto res = Run(sql, params);
    if (!res.ok()) return std::move(res).error();
    PGresult* r = res->get();
    Rows rows;
    int columns = PQnfields(r);
    for (int c = 0; c < columns; ++c) rows.columns.emplace_back(PQfname(r, c));
    int n = PQntuples(r);
    rows.rows.reserve(n);
    for (int i = 0; i < n; ++i) {
      std::vector<Value> values;
      values.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(r, i, c)) {
          values.emplace_back(Null{});
          continue;
        }
        const char* text = PQgetvalue(r, i, c);
        int len = PQgetlength(r, i, c);
        switch (PQftype(r, c)) {
          case kBoolOid:
            values.emplace_back(int64_t{text[0] == 't' ? 1 : 0});
            break;
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid: {
            int64_t v = 0;
            std::from_chars(text, text + len, v);
            values.emplace_back(v);
            break;
          }
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid:
            values.emplace_back(std::strtod(text, nullptr));
            break;
          default:
            values.emplace_back(std::string(text, len));
        }
      }
      rows.rows.emplace_back(std::move(values));
    }
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    auto res = Run(sql, params);
    if (!res.ok()) return std::move(res).error();
    const char* affected = PQcmdTuples(res->get());
    return static_cast<int64_t>(affected && *affected ? std::strtoll(affected, nullptr, 10) : 0);
  }

  Status ExecuteScript(std::string_view sql) override {
    std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return PostgresError(conn_, res.get(), sql);
    }
    return Status::Ok();
  }

  bool Healthy() override {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

 private:
  // Prepares each distinct statement once per connection, then runs it with text parameters.
  Result<ResultPtr> Run(std::string_view sql, const std::vector<Value>& params) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size() + 1);
      ResultPtr prep(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
      if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
        return PostgresError(conn_, prep.get(), sql);
      }
      it = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    // Both engines store the same text: PostgreSQL cannot hold NUL and would cut the text
    // there, so it is refused everywhere.
    for (const auto& v : params) {
      if (auto* text = std::get_if<std::string>(&v); text && text->find('\0') != std::string::npos) {
        return Error::InvalidField("text", "Text may not contain the NUL character.");
      }
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Null>) {
              values[i] = nullptr;
            } else if constexpr (std::is_same_v<T, std::string>) {
              values[i] = v.c_str();
            } else {
              char buf[64];
              auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
              texts[i].assign(buf, end);
              values[i] = texts[i].c_str();
            }
          },
          params[i]);
    }
    ResultPtr res(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return PostgresError(conn_, res.get(), sql);
    }
    return res;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
};

}  // namespace

PostgresDatabase::PostgresDatabase(std::string url, const DatabaseOptions& options)
    : Database(Engine::kPostgres, url, options), conninfo_(std::move(url)) {}

Result<std::unique_ptr<Connection>> PostgresDatabase::Connect() {
  PGconn* conn = PQconnectdb(conninfo_.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    Error e = Error(ErrorCode::kUnavailable, "The database could not be opened.")
                  .WithLogDetail(PQerrorMessage(conn));
    PQfinish(conn);
    return e;
  }
  auto c = std::make_unique<PostgresConnection>(conn);
  Status set = c->ExecuteScript(
      "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET client_min_messages = warning");
  if (!set.ok()) return std::move(set).error();
  return std::unique_ptr<Connection>(std::move(c));
}

std::string_view PostgresDatabase::BeginSql(TxMode mode) const {
  // READ COMMITTED is enough for writes: services take row locks or use upserts where they
  // read-modify-write. Reads get one snapshot for the whole request.
  return mode == TxMode::kWrite ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

}  // namespace samverkan::storage
