#include "modules/matching/domain/match_case.h"

#include <array>
#include <chrono>
#include <charconv>
#include <string>

namespace samverkan::matching {
namespace {

constexpr const char* kWriteScope = "write";

constexpr std::array<std::pair<CaseState, std::string_view>, 6> kStates{{
    {CaseState::kSuggested, "suggested"},
    {CaseState::kContactRequested, "contact_requested"},
    {CaseState::kInDialogue, "in_dialogue"},
    {CaseState::kAgreement, "agreement"},
    {CaseState::kCompleted, "completed"},
    {CaseState::kDeclined, "declined"},
}};

Error Unauthenticated() { return Error(ErrorCode::kUnauthenticated, "Sign in to continue."); }

bool OnNeedSide(const Principal& who, const MatchCase& c) {
  return who.Has(Role::kRepresentative) && who.Represents(c.need_actor);
}
bool OnOfferSide(const Principal& who, const MatchCase& c) {
  return who.Has(Role::kRepresentative) && who.Represents(c.offer_actor);
}

// Seeing comes first: someone who may not see the case learns nothing about its state.
Status CheckMayAct(const Principal& who, const MatchCase& c) {
  if (!who.authenticated()) return Unauthenticated();
  if (!MayReadCase(who, c) || !who.Allows(kWriteScope)) return Error::Forbidden();
  return Status::Ok();
}

Error NoSuchStep() {
  return Error::Conflict(N_("This step is not possible in the case's present state."));
}

Status CheckNote(const std::string& note, bool required) {
  if (required && note.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::InvalidField("note", N_("Write a few words to the other side."));
  }
  if (note.size() > kMaxNoteLength) {
    return Error::InvalidField("note", N_("Keep the note under {{max}} characters."),
                               {{"max", std::to_string(kMaxNoteLength)}});
  }
  return Status::Ok();
}

// The actor `who` acts for when either side may act: the need's side first, unless `who`
// represents only the offer's. nullopt for an editor on neither side.
std::optional<int64_t> EitherSide(const Principal& who, const MatchCase& c) {
  if (OnNeedSide(who, c)) return c.need_actor;
  if (OnOfferSide(who, c)) return c.offer_actor;
  return std::nullopt;
}

}  // namespace

std::string_view CaseStateCode(CaseState state) {
  for (const auto& [s, code] : kStates) {
    if (s == state) return code;
  }
  return "";
}

std::optional<CaseState> ParseCaseState(std::string_view code) {
  for (const auto& [s, name] : kStates) {
    if (name == code) return s;
  }
  return std::nullopt;
}

bool IsOpen(CaseState state) {
  return state != CaseState::kCompleted && state != CaseState::kDeclined;
}

bool MayReadCase(const Principal& who, const MatchCase& c) {
  if (!who.authenticated()) return false;
  return who.IsEditor() || OnNeedSide(who, c) || OnOfferSide(who, c);
}

bool IsStep(CaseState from, CaseState to) {
  switch (to) {
    case CaseState::kSuggested:
      return false;
    case CaseState::kContactRequested:
      return from == CaseState::kSuggested;
    case CaseState::kInDialogue:
      return from == CaseState::kContactRequested;
    case CaseState::kAgreement:
      return from == CaseState::kInDialogue;
    case CaseState::kCompleted:
      return from == CaseState::kAgreement;
    case CaseState::kDeclined:
      return IsOpen(from);
  }
  return false;
}

Result<std::optional<int64_t>> CheckStep(const Principal& who, const MatchCase& c, CaseState to,
                                         const std::string& note) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayAct(who, c));
  if (to == CaseState::kAgreement) {
    return Error::InvalidField("to_state",
                               N_("Record the agreement with its form, value and dates."));
  }
  if (!IsStep(c.state, to)) return NoSuchStep();
  const bool needs_note = to == CaseState::kDeclined || to == CaseState::kInDialogue;
  SAMVERKAN_RETURN_IF_ERROR(CheckNote(note, needs_note));
  const bool need_side = OnNeedSide(who, c), offer_side = OnOfferSide(who, c);
  if (to == CaseState::kInDialogue) {
    // Only the side that was asked answers; the requester cannot accept its own request.
    const int64_t answering = OtherSide(c, c.opened_by_actor);
    if ((answering == c.need_actor && need_side) || (answering == c.offer_actor && offer_side)) {
      return std::optional<int64_t>(answering);
    }
    if (who.IsEditor()) return std::optional<int64_t>();
    return Error::Forbidden(N_("Only the side that was asked can accept the request."));
  }
  return EitherSide(who, c);
}

