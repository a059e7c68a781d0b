// Alerts of the matching function (issue 5): which suggestions of the engine become alerts for
// whom, and what the digest mail says. Pure: plain structs in, plain structs out.
//
// Who is alerted. When a need is saved open, the engine ranks the open offers for it; every
// account that represents the actor of one of those offers is a candidate for an alert about
// that offer ("your offer matches a new need"). The other way round for a new offer and the
// open needs it answers. An account never hears of an item of an actor it represents itself
// (its own need matching its own offer), and never twice of one pair: an alert is keyed by
// (account, own kind, own item, other item).
//
// The threshold. Engine scores are sums of weight × factor value (domain/scoring.h) and have
// no fixed unit; with the shipped weights the best possible pair scores 5.1 and the demo
// data's best suggestions score 3–4.6 (60–90 %). People choose a level instead, defined as a share of the
// best possible score (MaxScore) so that it keeps its meaning when the weights are retuned:
//   strong  ≥ 65 %   (about the best one to three counterparts of an item in the demo data)
//   good    ≥ 45 %   (the default: the top handful)
//   broad   ≥ 30 %   (everything plausible)
// Pages and mails show a match as that percentage (ScorePercent).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/language.h"
#include "modules/matching/domain/match_weights.h"
#include "modules/matching/domain/matching_repository.h"
#include "modules/matching/domain/scoring.h"

namespace samverkan::matching {

enum class AlertLevel { kStrong, kGood, kBroad };

// "strong", "good", "broad" (for forms, JSON and the subscriptions table).
std::string_view AlertLevelCode(AlertLevel level);
std::optional<AlertLevel> ParseAlertLevel(std::string_view code);
const std::vector<AlertLevel>& AllAlertLevels();
// The share of MaxScore a suggestion must reach: 0.65, 0.45, 0.30.
double AlertLevelShare(AlertLevel level);
// The English msgid naming the level for people ("Strong matches only", …).
const char* AlertLevelLabel(AlertLevel level);

inline constexpr AlertLevel kDefaultAlertLevel = AlertLevel::kGood;

// "need" / "offer", the own_kind column.
std::string_view ItemKindCode(ItemKind kind);
std::optional<ItemKind> ParseItemKind(std::string_view code);

// The best score a pair can get with these weights: every factor at its highest value (the
// geography at a same-municipality match). Always positive for sensible weights; 1 when the
// weights give nothing positive, so that dividing by it is safe.
double MaxScore(const MatchWeights& weights);
// A score as a whole percentage of MaxScore, 0–100 (clamped).
int ScorePercent(double score, const MatchWeights& weights);
// The lowest score that reaches `level`.
double LevelThreshold(AlertLevel level, const MatchWeights& weights);

// One account's choice for one of its items. Without a stored row the default applies
// (DefaultSubscription): alerts on, e-mail on, level good, so the feature works without set-up.
struct AlertSubscription {
  int64_t account_id = 0;
  ItemKind own_kind = ItemKind::kOffer;
  int64_t own_item_id = 0;
  bool enabled = true;
  bool email = true;
  AlertLevel level = kDefaultAlertLevel;
  int64_t updated_at = 0;  // 0: never stored (the default)
  bool operator==(const AlertSubscription&) const = default;
};
AlertSubscription DefaultSubscription(int64_t account_id, ItemKind own_kind, int64_t own_item_id);

// A stored alert: `own_item_id` (of kind `own_kind`) belongs to an actor the account
// represents; `other_item_id` is the new counterpart (of the other kind).
struct Alert {
  int64_t id = 0;
  int64_t account_id = 0;
  ItemKind own_kind = ItemKind::kOffer;
  int64_t own_item_id = 0;
  int64_t other_item_id = 0;
  double score = 0;
  int64_t created_at = 0;
  std::optional<int64_t> read_at;
  std::optional<int64_t> mailed_at;
};

// The item that was saved open, and the ranked counterparts the engine found for it.
struct NewItem {
  ItemKind kind = ItemKind::kNeed;
  int64_t id = 0;
  int64_t actor_id = 0;
};
struct Counterpart {
  int64_t item_id = 0;   // an offer for a new need, a need for a new offer
  int64_t actor_id = 0;  // the actor it belongs to
  double score = 0;
};

// What DecideAlerts needs to know about accounts: who represents which actor, and the stored
// subscriptions (missing ones take the default).
struct AlertAudience {
  std::map<int64_t, std::vector<int64_t>> representatives;  // actor id → account ids
  // (account, own kind, own item) → stored subscription
  std::map<std::tuple<int64_t, ItemKind, int64_t>, AlertSubscription> subscriptions;
};

struct AlertDecision {
  Alert alert;       // id 0, read_at and mailed_at unset
  bool email = false;  // the subscription wants mail
  bool operator==(const AlertDecision& o) const {
    return alert.account_id == o.alert.account_id && alert.own_kind == o.alert.own_kind &&
           alert.own_item_id == o.alert.own_item_id &&
           alert.other_item_id == o.alert.other_item_id && email == o.email;
  }
};

// The alerts `item` causes: for each counterpart, each representative of its actor whose
// subscription for that counterpart is enabled and whose level's threshold the score reaches;
// none for representatives of the new item's own actor; each (account, own item, other item)
// once, ordered by account, then best score first. `now` stamps created_at.
std::vector<AlertDecision> DecideAlerts(const NewItem& item,
                                        const std::vector<Counterpart>& counterparts,
                                        const AlertAudience& audience, const MatchWeights& weights,
                                        int64_t now);

// One line of a digest: the account's own item and the new counterpart, in the reader's
// language, with links (absolute, for mail).
struct DigestLine {
  ItemKind own_kind = ItemKind::kOffer;
  std::string own_title;
  std::string other_title;
  std::string other_url;
  int percent = 0;
};

struct DigestText {
  std::string subject;
  std::string text;
};

// The mail of one account's new alerts, in `lang` through `translate` (msgids in po/sv.po).
// Names no person and no address of the other side: titles and links only; the contact goes
// through the platform. `alerts_url` is the page where the alerts and their settings are.
DigestText ComposeDigest(const std::vector<DigestLine>& lines, Language lang,
                         const Translate& translate, const std::string& alerts_url);

}  // namespace samverkan::matching
