// Where match cases are kept (sql/sql_case_repository.h on both engines), and the notices a
// step sends to the other side, queued in the same transaction as the step.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "core/result.h"
#include "modules/matching/domain/match_case.h"
#include "modules/matching/domain/matching_repository.h"

namespace samverkan::matching {

// Runs in one transaction. MatchCase::need_actor and offer_actor are filled in from the
// stored need and offer. Errors: Conflict for a second case of one need and offer, Unavailable
// when the database is busy, Internal otherwise.
class CaseRepository {
 public:
  virtual ~CaseRepository() = default;

  virtual Result<std::optional<MatchCase>> FindCase(int64_t id) = 0;
  virtual Result<std::optional<MatchCase>> FindCaseByPair(int64_t need_id, int64_t offer_id) = 0;
  // Cases whose need or offer belongs to one of `actors`, newest change first.
  virtual Result<std::vector<MatchCase>> CasesOfActors(const std::set<int64_t>& actors) = 0;
  // Every case, newest change first, at most `limit`.
  virtual Result<std::vector<MatchCase>> AllCases(int limit) = 0;
  // Cases of one need or one offer.
  virtual Result<std::vector<MatchCase>> CasesOfItem(ItemKind kind, int64_t item_id) = 0;

  virtual Result<int64_t> InsertCase(const MatchCase& c) = 0;
  // Moves case `id` from `from` to `to`, setting the requester and updated_at. Conflict when
  // the case is no longer in `from` (someone else took a step meanwhile).
  virtual Status UpdateCaseState(int64_t id, CaseState from, CaseState to, int64_t opened_by_actor,
                                 int64_t at) = 0;

  virtual Result<int64_t> InsertEvent(const CaseEvent& e) = 0;
  virtual Result<std::vector<CaseEvent>> Events(int64_t case_id) = 0;  // oldest first
  virtual Result<int64_t> InsertMessage(const CaseMessage& m) = 0;
  virtual Result<std::vector<CaseMessage>> Messages(int64_t case_id) = 0;  // oldest first
  virtual Status InsertAgreement(const Agreement& a) = 0;
  virtual Result<std::optional<Agreement>> FindAgreement(int64_t case_id) = 0;

  // Personal data: what one account did, and forgetting the account (the steps and messages
  // stay, made on behalf of their organisation, without the person).
  virtual Result<std::vector<CaseEvent>> EventsByAccount(int64_t account) = 0;
  virtual Result<std::vector<CaseMessage>> MessagesByAccount(int64_t account) = 0;
  virtual Status EraseAccount(int64_t account) = 0;
};

enum class NoticeKind { kContactRequested, kAccepted, kDeclined, kMessage, kAgreement, kCompleted };

// A notice to the representatives of `to_actor` that something happened in case `case_id`.
struct CaseNotice {
  NoticeKind kind = NoticeKind::kMessage;
  int64_t case_id = 0;
  int64_t to_actor = 0;
  int64_t from_account = 0;  // not notified of their own step
  int64_t from_actor = 0;    // the side that took the step; 0 for an editor on neither side
};

// Queues notices in the transaction of the step (e-mail through the outbox in production).
class CaseNotices {
 public:
  virtual ~CaseNotices() = default;
  virtual Status Notify(const CaseNotice& notice) = 0;
};

// One transaction with the cases, the needs and offers, and the notices.
struct CaseTx {
  CaseRepository& cases;
  MatchingRepository& items;
  CaseNotices& notices;
};
using CaseScope = std::function<Status(const std::function<Status(CaseTx&)>& work)>;

}  // namespace samverkan::matching
