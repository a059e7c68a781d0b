#include "jobs/mime_message.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace samverkan::jobs {
namespace {

using std::chrono::system_clock;

// Independent decoders, to check that what is encoded decodes to the original.
std::string DecodeQuotedPrintable(std::string_view in) {
  auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'A' + 10; };
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out += in[i];
    } else if (in.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2]));
      i += 2;
    }
  }
  return out;
}

std::string DecodeBase64(std::string_view in) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    buf = (buf << 6) | static_cast<uint32_t>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

// Unfolds a header field and decodes its encoded-words (adjacent words join without space).
std::string DecodeHeaderValue(std::string field) {
  std::string unfolded;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field.compare(i, 2, "\r\n") == 0) {
      ++i;
      continue;
    }
    unfolded += field[i];
  }
  std::string value = unfolded.substr(unfolded.find(": ") + 2);
  std::string out;
  size_t pos = 0;
  bool last_was_word = false;
  while (pos < value.size()) {
    size_t start = value.find("=?UTF-8?B?", pos);
    if (start == std::string::npos) {
      out += value.substr(pos);
      break;
    }
    std::string between = value.substr(pos, start - pos);
    if (!(last_was_word && between.find_first_not_of(" \t") == std::string::npos)) out += between;
    size_t end = value.find("?=", start + 10);
    out += DecodeBase64(value.substr(start + 10, end - start - 10));
    pos = end + 2;
    last_was_word = true;
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\r\n", pos);
    if (end == std::string::npos) {
      lines.push_back(text.substr(pos));
      break;
    }
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// The value of header `name` in `message`, folded lines included.
std::string Header(const std::string& message, const std::string& name) {
  size_t start = message.find(name + ": ");
  if (start == std::string::npos) return "";
  size_t end = start;
  do {
    end = message.find("\r\n", end) + 2;
  } while (message[end] == ' ' || message[end] == '\t');
  return message.substr(start, end - start);
}

const std::string kSwedish = "Välkommen till Samverkan – åäö";

Mail Sample() {
  return {.to = "anna@example.se",
          .subject = kSwedish,
          .text = "Hej Anna!\n\nVälkommen till Samverkan – åäö.\n",
          .html = "",
          .language = Language::kSwedish,
          .kind = "verify-email"};
}

const Mailbox kFrom{"Samverkan", "noreply@samverkan.test"};
const auto kDate =
    system_clock::time_point(std::chrono::seconds(1709629440));  // 2024-03-05 09:04 UTC

TEST(QuotedPrintableTest, EncodesNonAsciiAndEqualsAndKeepsPrintableText) {
  EXPECT_EQ(QuotedPrintable("Välkommen a=b"), "V=C3=A4lkommen a=3Db");
  EXPECT_EQ(QuotedPrintable("plain text"), "plain text");
}

TEST(QuotedPrintableTest, NormalisesLineBreaksToCrlf) {
  EXPECT_EQ(QuotedPrintable("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd");
}

TEST(QuotedPrintableTest, EncodesWhitespaceAtLineEndsOnly) {
  EXPECT_EQ(QuotedPrintable("a b \nc\t"), "a b=20\r\nc=09");
}

TEST(QuotedPrintableTest, ProtectsDotsAndFromAtLineStart) {
  EXPECT_EQ(QuotedPrintable(".\nFrom here\nnot From"), "=2E\r\n=46rom here\r\nnot From");
}

TEST(QuotedPrintableTest, SoftBreaksLongLinesWithoutSplittingEscapes) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "åa ";
  text += "\n" + std::string(200, 'x');
  std::string qp = QuotedPrintable(text);
  for (const auto& line : Lines(qp)) {
    EXPECT_LE(line.size(), 76u) << line;
    // An escape is never cut by a soft break: '=' ends a line only as the break itself.
    size_t eq = line.rfind('=');
    if (eq != std::string::npos && eq + 1 != line.size()) {
      EXPECT_LE(eq + 3, line.size()) << line;
    }
  }
  std::string expected = text;
  expected.replace(expected.find('\n'), 1, "\r\n");
  EXPECT_EQ(DecodeQuotedPrintable(qp), expected);
}

TEST(HeaderFieldTest, PlainAsciiStaysReadable) {
  EXPECT_EQ(HeaderField("Subject", "Welcome to Samverkan"), "Subject: Welcome to Samverkan\r\n");
}

TEST(HeaderFieldTest, LongAsciiIsFoldedAtSpaces) {
  std::string value;
  for (int i = 0; i < 30; ++i) value += "word" + std::to_string(i) + " ";
  value.pop_back();
  std::string field = HeaderField("Subject", value);
  for (const auto& line : Lines(field)) EXPECT_LE(line.size(), 78u);
  EXPECT_GT(Lines(field).size(), 1u);
  EXPECT_EQ(DecodeHeaderValue(field), value);
}

TEST(HeaderFieldTest, NonAsciiBecomesEncodedWordsThatDecodeToTheSameText) {
  std::string field = HeaderField("Subject", kSwedish);
  EXPECT_EQ(field.rfind("Subject: =?UTF-8?B?", 0), 0u) << field;
  EXPECT_EQ(DecodeHeaderValue(field), kSwedish);
}

TEST(HeaderFieldTest, LongNonAsciiIsSplitBetweenCharactersIntoShortWords) {
  std::string value;
  for (int i = 0; i < 40; ++i) value += "åäö€";  // 2-, 2-, 2- and 3-byte characters
  std::string field = HeaderField("Subject", value);
  for (const auto& line : Lines(field)) {
    EXPECT_LE(line.size(), 76u) << line;
    size_t start = line.find("=?UTF-8?B?");
    ASSERT_NE(start, std::string::npos) << line;
    std::string word = line.substr(start);
    EXPECT_LE(word.size(), 75u);
    // Each word decodes on its own to whole characters.
    std::string decoded = DecodeBase64(word.substr(10, word.size() - 12));
    ASSERT_FALSE(decoded.empty());
    EXPECT_NE(static_cast<unsigned char>(decoded[0]) & 0xC0, 0x80u);
    EXPECT_EQ(value.find(decoded) != std::string::npos, true);
  }
  EXPECT_EQ(DecodeHeaderValue(field), value);
}

TEST(HeaderFieldTest, AsciiThatLooksLikeAnEncodedWordIsEncoded) {
  std::string field = HeaderField("Subject", "=?UTF-8?B?w6U=?=");
  EXPECT_EQ(DecodeHeaderValue(field), "=?UTF-8?B?w6U=?=");
}

TEST(Rfc5322DateTest, FormatsInUtcWithEnglishNames) {
  EXPECT_EQ(Rfc5322Date(kDate), "Tue, 05 Mar 2024 09:04:00 +0000");
}

TEST(ParseMailboxTest, AcceptsBareAndNamedForms) {
  auto bare = ParseMailbox("noreply@example.se");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(*bare, (Mailbox{"", "noreply@example.se"}));
  auto named = ParseMailbox("  Samverkan Väst <noreply@example.se> ");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(*named, (Mailbox{"Samverkan Väst", "noreply@example.se"}));
  auto quoted = ParseMailbox("\"Samverkan, \\\"Väst\\\"\" <noreply@example.se>");
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ(quoted->display_name, "Samverkan, \"Väst\"");
}

TEST(ParseMailboxTest, RefusesLineBreaksAndMalformedAddresses) {
  for (const std::string& bad :
       std::vector<std::string>{"", "noreply", "Name <noreply>", "a@b.se\r\nBcc: x@y.se",
                                "Name\n <a@b.se>", "<a@b.se", "a@b.se, c@d.se"}) {
    auto r = ParseMailbox(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().fields().at(0).field, "from");
  }
}

TEST(BuildMimeMessageTest, PlainTextMessageHasTheHeadersAndDecodesToTheText) {
  auto built = BuildMimeMessage(Sample(), kFrom, kDate, "outbox.1.2@samverkan.test");
  ASSERT_TRUE(built.ok()) << built.error().log_detail();
  const std::string& m = *built;
  EXPECT_EQ(Header(m, "Date"), "Date: Tue, 05 Mar 2024 09:04:00 +0000\r\n");
  EXPECT_EQ(Header(m, "From"), "From: \"Samverkan\" <noreply@samverkan.test>\r\n");
  EXPECT_EQ(Header(m, "To"), "To: anna@example.se\r\n");
  EXPECT_EQ(DecodeHeaderValue(Header(m, "Subject")), kSwedish);
  EXPECT_EQ(Header(m, "Message-ID"), "Message-ID: <outbox.1.2@samverkan.test>\r\n");
  EXPECT_EQ(Header(m, "MIME-Version"), "MIME-Version: 1.0\r\n");
  EXPECT_EQ(Header(m, "Content-Language"), "Content-Language: sv\r\n");
  EXPECT_EQ(Header(m, "Content-Type"), "Content-Type: text/plain; charset=UTF-8\r\n");
  EXPECT_EQ(Header(m, "Content-Transfer-Encoding"),
            "Content-Transfer-Encoding: quoted-printable\r\n");
  std::string body = m.substr(m.find("\r\n\r\n") + 4);
  EXPECT_EQ(DecodeQuotedPrintable(body), "Hej Anna!\r\n\r\nVälkommen till Samverkan – åäö.\r\n");
}

TEST(BuildMimeMessageTest, EveryLineEndsInCrlfIsAsciiAndShort) {
  Mail mail = Sample();
  mail.html = "<p>Välkommen till <b>Samverkan</b> – åäö</p>\n" + std::string(300, 'x');
  mail.text += std::string(300, 'y');
  auto built = BuildMimeMessage(mail, Mailbox{"Samverkan Väst – åäö", "noreply@samverkan.test"},
                                kDate, "k@samverkan.test");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->find('\n'), built->find("\r\n") + 1);
  for (size_t i = 0; i < built->size(); ++i) {
    unsigned char c = (*built)[i];
    ASSERT_LT(c, 0x80u) << "non-ASCII byte at " << i;
    if (c == '\n') {
      ASSERT_EQ((*built)[i - 1], '\r') << "bare LF at " << i;
    }
    if (c == '\r') {
      ASSERT_EQ((*built)[i + 1], '\n') << "bare CR at " << i;
    }
  }
  for (const auto& line : Lines(*built)) EXPECT_LE(line.size(), 78u) << line;
  EXPECT_EQ(DecodeHeaderValue(Header(*built, "From")),
            "Samverkan Väst – åäö <noreply@samverkan.test>");
}

