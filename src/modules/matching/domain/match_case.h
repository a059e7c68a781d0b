// From match to agreement: a case between one need and one offer, the steps it moves through,
// and who may take each step. Pure: plain values in and out, no storage.
//
//   suggested → contact_requested → in_dialogue → agreement → completed
//   declined from any open state (suggested, contact_requested, in_dialogue, agreement)
//
// The two sides are the need's actor and the offer's actor; a person acts for a side when
// they represent its actor. The side that asked for contact is the requester
// (MatchCase::opened_by_actor); the other side answers the request (accepts or declines).
// Editors and admins may take any step the state allows, on behalf of nobody in particular.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/principal.h"
#include "core/reference.h"
#include "core/result.h"

namespace samverkan::matching {

enum class CaseState { kSuggested, kContactRequested, kInDialogue, kAgreement, kCompleted, kDeclined };

// "suggested", "contact_requested", "in_dialogue", "agreement", "completed", "declined": the
// values of matching_cases.state, also in URLs and JSON.
std::string_view CaseStateCode(CaseState state);
std::optional<CaseState> ParseCaseState(std::string_view code);
// Completed and declined cases are closed: no step leads out of them.
bool IsOpen(CaseState state);

struct MatchCase {
  int64_t id = 0;
  int64_t need_id = 0;
  int64_t offer_id = 0;
  CaseState state = CaseState::kSuggested;
  std::optional<double> score;  // the ranking's score when the case was opened, if known
  int64_t opened_by_actor = 0;  // the requesting side's actor
  int64_t created_at = 0;       // ms since the epoch
  int64_t updated_at = 0;
  // Not stored with the case: the owners of the need and the offer, filled in by the service.
  int64_t need_actor = 0;
  int64_t offer_actor = 0;
};

struct CaseEvent {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t at = 0;
  std::optional<int64_t> by_account;  // nullopt once the account is erased
  std::optional<int64_t> by_actor;    // nullopt for an editor acting for neither side
  std::optional<CaseState> from_state;
  CaseState to_state = CaseState::kSuggested;
  std::string note;
};

// by_actor 0 marks a message from an editor who represents neither side.
struct CaseMessage {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t at = 0;
  std::optional<int64_t> by_account;
  int64_t by_actor = 0;
  std::string body;
};

struct Agreement {
  int64_t case_id = 0;
  std::string collaboration_form;  // a code of data/reference/collaboration_forms
  int64_t value_sek = 0;
  std::string starts_on;  // YYYY-MM-DD
  std::optional<std::string> ends_on;
  int64_t recorded_at = 0;
  std::optional<int64_t> recorded_by;  // account; nullopt once erased
};

inline constexpr size_t kMaxNoteLength = 2000;
inline constexpr size_t kMaxMessageLength = 5000;

// Whether `who` may see the case: editors, and representatives of either side.
bool MayReadCase(const Principal& who, const MatchCase& c);

// Whether the state machine has the step `from` → `to`, whoever takes it. The step to
// agreement is taken by recording the agreement (CheckAgreementStep), not as a plain step.
bool IsStep(CaseState from, CaseState to);

// The step `to` on case `c` by `who` with `note`: the actor `who` acts for (nullopt: an
// editor acting for neither side). Errors: NotFound when `who` may not see the case,
// Unauthenticated, PermissionDenied when it is not their side's step (or a token without the
// write scope), Conflict when the state has no such step, InvalidArgument ("note") when a
// decline or an acceptance has no note or a note is too long.
//   contact_requested: either side, from suggested (that side becomes the requester)
//   in_dialogue: the side that did not request, from contact_requested
//   declined: either side, from any open state
//   completed: either side, from agreement
Result<std::optional<int64_t>> CheckStep(const Principal& who, const MatchCase& c, CaseState to,
                                         const std::string& note);

// Recording the agreement (in_dialogue → agreement): either side or an editor.
Result<std::optional<int64_t>> CheckAgreementStep(const Principal& who, const MatchCase& c);

// Posting a message: either side or an editor, while the case is open; the actor the
// message is from (0 for an editor representing neither side). InvalidArgument ("body") for
// an empty or too long message.
Result<int64_t> CheckMessage(const Principal& who, const MatchCase& c, const std::string& body);

// Who may ask for contact between a need of `need_actor` and an offer of `offer_actor`, and
// for which side: `as_offer` asks for the offer's side when `who` represents both. Returns
// the requesting actor. InvalidArgument when both items belong to the same actor.
Result<int64_t> CheckRequest(const Principal& who, int64_t need_actor, int64_t offer_actor,
                             bool as_offer);

// The actor on the other side from `actor` (0 when `actor` is on neither side).
int64_t OtherSide(const MatchCase& c, int64_t actor);

// Validates an agreement's fields: the collaboration form is a reference code, the value a
// whole number of kronor ≥ 0, the dates YYYY-MM-DD with the end (when given) not before the
// start. InvalidArgument per field (collaboration_form, value_sek, starts_on, ends_on).
Status ValidateAgreement(const Agreement& a, const ReferenceData& reference);

// Parses a whole number of kronor ("250000", "250 000"); nullopt when it is not one ≥ 0.
std::optional<int64_t> ParseSek(std::string_view text);
bool IsIsoDay(std::string_view text);

}  // namespace samverkan::matching
