#include "modules/actors/domain/org_number.h"

#include <gtest/gtest.h>

namespace samverkan::actors {
namespace {

TEST(LuhnTest, ChecksTheLastDigit) {
  EXPECT_TRUE(LuhnValid("5560160680"));
  EXPECT_FALSE(LuhnValid("5560160681"));
  EXPECT_TRUE(LuhnValid("79927398713"));  // the textbook example, odd length
  EXPECT_FALSE(LuhnValid("79927398710"));
  EXPECT_FALSE(LuhnValid(""));
  EXPECT_FALSE(LuhnValid("55601606a0"));
}

struct Valid {
  const char* input;
  const char* formatted;
  bool personal;
};

class ValidOrgNumberTest : public ::testing::TestWithParam<Valid> {};

TEST_P(ValidOrgNumberTest, IsAcceptedAndWrittenWithADash) {
  auto n = ParseOrgNumber(GetParam().input);
  ASSERT_TRUE(n.ok()) << GetParam().input;
  EXPECT_EQ(n->formatted, GetParam().formatted);
  EXPECT_EQ(n->personal, GetParam().personal);
}

INSTANTIATE_TEST_SUITE_P(
    RealFormats, ValidOrgNumberTest,
    ::testing::Values(
        Valid{"556016-0680", "556016-0680", false},  // limited company (first digit 5)
        Valid{"5560160680", "556016-0680", false},   // the same without the dash
        Valid{"  556036-0793 ", "556036-0793", false},
        Valid{"212000-0142", "212000-0142", false},  // public body (first digit 2)
        Valid{"202100-5489", "202100-5489", false},
        Valid{"802456-7896", "802456-7896", false},  // first digit 8: a non-profit association
        Valid{"811218-9876", "811218-9876", true},   // third digit 1: a personal identity number
        Valid{"8112189876", "811218-9876", true},
        Valid{"900101-0009", "900101-0009", true}));  // third digit 0

TEST(OrgNumberTest, RejectsAWrongCheckDigit) {
  for (const char* wrong : {"556016-0681", "556016-0689", "811218-9875", "212000-0143"}) {
    auto n = ParseOrgNumber(wrong);
    ASSERT_FALSE(n.ok()) << wrong;
    ASSERT_EQ(n.error().fields().size(), 1u);
    EXPECT_EQ(n.error().fields()[0].field, "org_number");
    EXPECT_NE(n.error().fields()[0].message.find("check digit"), std::string::npos) << wrong;
  }
}

TEST(OrgNumberTest, RejectsOtherForms) {
  for (const char* wrong : {"", "55601-60680", "556016_0680", "556016-068", "556016-06800",
                            "abcdef-ghij", "556016 0680", "16556016-0680", "19811218-9876",
                            "5560-160680", "556016-O680"}) {
    auto n = ParseOrgNumber(wrong);
    ASSERT_FALSE(n.ok()) << wrong;
    EXPECT_EQ(n.error().fields()[0].field, "org_number");
    EXPECT_NE(n.error().fields()[0].message.find("NNNNNN-NNNN"), std::string::npos) << wrong;
  }
}

}  // namespace
}  // namespace samverkan::actors
