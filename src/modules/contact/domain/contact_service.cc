#include "modules/contact/domain/contact_service.h"

namespace samverkan::contact {

Result<int64_t> ContactService::Send(MessageDraft draft) {
  auto valid = ValidateMessage(std::move(draft));
  if (!valid.ok()) return std::move(valid).error();
  int64_t id = 0;
  Status s = write_([&](MessageRepository& repo) -> Status {
    auto inserted = repo.Insert(*valid, now_ms_());
    if (!inserted.ok()) return std::move(inserted).error();
    id = *inserted;
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return id;
}

Result<std::vector<Message>> ContactService::List(int64_t after_id, int limit) {
  std::vector<Message> out;
  Status s = read_([&](MessageRepository& repo) -> Status {
    auto list = repo.List(after_id, limit);
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<std::vector<Message>> ContactService::MessagesFrom(const std::string& email) {
  std::vector<Message> out;
  Status s = read_([&](MessageRepository& repo) -> Status {
    auto list = repo.ListFrom(email);
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Status ContactService::EraseMessagesFrom(const std::string& email) {
  return write_([&](MessageRepository& repo) -> Status {
    auto n = repo.DeleteFrom(email);
    if (!n.ok()) return std::move(n).error();
    return Status::Ok();
  });
}

}  // namespace samverkan::contact
