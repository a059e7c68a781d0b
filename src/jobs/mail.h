// One e-mail that Samverkan sends (address verification, password reset, notices), and the
// checks it must pass before it is queued or sent. Pure: no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/language.h"
#include "core/result.h"

namespace samverkan::jobs {

struct Mail {
  std::string to;                        // one plain address, "name@example.se" (no display name)
  std::string subject;                   // one line of UTF-8
  std::string text;                      // the plain-text body, UTF-8; always sent
  std::string html;                      // an HTML alternative, UTF-8; empty when there is none
  Language language = kDefaultLanguage;  // the language the mail is written in
  std::string kind;  // what it is for, e.g. "verify-email": lower-case letters, digits, '-'
  bool operator==(const Mail&) const = default;
};

inline constexpr size_t kMaxAddressLength = 254;      // RFC 5321 path limit
inline constexpr size_t kMaxSubjectLength = 250;      // characters
inline constexpr size_t kMaxBodyLength = 512 * 1024;  // characters of text, and of html
inline constexpr size_t kMaxKindLength = 64;

// Whether `address` is a single bare addr-spec we can put on an SMTP envelope and in a To
// header unchanged: "local@domain", printable ASCII, no spaces, no quoting, no angle
// brackets, no list separators and, above all, no CR or LF.
bool IsPlainAddress(std::string_view address);

// Whether `text` holds a line break or another control character that must not reach a
// header (CR, LF, NUL, any C0 control except TAB, DEL).
bool HasHeaderBreakingCharacter(std::string_view text);

// Checks a mail before it is queued. InvalidArgument with one FieldError per problem, on the
// fields "to", "subject", "text", "html"; Internal for a malformed `kind` (a programming
// error, not the user's).
Status ValidateMail(const Mail& mail);

}  // namespace samverkan::jobs
