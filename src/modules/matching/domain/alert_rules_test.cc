// Which suggestions become alerts (thresholds, subscriptions, own actor, deduplication), the
// scale people see, the queueing hook, and the digest mail in Swedish and English.
#include "modules/matching/domain/alert_rules.h"

#include <gtest/gtest.h>

#include "modules/matching/domain/alert_service.h"

namespace samverkan::matching {
namespace {

const MatchWeights kWeights;  // the defaults, the same as data/matching/weights.conf

TEST(AlertRules, MaxScoreIsTheSumOfEveryFactorAtItsBest) {
  // text .5 + concepts 1.5 + sdg .5 + geography 1.0 × 1.0 + target groups 1.2 + collaboration
  // .15 + budget .15 + stage .1; capacity only subtracts.
  EXPECT_NEAR(MaxScore(kWeights), 5.1, 1e-9);
  MatchWeights zero;
  zero.text = zero.concepts = zero.sdg = zero.geography = zero.target_groups = 0;
  zero.collaboration = zero.budget = zero.stage = zero.capacity = 0;
  EXPECT_EQ(MaxScore(zero), 1.0);
}

TEST(AlertRules, PercentAndLevels) {
  EXPECT_EQ(ScorePercent(5.1, kWeights), 100);
  EXPECT_EQ(ScorePercent(2.55, kWeights), 50);
  EXPECT_EQ(ScorePercent(-1.0, kWeights), 0);
  EXPECT_EQ(ScorePercent(9.0, kWeights), 100);
  EXPECT_NEAR(LevelThreshold(AlertLevel::kStrong, kWeights), 0.65 * 5.1, 1e-9);
  EXPECT_NEAR(LevelThreshold(AlertLevel::kGood, kWeights), 0.45 * 5.1, 1e-9);
  EXPECT_NEAR(LevelThreshold(AlertLevel::kBroad, kWeights), 0.30 * 5.1, 1e-9);
  for (AlertLevel level : AllAlertLevels()) {
    EXPECT_EQ(ParseAlertLevel(AlertLevelCode(level)), level);
  }
  EXPECT_FALSE(ParseAlertLevel("Strong").has_value());
  EXPECT_FALSE(ParseAlertLevel("").has_value());
  EXPECT_EQ(ParseItemKind("need"), ItemKind::kNeed);
  EXPECT_FALSE(ParseItemKind("needs").has_value());
}

TEST(AlertRules, DefaultSubscriptionIsOnWithMailAtGood) {
  AlertSubscription s = DefaultSubscription(7, ItemKind::kOffer, 3);
  EXPECT_TRUE(s.enabled);
  EXPECT_TRUE(s.email);
  EXPECT_EQ(s.level, AlertLevel::kGood);
  EXPECT_EQ(s.updated_at, 0);
}

// A new need (id 100) of actor 1; offers 10 (actor 2, strong), 11 (actor 3, good), 12 (actor 2,
// weak), 13 (actor 1: the need owner's own offer).
struct Fixture {
  NewItem need{.kind = ItemKind::kNeed, .id = 100, .actor_id = 1};
  std::vector<Counterpart> counterparts = {
      {10, 2, 0.80 * 5.1}, {11, 3, 0.50 * 5.1}, {12, 2, 0.35 * 5.1}, {13, 1, 0.90 * 5.1}};
  AlertAudience audience;
  Fixture() {
    audience.representatives[1] = {50};      // the city
    audience.representatives[2] = {60, 61};  // enterprise A: two people
    audience.representatives[3] = {70};      // enterprise B
  }
};

std::vector<std::tuple<int64_t, int64_t>> Pairs(const std::vector<AlertDecision>& ds) {
  std::vector<std::tuple<int64_t, int64_t>> out;
  for (const auto& d : ds) out.emplace_back(d.alert.account_id, d.alert.own_item_id);
  return out;
}

TEST(AlertRules, DefaultsAlertEveryRepresentativeAboveGoodAndNeverTheOwnActor) {
  Fixture f;
  auto ds = DecideAlerts(f.need, f.counterparts, f.audience, kWeights, 1234);
  // 12 is below good (35 % < 45 %); 13 belongs to the need's own actor.
  EXPECT_EQ(Pairs(ds), (std::vector<std::tuple<int64_t, int64_t>>{{60, 10}, {61, 10}, {70, 11}}));
  for (const auto& d : ds) {
    EXPECT_EQ(d.alert.own_kind, ItemKind::kOffer);
    EXPECT_EQ(d.alert.other_item_id, 100);
    EXPECT_EQ(d.alert.created_at, 1234);
    EXPECT_TRUE(d.email);
  }
}

TEST(AlertRules, EachPersonsThresholdAndSwitchesApply) {
  Fixture f;
  // 60 wants only strong ones and no mail; 61 switched offer 10 off; 70 wants strong (11 is 50 %).
  f.audience.subscriptions[{60, ItemKind::kOffer, 10}] = {
      .account_id = 60, .own_kind = ItemKind::kOffer, .own_item_id = 10, .enabled = true,
      .email = false, .level = AlertLevel::kStrong};
  f.audience.subscriptions[{61, ItemKind::kOffer, 10}] = {
      .account_id = 61, .own_kind = ItemKind::kOffer, .own_item_id = 10, .enabled = false};
  f.audience.subscriptions[{70, ItemKind::kOffer, 11}] = {
      .account_id = 70, .own_kind = ItemKind::kOffer, .own_item_id = 11, .level = AlertLevel::kStrong};
  // 61 asked for everything plausible on offer 12 (35 % ≥ 30 %).
  f.audience.subscriptions[{61, ItemKind::kOffer, 12}] = {
      .account_id = 61, .own_kind = ItemKind::kOffer, .own_item_id = 12, .level = AlertLevel::kBroad};
  auto ds = DecideAlerts(f.need, f.counterparts, f.audience, kWeights, 0);
  ASSERT_EQ(Pairs(ds), (std::vector<std::tuple<int64_t, int64_t>>{{60, 10}, {61, 12}}));
  EXPECT_FALSE(ds[0].email);
  EXPECT_TRUE(ds[1].email);
}

TEST(AlertRules, AScoreExactlyAtTheThresholdAlertsAndJustBelowDoesNot) {
  Fixture f;
  double at = LevelThreshold(AlertLevel::kGood, kWeights);
  f.counterparts = {{10, 2, at}, {11, 3, at - 1e-6}};
  auto ds = DecideAlerts(f.need, f.counterparts, f.audience, kWeights, 0);
  EXPECT_EQ(Pairs(ds), (std::vector<std::tuple<int64_t, int64_t>>{{60, 10}, {61, 10}}));
}

TEST(AlertRules, RepeatedCounterpartsAlertOnceAndTheRepresentativeOfBothSidesNever) {
  Fixture f;
  f.counterparts.push_back(f.counterparts.front());  // the same offer twice
  f.audience.representatives[1].push_back(70);        // 70 also represents the city
  auto ds = DecideAlerts(f.need, f.counterparts, f.audience, kWeights, 0);
  EXPECT_EQ(Pairs(ds), (std::vector<std::tuple<int64_t, int64_t>>{{60, 10}, {61, 10}}));
}

TEST(AlertRules, ANewOfferAlertsTheNeedOwnersAboutTheirNeeds) {
  NewItem offer{.kind = ItemKind::kOffer, .id = 200, .actor_id = 2};
  AlertAudience audience;
  audience.representatives[1] = {50};
  auto ds = DecideAlerts(offer, {{30, 1, 0.7 * 5.1}}, audience, kWeights, 0);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].alert.own_kind, ItemKind::kNeed);
  EXPECT_EQ(ds[0].alert.own_item_id, 30);
  EXPECT_EQ(ds[0].alert.other_item_id, 200);
  EXPECT_EQ(ds[0].alert.account_id, 50);
}