Result<std::optional<int64_t>> CheckAgreementStep(const Principal& who, const MatchCase& c) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayAct(who, c));
  if (!IsStep(c.state, CaseState::kAgreement)) return NoSuchStep();
  return EitherSide(who, c);
}

Result<int64_t> CheckMessage(const Principal& who, const MatchCase& c, const std::string& body) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayAct(who, c));
  if (!IsOpen(c.state)) return Error::Conflict(N_("The case is closed."));
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::InvalidField("body", N_("Write a message."));
  }
  if (body.size() > kMaxMessageLength) {
    return Error::InvalidField("body", N_("Keep the message under {{max}} characters."),
                               {{"max", std::to_string(kMaxMessageLength)}});
  }
  return EitherSide(who, c).value_or(0);
}

Result<int64_t> CheckRequest(const Principal& who, int64_t need_actor, int64_t offer_actor,
                             bool as_offer) {
  if (!who.authenticated()) return Unauthenticated();
  if (!who.Allows(kWriteScope)) return Error::Forbidden();
  if (need_actor == offer_actor) {
    return Error::InvalidField("offer_id",
                               N_("The need and the offer belong to the same organisation."));
  }
  const bool rep = who.Has(Role::kRepresentative);
  const bool need_side = rep && who.Represents(need_actor);
  const bool offer_side = rep && who.Represents(offer_actor);
  if (need_side && offer_side) return as_offer ? offer_actor : need_actor;
  if (need_side) return need_actor;
  if (offer_side) return offer_actor;
  // An editor asks on behalf of the side whose page they are on.
  if (who.IsEditor()) return as_offer ? offer_actor : need_actor;
  return Error::Forbidden(
      N_("Only representatives of the need's or the offer's organisation can ask for contact."));
}

int64_t OtherSide(const MatchCase& c, int64_t actor) {
  if (actor == c.need_actor) return c.offer_actor;
  if (actor == c.offer_actor) return c.need_actor;
  return 0;
}

bool IsIsoDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto number = [&](size_t pos, size_t len) {
    int v = 0;
    std::from_chars(text.data() + pos, text.data() + pos + len, v);
    return v;
  };
  std::chrono::year_month_day day{std::chrono::year(number(0, 4)),
                                  std::chrono::month(static_cast<unsigned>(number(5, 2))),
                                  std::chrono::day(static_cast<unsigned>(number(8, 2)))};
  return day.ok() && text >= "1900-01-01";
}

std::optional<int64_t> ParseSek(std::string_view text) {
  std::string digits;
  for (char ch : text) {
    if (ch != ' ') digits += ch;
  }
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || v < 0) return std::nullopt;
  return v;
}

Status ValidateAgreement(const Agreement& a, const ReferenceData& reference) {
  std::vector<FieldError> fields;
  if (a.collaboration_form.empty()) {
    fields.push_back({"collaboration_form", N_("Choose the collaboration form."), {}});
  } else if (!reference.FindCollaborationForm(a.collaboration_form)) {
    fields.push_back({"collaboration_form", N_("There is no code {{code}} in this list."),
                      {{"code", a.collaboration_form}}});
  }
  if (a.value_sek < 0) {
    fields.push_back({"value_sek", N_("Give the value as a whole number of kronor, 0 or more."), {}});
  }
  const bool start_ok = IsIsoDay(a.starts_on);
  if (!start_ok) {
    fields.push_back({"starts_on", N_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."), {}});
  }
  if (a.ends_on) {
    if (!IsIsoDay(*a.ends_on)) {
      fields.push_back({"ends_on", N_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."), {}});
    } else if (start_ok && *a.ends_on < a.starts_on) {
      // ISO dates compare as text.
      fields.push_back({"ends_on", N_("The end cannot be before the start."), {}});
    }
  }
  if (!fields.empty()) return Error::Invalid(std::move(fields));
  return Status::Ok();
}

}  // namespace samverkan::matching
