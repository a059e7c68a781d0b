#include "modules/actors/domain/actor_service.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "modules/actors/domain/actor_testing.h"

namespace samverkan::actors {
namespace {

using testing::GeneratedProfiles;
using testing::SampleProfile;
using testing::ShippedReference;

constexpr int64_t kNow = 1'790'000'000'000;  // 2026-09-21

// Keeps actors in memory with the repository's contract; a failed scope puts everything back.
class InMemoryActorRepository : public ActorRepository {
 public:
  struct State {
    std::map<int64_t, Actor> actors;  // profile.partners and partners left empty
    std::map<int64_t, std::vector<int64_t>> partners;
    int64_t next_id = 1;
  };
  State state;
  int inserts_before_failure = -1;  // >= 0: that many inserts succeed, then the store fails

  Result<int64_t> Insert(const ActorProfile& profile, bool personal, int64_t now_ms) override {
    if (inserts_before_failure == 0) return Error(ErrorCode::kUnavailable, "The database is busy.");
    if (inserts_before_failure > 0) --inserts_before_failure;
    if (Taken(profile.external_id, 0)) return Error::Conflict("That already exists.");
    Actor a;
    a.id = state.next_id++;
    a.profile = profile;
    a.profile.partners.clear();
    a.org_number_personal = personal;
    a.created_at_ms = a.updated_at_ms = now_ms;
    state.actors[a.id] = a;
    return a.id;
  }
  Status Update(int64_t id, const ActorProfile& profile, bool personal, int64_t now_ms) override {
    auto it = state.actors.find(id);
    if (it == state.actors.end()) return Error::NotFound("There is no such actor.");
    if (Taken(profile.external_id, id)) return Error::Conflict("That already exists.");
    it->second.profile = profile;
    it->second.profile.partners.clear();
    it->second.org_number_personal = personal;
    it->second.updated_at_ms = now_ms;
    return Status::Ok();
  }
  Status SetPartners(int64_t id, const std::vector<int64_t>& partner_ids) override {
    for (int64_t p : partner_ids) {
      if (!state.actors.count(p)) return Error::Conflict("It is still referred to, or refers to something that does not exist.");
    }
    state.partners[id] = partner_ids;
    return Status::Ok();
  }
  Result<std::optional<Actor>> Get(int64_t id) override {
    auto it = state.actors.find(id);
    if (it == state.actors.end()) return std::optional<Actor>();
    Actor a = it->second;
    for (int64_t p : state.partners[id]) {
      const Actor& partner = state.actors.at(p);
      a.partners.push_back({p, partner.profile.external_id, partner.profile.name});
      if (!partner.profile.external_id.empty()) a.profile.partners.push_back(partner.profile.external_id);
    }
    return std::optional<Actor>(a);
  }
  Result<std::optional<int64_t>> FindByExternalId(const std::string& external_id) override {
    for (const auto& [id, a] : state.actors) {
      if (!external_id.empty() && a.profile.external_id == external_id) return std::optional<int64_t>(id);
    }
    return std::optional<int64_t>();
  }
  Result<std::vector<Actor>> List(const ActorQuery& q) override {
    std::vector<std::pair<std::string, int64_t>> keys;
    for (const auto& [id, a] : state.actors) {
      if (Matches(a.profile, q.filter)) keys.emplace_back(SortKey(a.profile.name.In(q.language)), id);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<Actor> out;
    for (const auto& [key, id] : keys) {
      if (q.after && std::make_pair(key, id) <= std::make_pair(q.after->sort_key, q.after->id)) continue;
      if (out.size() == static_cast<size_t>(q.limit)) break;
      out.push_back(**Get(id));
    }
    return out;
  }
  Result<int64_t> Count(const ActorFilter& filter) override {
    return static_cast<int64_t>(std::count_if(state.actors.begin(), state.actors.end(),
                                              [&](const auto& e) { return Matches(e.second.profile, filter); }));
  }
  Result<FacetCounts> CountFacets(const ActorFilter& filter) override {
    std::vector<ActorProfile> profiles;
    for (const auto& [id, a] : state.actors) profiles.push_back(a.profile);
    return testing::BruteForceFacets(profiles, filter);
  }
  Result<std::vector<Actor>> ListById(int64_t after_id, int limit) override {
    std::vector<Actor> out;
    for (auto it = state.actors.upper_bound(after_id); it != state.actors.end() && out.size() < static_cast<size_t>(limit); ++it) {
      out.push_back(**Get(it->first));
    }
    return out;
  }

 private:
  bool Taken(const std::string& external_id, int64_t except) const {
    if (external_id.empty()) return false;
    return std::any_of(state.actors.begin(), state.actors.end(), [&](const auto& e) {
      return e.first != except && e.second.profile.external_id == external_id;
    });
  }
};

class ActorServiceTest : public ::testing::Test {
 protected:
  InMemoryActorRepository repo_;
  RepositoryScope scope_ = [this](const std::function<Status(ActorRepository&)>& work) -> Status {
    InMemoryActorRepository::State saved = repo_.state;
    Status s = work(repo_);
    if (!s.ok()) repo_.state = saved;  // rolled back
    return s;
  };
  ActorService service_{scope_, scope_, &ShippedReference(), [] { return kNow; }};

