#include "jobs/mail.h"

#include <gtest/gtest.h>

namespace samverkan::jobs {
namespace {

Mail Valid() {
  return {.to = "anna@example.se", .subject = "Välkommen", .text = "Hej!", .kind = "verify-email"};
}

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.error().fields()) out.push_back(f.field);
  return out;
}

TEST(IsPlainAddressTest, AcceptsOnlyOneBareAddress) {
  EXPECT_TRUE(IsPlainAddress("anna@example.se"));
  EXPECT_TRUE(IsPlainAddress("anna.berg+samverkan@kommun.example.se"));
  for (const std::string& bad : std::vector<std::string>{
           "", "anna", "@example.se", "anna@", "anna@@example.se", "a@b@example.se",
           "anna @example.se", "anna@example.se\r\n", "Anna <anna@example.se>",
           "anna@example.se,eve@example.com", "anna@example.se;eve@example.com", "\"a\"@example.se",
           "åsa@example.se", std::string(250, 'a') + "@example.se"}) {
    EXPECT_FALSE(IsPlainAddress(bad)) << bad;
  }
}

TEST(ValidateMailTest, AcceptsAValidMail) { EXPECT_TRUE(ValidateMail(Valid()).ok()); }

TEST(ValidateMailTest, ReportsEachBadFieldAtOnce) {
  Mail m = Valid();
  m.to = "anna@example.se\r\nBcc: eve@example.com";
  m.subject = "Hej\r\nBcc: eve@example.com";
  m.text = "";
  Status s = ValidateMail(m);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"to", "subject", "text"}));
}

TEST(ValidateMailTest, LimitsLengthsInCharacters) {
  Mail m = Valid();
  m.subject.clear();
  for (size_t i = 0; i < kMaxSubjectLength; ++i) m.subject += "å";  // 2 bytes each
  EXPECT_TRUE(ValidateMail(m).ok());
  m.subject += "a";
  EXPECT_EQ(Fields(ValidateMail(m)), (std::vector<std::string>{"subject"}));
  m = Valid();
  m.html = std::string(kMaxBodyLength + 1, 'x');
  EXPECT_EQ(Fields(ValidateMail(m)), (std::vector<std::string>{"html"}));
}

TEST(ValidateMailTest, RefusesInvalidUtf8) {
  for (const std::string& bad : std::vector<std::string>{"\xC3", "\xC3\x28", "\xC0\xAF",
                                                         "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    Mail m = Valid();
    m.text = "Hej " + bad;
    EXPECT_EQ(Fields(ValidateMail(m)), (std::vector<std::string>{"text"})) << bad;
  }
  Mail m = Valid();
  m.text = "åäö € 😀";
  EXPECT_TRUE(ValidateMail(m).ok());
}

TEST(ValidateMailTest, AMalformedKindIsAProgrammingError) {
  for (const std::string& kind :
       std::vector<std::string>{"", "Verify", "verify email", std::string(65, 'a')}) {
    Mail m = Valid();
    m.kind = kind;
    Status s = ValidateMail(m);
    ASSERT_FALSE(s.ok()) << kind;
    EXPECT_EQ(s.error().code(), ErrorCode::kInternal);
  }
}

}  // namespace
}  // namespace samverkan::jobs
