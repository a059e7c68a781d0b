#include "modules/matching/domain/match_case.h"

#include <gtest/gtest.h>

#include "modules/matching/domain/matching_testing.h"

namespace samverkan::matching {
namespace {

constexpr int64_t kNeedActor = 1;
constexpr int64_t kOfferActor = 2;
constexpr int64_t kStranger = 3;

Principal Rep(std::set<int64_t> actors) {
  Principal p;
  p.user_id = 100 + static_cast<int64_t>(actors.size()) + (actors.empty() ? 0 : *actors.begin());
  p.roles = {Role::kRepresentative};
  p.actor_ids = std::move(actors);
  p.method = AuthMethod::kSession;
  return p;
}

Principal Editor() {
  Principal p;
  p.user_id = 7;
  p.roles = {Role::kEditor};
  p.method = AuthMethod::kSession;
  return p;
}

// A case the need's side asked about.
MatchCase CaseIn(CaseState state, int64_t requester = kNeedActor) {
  MatchCase c;
  c.id = 5;
  c.need_id = 10;
  c.offer_id = 20;
  c.state = state;
  c.opened_by_actor = requester;
  c.need_actor = kNeedActor;
  c.offer_actor = kOfferActor;
  return c;
}

TEST(CaseStateTest, CodesRoundTrip) {
  for (CaseState s : {CaseState::kSuggested, CaseState::kContactRequested, CaseState::kInDialogue,
                      CaseState::kAgreement, CaseState::kCompleted, CaseState::kDeclined}) {
    EXPECT_EQ(ParseCaseState(CaseStateCode(s)), s);
  }
  EXPECT_EQ(CaseStateCode(CaseState::kInDialogue), "in_dialogue");
  EXPECT_FALSE(ParseCaseState("accepted").has_value());
  EXPECT_FALSE(IsOpen(CaseState::kCompleted));
  EXPECT_FALSE(IsOpen(CaseState::kDeclined));
  EXPECT_TRUE(IsOpen(CaseState::kAgreement));
}

// Every (from, to) pair of the machine: exactly these are steps.
TEST(CaseStateTest, StepTable) {
  const std::vector<CaseState> all = {CaseState::kSuggested,  CaseState::kContactRequested,
                                      CaseState::kInDialogue, CaseState::kAgreement,
                                      CaseState::kCompleted,  CaseState::kDeclined};
  auto expected = [](CaseState from, CaseState to) {
    if (to == CaseState::kDeclined) return IsOpen(from);
    return (from == CaseState::kSuggested && to == CaseState::kContactRequested) ||
           (from == CaseState::kContactRequested && to == CaseState::kInDialogue) ||
           (from == CaseState::kInDialogue && to == CaseState::kAgreement) ||
           (from == CaseState::kAgreement && to == CaseState::kCompleted);
  };
  int steps = 0;
  for (CaseState from : all) {
    for (CaseState to : all) {
      EXPECT_EQ(IsStep(from, to), expected(from, to))
          << CaseStateCode(from) << " → " << CaseStateCode(to);
      steps += IsStep(from, to) ? 1 : 0;
    }
  }
  EXPECT_EQ(steps, 8);  // four forward steps and four ways to decline
}

TEST(CaseStepTest, EitherSideRequestsContactFromSuggested) {
  auto by_need = CheckStep(Rep({kNeedActor}), CaseIn(CaseState::kSuggested), CaseState::kContactRequested, "");
  ASSERT_TRUE(by_need.ok());
  EXPECT_EQ(*by_need, std::optional<int64_t>(kNeedActor));
  auto by_offer = CheckStep(Rep({kOfferActor}), CaseIn(CaseState::kSuggested), CaseState::kContactRequested, "");
  ASSERT_TRUE(by_offer.ok());
  EXPECT_EQ(*by_offer, std::optional<int64_t>(kOfferActor));
}

TEST(CaseStepTest, OnlyTheAskedSideAccepts) {
  MatchCase asked_by_need = CaseIn(CaseState::kContactRequested, kNeedActor);
  auto accepted = CheckStep(Rep({kOfferActor}), asked_by_need, CaseState::kInDialogue, "Gärna!");
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(*accepted, std::optional<int64_t>(kOfferActor));
  auto own = CheckStep(Rep({kNeedActor}), asked_by_need, CaseState::kInDialogue, "Ja");
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().code(), ErrorCode::kPermissionDenied);