TEST(BuildMimeMessageTest, HtmlMakesMultipartAlternativeWithTextFirst) {
  Mail mail = Sample();
  mail.html = "<p>Välkommen till Samverkan – åäö</p>";
  auto built = BuildMimeMessage(mail, kFrom, kDate, "k@samverkan.test");
  ASSERT_TRUE(built.ok());
  const std::string& m = *built;
  std::string type = Header(m, "Content-Type");
  ASSERT_EQ(type.rfind("Content-Type: multipart/alternative; boundary=\"", 0), 0u) << type;
  std::string boundary = type.substr(type.find('"') + 1);
  boundary = boundary.substr(0, boundary.find('"'));
  std::string delimiter = "\r\n--" + boundary;
  size_t first = m.find("--" + boundary + "\r\n");
  size_t second = m.find(delimiter + "\r\n", first + 1);
  size_t closing = m.find(delimiter + "--\r\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(closing, std::string::npos);
  std::string text_part = m.substr(first, second - first);
  std::string html_part =
      m.substr(second + delimiter.size() + 2, closing - second - delimiter.size() - 2);
  EXPECT_NE(text_part.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(html_part.find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  EXPECT_EQ(DecodeQuotedPrintable(html_part.substr(html_part.find("\r\n\r\n") + 4)), mail.html);
  EXPECT_EQ(m.find(boundary, closing + delimiter.size()),
            std::string::npos);  // only in the delimiters
}

TEST(BuildMimeMessageTest, RefusesHeaderInjection) {
  struct Case {
    std::string to, subject, field;
  };
  for (const auto& c : std::vector<Case>{
           {"anna@example.se\r\nBcc: eve@example.com", "Hej", "to"},
           {"anna@example.se\nBcc: eve@example.com", "Hej", "to"},
           {"anna@example.se, eve@example.com", "Hej", "to"},
           {"Anna <anna@example.se>", "Hej", "to"},
           {"anna@example.se", "Hej\r\nBcc: eve@example.com", "subject"},
           {"anna@example.se", "Hej\nthere", "subject"},
           {"anna@example.se", "Hej\rthere", "subject"},
           {"anna@example.se", std::string("Hej\0there", 9), "subject"},
       }) {
    Mail mail = Sample();
    mail.to = c.to;
    mail.subject = c.subject;
    auto built = BuildMimeMessage(mail, kFrom, kDate, "k@samverkan.test");
    ASSERT_FALSE(built.ok()) << c.to << " / " << c.subject;
    EXPECT_EQ(built.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(built.error().fields().at(0).field, c.field);
  }
  auto bad_from = BuildMimeMessage(Sample(), Mailbox{"Evil\r\nBcc: x@y.se", "a@b.se"}, kDate,
                                   "k@samverkan.test");
  EXPECT_FALSE(bad_from.ok());
  EXPECT_FALSE(BuildMimeMessage(Sample(), kFrom, kDate, "k>\r\nX: y@samverkan.test").ok());
}

}  // namespace
}  // namespace samverkan::jobs
