// The use cases of the way from a match to an agreement: asking for contact, answering,
// messages, recording the agreement and completing it, the lists of one's cases, and the
// personal data of an account. The rules are domain/match_case.h; they are decided here, not
// in the pages. Thread-safe: every call runs in its own transaction through the scopes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/reference.h"
#include "core/result.h"
#include "modules/matching/domain/case_repository.h"
#include "modules/matching/domain/match_case.h"

namespace samverkan::matching {

// A case with its need and offer.
struct CaseSummary {
  MatchCase c;
  NeedRecord need;
  OfferRecord offer;
};

// A case with everything that happened in it.
struct CaseDetail {
  CaseSummary summary;
  std::vector<CaseEvent> events;
  std::vector<CaseMessage> messages;
  std::optional<Agreement> agreement;
};

// The ranking's score of an offer for a need, when it is among the best; nullopt otherwise.
using PairScore = std::function<std::optional<double>(const Principal& who, const NeedRecord& need,
                                                      int64_t offer_id)>;

inline constexpr int kMaxListedCases = 500;

class CaseService {
 public:
  // `reference` must outlive the service; `score` may be empty (no score is stored).
  CaseService(CaseScope write, CaseScope read, const ReferenceData* reference, PairScore score,
              std::function<int64_t()> now_ms);

  // Asks for contact between a need and an offer (ids or external_ids), for the need's side
  // unless `as_offer` (which matters only for someone on both sides, or an editor). Opens the
  // case, or moves a suggested one on; `note` is the first message to the other side
  // (optional). NotFound for an item `who` may not see; InvalidArgument when an item is not
  // open or both are the same organisation's; Conflict when the pair already has a case past
  // suggested; Unauthenticated, PermissionDenied.
  Result<MatchCase> RequestContact(const Principal& who, const std::string& need_ref,
                                   const std::string& offer_ref, bool as_offer,
                                   const std::string& note);

  // NotFound when there is no such case or `who` may not see it.
  Result<CaseDetail> Get(const Principal& who, int64_t id);
  // The cases `who` may see: their organisations' (all, up to kMaxListedCases, for editors).
  Result<std::vector<CaseSummary>> List(const Principal& who);
  // For the match pages: the cases of one need (by offer id) or one offer (by need id) that
  // `who` may see.
  Result<std::map<int64_t, int64_t>> CasesOf(const Principal& who, ItemKind kind, int64_t item_id);

  // A step with a note (CheckStep); accepting also posts the note as the first message. Errors
  // as CheckStep; NotFound when there is no case; Conflict when someone else moved it first.
  Result<MatchCase> Step(const Principal& who, int64_t id, CaseState to, const std::string& note);
  Result<CaseMessage> PostMessage(const Principal& who, int64_t id, const std::string& body);
  // Records the agreement (ValidateAgreement) and moves the case to agreement.
  Result<Agreement> RecordAgreement(const Principal& who, int64_t id, Agreement agreement);

  // "Download my data" and "delete my account".
  Result<std::vector<CaseEvent>> EventsBy(int64_t account);
  Result<std::vector<CaseMessage>> MessagesBy(int64_t account);
  Status Erase(int64_t account);

 private:
  CaseScope write_;
  CaseScope read_;
  const ReferenceData* reference_;
  PairScore score_;
  std::function<int64_t()> now_ms_;
};

}  // namespace samverkan::matching
