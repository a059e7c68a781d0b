// The secrets of accounts, over libsodium: Argon2id password hashes and random tokens that
// are stored only as hashes. Thread-safe; call InitCrypto() once before use.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace samverkan::auth {

// Argon2id cost. The values are written into every hash (PHC string format), so raising them
// later re-hashes each password at its next login (NeedsRehash).
struct PasswordParams {
  unsigned long long ops_limit;
  size_t mem_limit;  // bytes
};
// libsodium's "interactive" level: 2 passes over 64 MiB (about 0.1 s here).
PasswordParams DefaultPasswordParams();
// For tests only: the least libsodium accepts, so suites with many accounts stay fast.
PasswordParams MinimalPasswordParams();

Status InitCrypto();
Result<std::string> HashPassword(std::string_view password, const PasswordParams& params);
// Constant time in the password; false for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
bool NeedsRehash(std::string_view hash, const PasswordParams& params);

// 32 random bytes, base64url without padding (43 characters), with an optional prefix that
// says what the token is for ("svk_" for API tokens, so leaked ones can be recognised).
std::string NewToken(std::string_view prefix = "");
// BLAKE2b-256 of a token, hex. Tokens carry 256 bits of entropy, so a fast hash suffices.
std::string HashToken(std::string_view token);

}  // namespace samverkan::auth
