#include "modules/matching/alerts/alert_job.h"

#include <iostream>
#include <map>
#include <set>

#include "modules/matching/sql/sql_alert_repository.h"
#include "modules/matching/sql/sql_matching_repository.h"

namespace samverkan::matching {

AlertJob::AlertJob(storage::Database& db, MatchSource& source, const MatchWeights& weights,
                   Translate translate, AlertJobOptions options)
    : db_(db),
      source_(source),
      weights_(weights),
      translate_(std::move(translate)),
      options_(std::move(options)),
      outbox_(db) {}

AlertJob::~AlertJob() { Stop(); }

void AlertJob::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << line << "\n";
  }
}

int64_t AlertJob::Now() const {
  if (options_.now_ms) return options_.now_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<int64_t> AlertJob::Process(const QueuedItem& queued) {
  // 1. The item as it is now: a need closed or re-drafted since it was queued alerts nobody.
  NewItem item{.kind = queued.kind, .id = queued.item_id};
  std::optional<NeedRecord> need;
  std::optional<OfferRecord> offer;
  Status read = db_.Read([&](storage::Transaction& tx) -> Status {
    SqlMatchingRepository items(tx);
    if (queued.kind == ItemKind::kNeed) {
      auto found = items.FindNeed(queued.item_id);
      if (!found.ok()) return std::move(found).error();
      need = std::move(found).value();
    } else {
      auto found = items.FindOffer(queued.item_id);
      if (!found.ok()) return std::move(found).error();
      offer = std::move(found).value();
    }
    return Status::Ok();
  });
  if (!read.ok()) return std::move(read).error();
  bool open = (need && need->need.status == ItemStatus::kOpen) ||
              (offer && offer->offer.status == ItemStatus::kOpen);

  // 2. Its counterparts, outside any transaction (the engine may catch up with the outbox).
  std::vector<Suggestion> suggestions;
  if (open) {
    item.actor_id = need ? need->actor_id : offer->actor_id;
    auto ranked = need ? source_.OffersForNeed(need->need, options_.candidates)
                       : source_.NeedsForOffer(offer->offer, options_.candidates);
    if (!ranked.ok()) return std::move(ranked).error();
    suggestions = std::move(ranked).value();
  }

  // 3. Alerts, mails and the queue row, all or nothing.
  int64_t created = 0;
  Status wrote = db_.Write([&](storage::Transaction& tx) -> Status {
    created = 0;
    SqlMatchingRepository items(tx);
    SqlAlertRepository alerts(tx);
    if (!suggestions.empty()) {
      // The counterparts' actors and titles as stored now.
      std::vector<Counterpart> counterparts;
      std::map<int64_t, LocalizedText> own_titles;  // counterpart id → title
      for (const Suggestion& s : suggestions) {
        if (item.kind == ItemKind::kNeed) {
          auto o = items.FindOffer(s.id);
          if (!o.ok()) return std::move(o).error();
          if (!o->has_value() || (*o)->offer.status != ItemStatus::kOpen) continue;
          counterparts.push_back({s.id, (*o)->actor_id, s.score});
          own_titles[s.id] = (*o)->offer.title;
        } else {
          auto n = items.FindNeed(s.id);
          if (!n.ok()) return std::move(n).error();
          if (!n->has_value() || (*n)->need.status != ItemStatus::kOpen) continue;
          counterparts.push_back({s.id, (*n)->actor_id, s.score});
          own_titles[s.id] = (*n)->need.title;
        }
      }
      // Only pairs that reach the lowest level can become alerts: skip the rest before asking
      // for anyone's representatives.
      const double lowest = LevelThreshold(AlertLevel::kBroad, weights_);
      AlertAudience audience;
      std::map<int64_t, Recipient> recipients;
      std::set<int64_t> actors = {item.actor_id};
      for (const Counterpart& c : counterparts) {
        if (c.score >= lowest) actors.insert(c.actor_id);
      }
      for (int64_t actor : actors) {
        auto reps = alerts.RepresentativesOf(actor);
        if (!reps.ok()) return std::move(reps).error();
        for (const Recipient& r : *reps) {
          audience.representatives[actor].push_back(r.account_id);
          recipients[r.account_id] = r;
        }
      }
      const ItemKind own_kind = item.kind == ItemKind::kNeed ? ItemKind::kOffer : ItemKind::kNeed;
      for (const Counterpart& c : counterparts) {
        if (c.score < lowest) continue;
        auto reps = audience.representatives.find(c.actor_id);
        if (reps == audience.representatives.end()) continue;
        for (int64_t account : reps->second) {
          auto sub = alerts.FindSubscription(account, own_kind, c.item_id);
          if (!sub.ok()) return std::move(sub).error();
          if (sub->has_value()) audience.subscriptions[{account, own_kind, c.item_id}] = **sub;
        }
      }
      const int64_t now = Now();
      std::vector<AlertDecision> decisions =
          DecideAlerts(item, counterparts, audience, weights_, now);

      const LocalizedText& other_title = need ? need->need.title : offer->offer.title;
      const std::string other_url = options_.public_url +
                                    (item.kind == ItemKind::kNeed ? "/behov/" : "/erbjudanden/") +
                                    std::to_string(item.id);
      std::map<int64_t, std::vector<DigestLine>> digests;
      std::map<int64_t, std::vector<int64_t>> mailed;
      for (AlertDecision& d : decisions) {
        auto inserted = alerts.InsertAlert(d.alert);
        if (!inserted.ok()) return std::move(inserted).error();
        if (!*inserted) continue;  // delivered before: never twice
        ++created;
        const Recipient& to = recipients[d.alert.account_id];
        if (!d.email || !to.verified || to.email.empty()) continue;
        digests[to.account_id].push_back({.own_kind = d.alert.own_kind,
                                          .own_title = own_titles[d.alert.own_item_id].In(to.language),
                                          .other_title = other_title.In(to.language),
                                          .other_url = other_url,
                                          .percent = ScorePercent(d.alert.score, weights_)});
        mailed[to.account_id].push_back(d.alert.id);
      }
      for (const auto& [account, lines] : digests) {
        const Recipient& to = recipients[account];
        DigestText text =
            ComposeDigest(lines, to.language, translate_, options_.public_url + "/bevakningar");
        jobs::Mail mail;
        mail.to = to.email;
        mail.language = to.language;
        mail.kind = "matching-alert";
        mail.subject = text.subject;
        mail.text = text.text + "\n-- \nSamverkan\n";
        SAMVERKAN_RETURN_IF_ERROR(outbox_.Enqueue(tx, mail));
        SAMVERKAN_RETURN_IF_ERROR(alerts.MarkMailed(mailed[account], now));
      }
      if (!digests.empty() && options_.notify_mail) tx.OnCommit(options_.notify_mail);
    }
    return alerts.DeleteQueued(queued.seq);
  });
  if (!wrote.ok()) return std::move(wrote).error();
  return created;
}

// The pause before a failed item's next run: 1 s doubled per failed run, at most an hour.
// The item stays queued however often it fails: what was accepted is never dropped.
int64_t RetryDelayMs(int attempts) {
  constexpr int64_t kFirst = 1000, kMax = 3600 * 1000;
  return attempts >= 12 ? kMax : std::min(kMax, kFirst << attempts);
}

Result<int64_t> AlertJob::RunPending(std::stop_token stop) {
  std::lock_guard lock(run_mu_);
  int64_t total = 0;
  while (!stop.stop_requested()) {
    std::vector<QueuedItem> batch;
    Status read = db_.Read([&](storage::Transaction& tx) -> Status {
      SqlAlertRepository alerts(tx);
      auto queued = alerts.QueuedItems(options_.batch, Now());
      if (!queued.ok()) return std::move(queued).error();
      batch = std::move(queued).value();
      return Status::Ok();
    });
    if (!read.ok()) return std::move(read).error();
    if (batch.empty()) return total;
    for (const QueuedItem& q : batch) {
      if (stop.stop_requested()) return total;
      auto n = Process(q);
      if (n.ok()) {
        total += *n;
        continue;
      }
      // This item waits and the ones queued after it go on; only a failure to record that
      // (the database itself failing) stops the run.
      Log("matching alerts: " + std::string(ItemKindCode(q.kind)) + " " + std::to_string(q.item_id) +
          " failed (attempt " + std::to_string(q.attempts + 1) + "), will try again: " +
          n.error().message() + " " + n.error().log_detail());
      Status deferred = db_.Write([&](storage::Transaction& tx) -> Status {
        return SqlAlertRepository(tx).DeferQueued(q.seq, Now() + RetryDelayMs(q.attempts));
      });
      if (!deferred.ok()) return std::move(deferred).error();
    }
  }
  return total;
}

void AlertJob::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void AlertJob::Notify() {
  {
    std::lock_guard lock(wake_mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

void AlertJob::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void AlertJob::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    auto done = RunPending(stop);
    std::chrono::milliseconds pause = options_.idle_poll;
    if (!done.ok()) {
      Log("matching alerts: failed, will try again: " + done.error().message() + " " +
          done.error().log_detail());
      pause = options_.error_pause;
    }
    std::unique_lock lock(wake_mu_);
    wake_.wait_for(lock, stop, pause, [this] { return notified_; });
    notified_ = false;
  }
}

}  // namespace samverkan::matching
