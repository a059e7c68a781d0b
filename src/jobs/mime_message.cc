#include "jobs/mime_message.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

namespace samverkan::jobs {
namespace {

// RFC 5322 §2.1.1: lines SHOULD stay within 78 characters; RFC 2047 §2 asks 76 of a line
// that holds an encoded-word, and at most 75 for the word itself.
constexpr size_t kMaxLine = 78;
constexpr size_t kMaxEncodedLine = 76;
constexpr size_t kMaxEncodedWord = 75;
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";
constexpr char kHex[] = "0123456789ABCDEF";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 0x20 && c < 0x7F) || c == '\t'; });
}

// Text that must travel as encoded-words: anything beyond printable ASCII, and ASCII that a
// reader would otherwise take for an encoded-word.
bool NeedsEncoding(std::string_view s) {
  return !IsPrintableAscii(s) || s.find("=?") != std::string_view::npos;
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

// How many bytes of `s` fit in `max_bytes` without cutting a UTF-8 character: an
// encoded-word must hold whole characters (RFC 2047 §5).
size_t WholeCharacters(std::string_view s, size_t max_bytes) {
  size_t n = std::min(max_bytes, s.size());
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n == 0 ? std::min(max_bytes, s.size()) : n;  // malformed input: cut anyway
}

// `text` as encoded-words joined by folding whitespace. The first word starts after
// `first_line_used` characters of its line; the others start a continuation line.
std::string EncodedWords(std::string_view text, size_t first_line_used) {
  const size_t overhead = kWordStart.size() + kWordEnd.size();
  auto raw_bytes_for = [&](size_t room) {
    size_t chars = std::min(room, kMaxEncodedWord);
    chars = chars > overhead ? chars - overhead : 0;
    return std::max<size_t>(chars / 4 * 3, 3);  // at least one character per word
  };
  std::string out;
  size_t room = kMaxEncodedLine > first_line_used ? kMaxEncodedLine - first_line_used : 0;
  bool first = true;
  do {
    size_t n = WholeCharacters(text, raw_bytes_for(room));
    if (!first) out += "\r\n ";
    out += kWordStart;
    out += Base64(text.substr(0, n));
    out += kWordEnd;
    text.remove_prefix(n);
    first = false;
    room = kMaxEncodedLine - 1;  // after the leading space of a continuation line
  } while (!text.empty());
  return out;
}

// Printable ASCII folded at spaces so that lines stay within 78 characters where a space
// allows it (a longer word stays whole: the hard limit of 998 is far off for our lengths).
std::string FoldAscii(std::string_view text, size_t first_line_used) {
  std::string out;
  size_t line = first_line_used;
  bool first = true;
  while (true) {
    size_t space = text.find(' ');
    std::string_view word = text.substr(0, space);
    if (!first) {
      if (!word.empty() && line + 1 + word.size() > kMaxLine && line > 1) {
        out += "\r\n";
        line = 0;
      }
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    first = false;
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

size_t LastLineLength(std::string_view s) {
  size_t nl = s.rfind('\n');
  return nl == std::string_view::npos ? s.size() : s.size() - nl - 1;
}

std::string FromField(const Mailbox& from) {
  std::string out = "From: ";
  if (from.display_name.empty()) return out + from.address + "\r\n";
  if (NeedsEncoding(from.display_name)) {
    out += EncodedWords(from.display_name, out.size());
  } else {
    out += '"';
    for (char c : from.display_name) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  std::string addr = "<" + from.address + ">";
  out += LastLineLength(out) + 1 + addr.size() > kMaxLine ? "\r\n " : " ";
  return out + addr + "\r\n";
}

std::string Boundary(std::string_view message_id) {
  // "=_" can never occur in quoted-printable text (a '=' there is followed by two hex digits
  // or a line break), so the boundary cannot collide with a body whatever it says.
  size_t h = std::hash<std::string_view>{}(message_id);
  std::string out = "=_samverkan_";
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(h >> shift) & 0xF];
  return out;
}

std::string WithFinalBreak(std::string s) {
  if (s.size() < 2 || s.compare(s.size() - 2, 2, "\r\n") != 0) s += "\r\n";
  return s;
}

}  // namespace

Result<Mailbox> ParseMailbox(std::string_view text) {
  auto invalid = [] {
    return Error::InvalidField("from", N_("Enter a sender like Samverkan <noreply@example.se>."));
  };
  if (HasHeaderBreakingCharacter(text)) return invalid();
  text = Trim(text);
  Mailbox box;
  if (!text.empty() && text.back() == '>') {
    size_t lt = text.rfind('<');
    if (lt == std::string_view::npos) return invalid();
    box.address = std::string(text.substr(lt + 1, text.size() - lt - 2));
    std::string_view name = Trim(text.substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
      for (size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) ++i;
        box.display_name += name[i];
      }
    } else {
      if (name.find('"') != std::string_view::npos) return invalid();
      box.display_name = std::string(name);
    }
  } else {
    box.address = std::string(text);
  }
  if (!IsPlainAddress(box.address) || box.display_name.size() > kMaxDisplayNameLength) {
    return invalid();
  }
  return box;
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t line = 0;  // characters on the current output line
  // Appends one input byte, literal when `literal` allows, breaking the line softly first
  // when the token would not fit (76 characters, the soft break's '=' included).
  auto put = [&](unsigned char c, bool literal, bool encode_at_line_start) {
    size_t width = literal ? 1 : 3;
    if (line + width > 75) {
      out += "=\r\n";
      line = 0;
    }
    if (line == 0 && encode_at_line_start) literal = false;
    if (literal) {
      out += static_cast<char>(c);
      line += 1;
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      line += 3;
    }
  };
  size_t i = 0;
  while (true) {
    size_t end = text.find_first_of("\r\n", i);
    std::string_view l = text.substr(i, end == std::string_view::npos ? end : end - i);
    for (size_t k = 0; k < l.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(l[k]);
      bool last = k + 1 == l.size();
      bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
      bool at_start_risk = c == '.' || (c == 'F' && l.substr(k, 5) == "From ");
      put(c, literal, at_start_risk);
    }
    if (end == std::string_view::npos) break;
    out += "\r\n";
    line = 0;
    i = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return out;
}

std::string HeaderField(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ": ";
  if (NeedsEncoding(value)) {
    out += EncodedWords(value, out.size());
  } else {
    out += FoldAscii(value, out.size());
  }
  return out + "\r\n";
}

std::string Rfc5322Date(std::chrono::system_clock::time_point time) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

Result<std::string> BuildMimeMessage(const Mail& mail, const Mailbox& from,
                                     std::chrono::system_clock::time_point date,
                                     std::string_view message_id) {
  std::vector<FieldError> errors;
  if (!IsPlainAddress(mail.to)) {
    errors.push_back({"to", N_("Enter an e-mail address like name@example.se.")});
  }
  if (mail.subject.empty() || HasHeaderBreakingCharacter(mail.subject)) {
    errors.push_back(
        {"subject", N_("The subject must be a single line without control characters.")});
  }
  if (!IsPlainAddress(from.address) || HasHeaderBreakingCharacter(from.display_name) ||
      from.display_name.size() > kMaxDisplayNameLength) {
    errors.push_back({"from", N_("Enter a sender like Samverkan <noreply@example.se>.")});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors)).WithLogDetail("refused a header of outgoing mail");
  }
  if (!IsPlainAddress(message_id))
    return Error::Internal("malformed Message-ID: " + std::string(message_id));

  std::string m;
  m += "Date: " + Rfc5322Date(date) + "\r\n";
  m += FromField(from);
  m += "To: " + mail.to + "\r\n";
  m += HeaderField("Subject", mail.subject);
  m += "Message-ID: <" + std::string(message_id) + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Language: " + std::string(LanguageCode(mail.language)) + "\r\n";
  // RFC 3834: machine-made, so vacation responders and the like do not answer it.
  m += "Auto-Submitted: auto-generated\r\n";
  constexpr std::string_view kText =
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n";
  if (mail.html.empty()) {
    m += kText;
    m += "\r\n";
    m += WithFinalBreak(QuotedPrintable(mail.text));
    return m;
  }
  std::string boundary = Boundary(message_id);
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  // Each part's own final line break belongs to the delimiter after it (RFC 2046 §5.1.1).
  m += "--" + boundary + "\r\n";
  m += kText;
  m += "\r\n" + QuotedPrintable(mail.text) + "\r\n";
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n";
  m += "\r\n" + QuotedPrintable(mail.html) + "\r\n";
  m += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace samverkan::jobs