  static ImportRow Row(int line, Result<ActorProfile> p) { return {line, std::move(p)}; }
  size_t Stored() const { return repo_.state.actors.size(); }
};

TEST_F(ActorServiceTest, CreatesAndGetsAnActor) {
  auto id = service_.Create(SampleProfile("a"));
  ASSERT_TRUE(id.ok()) << id.error().message();
  auto actor = service_.Get(*id);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->profile.name.sv, "Exempelföretaget Äng AB");
  EXPECT_FALSE(actor->org_number_personal);
  EXPECT_EQ(actor->created_at_ms, kNow);
  EXPECT_TRUE(service_.GetByExternalId("a").ok());
  EXPECT_TRUE(service_.Get(*id + 1).error().IsNotFound());
  EXPECT_TRUE(service_.GetByExternalId("b").error().IsNotFound());
}

TEST_F(ActorServiceTest, FlagsASoleTradersPersonalIdentityNumber) {
  ActorProfile p = SampleProfile("sole");
  p.org_number = "8112189876";
  auto id = service_.Create(p);
  ASSERT_TRUE(id.ok());
  auto actor = service_.Get(*id);
  EXPECT_TRUE(actor->org_number_personal);
  EXPECT_EQ(actor->profile.org_number, "811218-9876");
  EXPECT_EQ(RedactForPublic(*actor).profile.org_number, "");
}

TEST_F(ActorServiceTest, CreateRefusesATakenExternalIdAndUnknownPartners) {
  ASSERT_TRUE(service_.Create(SampleProfile("a")).ok());
  auto again = service_.Create(SampleProfile("a"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.error().args().at("id"), "a");
  ActorProfile p = SampleProfile("b");
  p.partners = {"a", "nobody"};
  auto unknown = service_.Create(p);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields()[0].field, "partners");
  EXPECT_EQ(unknown.error().fields()[0].args.at("id"), "nobody");
  EXPECT_EQ(Stored(), 1u);
}

TEST_F(ActorServiceTest, UpdateReplacesProfileAndPartners) {
  auto a = service_.Create(SampleProfile("a"));
  auto b = service_.Create(SampleProfile("b"));
  ASSERT_TRUE(a.ok() && b.ok());
  ActorProfile changed = SampleProfile("a");
  changed.name = {"Nytt namn", ""};
  changed.partners = {"b"};
  ASSERT_TRUE(service_.Update(*a, changed).ok());
  auto actor = service_.Get(*a);
  EXPECT_EQ(actor->profile.name.sv, "Nytt namn");
  ASSERT_EQ(actor->partners.size(), 1u);
  EXPECT_EQ(actor->partners[0].id, *b);
  EXPECT_EQ(actor->profile.partners, std::vector<std::string>{"b"});

  EXPECT_TRUE(service_.Update(999, changed).error().IsNotFound());
  ActorProfile taken = SampleProfile("b");
  EXPECT_EQ(service_.Update(*a, taken).error().code(), ErrorCode::kConflict);
  ActorProfile invalid = SampleProfile("a");
  invalid.sector = "nope";
  EXPECT_TRUE(service_.Update(*a, invalid).error().IsInvalid());
}

TEST_F(ActorServiceTest, UpsertInsertsThenUpdates) {
  auto first = service_.Upsert(SampleProfile(" u "));
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_TRUE(first->inserted);
  ActorProfile p = SampleProfile("u");
  p.summary.sv = "Ändrad.";
  auto second = service_.Upsert(p);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->inserted);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(service_.Get(first->id)->profile.summary.sv, "Ändrad.");
  EXPECT_EQ(service_.Upsert(SampleProfile("")).error().fields()[0].field, "external_id");
}

TEST_F(ActorServiceTest, ImportIsAllOrNothingByDefault) {
  ActorProfile bad = SampleProfile("b");
  bad.sector = "government";
  std::vector<ImportRow> rows;
  rows.push_back(Row(1, SampleProfile("a")));
  rows.push_back(Row(2, bad));
  rows.push_back(Row(4, Error::InvalidField("line", "The line is not valid JSON.")));
  rows.push_back(Row(5, SampleProfile("c")));
  auto outcome = service_.Import(rows, false);
  ASSERT_TRUE(outcome.ok());
  EXPECT_FALSE(outcome->written);
  EXPECT_EQ(outcome->inserted, 0);
  ASSERT_EQ(outcome->rejected.size(), 2u);
  EXPECT_EQ(outcome->rejected[0].line, 2);
  EXPECT_EQ(outcome->rejected[0].error.fields()[0].field, "sector");
  EXPECT_EQ(outcome->rejected[1].line, 4);
  EXPECT_EQ(Stored(), 0u);

  auto partial = service_.Import(rows, true);
  ASSERT_TRUE(partial.ok());
  EXPECT_TRUE(partial->written);
  EXPECT_EQ(partial->inserted, 2);
  EXPECT_EQ(partial->rejected.size(), 2u);
  EXPECT_EQ(Stored(), 2u);
}

TEST_F(ActorServiceTest, ImportResolvesPartnersForwardAndBackward) {
  ActorProfile a = SampleProfile("a");
  a.partners = {"c"};  // further down the file
  ActorProfile c = SampleProfile("c");
  c.partners = {"a", "stored"};
  ASSERT_TRUE(service_.Create(SampleProfile("stored")).ok());
  auto outcome = service_.Import({Row(1, a), Row(2, c)}, false);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->rejected.empty());
  EXPECT_EQ(outcome->inserted, 2);
  EXPECT_EQ(service_.GetByExternalId("a")->profile.partners, std::vector<std::string>{"c"});
  EXPECT_EQ(service_.GetByExternalId("c")->profile.partners, (std::vector<std::string>{"a", "stored"}));
}

