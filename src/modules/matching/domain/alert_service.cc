#include "modules/matching/domain/alert_service.h"

#include "modules/matching/domain/matching_policy.h"

#include <algorithm>
#include <limits>

namespace samverkan::matching {
namespace {

Status CheckSignedIn(const Principal& who) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  return Status::Ok();
}

}  // namespace

// --- The queueing hook ----------------------------------------------------------------------

Result<int64_t> AlertQueueingRepository::InsertNeed(const NeedRecord& record) {
  auto id = inner_.InsertNeed(record);
  if (!id.ok() || record.need.status != ItemStatus::kOpen) return id;
  SAMVERKAN_RETURN_IF_ERROR(alerts_.QueueItem(ItemKind::kNeed, *id, now_ms_()));
  return id;
}

Status AlertQueueingRepository::UpdateNeed(const NeedRecord& record) {
  SAMVERKAN_RETURN_IF_ERROR(inner_.UpdateNeed(record));
  if (record.need.status != ItemStatus::kOpen) return Status::Ok();
  return alerts_.QueueItem(ItemKind::kNeed, record.need.id, now_ms_());
}

Result<int64_t> AlertQueueingRepository::InsertOffer(const OfferRecord& record) {
  auto id = inner_.InsertOffer(record);
  if (!id.ok() || record.offer.status != ItemStatus::kOpen) return id;
  SAMVERKAN_RETURN_IF_ERROR(alerts_.QueueItem(ItemKind::kOffer, *id, now_ms_()));
  return id;
}

Status AlertQueueingRepository::UpdateOffer(const OfferRecord& record) {
  SAMVERKAN_RETURN_IF_ERROR(inner_.UpdateOffer(record));
  if (record.offer.status != ItemStatus::kOpen) return Status::Ok();
  return alerts_.QueueItem(ItemKind::kOffer, record.offer.id, now_ms_());
}

// --- The use cases --------------------------------------------------------------------------

