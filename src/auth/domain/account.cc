#include "auth/domain/account.h"

#include <algorithm>
#include <cctype>

namespace samverkan::auth {
namespace {

std::string Trim(std::string_view s) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

size_t Utf8Length(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

}  // namespace

std::string NormaliseEmail(std::string_view email) {
  std::string out = Trim(email);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<FieldError> CheckPassword(std::string_view password, std::string_view email) {
  std::vector<FieldError> errors;
  if (Utf8Length(password) < kMinPasswordLength) {
    errors.push_back({"password", N_("Use at least {{min}} characters."),
                      {{"min", std::to_string(kMinPasswordLength)}}});
  } else if (password.size() > kMaxPasswordBytes) {
    errors.push_back({"password", N_("Use at most {{max}} characters."),
                      {{"max", std::to_string(kMaxPasswordBytes)}}});
  } else if (!email.empty() && NormaliseEmail(password) == NormaliseEmail(email)) {
    errors.push_back({"password", N_("Do not use your e-mail address as password.")});
  }
  return errors;
}

Result<std::string> CheckDisplayName(std::string name) {
  name = Trim(name);
  if (name.empty()) return Error::InvalidField("name", "Enter your name.");
  if (Utf8Length(name) > kMaxDisplayName) {
    return Error::InvalidField("name", "Use at most {{max}} characters.",
                               {{"max", std::to_string(kMaxDisplayName)}});
  }
  return name;
}

ThrottleRule AccountRule() { return {5, 15 * 60'000, 60'000, 15 * 60'000}; }
ThrottleRule AddressRule() { return {20, 15 * 60'000, 5 * 60'000, 60 * 60'000}; }
ThrottleRule RegistrationRule() { return {10, 60 * 60'000, 60 * 60'000, 60 * 60'000}; }

int64_t RetryAfterMs(const ThrottleState& state, int64_t now_ms) {
  return std::max<int64_t>(0, state.blocked_until_ms - now_ms);
}

ThrottleState RecordFailure(ThrottleState state, const ThrottleRule& rule, int64_t now_ms) {
  if (now_ms - state.window_start_ms > rule.window_ms && now_ms >= state.blocked_until_ms) {
    state = ThrottleState{0, now_ms, 0};
  }
  ++state.failures;
  int over = state.failures - rule.free_failures;
  if (over > 0) {
    int64_t block = rule.first_block_ms;
    for (int i = 1; i < over && block < rule.max_block_ms; ++i) block *= 2;
    state.blocked_until_ms = now_ms + std::min(block, rule.max_block_ms);
  }
  return state;
}

}  // namespace samverkan::auth
