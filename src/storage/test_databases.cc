#include "storage/test_databases.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace samverkan::storage {
namespace {

const char* PostgresServer() {
  const char* url = std::getenv("SAMVERKAN_TEST_POSTGRES");
  return url && *url ? url : nullptr;
}

void AdminExec(const std::string& sql) {
  std::string admin = std::string(PostgresServer()) + "/postgres";
  PGconn* conn = PQconnectdb(admin.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string err = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the test PostgreSQL server: " + err);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string err = PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + err);
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return "t" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 1000000);
}

}  // namespace

std::vector<Engine> TestEngines() {
  std::vector<Engine> engines{Engine::kSqlite};
  if (PostgresServer()) engines.push_back(Engine::kPostgres);
  return engines;
}

std::string TestEngineName(Engine engine) { return std::string(EngineName(engine)); }

TestDatabase::TestDatabase(Engine engine) : engine_(engine), name_(UniqueName()) {
  if (engine == Engine::kSqlite) {
    auto dir = std::filesystem::temp_directory_path() / ("samverkan-test-" + name_);
    std::filesystem::create_directories(dir);
    url_ = "sqlite:" + (dir / "test.db").string();
  } else {
    AdminExec("CREATE DATABASE " + name_);
    url_ = std::string(PostgresServer()) + "/" + name_;
  }
  auto db = Database::Open(url_);
  if (!db.ok()) throw std::runtime_error("cannot open test database: " + db.error().log_detail());
  db_ = std::move(db).value();
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (engine_ == Engine::kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(url_.substr(7)).parent_path(), ec);
  } else {
    try {
      AdminExec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // A leftover test database is harmless: the test server is thrown away after the run.
    }
  }
}

}  // namespace samverkan::storage
