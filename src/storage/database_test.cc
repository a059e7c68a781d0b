#include "storage/database.h"

#include <gtest/gtest.h>

#include <thread>

#include "storage/migrations.h"
#include "storage/test_databases.h"

namespace samverkan::storage {
namespace {

class DatabaseTest : public ::testing::TestWithParam<Engine> {
 protected:
  TestDatabase test_db_{GetParam()};
  Database& db() { return test_db_.db(); }

  std::vector<Migration> Schema() {
    return {{"notes", 1, "create notes",
             "CREATE TABLE notes (id {{id}}, title TEXT NOT NULL UNIQUE, score {{double}}, "
             "flag INTEGER NOT NULL DEFAULT 0)"},
            {"notes", 2, "create tags",
             "CREATE TABLE tags (note_id BIGINT NOT NULL REFERENCES notes(id), tag TEXT NOT NULL)"}};
  }
};

TEST(PlaceholderTest, RewritesOnlyOutsideLiterals) {
  EXPECT_EQ(ToSqlitePlaceholders("SELECT * FROM t WHERE a = $1 AND b = '$2' AND c = $10"),
            "SELECT * FROM t WHERE a = ?1 AND b = '$2' AND c = ?10");
  EXPECT_EQ(ToSqlitePlaceholders("SELECT 'it''s $1', \"col$2\", $3"),
            "SELECT 'it''s $1', \"col$2\", ?3");
}

TEST_P(DatabaseTest, MigrationsApplyOnceAndAreSafeToRunTwice) {
  auto first = ApplyMigrations(db(), Schema());
  ASSERT_TRUE(first.ok()) << first.error().log_detail();
  EXPECT_EQ(first->applied.size(), 2u);
  auto second = ApplyMigrations(db(), Schema());
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->already_applied, 2);
}

TEST_P(DatabaseTest, RoundTripsEveryValueKindWithBoundParameters) {
  ASSERT_TRUE(ApplyMigrations(db(), Schema()).ok());
  const std::string hostile = "Robert'); DROP TABLE notes;-- åäö \"x\"";
  auto id = db().Write([&](Transaction& tx) {
    return tx.InsertReturningId(
        "INSERT INTO notes (title, score, flag) VALUES ($1, $2, $3) RETURNING id",
        {Param(hostile), Param(2.5), Param(true)});
  });
  ASSERT_TRUE(id.ok()) << id.error().log_detail();
  auto row = db().Read([&](Transaction& tx) {
    return tx.QueryOne("SELECT id, title, score, flag FROM notes WHERE id = $1", {Param(*id)});
  });
  ASSERT_TRUE(row.ok());
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->Int(0), *id);
  EXPECT_EQ((*row)->Text(1), hostile);
  EXPECT_DOUBLE_EQ((*row)->Real(2), 2.5);
  EXPECT_TRUE((*row)->Bool(3));
}

TEST_P(DatabaseTest, UniqueViolationIsConflictAndRollsBackTheWholeTransaction) {
  ASSERT_TRUE(ApplyMigrations(db(), Schema()).ok());
  Status s = db().Write([&](Transaction& tx) -> Status {
    auto a = tx.Execute("INSERT INTO notes (title) VALUES ($1)", {Param("same")});
    if (!a.ok()) return std::move(a).error();
    auto b = tx.Execute("INSERT INTO notes (title) VALUES ($1)", {Param("same")});
    if (!b.ok()) return std::move(b).error();
    return Status::Ok();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kConflict);
  auto count = db().Read([&](Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM notes"); });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)->Int(0), 0);
}

TEST_P(DatabaseTest, ForeignKeysAreEnforced) {
  ASSERT_TRUE(ApplyMigrations(db(), Schema()).ok());
  auto r = db().Write([&](Transaction& tx) {
    return tx.Execute("INSERT INTO tags (note_id, tag) VALUES ($1, $2)", {Param(999), Param("x")});
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kConflict);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  ASSERT_TRUE(ApplyMigrations(db(), Schema()).ok());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto r = db().Write([&](Transaction& tx) {
          return tx.Execute("INSERT INTO notes (title) VALUES ($1)",
                            {Param("n" + std::to_string(t) + "-" + std::to_string(i))});
        });
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  auto count = db().Read([&](Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM notes"); });
  EXPECT_EQ((*count)->Int(0), 100);
}

TEST_P(DatabaseTest, UncommittedTransactionRollsBackOnDestruction) {
  ASSERT_TRUE(ApplyMigrations(db(), Schema()).ok());
  {
    auto tx = db().Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Execute("INSERT INTO notes (title) VALUES ($1)", {Param("gone")}).ok());
  }
  auto count = db().Read([&](Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM notes"); });
  EXPECT_EQ((*count)->Int(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::testing::ValuesIn(TestEngines()),
                         [](const auto& info) { return TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::storage
