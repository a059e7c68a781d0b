// Validation of applications, reasons, goals and dates.
#include "modules/alliance/domain/alliance.h"

#include <gtest/gtest.h>

namespace samverkan::alliance {
namespace {

ApplicationDraft Valid() {
  ApplicationDraft d;
  d.actor_id = 3;
  d.motivation = "  Vi vill köpa från sociala företag.  ";
  d.contact = {"Testa Testsson", "testa@example.se", "070-123 45 67"};
  d.commitments = {"communicate", "buy_social", "buy_social"};
  return d;
}

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields()) out.push_back(f.field);
  return out;
}

TEST(ValidateApplication, TrimsAndOrdersCommitmentsAsTheList) {
  auto v = ValidateApplication(Valid());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->motivation, "Vi vill köpa från sociala företag.");
  EXPECT_EQ(v->commitments, (std::vector<std::string>{"buy_social", "communicate"}));
}

TEST(ValidateApplication, ReportsEveryProblemAtOnce) {
  ApplicationDraft d;
  d.contact.email = "not an address";
  d.contact.phone = "call me";
  d.commitments = {"world_peace"};
  auto v = ValidateApplication(d);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(Fields(v.error()), (std::vector<std::string>{"motivation", "contact_name", "contact_email",
                                                         "contact_phone", "commitments"}));
}

TEST(ValidateApplication, FreeTextAloneIsACommitment) {
  ApplicationDraft d = Valid();
  d.commitments.clear();
  EXPECT_FALSE(ValidateApplication(d).ok());
  d.other_commitment = "Vi tar emot praktikanter.";
  EXPECT_TRUE(ValidateApplication(d).ok());
}

TEST(ValidateReason, IsRequired) {
  EXPECT_FALSE(ValidateReason("   ").ok());
  EXPECT_EQ(*ValidateReason(" För få uppgifter. "), "För få uppgifter.");
  EXPECT_FALSE(ValidateReason(std::string(kMaxReasonLength + 1, 'x')).ok());
}

TEST(ValidateGoals, KnownSectorsAndNonNegativeNumbers) {
  std::vector<std::string> sectors = {"business", "public"};
  Goals g = DefaultGoals(sectors);
  EXPECT_TRUE(ValidateGoals(g, sectors).ok());
  g.total = -1;
  g.per_sector["pirates"] = 3;
  auto s = ValidateGoals(g, sectors);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(Fields(s.error()), (std::vector<std::string>{"total", "sector_pirates"}));
}

TEST(Dates, IsoDatesAndDecisionDates) {
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-2-1"));
  EXPECT_EQ(IsoDateOf(0), "1970-01-01");
  EXPECT_EQ(IsoDateOf(1'790'000'000'000), "2026-09-21");
  EXPECT_EQ(*ValidateDecisionDate("", "2026-05-05", "since"), "2026-05-05");
  EXPECT_EQ(*ValidateDecisionDate("2025-01-02", "2026-05-05", "since"), "2025-01-02");
  EXPECT_FALSE(ValidateDecisionDate("2026-05-06", "2026-05-05", "since").ok());
  EXPECT_FALSE(ValidateDecisionDate("yesterday", "2026-05-05", "since").ok());
}

}  // namespace
}  // namespace samverkan::alliance