TEST(AlertRules, NobodyToTellMeansNoAlerts) {
  Fixture f;
  f.audience.representatives.clear();
  EXPECT_TRUE(DecideAlerts(f.need, f.counterparts, f.audience, kWeights, 0).empty());
}

// A translator for the test: Swedish for the digest's msgids, English otherwise.
std::string FakeTranslate(Language lang, std::string_view msgid) {
  if (lang == Language::kEnglish) return std::string(msgid);
  static const std::map<std::string, std::string, std::less<>> sv = {
      {"Samverkan: a new match for you", "Samverkan: en ny matchning för er"},
      {"Samverkan: {{count}} new matches for you", "Samverkan: {{count}} nya matchningar för er"},
      {"Hello,", "Hej!"},
      {"A new need matches your offer “{{own}}” ({{percent}} %):",
       "Ett nytt behov matchar ert erbjudande ”{{own}}” ({{percent}} %):"},
      {"A new offer fits your need “{{own}}” ({{percent}} %):",
       "Ett nytt erbjudande passar ert behov ”{{own}}” ({{percent}} %):"}};
  auto it = sv.find(msgid);
  return it == sv.end() ? std::string(msgid) : it->second;
}

TEST(AlertRules, TheDigestSaysWhatMatchedInTheReadersLanguage) {
  std::vector<DigestLine> lines = {{.own_kind = ItemKind::kOffer,
                                    .own_title = "Middagsklubbar",
                                    .other_title = "Minska ensamheten bland äldre",
                                    .other_url = "https://samverkan.example/behov/7",
                                    .percent = 72}};
  DigestText en = ComposeDigest(lines, Language::kEnglish, FakeTranslate,
                                "https://samverkan.example/bevakningar");
  EXPECT_EQ(en.subject, "Samverkan: a new match for you");
  EXPECT_NE(en.text.find("A new need matches your offer “Middagsklubbar” (72 %):"),
            std::string::npos)
      << en.text;
  EXPECT_NE(en.text.find("Minska ensamheten bland äldre"), std::string::npos);
  EXPECT_NE(en.text.find("https://samverkan.example/behov/7"), std::string::npos);
  EXPECT_NE(en.text.find("https://samverkan.example/bevakningar"), std::string::npos);
  EXPECT_EQ(en.text.find("@"), std::string::npos) << "no addresses in the digest";

  lines.push_back({.own_kind = ItemKind::kNeed, .own_title = "Läxhjälp", .other_title = "Homework club",
                   .other_url = "https://samverkan.example/erbjudanden/9", .percent = 51});
  DigestText sv = ComposeDigest(lines, Language::kSwedish, FakeTranslate, "u");
  EXPECT_EQ(sv.subject, "Samverkan: 2 nya matchningar för er");
  EXPECT_NE(sv.text.find("Ett nytt behov matchar ert erbjudande ”Middagsklubbar” (72 %):"),
            std::string::npos)
      << sv.text;
  EXPECT_NE(sv.text.find("Ett nytt erbjudande passar ert behov ”Läxhjälp” (51 %):"),
            std::string::npos);
  EXPECT_EQ(sv.text.find("{{"), std::string::npos);
}

