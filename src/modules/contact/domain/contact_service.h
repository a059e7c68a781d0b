// Use cases of the contact module. The service owns no storage: it is handed a way to run
// work against a repository inside one transaction, so tests can pass an in-memory one.
#pragma once

#include <functional>

#include "modules/contact/domain/message.h"

namespace samverkan::contact {

// Runs `work` with a repository in one transaction: committed if `work` succeeds.
using RepositoryScope = std::function<Status(const std::function<Status(MessageRepository&)>& work)>;

class ContactService {
 public:
  ContactService(RepositoryScope write, RepositoryScope read, std::function<int64_t()> now_ms)
      : write_(std::move(write)), read_(std::move(read)), now_ms_(std::move(now_ms)) {}

  // Validates and stores a message; returns its id. InvalidArgument with per-field errors.
  Result<int64_t> Send(MessageDraft draft);
  // For staff and the export: oldest first, after `after_id`.
  Result<std::vector<Message>> List(int64_t after_id, int limit);
  // A person's own messages (GDPR access and erasure), by their account's address.
  Result<std::vector<Message>> MessagesFrom(const std::string& email);
  Status EraseMessagesFrom(const std::string& email);

 private:
  RepositoryScope write_;
  RepositoryScope read_;
  std::function<int64_t()> now_ms_;
};

}  // namespace samverkan::contact
