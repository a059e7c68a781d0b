#include "modules/contact/domain/message.h"

#include <algorithm>

#include "core/text.h"

namespace samverkan::contact {
namespace {

std::string Trim(std::string s) {
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.back())) s.pop_back();
  size_t start = 0;
  while (start < s.size() && space(s[start])) ++start;
  return s.substr(start);
}

// Length in characters, not bytes: limits are promised to people.
size_t Utf8Length(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

}  // namespace

bool LooksLikeEmail(std::string_view email) { return IsPlainEmailAddress(email); }

Result<MessageDraft> ValidateMessage(MessageDraft draft) {
  draft.name = Trim(std::move(draft.name));
  draft.email = Trim(std::move(draft.email));
  draft.message = Trim(std::move(draft.message));
  std::vector<FieldError> errors;
  if (draft.name.empty()) {
    errors.push_back({"name", N_("Enter your name.")});
  } else if (Utf8Length(draft.name) > kMaxNameLength) {
    errors.push_back({"name", N_("Use at most {{max}} characters."), {{"max", std::to_string(kMaxNameLength)}}});
  }
  if (draft.email.empty()) {
    errors.push_back({"email", N_("Enter your e-mail address.")});
  } else if (draft.email.size() > kMaxEmailLength || !LooksLikeEmail(draft.email)) {
    errors.push_back({"email", N_("Enter an e-mail address like name@example.se.")});
  }
  if (draft.message.empty()) {
    errors.push_back({"message", N_("Write a message.")});
  } else if (Utf8Length(draft.message) > kMaxMessageLength) {
    errors.push_back({"message", N_("Use at most {{max}} characters."), {{"max", std::to_string(kMaxMessageLength)}}});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return draft;
}

}  // namespace samverkan::contact
