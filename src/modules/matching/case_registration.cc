#include "modules/matching/case_registration.h"

#include "jobs/outbox.h"
#include "modules/matching/sql/sql_alert_repository.h"
#include "modules/matching/sql/sql_case_repository.h"
#include "modules/matching/sql/sql_matching_repository.h"
#include "modules/matching/web/case_pages.h"
#include "platform/api.h"

namespace samverkan::matching {
namespace {

using nlohmann::json;

struct NoticeText {
  const char* kind;  // jobs::Mail::kind
  const char* subject;
  const char* body;
};

NoticeText TextOf(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kContactRequested:
      return {"match-contact-request", N_("New contact request in Samverkan"),
              N_("{{actor}} asks for contact about the need “{{need}}” and the offer "
                 "“{{offer}}”.\n\nRead the request and answer it in Samverkan:\n{{link}}")};
    case NoticeKind::kAccepted:
      return {"match-accepted", N_("Your contact request was accepted"),
              N_("{{actor}} accepted the contact request about the need “{{need}}” and the "
                 "offer “{{offer}}” and replied.\n\nContinue the dialogue in Samverkan:\n{{link}}")};
    case NoticeKind::kDeclined:
      return {"match-declined", N_("A match case was declined"),
              N_("{{actor}} declined the case about the need “{{need}}” and the offer "
                 "“{{offer}}”.\n\nSee the reason in Samverkan:\n{{link}}")};
    case NoticeKind::kMessage:
      return {"match-message", N_("New message in a match case"),
              N_("{{actor}} sent a message about the need “{{need}}” and the offer "
                 "“{{offer}}”.\n\nRead and answer it in Samverkan:\n{{link}}")};
    case NoticeKind::kAgreement:
      return {"match-agreement", N_("An agreement was recorded in Samverkan"),
              N_("{{actor}} recorded the agreement about the need “{{need}}” and the offer "
                 "“{{offer}}”.\n\nSee it in Samverkan:\n{{link}}")};
    case NoticeKind::kCompleted:
      return {"match-completed", N_("A match case was completed"),
              N_("{{actor}} marked the case about the need “{{need}}” and the offer "
                 "“{{offer}}” as completed.\n\nSee it in Samverkan:\n{{link}}")};
  }
  return {"match-message", "", ""};
}

// Queues the e-mail notices of one transaction: one mail per verified representative of the
// side told, in their language, with the link to the case and never the sender's address.
class OutboxNotices : public CaseNotices {
 public:
  OutboxNotices(const platform::Services& services, storage::Transaction& tx, const MailWake* wake)
      : s_(services), tx_(tx), wake_(wake) {}

  Status Notify(const CaseNotice& notice) override {
    SqlCaseRepository cases(tx_);
    auto c = cases.FindCase(notice.case_id);
    if (!c.ok()) return std::move(c).error();
    if (!c->has_value()) return Error::Internal("a notified case is missing");
    SqlMatchingRepository items(tx_);
    auto need = items.FindNeed((*c)->need_id);
    if (!need.ok()) return std::move(need).error();
    auto offer = items.FindOffer((*c)->offer_id);
    if (!offer.ok()) return std::move(offer).error();
    if (!need->has_value() || !offer->has_value()) {
      return Error::Internal("a notified case's item is missing");
    }
    SqlAlertRepository people(tx_);
    auto recipients = people.RepresentativesOf(notice.to_actor);
    if (!recipients.ok()) return std::move(recipients).error();
    const NoticeText text = TextOf(notice.kind);
    jobs::Outbox outbox(*s_.db);
    bool queued = false;
    for (const auto& r : *recipients) {
      if (!r.verified || r.account_id == notice.from_account) continue;
      std::map<std::string, std::string> args = {
          {"actor", ActorName(notice.from_actor, r.language)},
          {"need", (*need)->need.title.In(r.language)},
          {"offer", (*offer)->offer.title.In(r.language)},
          {"link", s_.public_url + "/matchningar/" + std::to_string(notice.case_id)}};
      jobs::Mail mail;
      mail.to = r.email;
      mail.language = r.language;
      mail.kind = text.kind;
      mail.subject = Tr(r.language, text.subject, {});
      mail.text = Tr(r.language, text.body, args) + "\n\n-- \nSamverkan\n";
      SAMVERKAN_RETURN_IF_ERROR(outbox.Enqueue(tx_, mail));
      queued = true;
    }
    if (queued && wake_) {
      const MailWake* wake = wake_;
      tx_.OnCommit([wake] {
        if (*wake) (*wake)();
      });
    }
    return Status::Ok();
  }

