#include "modules/impact/domain/discounting.h"

#include <gtest/gtest.h>

#include <vector>

namespace samverkan::impact {
namespace {

TEST(DiscountingTest, ConventionsDifferByOnePeriod) {
  EXPECT_NEAR(static_cast<double>(BenefitDiscountFactor(0.035, 1, DiscountConvention::kEndOfYear)),
              1 / 1.035, 1e-15);
  EXPECT_EQ(BenefitDiscountFactor(0.035, 1, DiscountConvention::kStartOfYear), 1.0L);
  EXPECT_NEAR(
      static_cast<double>(BenefitDiscountFactor(0.035, 3, DiscountConvention::kStartOfYear)),
      1 / (1.035 * 1.035), 1e-15);
  EXPECT_EQ(CostDiscountFactor(0.035, 1), 1.0L);
  EXPECT_NEAR(static_cast<double>(CostDiscountFactor(0.1, 3)), 1 / 1.21, 1e-15);
}

TEST(DiscountingTest, ConventionCodes) {
  EXPECT_EQ(DiscountConventionCode(DiscountConvention::kStartOfYear), "start_of_year");
  EXPECT_EQ(ParseDiscountConvention("end_of_year"), DiscountConvention::kEndOfYear);
  EXPECT_FALSE(ParseDiscountConvention("mid_year").has_value());
}

TEST(DiscountingTest, PaybackInterpolatesWithinTheYear) {
  const std::vector<long double> benefits = {400, 400, 400};
  const std::vector<long double> costs = {1000};
  // 400 + 400 = 800 after two years; the remaining 200 takes half of year 3.
  EXPECT_NEAR(*PaybackYears(benefits, costs), 2.5, 1e-12);
}

TEST(DiscountingTest, PaybackWaitsForLaterCosts) {
  // Repaid within year 1, but a second cost at the start of year 2 is only repaid in year 3.
  const std::vector<long double> benefits = {200, 100, 100};
  const std::vector<long double> costs = {100, 200};
  // Start of year 2: 200 - 100 - 200 = -100; year 2 brings 100 -> exactly 0 at its end.
  EXPECT_NEAR(*PaybackYears(benefits, costs), 2.0, 1e-12);
}

TEST(DiscountingTest, PaybackIsLostWhenTheBalanceTurnsNegativeAgain) {
  const std::vector<long double> benefits = {200, -300};
  const std::vector<long double> costs = {100};
  EXPECT_FALSE(PaybackYears(benefits, costs).has_value());
  const std::vector<long double> recovering = {200, -300, 400};
  // End of year 2: -200; year 3 recovers it halfway through.
  EXPECT_NEAR(*PaybackYears(recovering, costs), 2.5, 1e-12);
}

TEST(DiscountingTest, NeverRepaid) {
  const std::vector<long double> benefits = {100, 100};
  const std::vector<long double> costs = {500};
  EXPECT_FALSE(PaybackYears(benefits, costs).has_value());
}

}  // namespace
}  // namespace samverkan::impact