Result<std::vector<AlertView>> AlertService::List(const Principal& who, bool unread_only,
                                                  int limit) {
  SAMVERKAN_RETURN_IF_ERROR(CheckSignedIn(who));
  limit = std::clamp(limit, 1, kMaxAlertList);
  std::vector<AlertView> out;
  Status s = read_([&](AlertRepository& alerts, MatchingRepository& items) -> Status {
    auto list = alerts.AlertsOf(who.user_id, unread_only, limit);
    if (!list.ok()) return std::move(list).error();
    for (Alert& a : *list) {
      AlertView v;
      v.alert = a;
      // The own item is always a need or an offer of the account's actor; the other one is
      // public while open or closed. A draft (re-drafted after the alert) is not shown.
      if (a.own_kind == ItemKind::kOffer) {
        auto own = items.FindOffer(a.own_item_id);
        if (!own.ok()) return std::move(own).error();
        if (own->has_value()) v.own_title = (*own)->offer.title;
        auto other = items.FindNeed(a.other_item_id);
        if (!other.ok()) return std::move(other).error();
        if (other->has_value() && (*other)->need.status != ItemStatus::kDraft) {
          v.other_title = (*other)->need.title;
          v.other_exists = true;
        }
      } else {
        auto own = items.FindNeed(a.own_item_id);
        if (!own.ok()) return std::move(own).error();
        if (own->has_value()) v.own_title = (*own)->need.title;
        auto other = items.FindOffer(a.other_item_id);
        if (!other.ok()) return std::move(other).error();
        if (other->has_value() && (*other)->offer.status != ItemStatus::kDraft) {
          v.other_title = (*other)->offer.title;
          v.other_exists = true;
        }
      }
      out.push_back(std::move(v));
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<int64_t> AlertService::UnreadCount(const Principal& who) {
  SAMVERKAN_RETURN_IF_ERROR(CheckSignedIn(who));
  int64_t count = 0;
  Status s = read_([&](AlertRepository& alerts, MatchingRepository&) -> Status {
    auto n = alerts.UnreadCount(who.user_id);
    if (!n.ok()) return std::move(n).error();
    count = *n;
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return count;
}

Result<bool> AlertService::MarkRead(const Principal& who, int64_t alert_id) {
  SAMVERKAN_RETURN_IF_ERROR(CheckSignedIn(who));
  bool mine = false;
  Status s = write_([&](AlertRepository& alerts, MatchingRepository&) -> Status {
    // Scoped to the caller's rows: another account's alert (or none) is left as it is, and
    // the answer is the same for both, so ids reveal nothing.
    auto marked = alerts.MarkRead(who.user_id, alert_id, now_ms_());
    if (!marked.ok()) return std::move(marked).error();
    mine = *marked;
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return mine;
}

Result<int64_t> AlertService::MarkAllRead(const Principal& who) {
  SAMVERKAN_RETURN_IF_ERROR(CheckSignedIn(who));
  int64_t count = 0;
  Status s = write_([&](AlertRepository& alerts, MatchingRepository&) -> Status {
    auto n = alerts.MarkAllRead(who.user_id, now_ms_());
    if (!n.ok()) return std::move(n).error();
    count = *n;
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return count;
}

Result<std::vector<SubscriptionView>> AlertService::Subscriptions(const Principal& who) {
  SAMVERKAN_RETURN_IF_ERROR(CheckSignedIn(who));
  std::vector<SubscriptionView> out;
  Status s = read_([&](AlertRepository& alerts, MatchingRepository& items) -> Status {
    auto stored = alerts.SubscriptionsOf(who.user_id);
    if (!stored.ok()) return std::move(stored).error();
    auto subscription = [&](ItemKind kind, int64_t id) {
      for (const auto& sub : *stored) {
        if (sub.own_kind == kind && sub.own_item_id == id) return sub;
      }
      return DefaultSubscription(who.user_id, kind, id);
    };
    if (who.actor_ids.empty()) return Status::Ok();
    SAMVERKAN_RETURN_IF_ERROR(items.ForEachNeed([&](const NeedRecord& r) -> Status {
      if (who.Represents(r.actor_id) && r.need.status != ItemStatus::kClosed) {
        out.push_back({subscription(ItemKind::kNeed, r.need.id), r.need.title, r.need.status});
      }
      return Status::Ok();
    }));
    return items.ForEachOffer([&](const OfferRecord& r) -> Status {
      if (who.Represents(r.actor_id) && r.offer.status != ItemStatus::kClosed) {
        out.push_back(
            {subscription(ItemKind::kOffer, r.offer.id), r.offer.title, r.offer.status});
      }
      return Status::Ok();
    });
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<AlertSubscription> AlertService::SetSubscription(const Principal& who,
                                                        AlertSubscription subscription) {
  SAMVERKAN_RETURN_IF_ERROR(CheckSignedIn(who));
  subscription.account_id = who.user_id;
  subscription.updated_at = now_ms_();
  Status s = write_([&](AlertRepository& alerts, MatchingRepository& items) -> Status {
    int64_t actor_id = 0;
    ItemStatus status = ItemStatus::kOpen;
    if (subscription.own_kind == ItemKind::kNeed) {
      auto need = items.FindNeed(subscription.own_item_id);
      if (!need.ok()) return std::move(need).error();
      if (!need->has_value()) return Error::NotFound();
      actor_id = (*need)->actor_id;
      status = (*need)->need.status;
    } else {
      auto offer = items.FindOffer(subscription.own_item_id);
      if (!offer.ok()) return std::move(offer).error();
      if (!offer->has_value()) return Error::NotFound();
      actor_id = (*offer)->actor_id;
      status = (*offer)->offer.status;
    }
    // A draft the person may not read does not exist for them.
    if (!MayRead(who, status, actor_id)) return Error::NotFound();
    return alerts.PutSubscription(subscription);
  });
  if (!s.ok()) return std::move(s).error();
  return subscription;
}

Result<std::pair<std::vector<Alert>, std::vector<AlertSubscription>>> AlertService::Export(
    const Principal& who) {
  SAMVERKAN_RETURN_IF_ERROR(CheckSignedIn(who));
  std::pair<std::vector<Alert>, std::vector<AlertSubscription>> out;
  Status s = read_([&](AlertRepository& alerts, MatchingRepository&) -> Status {
    auto list = alerts.AlertsOf(who.user_id, false, std::numeric_limits<int>::max());
    if (!list.ok()) return std::move(list).error();
    out.first = std::move(list).value();
    auto subs = alerts.SubscriptionsOf(who.user_id);
    if (!subs.ok()) return std::move(subs).error();
    out.second = std::move(subs).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Status AlertService::Erase(const Principal& who) {
  if (!who.authenticated()) return Status::Ok();
  return write_([&](AlertRepository& alerts, MatchingRepository&) {
    return alerts.EraseAccount(who.user_id);
  });
}

}  // namespace samverkan::matching
