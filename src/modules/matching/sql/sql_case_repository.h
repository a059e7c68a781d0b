// The match cases on both engines: matching_cases, matching_case_events,
// matching_case_messages and matching_agreements (migration "matching" 2, which also gives
// needs and offers their created_at). The dashboard and the alerts read these tables.
#pragma once

#include <vector>

#include "modules/matching/domain/case_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::matching {

// Migration "matching" 2; MatchingMigrations() returns it after version 1.
storage::Migration CaseMigration();

// Works inside the caller's transaction; holds no state of its own.
class SqlCaseRepository : public CaseRepository {
 public:
  explicit SqlCaseRepository(storage::Transaction& tx) : tx_(tx) {}

  Result<std::optional<MatchCase>> FindCase(int64_t id) override;
  Result<std::optional<MatchCase>> FindCaseByPair(int64_t need_id, int64_t offer_id) override;
  Result<std::vector<MatchCase>> CasesOfActors(const std::set<int64_t>& actors) override;
  Result<std::vector<MatchCase>> AllCases(int limit) override;
  Result<std::vector<MatchCase>> CasesOfItem(ItemKind kind, int64_t item_id) override;
  Result<int64_t> InsertCase(const MatchCase& c) override;
  Status UpdateCaseState(int64_t id, CaseState from, CaseState to, int64_t opened_by_actor,
                         int64_t at) override;
  Result<int64_t> InsertEvent(const CaseEvent& e) override;
  Result<std::vector<CaseEvent>> Events(int64_t case_id) override;
  Result<int64_t> InsertMessage(const CaseMessage& m) override;
  Result<std::vector<CaseMessage>> Messages(int64_t case_id) override;
  Status InsertAgreement(const Agreement& a) override;
  Result<std::optional<Agreement>> FindAgreement(int64_t case_id) override;
  Result<std::vector<CaseEvent>> EventsByAccount(int64_t account) override;
  Result<std::vector<CaseMessage>> MessagesByAccount(int64_t account) override;
  Status EraseAccount(int64_t account) override;

 private:
  storage::Transaction& tx_;
};

}  // namespace samverkan::matching