// The queueing hook over in-memory fakes: open items are queued, drafts and closed ones not.
class RecordingAlerts : public AlertRepository {
 public:
  std::vector<std::pair<ItemKind, int64_t>> queued;
  Status QueueItem(ItemKind kind, int64_t item_id, int64_t) override {
    queued.emplace_back(kind, item_id);
    return Status::Ok();
  }
  Result<std::vector<QueuedItem>> QueuedItems(int, int64_t) override { return std::vector<QueuedItem>{}; }
  Status DeleteQueued(int64_t) override { return Status::Ok(); }
  Status DeferQueued(int64_t, int64_t) override { return Status::Ok(); }
  Result<std::optional<AlertSubscription>> FindSubscription(int64_t, ItemKind, int64_t) override {
    return std::optional<AlertSubscription>();
  }
  Result<std::vector<AlertSubscription>> SubscriptionsOf(int64_t) override {
    return std::vector<AlertSubscription>{};
  }
  Status PutSubscription(const AlertSubscription&) override { return Status::Ok(); }
  Result<bool> InsertAlert(Alert&) override { return false; }
  Status MarkMailed(const std::vector<int64_t>&, int64_t) override { return Status::Ok(); }
  Result<std::vector<Alert>> AlertsOf(int64_t, bool, int) override { return std::vector<Alert>{}; }
  Result<int64_t> UnreadCount(int64_t) override { return int64_t{0}; }
  Result<bool> MarkRead(int64_t, int64_t, int64_t) override { return false; }
  Result<int64_t> MarkAllRead(int64_t, int64_t) override { return int64_t{0}; }
  Status EraseAccount(int64_t) override { return Status::Ok(); }
  Result<std::vector<Recipient>> RepresentativesOf(int64_t) override {
    return std::vector<Recipient>{};
  }
};