 private:
  std::string Tr(Language lang, const char* msgid,
                 const std::map<std::string, std::string>& args) const {
    if (!s_.site) return web::FillPlaceholders(msgid, args);
    return s_.site->tr().Tr(lang, msgid, args);
  }

  std::string ActorName(int64_t actor, Language lang) const {
    if (actor == 0) return Tr(lang, N_("Samverkan's editors"), {});
    if (s_.actor_lookup) {
      auto found = s_.actor_lookup(std::to_string(actor), lang);
      if (found.ok() && found->has_value()) return (*found)->name;
    }
    return Tr(lang, N_("The other organisation"), {});
  }

  const platform::Services& s_;
  storage::Transaction& tx_;
  const MailWake* wake_;
};

CaseScope Scope(const platform::Services* s, storage::TxMode mode, const MailWake* wake) {
  return [s, mode, wake](const std::function<Status(CaseTx&)>& work) -> Status {
    return s->db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlCaseRepository cases(tx);
      SqlMatchingRepository items(tx);
      OutboxNotices notices(*s, tx, wake);
      CaseTx ctx{cases, items, notices};
      return work(ctx);
    });
  };
}

}  // namespace

std::unique_ptr<CaseService> NewCaseService(const platform::Services& services,
                                            MatchingService& items, const MailWake* wake) {
  const platform::Services* s = &services;
  MatchingService* ranking = &items;
  // The score is the one the need's page shows, when the offer is among its best 100.
  PairScore score = [ranking](const Principal& who, const NeedRecord& need,
                              int64_t offer_id) -> std::optional<double> {
    auto matches = ranking->MatchesForNeed(who, std::to_string(need.need.id), kMaxMatchLimit);
    if (!matches.ok()) return std::nullopt;
    for (const auto& m : matches->offers) {
      if (m.record.offer.id == offer_id) return m.suggestion.score;
    }
    return std::nullopt;
  };
  return std::make_unique<CaseService>(Scope(s, storage::TxMode::kWrite, wake),
                                       Scope(s, storage::TxMode::kRead, wake), services.reference,
                                       std::move(score), platform::NowMs);
}

void RegisterCases(platform::ModuleRegistry& registry, const platform::Services& services,
                   CaseService& cases) {
  RegisterCaseRoutes(registry, services, cases);
  registry.AddNavigation({"/matchningar", N_("My matches"), 33});
  CaseService* service = &cases;
  registry.AddPersonalData(
      {.section = "matching_cases",
       .export_json = [service](const platform::Services&, const Principal& who) -> Result<json> {
         auto events = service->EventsBy(who.user_id);
         if (!events.ok()) return std::move(events).error();
         auto messages = service->MessagesBy(who.user_id);
         if (!messages.ok()) return std::move(messages).error();
         json out = {{"steps", json::array()}, {"messages", json::array()}};
         for (const auto& e : *events) {
           out["steps"].push_back(
               {{"case_id", e.case_id},
                {"at_ms", e.at},
                {"on_behalf_of_actor", e.by_actor ? json(*e.by_actor) : json(nullptr)},
                {"from_state", e.from_state ? json(CaseStateCode(*e.from_state)) : json(nullptr)},
                {"to_state", std::string(CaseStateCode(e.to_state))},
                {"note", e.note}});
         }
         for (const auto& m : *messages) {
           out["messages"].push_back({{"case_id", m.case_id},
                                      {"at_ms", m.at},
                                      {"on_behalf_of_actor", m.by_actor},
                                      {"body", m.body}});
         }
         return out;
       },
       .erase = [service](const platform::Services&, const Principal& who) {
         return service->Erase(who.user_id);
       }});
}

}  // namespace samverkan::matching
