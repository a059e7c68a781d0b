#include "storage/backup.h"

#include <gtest/gtest.h>

#include <sstream>

#include "storage/migrations.h"
#include "storage/test_databases.h"

namespace samverkan::storage {
namespace {

std::vector<Migration> Schema() {
  return {{"notes", 1, "create notes",
           "CREATE TABLE notes (id {{id}}, title TEXT NOT NULL, score {{double}})"}};
}

class BackupTest : public ::testing::TestWithParam<std::tuple<Engine, Engine>> {};

TEST_P(BackupTest, RestoresEverythingIntoAnotherDatabaseAndEngine) {
  auto [from_engine, to_engine] = GetParam();
  TestDatabase from(from_engine), to(to_engine);
  ASSERT_TRUE(ApplyMigrations(from.db(), Schema()).ok());
  ASSERT_TRUE(ApplyMigrations(to.db(), Schema()).ok());
  ASSERT_TRUE(from.db().Write([](Transaction& tx) {
    return tx.Execute("INSERT INTO notes (title, score) VALUES ($1, $2), ($3, NULL)",
                      {Param("Älvdalen \"quoted\"\nline"), Param(1.25), Param("två")});
  }).ok());
  std::stringstream file;
  auto written = WriteBackup(from.db(), file);
  ASSERT_TRUE(written.ok()) << written.error().log_detail();
  EXPECT_EQ(written->rows, 3);  // two notes + one migration record

  auto restored = RestoreBackup(to.db(), file, {});
  ASSERT_TRUE(restored.ok()) << restored.error().log_detail();
  auto rows = to.db().Read([](Transaction& tx) {
    return tx.Query("SELECT id, title, score FROM notes ORDER BY id");
  });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->rows[0].Text(1), "Älvdalen \"quoted\"\nline");
  EXPECT_DOUBLE_EQ(rows->rows[0].Real(2), 1.25);
  EXPECT_TRUE(rows->rows[1].IsNull(2));
  // New rows continue after the restored ids.
  auto id = to.db().Write([](Transaction& tx) {
    return tx.InsertReturningId("INSERT INTO notes (title) VALUES ($1) RETURNING id", {Param("new")});
  });
  ASSERT_TRUE(id.ok()) << id.error().log_detail();
  EXPECT_EQ(*id, 3);
}

TEST_P(BackupTest, RefusesToOverwriteDataAndChangesNothing) {
  auto [from_engine, to_engine] = GetParam();
  TestDatabase from(from_engine), to(to_engine);
  ASSERT_TRUE(ApplyMigrations(from.db(), Schema()).ok());
  ASSERT_TRUE(ApplyMigrations(to.db(), Schema()).ok());
  ASSERT_TRUE(to.db().Write([](Transaction& tx) {
    return tx.Execute("INSERT INTO notes (title) VALUES ($1)", {Param("keep me")});
  }).ok());
  std::stringstream file;
  ASSERT_TRUE(WriteBackup(from.db(), file).ok());
  auto restored = RestoreBackup(to.db(), file, {});
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().code(), ErrorCode::kConflict);
  auto count = to.db().Read([](Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM notes"); });
  EXPECT_EQ((*count)->Int(0), 1);
}

TEST_P(BackupTest, DamagedBackupIsRejectedWithItsLineAndChangesNothing) {
  auto [from_engine, to_engine] = GetParam();
  TestDatabase to(to_engine);
  ASSERT_TRUE(ApplyMigrations(to.db(), Schema()).ok());
  std::stringstream file(
      "{\"format\":\"samverkan-backup\",\"version\":1}\n"
      "{\"table\":\"notes\",\"columns\":[\"id\",\"title\",\"score\"]}\n"
      "{\"row\":[1,\"ok\",null]}\n"
      "{\"row\":[2,\"short\"]}\n");
  auto restored = RestoreBackup(to.db(), file, {});
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(restored.error().fields().at(0).args.at("line"), "4");
  auto count = to.db().Read([](Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM notes"); });
  EXPECT_EQ((*count)->Int(0), 0);
}

std::vector<std::tuple<Engine, Engine>> EnginePairs() {
  std::vector<std::tuple<Engine, Engine>> pairs;
  for (Engine a : TestEngines()) {
    for (Engine b : TestEngines()) pairs.emplace_back(a, b);
  }
  return pairs;
}

INSTANTIATE_TEST_SUITE_P(Engines, BackupTest, ::testing::ValuesIn(EnginePairs()),
                         [](const auto& info) {
                           return TestEngineName(std::get<0>(info.param)) + "_to_" +
                                  TestEngineName(std::get<1>(info.param));
                         });

}  // namespace
}  // namespace samverkan::storage
