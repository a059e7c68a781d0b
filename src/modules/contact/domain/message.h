// Messages that visitors send to the node's staff through the contact form or the API.
// Pure: validation and the repository interface, no storage or HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/language.h"
#include "core/result.h"

namespace samverkan::contact {

struct MessageDraft {
  std::string name;
  std::string email;
  std::string message;
  Language language = kDefaultLanguage;
};

struct Message {
  int64_t id = 0;
  std::string name;
  std::string email;
  std::string message;
  Language language = kDefaultLanguage;
  int64_t created_at_ms = 0;
};

inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxEmailLength = 254;  // RFC 5321 path limit
inline constexpr size_t kMaxMessageLength = 5000;

// Trims the fields and checks them; every problem is reported at once, per field.
Result<MessageDraft> ValidateMessage(MessageDraft draft);

// An address we can answer: one bare address with a dot in its domain (IsPlainEmailAddress).
// The only real proof is a reply, so this only catches typing mistakes and header tricks.
bool LooksLikeEmail(std::string_view email);

class MessageRepository {
 public:
  virtual ~MessageRepository() = default;
  virtual Result<int64_t> Insert(const MessageDraft& draft, int64_t now_ms) = 0;
  // Oldest first, after `after_id`.
  virtual Result<std::vector<Message>> List(int64_t after_id, int limit) = 0;
  // Messages sent from an address (compared without case), and their erasure.
  virtual Result<std::vector<Message>> ListFrom(const std::string& email) = 0;
  virtual Result<int64_t> DeleteFrom(const std::string& email) = 0;
};

}  // namespace samverkan::contact