  MatchCase asked_by_offer = CaseIn(CaseState::kContactRequested, kOfferActor);
  auto need_accepts = CheckStep(Rep({kNeedActor}), asked_by_offer, CaseState::kInDialogue, "Ja");
  ASSERT_TRUE(need_accepts.ok());
  EXPECT_EQ(*need_accepts, std::optional<int64_t>(kNeedActor));
  // Someone on both sides accepts for the side that was asked.
  auto both = CheckStep(Rep({kNeedActor, kOfferActor}), asked_by_offer, CaseState::kInDialogue, "Ja");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(*both, std::optional<int64_t>(kNeedActor));
}

TEST(CaseStepTest, AcceptAndDeclineNeedANote) {
  MatchCase c = CaseIn(CaseState::kContactRequested);
  for (CaseState to : {CaseState::kInDialogue, CaseState::kDeclined}) {
    auto r = CheckStep(Rep({kOfferActor}), c, to, "  \n");
    ASSERT_FALSE(r.ok());
    ASSERT_TRUE(r.error().IsInvalid());
    EXPECT_EQ(r.error().fields().at(0).field, "note");
  }
  auto too_long = CheckStep(Rep({kNeedActor}), CaseIn(CaseState::kAgreement), CaseState::kCompleted,
                            std::string(kMaxNoteLength + 1, 'x'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_TRUE(too_long.error().IsInvalid());
  // Completing needs no note.
  EXPECT_TRUE(CheckStep(Rep({kNeedActor}), CaseIn(CaseState::kAgreement), CaseState::kCompleted, "").ok());
}

TEST(CaseStepTest, EitherSideDeclinesAnyOpenState) {
  for (CaseState from : {CaseState::kSuggested, CaseState::kContactRequested, CaseState::kInDialogue,
                         CaseState::kAgreement}) {
    for (int64_t actor : {kNeedActor, kOfferActor}) {
      auto r = CheckStep(Rep({actor}), CaseIn(from), CaseState::kDeclined, "Passar inte");
      ASSERT_TRUE(r.ok()) << CaseStateCode(from);
      EXPECT_EQ(*r, std::optional<int64_t>(actor));
    }
  }
  for (CaseState from : {CaseState::kCompleted, CaseState::kDeclined}) {
    auto r = CheckStep(Rep({kNeedActor}), CaseIn(from), CaseState::kDeclined, "Nej");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kConflict);
  }
}

TEST(CaseStepTest, RefusedStepsAreConflicts) {
  struct Row {
    CaseState from, to;
  };
  for (Row row : {Row{CaseState::kSuggested, CaseState::kInDialogue},
                  Row{CaseState::kSuggested, CaseState::kCompleted},
                  Row{CaseState::kContactRequested, CaseState::kContactRequested},
                  Row{CaseState::kContactRequested, CaseState::kCompleted},
                  Row{CaseState::kInDialogue, CaseState::kCompleted},
                  Row{CaseState::kInDialogue, CaseState::kContactRequested},
                  Row{CaseState::kCompleted, CaseState::kInDialogue},
                  Row{CaseState::kDeclined, CaseState::kContactRequested},
                  Row{CaseState::kAgreement, CaseState::kSuggested}}) {
    auto r = CheckStep(Rep({kOfferActor}), CaseIn(row.from), row.to, "note");
    ASSERT_FALSE(r.ok()) << CaseStateCode(row.from) << " → " << CaseStateCode(row.to);
    EXPECT_EQ(r.error().code(), ErrorCode::kConflict)
        << CaseStateCode(row.from) << " → " << CaseStateCode(row.to);
  }
}

TEST(CaseStepTest, AgreementOnlyByRecordingIt) {
  auto plain = CheckStep(Rep({kNeedActor}), CaseIn(CaseState::kInDialogue), CaseState::kAgreement, "");
  ASSERT_FALSE(plain.ok());
  EXPECT_TRUE(plain.error().IsInvalid());
  auto recorded = CheckAgreementStep(Rep({kOfferActor}), CaseIn(CaseState::kInDialogue));
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(*recorded, std::optional<int64_t>(kOfferActor));
  for (CaseState from : {CaseState::kSuggested, CaseState::kContactRequested, CaseState::kAgreement,
                         CaseState::kCompleted, CaseState::kDeclined}) {
    auto r = CheckAgreementStep(Rep({kNeedActor}), CaseIn(from));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kConflict);
  }
}

TEST(CaseStepTest, StrangersAndVisitorsAreRefused) {
  MatchCase c = CaseIn(CaseState::kContactRequested);
  Principal stranger = Rep({kStranger});
  EXPECT_FALSE(MayReadCase(stranger, c));
  auto r = CheckStep(stranger, c, CaseState::kDeclined, "Nej");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(CheckMessage(stranger, c, "Hej").error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(CheckAgreementStep(stranger, CaseIn(CaseState::kInDialogue)).error().code(),
            ErrorCode::kPermissionDenied);
  Principal visitor;
  EXPECT_FALSE(MayReadCase(visitor, c));
  EXPECT_EQ(CheckStep(visitor, c, CaseState::kDeclined, "Nej").error().code(),
            ErrorCode::kUnauthenticated);
  // A member who is not a representative, even with the actor in the list, is not a side.
  Principal member = Rep({kNeedActor});
  member.roles = {Role::kMember};
  EXPECT_FALSE(MayReadCase(member, c));
  // A token without the write scope reads but does not act.
  Principal token = Rep({kOfferActor});
  token.method = AuthMethod::kApiToken;
  token.scopes = {"read"};
  EXPECT_TRUE(MayReadCase(token, c));
  EXPECT_EQ(CheckStep(token, c, CaseState::kDeclined, "Nej").error().code(),
            ErrorCode::kPermissionDenied);
}

TEST(CaseStepTest, EditorsActForNobody) {
  MatchCase c = CaseIn(CaseState::kContactRequested);
  EXPECT_TRUE(MayReadCase(Editor(), c));
  auto accepted = CheckStep(Editor(), c, CaseState::kInDialogue, "Ok");
  ASSERT_TRUE(accepted.ok());
  EXPECT_FALSE(accepted->has_value());
  auto message = CheckMessage(Editor(), c, "Hej");
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(*message, 0);
  // Still only the machine's steps.
  EXPECT_EQ(CheckStep(Editor(), c, CaseState::kCompleted, "").error().code(), ErrorCode::kConflict);
}

TEST(CaseMessageTest, MessagesOnOpenCasesOnly) {
  auto ok = CheckMessage(Rep({kOfferActor}), CaseIn(CaseState::kInDialogue), "Hej!");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, kOfferActor);
  EXPECT_TRUE(CheckMessage(Rep({kOfferActor}), CaseIn(CaseState::kInDialogue), " ").error().IsInvalid());
  EXPECT_TRUE(CheckMessage(Rep({kOfferActor}), CaseIn(CaseState::kInDialogue),
                           std::string(kMaxMessageLength + 1, 'a'))
                  .error()
                  .IsInvalid());
  EXPECT_EQ(CheckMessage(Rep({kOfferActor}), CaseIn(CaseState::kDeclined), "Hej").error().code(),
            ErrorCode::kConflict);
}

TEST(CaseRequestTest, WhoAsksForContact) {
  EXPECT_EQ(CheckRequest(Rep({kNeedActor}), kNeedActor, kOfferActor, false).value(), kNeedActor);
  EXPECT_EQ(CheckRequest(Rep({kOfferActor}), kNeedActor, kOfferActor, false).value(), kOfferActor);
  EXPECT_EQ(CheckRequest(Rep({kNeedActor, kOfferActor}), kNeedActor, kOfferActor, true).value(),
            kOfferActor);
  EXPECT_EQ(CheckRequest(Editor(), kNeedActor, kOfferActor, true).value(), kOfferActor);
  EXPECT_EQ(CheckRequest(Rep({kStranger}), kNeedActor, kOfferActor, false).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(CheckRequest(Principal{}, kNeedActor, kOfferActor, false).error().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_TRUE(CheckRequest(Rep({kNeedActor}), kNeedActor, kNeedActor, false).error().IsInvalid());
}

TEST(AgreementTest, Validation) {
  const auto& ref = testing::TestReference();
  Agreement a{.collaboration_form = "iop", .value_sek = 250000, .starts_on = "2026-01-01",
              .ends_on = std::string("2026-12-31")};
  EXPECT_TRUE(ValidateAgreement(a, ref).ok());
  a.ends_on.reset();
  EXPECT_TRUE(ValidateAgreement(a, ref).ok());
  a.ends_on = "2026-01-01";  // one day
  EXPECT_TRUE(ValidateAgreement(a, ref).ok());

  auto fields_of = [&](const Agreement& bad) {
    std::vector<std::string> out;
    Status s = ValidateAgreement(bad, ref);
    if (!s.ok())
      for (const auto& f : s.error().fields()) out.push_back(f.field);
    return out;
  };
  Agreement bad = a;
  bad.collaboration_form = "handshake";
  EXPECT_EQ(fields_of(bad), std::vector<std::string>{"collaboration_form"});
  bad = a;
  bad.value_sek = -1;
  EXPECT_EQ(fields_of(bad), std::vector<std::string>{"value_sek"});
  bad = a;
  bad.starts_on = "2026-02-30";
  EXPECT_EQ(fields_of(bad), std::vector<std::string>{"starts_on"});
  bad = a;
  bad.ends_on = "2025-12-31";
  EXPECT_EQ(fields_of(bad), std::vector<std::string>{"ends_on"});
  bad = Agreement{};
  EXPECT_EQ(fields_of(bad), (std::vector<std::string>{"collaboration_form", "starts_on"}));
}

TEST(AgreementTest, ParseSekAndDays) {
  EXPECT_EQ(ParseSek("250 000"), std::optional<int64_t>(250000));
  EXPECT_EQ(ParseSek("0"), std::optional<int64_t>(0));
  EXPECT_FALSE(ParseSek("-5").has_value());
  EXPECT_FALSE(ParseSek("12,5").has_value());
  EXPECT_FALSE(ParseSek("").has_value());
  EXPECT_TRUE(IsIsoDay("2028-02-29"));
  EXPECT_FALSE(IsIsoDay("2027-02-29"));
  EXPECT_FALSE(IsIsoDay("2026-1-01"));
}

}  // namespace
}  // namespace samverkan::matching
