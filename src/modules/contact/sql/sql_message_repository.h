#pragma once

#include "modules/contact/domain/message.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::contact {

std::vector<storage::Migration> ContactMigrations();

// Works inside the caller's transaction.
class SqlMessageRepository : public MessageRepository {
 public:
  explicit SqlMessageRepository(storage::Transaction& tx) : tx_(tx) {}
  Result<int64_t> Insert(const MessageDraft& draft, int64_t now_ms) override;
  Result<std::vector<Message>> List(int64_t after_id, int limit) override;
  Result<std::vector<Message>> ListFrom(const std::string& email) override;
  Result<int64_t> DeleteFrom(const std::string& email) override;

 private:
  storage::Transaction& tx_;
};

}  // namespace samverkan::contact
