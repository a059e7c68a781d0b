#include "modules/contact/sql/sql_message_repository.h"

#include "platform/audit.h"

namespace samverkan::contact {

using storage::Param;

std::vector<storage::Migration> ContactMigrations() {
  return {{"contact", 1, "create contact_messages",
           "CREATE TABLE contact_messages ("
           " id {{id}},"
           " name TEXT NOT NULL,"
           " email TEXT NOT NULL,"
           " message TEXT NOT NULL,"
           " language TEXT NOT NULL,"
           " created_at BIGINT NOT NULL)"}};
}

Result<int64_t> SqlMessageRepository::Insert(const MessageDraft& d, int64_t now_ms) {
  auto id = tx_.InsertReturningId(
      "INSERT INTO contact_messages (name, email, message, language, created_at) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {Param(d.name), Param(d.email), Param(d.message), Param(LanguageCode(d.language)),
       Param(now_ms)});
  if (!id.ok()) return id;
  // The trail records that a message came, not who wrote it or what it says.
  Status audited = platform::AppendAudit(
      tx_, {0, "contact.message", "contact_message", std::to_string(*id), "",
            std::string("{\"language\":\"") + std::string(LanguageCode(d.language)) + "\"}"},
      now_ms);
  if (!audited.ok()) return std::move(audited).error();
  return id;
}

namespace {
std::vector<Message> MessagesFromRows(const storage::Rows& rows) {
  std::vector<Message> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3),
                   ParseLanguage(r.Text(4)).value_or(kDefaultLanguage), r.Int(5)});
  }
  return out;
}
}  // namespace

Result<std::vector<Message>> SqlMessageRepository::ListFrom(const std::string& email) {
  auto rows = tx_.Query(
      "SELECT id, name, email, message, language, created_at FROM contact_messages "
      "WHERE LOWER(email) = LOWER($1) ORDER BY id",
      {Param(email)});
  if (!rows.ok()) return std::move(rows).error();
  return MessagesFromRows(*rows);
}

Result<int64_t> SqlMessageRepository::DeleteFrom(const std::string& email) {
  return tx_.Execute("DELETE FROM contact_messages WHERE LOWER(email) = LOWER($1)", {Param(email)});
}

Result<std::vector<Message>> SqlMessageRepository::List(int64_t after_id, int limit) {
  auto rows = tx_.Query(
      "SELECT id, name, email, message, language, created_at FROM contact_messages "
      "WHERE id > $1 ORDER BY id LIMIT $2",
      {Param(after_id), Param(limit)});
  if (!rows.ok()) return std::move(rows).error();
  return MessagesFromRows(*rows);
}

}  // namespace samverkan::contact
