#include "modules/matching/domain/alert_rules.h"

#include <algorithm>
#include <cmath>

#include "core/result.h"

namespace samverkan::matching {
namespace {

// Replaces "{{name}}" in a translated message; the domain has no template engine.
std::string Fill(std::string text, std::string_view name, const std::string& value) {
  const std::string token = "{{" + std::string(name) + "}}";
  for (size_t at = text.find(token); at != std::string::npos;
       at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
  return text;
}

}  // namespace

std::string_view AlertLevelCode(AlertLevel level) {
  switch (level) {
    case AlertLevel::kStrong:
      return "strong";
    case AlertLevel::kGood:
      return "good";
    case AlertLevel::kBroad:
      return "broad";
  }
  return "good";
}

std::optional<AlertLevel> ParseAlertLevel(std::string_view code) {
  for (AlertLevel level : AllAlertLevels()) {
    if (AlertLevelCode(level) == code) return level;
  }
  return std::nullopt;
}

const std::vector<AlertLevel>& AllAlertLevels() {
  static const std::vector<AlertLevel> levels = {AlertLevel::kStrong, AlertLevel::kGood,
                                                 AlertLevel::kBroad};
  return levels;
}

double AlertLevelShare(AlertLevel level) {
  switch (level) {
    case AlertLevel::kStrong:
      return 0.65;
    case AlertLevel::kGood:
      return 0.45;
    case AlertLevel::kBroad:
      return 0.30;
  }
  return 0.45;
}

const char* AlertLevelLabel(AlertLevel level) {
  switch (level) {
    case AlertLevel::kStrong:
      return N_("Strong matches only (at least 65 %)");
    case AlertLevel::kGood:
      return N_("Good matches (at least 45 %)");
    case AlertLevel::kBroad:
      return N_("Every plausible match (at least 30 %)");
  }
  return "";
}

std::string_view ItemKindCode(ItemKind kind) { return kind == ItemKind::kNeed ? "need" : "offer"; }

std::optional<ItemKind> ParseItemKind(std::string_view code) {
  if (code == "need") return ItemKind::kNeed;
  if (code == "offer") return ItemKind::kOffer;
  return std::nullopt;
}

// Each factor's highest value (domain/scoring.cc): 1 for text, concepts, SDGs, target groups,
// collaboration, budget and stage; the best geography step for geography; 0 for capacity,
// which only ever subtracts.
double MaxScore(const MatchWeights& w) {
  auto best = [](double weight, double max_value) { return std::max(0.0, weight * max_value); };
  double geo = std::max({w.geo_municipality, w.geo_county, w.geo_part_of_county, w.geo_nuts2,
                         w.geo_national, w.geo_regional_for_national_need});
  double sum = best(w.text, 1) + best(w.concepts, 1) + best(w.sdg, 1) + best(w.geography, geo) +
               best(w.target_groups, 1) + best(w.collaboration, 1) + best(w.budget, 1) +
               best(w.stage, 1);
  return sum > 0 ? sum : 1.0;
}

int ScorePercent(double score, const MatchWeights& weights) {
  double percent = std::round(100.0 * score / MaxScore(weights));
  return static_cast<int>(std::clamp(percent, 0.0, 100.0));
}

double LevelThreshold(AlertLevel level, const MatchWeights& weights) {
  return AlertLevelShare(level) * MaxScore(weights);
}

AlertSubscription DefaultSubscription(int64_t account_id, ItemKind own_kind, int64_t own_item_id) {
  AlertSubscription s;
  s.account_id = account_id;
  s.own_kind = own_kind;
  s.own_item_id = own_item_id;
  return s;
}

std::vector<AlertDecision> DecideAlerts(const NewItem& item,
                                        const std::vector<Counterpart>& counterparts,
                                        const AlertAudience& audience, const MatchWeights& weights,
                                        int64_t now) {
  const ItemKind own_kind = item.kind == ItemKind::kNeed ? ItemKind::kOffer : ItemKind::kNeed;
  // Accounts that represent the new item's actor hear nothing of it: it is their own.
  std::set<int64_t> own_side;
  if (auto it = audience.representatives.find(item.actor_id);
      it != audience.representatives.end()) {
    own_side.insert(it->second.begin(), it->second.end());
  }
  std::vector<AlertDecision> out;
  std::set<std::tuple<int64_t, int64_t>> seen;  // (account, own item)
  for (const Counterpart& c : counterparts) {
    if (c.item_id == 0 || c.actor_id == item.actor_id) continue;
    auto reps = audience.representatives.find(c.actor_id);
    if (reps == audience.representatives.end()) continue;
    for (int64_t account : reps->second) {
      if (account == 0 || own_side.count(account)) continue;
      if (!seen.insert({account, c.item_id}).second) continue;
      AlertSubscription sub = DefaultSubscription(account, own_kind, c.item_id);
      if (auto s = audience.subscriptions.find({account, own_kind, c.item_id});
          s != audience.subscriptions.end()) {
        sub = s->second;
      }
      if (!sub.enabled || c.score < LevelThreshold(sub.level, weights)) continue;
      AlertDecision d;
      d.alert.account_id = account;
      d.alert.own_kind = own_kind;
      d.alert.own_item_id = c.item_id;
      d.alert.other_item_id = item.id;
      d.alert.score = c.score;
      d.alert.created_at = now;
      d.email = sub.email;
      out.push_back(d);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const AlertDecision& a, const AlertDecision& b) {
    if (a.alert.account_id != b.alert.account_id) return a.alert.account_id < b.alert.account_id;
    return a.alert.score > b.alert.score;
  });
  return out;
}

DigestText ComposeDigest(const std::vector<DigestLine>& lines, Language lang,
                         const Translate& translate, const std::string& alerts_url) {
  DigestText out;
  out.subject = lines.size() == 1
                    ? translate(lang, N_("Samverkan: a new match for you"))
                    : Fill(translate(lang, N_("Samverkan: {{count}} new matches for you")),
                           "count", std::to_string(lines.size()));
  std::string text = translate(lang, N_("Hello,")) + "\n\n" +
                     translate(lang, N_("Something new on Samverkan matches what your "
                                        "organisation has posted:")) +
                     "\n";
  for (const DigestLine& line : lines) {
    const char* sentence = line.own_kind == ItemKind::kOffer
                               ? N_("A new need matches your offer “{{own}}” ({{percent}} %):")
                               : N_("A new offer fits your need “{{own}}” ({{percent}} %):");
    std::string head = Fill(Fill(translate(lang, sentence), "own", line.own_title), "percent",
                            std::to_string(line.percent));
    text += "\n- " + head + "\n  " + line.other_title + "\n  " + line.other_url + "\n";
  }
  text += "\n" +
          translate(lang, N_("Read the reasons and request contact through the platform. "
                             "Choose which matches you hear about, and whether by e-mail, on "
                             "your alerts page:")) +
          "\n" + alerts_url + "\n";
  out.text = std::move(text);
  return out;
}

}  // namespace samverkan::matching
