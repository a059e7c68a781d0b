#include "modules/matching/domain/case_service.h"

#include <algorithm>
#include <charconv>

#include "modules/matching/domain/matching_policy.h"

namespace samverkan::matching {
namespace {

constexpr const char* kNoCase = N_("There is no such case.");

std::optional<int64_t> NumericId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Result<std::optional<NeedRecord>> FindNeedRef(MatchingRepository& repo, const std::string& ref) {
  if (auto id = NumericId(ref)) {
    auto found = repo.FindNeed(*id);
    if (!found.ok() || found->has_value()) return found;
  }
  return repo.FindNeedByExternalId(ref);
}

Result<std::optional<OfferRecord>> FindOfferRef(MatchingRepository& repo, const std::string& ref) {
  if (auto id = NumericId(ref)) {
    auto found = repo.FindOffer(*id);
    if (!found.ok() || found->has_value()) return found;
  }
  return repo.FindOfferByExternalId(ref);
}

// The case `who` may see, read in the transaction `tx`; NotFound otherwise.
Result<MatchCase> VisibleCase(CaseTx& tx, const Principal& who, int64_t id) {
  auto found = tx.cases.FindCase(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value() || !MayReadCase(who, **found)) return Error::NotFound(kNoCase);
  return std::move(**found);
}

// The case for a step: NotFound when there is none, else what CheckStep says about seeing it.
Result<MatchCase> CaseForStep(CaseTx& tx, const Principal& who, int64_t id) {
  auto found = tx.cases.FindCase(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::NotFound(kNoCase);
  return std::move(**found);
}

Result<CaseSummary> Summarise(CaseTx& tx, MatchCase c) {
  auto need = tx.items.FindNeed(c.need_id);
  if (!need.ok()) return std::move(need).error();
  auto offer = tx.items.FindOffer(c.offer_id);
  if (!offer.ok()) return std::move(offer).error();
  if (!need->has_value() || !offer->has_value()) return Error::Internal("a case's item is missing");
  return CaseSummary{std::move(c), std::move(**need), std::move(**offer)};
}

// Who hears of a step: the other side of the one who took it; both sides when an editor
// acting for neither took it.
Status NotifyOthers(CaseTx& tx, const MatchCase& c, std::optional<int64_t> by_actor,
                    const Principal& who, NoticeKind kind) {
  std::vector<int64_t> to;
  if (by_actor && *by_actor != 0) {
    to.push_back(OtherSide(c, *by_actor));
  } else {
    to = {c.need_actor, c.offer_actor};
  }
  for (int64_t actor : to) {
    if (actor == 0) continue;
    SAMVERKAN_RETURN_IF_ERROR(tx.notices.Notify(
        {.kind = kind,
         .case_id = c.id,
         .to_actor = actor,
         .from_account = who.user_id,
         .from_actor = by_actor.value_or(0)}));
  }
  return Status::Ok();
}

Status AddEvent(CaseTx& tx, const MatchCase& c, const Principal& who,
                std::optional<int64_t> by_actor, std::optional<CaseState> from, CaseState to,
                const std::string& note, int64_t at) {
  CaseEvent e{.case_id = c.id,
              .at = at,
              .by_account = who.user_id,
              .by_actor = by_actor,
              .from_state = from,
              .to_state = to,
              .note = note};
  auto id = tx.cases.InsertEvent(e);
  if (!id.ok()) return std::move(id).error();
  return Status::Ok();
}

}  // namespace

CaseService::CaseService(CaseScope write, CaseScope read, const ReferenceData* reference,
                         PairScore score, std::function<int64_t()> now_ms)
    : write_(std::move(write)),
      read_(std::move(read)),
      reference_(reference),
      score_(std::move(score)),
      now_ms_(std::move(now_ms)) {}

Result<MatchCase> CaseService::RequestContact(const Principal& who, const std::string& need_ref,
                                              const std::string& offer_ref, bool as_offer,
                                              const std::string& note) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  if (note.size() > kMaxNoteLength) {
    return Error::InvalidField("note", N_("Keep the note under {{max}} characters."),
                               {{"max", std::to_string(kMaxNoteLength)}});
  }
  // The score comes from the index, outside the transaction; it is only informative.
  std::optional<NeedRecord> need_for_score;
  std::optional<int64_t> offer_id_for_score;
  {
    Status s = read_([&](CaseTx& tx) -> Status {
      auto need = FindNeedRef(tx.items, need_ref);
      if (!need.ok()) return std::move(need).error();
      auto offer = FindOfferRef(tx.items, offer_ref);
      if (!offer.ok()) return std::move(offer).error();
      if (need->has_value() && offer->has_value()) {
        need_for_score = **need;
        offer_id_for_score = (*offer)->offer.id;
      }
      return Status::Ok();
    });
    if (!s.ok()) return std::move(s).error();
  }
  std::optional<double> score;
  if (score_ && need_for_score && offer_id_for_score) {
    score = score_(who, *need_for_score, *offer_id_for_score);
  }