class CountingItems : public MatchingRepository {
 public:
  int64_t next = 1;
  bool fail = false;
  Result<int64_t> InsertNeed(const NeedRecord&) override {
    if (fail) return Error(ErrorCode::kUnavailable, "busy");
    return next++;
  }
  Status UpdateNeed(const NeedRecord&) override {
    if (fail) return Error::NotFound();
    return Status::Ok();
  }
  Result<std::optional<NeedRecord>> FindNeed(int64_t) override { return std::optional<NeedRecord>(); }
  Result<std::optional<NeedRecord>> FindNeedByExternalId(const std::string&) override {
    return std::optional<NeedRecord>();
  }
  Status ForEachNeed(const std::function<Status(const NeedRecord&)>&) override { return Status::Ok(); }
  Status ScanNeeds(int64_t, int64_t, const std::function<Result<bool>(const NeedRecord&)>&) override {
    return Status::Ok();
  }
  Result<int64_t> InsertOffer(const OfferRecord&) override { return next++; }
  Status UpdateOffer(const OfferRecord&) override { return Status::Ok(); }
  Result<std::optional<OfferRecord>> FindOffer(int64_t) override { return std::optional<OfferRecord>(); }
  Result<std::optional<OfferRecord>> FindOfferByExternalId(const std::string&) override {
    return std::optional<OfferRecord>();
  }
  Status ForEachOffer(const std::function<Status(const OfferRecord&)>&) override { return Status::Ok(); }
  Status ScanOffers(int64_t, int64_t, const std::function<Result<bool>(const OfferRecord&)>&) override {
    return Status::Ok();
  }
  Result<std::vector<PendingChange>> PendingChanges(int) override { return std::vector<PendingChange>{}; }
  Result<int64_t> LastChange() override { return int64_t{0}; }
  Status DeleteChanges(const std::vector<int64_t>&) override { return Status::Ok(); }
  Status DeleteChangesUpTo(int64_t) override { return Status::Ok(); }
};

TEST(AlertQueueing, QueuesItemsSavedOpenOnly) {
  CountingItems items;
  RecordingAlerts alerts;
  AlertQueueingRepository repo(items, alerts, [] { return int64_t{5}; });
  NeedRecord open;
  NeedRecord draft;
  draft.need.status = ItemStatus::kDraft;
  OfferRecord closed;
  closed.offer.status = ItemStatus::kClosed;
  OfferRecord offer;
  offer.offer.id = 9;
  ASSERT_TRUE(repo.InsertNeed(open).ok());     // id 1, queued
  ASSERT_TRUE(repo.InsertNeed(draft).ok());    // id 2, not
  ASSERT_TRUE(repo.InsertOffer(closed).ok());  // id 3, not
  ASSERT_TRUE(repo.UpdateOffer(offer).ok());   // id 9, queued (edited while open)
  draft.need.id = 2;
  draft.need.status = ItemStatus::kOpen;
  ASSERT_TRUE(repo.UpdateNeed(draft).ok());  // opened: queued
  EXPECT_EQ(alerts.queued, (std::vector<std::pair<ItemKind, int64_t>>{
                               {ItemKind::kNeed, 1}, {ItemKind::kOffer, 9}, {ItemKind::kNeed, 2}}));
  items.fail = true;
  EXPECT_FALSE(repo.InsertNeed(open).ok());
  EXPECT_FALSE(repo.UpdateNeed(draft).ok());
  EXPECT_EQ(alerts.queued.size(), 3u) << "a failed write queues nothing";
}

}  // namespace
}  // namespace samverkan::matching
