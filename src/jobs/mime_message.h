// Turns a Mail into an Internet message (RFC 5322 with MIME, RFC 2045–2047) ready for SMTP:
// CRLF line endings, lines of at most 78 characters, UTF-8 text in quoted-printable, non-ASCII
// header text as RFC 2047 encoded-words, multipart/alternative when there is HTML. Pure.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"
#include "jobs/mail.h"

namespace samverkan::jobs {

// A sender or recipient with an optional display name: "Samverkan <noreply@example.se>".
struct Mailbox {
  std::string display_name;  // UTF-8, may be empty
  std::string address;       // a plain address (IsPlainAddress)
  bool operator==(const Mailbox&) const = default;
};

inline constexpr size_t kMaxDisplayNameLength = 100;  // bytes

// Parses "addr" or "Display Name <addr>" (the name optionally in double quotes).
// InvalidArgument on the field "from" for anything else, a line break included.
Result<Mailbox> ParseMailbox(std::string_view text);

// The complete message: headers Date, From, To, Subject, Message-ID (`message_id` is
// "local@domain", without angle brackets), MIME-Version, Content-Language, Auto-Submitted,
// then the body. Refuses (InvalidArgument, nothing built) a recipient that is not a plain
// address, a subject or display name with a line break or control character, and a malformed
// message id: header injection never reaches the wire.
Result<std::string> BuildMimeMessage(const Mail& mail, const Mailbox& from,
                                     std::chrono::system_clock::time_point date,
                                     std::string_view message_id);

// The building blocks, public for their tests.

// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: any of CRLF, LF or CR becomes CRLF, lines
// are soft-broken at 76 characters, '=' and bytes outside printable ASCII are =XX, and a
// space or tab at the end of a line is encoded. A '.' or "From " at the start of a line is
// encoded too, so that no relay dot-stuffs or mangles it.
std::string QuotedPrintable(std::string_view text);

// One header field, "Name: value\r\n", folded to lines of at most 78 characters. Printable
// ASCII text stays as it is; other text (or text that looks like an encoded-word) becomes
// RFC 2047 "=?UTF-8?B?…?=" words of at most 75 characters, split between characters.
// The caller has checked `value` for line breaks.
std::string HeaderField(std::string_view name, std::string_view value);

// "Tue, 05 Mar 2024 09:04:00 +0000" (RFC 5322 §3.3), in UTC.
std::string Rfc5322Date(std::chrono::system_clock::time_point time);

}  // namespace samverkan::jobs