  MatchCase result;
  const int64_t now = now_ms_();
  Status s = write_([&](CaseTx& tx) -> Status {
    auto need = FindNeedRef(tx.items, need_ref);
    if (!need.ok()) return std::move(need).error();
    if (!need->has_value() || !MayRead(who, (*need)->need.status, (*need)->actor_id)) {
      return Error::NotFound(N_("There is no such need."));
    }
    auto offer = FindOfferRef(tx.items, offer_ref);
    if (!offer.ok()) return std::move(offer).error();
    if (!offer->has_value() || !MayRead(who, (*offer)->offer.status, (*offer)->actor_id)) {
      return Error::NotFound(N_("There is no such offer."));
    }
    auto requester = CheckRequest(who, (*need)->actor_id, (*offer)->actor_id, as_offer);
    if (!requester.ok()) return std::move(requester).error();
    if ((*need)->need.status != ItemStatus::kOpen || (*offer)->offer.status != ItemStatus::kOpen) {
      return Error::InvalidField("need_id",
                                 N_("Contact can be asked for only about open needs and offers."));
    }
    auto existing = tx.cases.FindCaseByPair((*need)->need.id, (*offer)->offer.id);
    if (!existing.ok()) return std::move(existing).error();
    MatchCase c;
    if (existing->has_value()) {
      c = **existing;
      if (c.state != CaseState::kSuggested) {
        return Error(ErrorCode::kConflict,
                     N_("There is already a case for this need and offer: case {{id}}."),
                     {{"id", std::to_string(c.id)}});
      }
      SAMVERKAN_RETURN_IF_ERROR(tx.cases.UpdateCaseState(
          c.id, CaseState::kSuggested, CaseState::kContactRequested, *requester, now));
    } else {
      c.need_id = (*need)->need.id;
      c.offer_id = (*offer)->offer.id;
      c.state = CaseState::kContactRequested;
      c.score = score;
      c.opened_by_actor = *requester;
      c.created_at = now;
      c.updated_at = now;
      auto id = tx.cases.InsertCase(c);
      if (!id.ok()) return std::move(id).error();
      c.id = *id;
    }
    c.need_actor = (*need)->actor_id;
    c.offer_actor = (*offer)->actor_id;
    c.state = CaseState::kContactRequested;
    c.opened_by_actor = *requester;
    c.updated_at = now;
    SAMVERKAN_RETURN_IF_ERROR(AddEvent(tx, c, who, *requester, CaseState::kSuggested,
                                       CaseState::kContactRequested, note, now));
    if (note.find_first_not_of(" \t\r\n") != std::string::npos) {
      auto m = tx.cases.InsertMessage({.case_id = c.id,
                                       .at = now,
                                       .by_account = who.user_id,
                                       .by_actor = *requester,
                                       .body = note});
      if (!m.ok()) return std::move(m).error();
    }
    SAMVERKAN_RETURN_IF_ERROR(
        NotifyOthers(tx, c, *requester, who, NoticeKind::kContactRequested));
    result = c;
    return Status::Ok();
  });
  if (!s.ok()) {
    // Two requests at once: the second insert meets the unique pair.
    if (s.error().code() == ErrorCode::kConflict && s.error().args().empty()) {
      return Error(ErrorCode::kConflict, N_("There is already a case for this need and offer."));
    }
    return std::move(s).error();
  }
  return result;
}

Result<CaseDetail> CaseService::Get(const Principal& who, int64_t id) {
  CaseDetail detail;
  Status s = read_([&](CaseTx& tx) -> Status {
    auto c = VisibleCase(tx, who, id);
    if (!c.ok()) return std::move(c).error();
    auto summary = Summarise(tx, std::move(c).value());
    if (!summary.ok()) return std::move(summary).error();
    detail.summary = std::move(summary).value();
    auto events = tx.cases.Events(id);
    if (!events.ok()) return std::move(events).error();
    detail.events = std::move(events).value();
    auto messages = tx.cases.Messages(id);
    if (!messages.ok()) return std::move(messages).error();
    detail.messages = std::move(messages).value();
    auto agreement = tx.cases.FindAgreement(id);
    if (!agreement.ok()) return std::move(agreement).error();
    detail.agreement = std::move(agreement).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return detail;
}

Result<std::vector<CaseSummary>> CaseService::List(const Principal& who) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  std::vector<CaseSummary> out;
  Status s = read_([&](CaseTx& tx) -> Status {
    Result<std::vector<MatchCase>> cases =
        who.IsEditor() ? tx.cases.AllCases(kMaxListedCases)
                       : (who.Has(Role::kRepresentative) && !who.actor_ids.empty()
                              ? tx.cases.CasesOfActors(who.actor_ids)
                              : Result<std::vector<MatchCase>>(std::vector<MatchCase>{}));
    if (!cases.ok()) return std::move(cases).error();
    for (auto& c : *cases) {
      if (!MayReadCase(who, c)) continue;
      auto summary = Summarise(tx, std::move(c));
      if (!summary.ok()) return std::move(summary).error();
      out.push_back(std::move(summary).value());
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<std::map<int64_t, int64_t>> CaseService::CasesOf(const Principal& who, ItemKind kind,
                                                       int64_t item_id) {
  std::map<int64_t, int64_t> out;
  if (!who.authenticated()) return out;
  Status s = read_([&](CaseTx& tx) -> Status {
    auto cases = tx.cases.CasesOfItem(kind, item_id);
    if (!cases.ok()) return std::move(cases).error();
    for (const auto& c : *cases) {
      if (!MayReadCase(who, c)) continue;
      out[kind == ItemKind::kNeed ? c.offer_id : c.need_id] = c.id;
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<MatchCase> CaseService::Step(const Principal& who, int64_t id, CaseState to,
                                    const std::string& note) {
  MatchCase result;
  const int64_t now = now_ms_();
  Status s = write_([&](CaseTx& tx) -> Status {
    auto c = CaseForStep(tx, who, id);
    if (!c.ok()) return std::move(c).error();
    auto by_actor = CheckStep(who, *c, to, note);
    if (!by_actor.ok()) return std::move(by_actor).error();
    const CaseState from = c->state;
    // Asking for contact on a suggested case makes the asking side the requester.
    const int64_t requester = to == CaseState::kContactRequested && *by_actor
                                  ? **by_actor
                                  : c->opened_by_actor;
    SAMVERKAN_RETURN_IF_ERROR(tx.cases.UpdateCaseState(id, from, to, requester, now));
    c->state = to;
    c->opened_by_actor = requester;
    c->updated_at = now;
    SAMVERKAN_RETURN_IF_ERROR(AddEvent(tx, *c, who, *by_actor, from, to, note, now));
    if (to == CaseState::kInDialogue) {
      auto m = tx.cases.InsertMessage({.case_id = id,
                                       .at = now,
                                       .by_account = who.user_id,
                                       .by_actor = by_actor->value_or(0),
                                       .body = note});
      if (!m.ok()) return std::move(m).error();
    }
    NoticeKind kind = to == CaseState::kContactRequested ? NoticeKind::kContactRequested
                      : to == CaseState::kInDialogue     ? NoticeKind::kAccepted
                      : to == CaseState::kDeclined       ? NoticeKind::kDeclined
                                                         : NoticeKind::kCompleted;
    SAMVERKAN_RETURN_IF_ERROR(NotifyOthers(tx, *c, *by_actor, who, kind));
    result = std::move(c).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return result;
}

Result<CaseMessage> CaseService::PostMessage(const Principal& who, int64_t id,
                                             const std::string& body) {
  CaseMessage message;
  const int64_t now = now_ms_();
  Status s = write_([&](CaseTx& tx) -> Status {
    auto c = CaseForStep(tx, who, id);
    if (!c.ok()) return std::move(c).error();
    auto by_actor = CheckMessage(who, *c, body);
    if (!by_actor.ok()) return std::move(by_actor).error();
    message = {.case_id = id, .at = now, .by_account = who.user_id, .by_actor = *by_actor,
               .body = body};
    auto m = tx.cases.InsertMessage(message);
    if (!m.ok()) return std::move(m).error();
    message.id = *m;
    // Touch the case, so that lists show the newest activity first.
    SAMVERKAN_RETURN_IF_ERROR(
        tx.cases.UpdateCaseState(id, c->state, c->state, c->opened_by_actor, now));
    return NotifyOthers(tx, *c, *by_actor == 0 ? std::nullopt : std::optional<int64_t>(*by_actor),
                        who, NoticeKind::kMessage);
  });
  if (!s.ok()) return std::move(s).error();
  return message;
}

Result<Agreement> CaseService::RecordAgreement(const Principal& who, int64_t id,
                                               Agreement agreement) {
  const int64_t now = now_ms_();
  Status s = write_([&](CaseTx& tx) -> Status {
    auto c = CaseForStep(tx, who, id);
    if (!c.ok()) return std::move(c).error();
    auto by_actor = CheckAgreementStep(who, *c);
    if (!by_actor.ok()) return std::move(by_actor).error();
    SAMVERKAN_RETURN_IF_ERROR(ValidateAgreement(agreement, *reference_));
    agreement.case_id = id;
    agreement.recorded_at = now;
    agreement.recorded_by = who.user_id;
    SAMVERKAN_RETURN_IF_ERROR(tx.cases.InsertAgreement(agreement));
    SAMVERKAN_RETURN_IF_ERROR(tx.cases.UpdateCaseState(id, CaseState::kInDialogue,
                                                       CaseState::kAgreement, c->opened_by_actor,
                                                       now));
    SAMVERKAN_RETURN_IF_ERROR(AddEvent(tx, *c, who, *by_actor, CaseState::kInDialogue,
                                       CaseState::kAgreement, "", now));
    c->state = CaseState::kAgreement;
    return NotifyOthers(tx, *c, *by_actor, who, NoticeKind::kAgreement);
  });
  if (!s.ok()) return std::move(s).error();
  return agreement;
}

Result<std::vector<CaseEvent>> CaseService::EventsBy(int64_t account) {
  std::vector<CaseEvent> out;
  Status s = read_([&](CaseTx& tx) -> Status {
    auto r = tx.cases.EventsByAccount(account);
    if (!r.ok()) return std::move(r).error();
    out = std::move(r).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<std::vector<CaseMessage>> CaseService::MessagesBy(int64_t account) {
  std::vector<CaseMessage> out;
  Status s = read_([&](CaseTx& tx) -> Status {
    auto r = tx.cases.MessagesByAccount(account);
    if (!r.ok()) return std::move(r).error();
    out = std::move(r).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Status CaseService::Erase(int64_t account) {
  if (account == 0) return Status::Ok();
  return write_([&](CaseTx& tx) { return tx.cases.EraseAccount(account); });
}

}  // namespace samverkan::matching
