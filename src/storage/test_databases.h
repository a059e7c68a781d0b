// For tests: fresh, empty databases on every engine the test run has.
//
// SQLite is always there. PostgreSQL is there when SAMVERKAN_TEST_POSTGRES holds a server URL
// without a database name (e.g. postgresql://samverkan@127.0.0.1:54329); scripts/test starts
// such a server. Each TestDatabase is a new database, dropped when it goes out of scope.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"

namespace samverkan::storage {

std::vector<Engine> TestEngines();
std::string TestEngineName(Engine engine);

class TestDatabase {
 public:
  explicit TestDatabase(Engine engine);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  Engine engine_;
  std::string url_;
  std::string name_;
  std::unique_ptr<Database> db_;
};

}  // namespace samverkan::storage
