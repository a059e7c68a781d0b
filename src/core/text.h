// Checks on text from outside: UTF-8 validity and e-mail addresses. Pure.
#pragma once

#include <string_view>

namespace samverkan {

// Well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF) without NUL,
// which PostgreSQL cannot store in text and C APIs would cut at.
bool IsValidText(std::string_view text);

// A single bare address "local@domain" that can go on an SMTP envelope and in a To header
// unchanged: printable ASCII, one @, a dot in the domain, no spaces, quotes, brackets, list
// separators or control characters, at most 254 characters (RFC 5321).
bool IsPlainEmailAddress(std::string_view address);

}  // namespace samverkan
