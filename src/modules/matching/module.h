// Matching (issue 5): stored needs and offers, their ranked counterparts with reasons, the
// pages (/behov, /erbjudanden), the JSON API (/api/v1/needs, /api/v1/offers and their
// matches), JSON Lines import and export, the demo needs and offers, and `samverkan match`.
// Who may write is decided by MatchingService with domain/matching_policy.h.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>

#include "modules/matching/alerts/alert_job.h"
#include "modules/matching/case_registration.h"
#include "modules/matching/domain/alert_service.h"
#include "modules/matching/domain/lexicon.h"
#include "modules/matching/domain/match_weights.h"
#include "modules/matching/domain/matching_service.h"
#include "modules/matching/search/matching_indexer.h"
#include "platform/module.h"

namespace samverkan::matching {

class MatchingModule : public platform::Module {
 public:
  std::string name() const override { return "matching"; }
  // Reads the lexicon and the weights from <share_dir>/data/matching; needs services.reference.
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

  MatchingService* service() const { return service_.get(); }
  CaseService* cases() const { return cases_.get(); }
  // For `serve`, before it serves: wakes the mail sender after a case's notice committed.
  void SetCaseMailWake(std::function<void()> wake) { case_mail_wake_ = std::move(wake); }

  // For `serve`, after the migrations: loads the items, opens the index in
  // <data_dir>/search/matching (rebuilding it when missing or unfinished) and starts the
  // background indexer. Until then matches are Unavailable. Unavailable when another process
  // holds the index.
  Status StartMatching(const platform::Services& services);
  // After StartMatching: the alert runner (alerts/alert_job.h) on a background thread; it
  // mails through the outbox and calls `notify_mail` after committing mails.
  void StartAlerts(const platform::Services& services, std::function<void()> notify_mail);
  // Stops the alert runner and the indexer. Idempotent.
  void StopMatching();
  // `samverkan reindex`: rebuilds the index from the database; returns how many items.
  Result<int64_t> Reindex(const platform::Services& services);

  // `samverkan match need|offer REF --limit N [--json]`: ranks over an index built in memory
  // (the server may hold the one on disk), reasons in `lang` through `translate`.
  Status PrintMatches(const platform::Services& services, const std::string& kind,
                      const std::string& ref, size_t limit, bool as_json, Language lang,
                      const Translate& translate, std::ostream& out);

 private:
  std::unique_ptr<MatchingIndexer> NewIndexer(const platform::Services& services,
                                              std::string directory);

  std::unique_ptr<Lexicon> lexicon_;
  MatchWeights weights_;
  std::unique_ptr<MatchingService> service_;
  std::unique_ptr<MatchingService> quiet_service_;  // imports that notify nobody
  std::unique_ptr<MatchingIndexer> indexer_;
  std::unique_ptr<AlertService> alerts_;
  std::unique_ptr<AlertJob> alert_job_;
  std::atomic<AlertJob*> alert_job_ptr_{nullptr};  // for the commit hook of the writes
  MailWake case_mail_wake_;
  std::unique_ptr<CaseService> cases_;  // the way from a match to an agreement
};

}  // namespace samverkan::matching
