// Accounts as the domain sees them, and the pure rules about them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/language.h"
#include "core/principal.h"
#include "core/result.h"

namespace samverkan::auth {

struct User {
  int64_t id = 0;
  std::string email;  // normalised: trimmed, lower case
  std::string display_name;
  std::string password_hash;
  Language language = kDefaultLanguage;
  std::optional<int64_t> verified_at_ms;
  bool public_profile = false;  // consent to show the name on public pages
  std::set<Role> roles;
  std::set<int64_t> actor_ids;
  int64_t created_at_ms = 0;
};

inline constexpr size_t kMinPasswordLength = 10;   // characters
inline constexpr size_t kMaxPasswordBytes = 256;   // Argon2 input bound; longer is refused
inline constexpr size_t kMaxDisplayName = 120;

// Trimmed and lower-cased: e-mail addresses are compared without case everywhere.
std::string NormaliseEmail(std::string_view email);
// Per-field errors for a new account or a password change (field names: email, name,
// password).
std::vector<FieldError> CheckPassword(std::string_view password, std::string_view email);
Result<std::string> CheckDisplayName(std::string name);

// Mails the accounts module sends, as msgids with arguments, translated where they are queued.
struct OutgoingMail {
  std::string to;
  Language language = kDefaultLanguage;
  std::string kind;     // "verify-email", "reset-password", "account-exists"
  std::string subject;  // msgid
  std::string body;     // msgid with {{placeholders}}
  std::map<std::string, std::string> args;
};

// Throttling of sign-ins and registrations. Failures within a window count; past a limit the
// key is blocked for a time that doubles with each further failure but is capped, so nobody
// can lock another person out for longer than the cap by guessing their password.
struct ThrottleState {
  int failures = 0;
  int64_t window_start_ms = 0;
  int64_t blocked_until_ms = 0;
};

struct ThrottleRule {
  int free_failures;         // failures allowed in a window before blocking starts
  int64_t window_ms;         // failures older than this are forgotten
  int64_t first_block_ms;    // block after the first failure over the limit
  int64_t max_block_ms;      // the cap
};

// Accounts: 5 failures in 15 minutes, then 1, 2, 4 … minutes, at most 15 minutes.
ThrottleRule AccountRule();
// Addresses: 20 failures in 15 minutes, then 5 minutes doubling to at most one hour.
ThrottleRule AddressRule();
// Registrations per address: 10 an hour, then one hour.
ThrottleRule RegistrationRule();

// Milliseconds until `state` allows another attempt at `now`, or 0.
int64_t RetryAfterMs(const ThrottleState& state, int64_t now_ms);
// The state after a failure (or, for registrations, after any attempt) at `now`.
ThrottleState RecordFailure(ThrottleState state, const ThrottleRule& rule, int64_t now_ms);

}  // namespace samverkan::auth