TEST_F(ActorServiceTest, ImportUpdatesByExternalId) {
  ASSERT_TRUE(service_.Import({Row(1, SampleProfile("a"))}, false).ok());
  ActorProfile changed = SampleProfile("a");
  changed.founded = 1999;
  auto outcome = service_.Import({Row(1, changed), Row(2, SampleProfile("b"))}, false);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->updated, 1);
  EXPECT_EQ(outcome->inserted, 1);
  EXPECT_EQ(Stored(), 2u);
  EXPECT_EQ(service_.GetByExternalId("a")->profile.founded, 1999);
}

TEST_F(ActorServiceTest, ImportRejectsRepeatsMissingIdsAndStrandedPartners) {
  ActorProfile no_id = SampleProfile("");
  ActorProfile bad = SampleProfile("bad");
  bad.website = "not a url";
  ActorProfile names_bad = SampleProfile("names-bad");
  names_bad.partners = {"bad"};
  ActorProfile names_names_bad = SampleProfile("names-names-bad");
  names_names_bad.partners = {"names-bad"};
  ActorProfile ghost = SampleProfile("ghost-partner");
  ghost.partners = {"nobody"};
  auto outcome = service_.Import({Row(1, SampleProfile("a")), Row(2, SampleProfile("a")), Row(3, no_id),
                                  Row(4, bad), Row(5, names_names_bad), Row(6, names_bad), Row(7, ghost)},
                                 true);
  ASSERT_TRUE(outcome.ok());
  std::vector<int> lines;
  for (const auto& r : outcome->rejected) lines.push_back(r.line);
  EXPECT_EQ(lines, (std::vector<int>{2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(outcome->rejected[0].error.fields()[0].args.at("line"), "1");
  EXPECT_EQ(outcome->inserted, 1);
  EXPECT_EQ(Stored(), 1u);
}

TEST_F(ActorServiceTest, AStoreFailureMidImportWritesNothing) {
  repo_.inserts_before_failure = 1;
  auto outcome = service_.Import({Row(1, SampleProfile("a")), Row(2, SampleProfile("b"))}, true);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(Stored(), 0u);
}

TEST_F(ActorServiceTest, ListPagesThroughEveryMatchWithCountsAndFacets) {
  std::vector<ImportRow> rows;
  auto generated = GeneratedProfiles(57, 7, ShippedReference());
  for (size_t i = 0; i < generated.size(); ++i) rows.push_back(Row(static_cast<int>(i + 1), generated[i]));
  auto imported = service_.Import(rows, false);
  ASSERT_TRUE(imported.ok());
  ASSERT_TRUE(imported->rejected.empty()) << imported->rejected[0].error.fields()[0].message;

  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    ActorQuery query{.filter = {.q = " äldreomsorg "}, .language = lang, .limit = 4};
    std::vector<int64_t> seen;
    std::string previous;
    int64_t total = -1;
    while (true) {
      auto page = service_.List(query);
      ASSERT_TRUE(page.ok()) << page.error().message();
      total = page->total;
      for (const auto& a : page->items) {
        std::string key = SortKey(a.profile.name.In(lang));
        EXPECT_LE(previous, key);
        previous = key;
        seen.push_back(a.id);
      }
      if (!page->next_cursor) break;
      EXPECT_EQ(page->items.size(), 4u);
      query.after = *DecodeCursorKey(*page->next_cursor);
    }
    EXPECT_EQ(static_cast<int64_t>(seen.size()), total);
    EXPECT_GT(total, 0);
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
  }
}

TEST_F(ActorServiceTest, ListRefusesBadInput) {
  EXPECT_EQ(service_.List({.limit = 0}).error().fields()[0].field, "limit");
  EXPECT_EQ(service_.List({.limit = kMaxPageSize + 1}).error().fields()[0].field, "limit");
  EXPECT_EQ(service_.List({.filter = {.sector = "x"}}).error().fields()[0].field, "sector");
  ActorQuery other_language{.language = Language::kSwedish,
                            .after = ActorCursor{Language::kEnglish, "a", 1}};
  EXPECT_EQ(service_.List(other_language).error().fields()[0].field, "cursor");
  EXPECT_EQ(service_.List({.filter = {.q = std::string(201, 'x')}}).error().fields()[0].field, "q");
}

TEST_F(ActorServiceTest, ForEachVisitsEveryActorById) {
  for (const char* id : {"a", "b", "c"}) ASSERT_TRUE(service_.Create(SampleProfile(id)).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(service_.ForEach([&](const Actor& a) {
    seen.push_back(a.profile.external_id);
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace samverkan::actors
