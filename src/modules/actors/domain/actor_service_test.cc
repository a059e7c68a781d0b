#include "modules/actors/domain/actor_service.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "modules/actors/domain/actor_testing.h"

namespace samverkan::actors {
namespace {

using testing::GeneratedProfiles;
using testing::InMemoryActorRepository;
using testing::SampleProfile;
using testing::ShippedReference;

constexpr int64_t kNow = 1'790'000'000'000;  // 2026-09-21

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
  // All or nothing gives the actors their ids in file order, also a row that waited.
  EXPECT_LT(service_.GetByExternalId("a")->id, service_.GetByExternalId("c")->id);
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

// A source that gives `rows` `chunk` at a time, and counts the calls.
struct ChunkedRows {
  std::vector<ImportRow> rows;
  size_t chunk = 2;
  size_t next = 0;
  int calls = 0;
  ImportSource Source() {
    return [this]() -> Result<std::vector<ImportRow>> {
      ++calls;
      std::vector<ImportRow> out;
      while (next < rows.size() && out.size() < chunk) out.push_back(rows[next++]);
      return out;
    };
  }
};

TEST_F(ActorServiceTest, AChunkedImportRollsBackEarlierChunksWhenALaterRowIsRejected) {
  ChunkedRows source;
  for (int i = 1; i <= 5; ++i) source.rows.push_back(Row(i, SampleProfile("row-" + std::to_string(i))));
  ActorProfile bad = SampleProfile("bad");
  bad.sector = "government";
  source.rows.push_back(Row(6, bad));
  source.rows.push_back(Row(7, SampleProfile("row-7")));
  source.rows.push_back(Row(9, Error::InvalidField("line", "The line is not valid JSON.")));
  auto outcome = service_.Import(source.Source(), false);
  ASSERT_TRUE(outcome.ok());
  EXPECT_FALSE(outcome->written);
  EXPECT_EQ(outcome->inserted, 0);
  EXPECT_EQ(outcome->updated, 0);
  ASSERT_EQ(outcome->rejected.size(), 2u);  // every rejected row, also after the first
  EXPECT_EQ(outcome->rejected[0].line, 6);
  EXPECT_EQ(outcome->rejected[1].line, 9);
  EXPECT_EQ(source.calls, 5);  // four chunks and the end
  EXPECT_EQ(Stored(), 0u);     // rows 1–5 were written, then rolled back
  EXPECT_TRUE(repo_.state.imports.empty());

  source.next = 0;
  auto partial = service_.Import(source.Source(), true);
  ASSERT_TRUE(partial.ok());
  EXPECT_TRUE(partial->written);
  EXPECT_EQ(partial->inserted, 6);
  EXPECT_EQ(partial->rejected.size(), 2u);
  EXPECT_EQ(Stored(), 6u);
}

TEST_F(ActorServiceTest, AChunkedImportResolvesPartnersAcrossChunksAndStrandsRowsNamingARejectedOne) {
  ChunkedRows source;
  ActorProfile early = SampleProfile("early");
  early.partners = {"late"};  // further down, in another chunk
  ActorProfile names_early = SampleProfile("names-early");
  names_early.partners = {"early"};  // above, but waiting itself
  ActorProfile names_doomed = SampleProfile("names-doomed");
  names_doomed.partners = {"doomed"};
  ActorProfile doomed = SampleProfile("doomed");
  doomed.website = "not a url";
  ActorProfile late = SampleProfile("late");
  late.partners = {"plain"};  // above and written
  source.rows = {Row(1, SampleProfile("plain")), Row(2, early), Row(3, names_early),
                 Row(4, names_doomed), Row(5, doomed), Row(6, late), Row(7, SampleProfile("early"))};
  auto outcome = service_.Import(source.Source(), true);
  ASSERT_TRUE(outcome.ok());
  std::vector<int> lines;
  for (const auto& r : outcome->rejected) lines.push_back(r.line);
  EXPECT_EQ(lines, (std::vector<int>{4, 5, 7}));
  EXPECT_EQ(outcome->rejected[0].error.fields()[0].args.at("line"), "5");  // the partner's line
  EXPECT_EQ(outcome->rejected[2].error.fields()[0].args.at("line"), "2");  // a repeat of line 2
  EXPECT_EQ(outcome->inserted, 4);
  EXPECT_EQ(service_.GetByExternalId("early")->profile.partners, std::vector<std::string>{"late"});
  EXPECT_EQ(service_.GetByExternalId("names-early")->profile.partners, std::vector<std::string>{"early"});
  EXPECT_EQ(service_.GetByExternalId("late")->profile.partners, std::vector<std::string>{"plain"});
  EXPECT_TRUE(service_.GetByExternalId("names-doomed").error().IsNotFound());
}

TEST_F(ActorServiceTest, AnImportIsOneAuditEntryWithItsCounts) {
  ASSERT_TRUE(service_.Create(SampleProfile("a")).ok());
  size_t writes = repo_.state.writes.size();
  ActorProfile bad = SampleProfile("bad");
  bad.sector = "government";
  auto outcome = service_.Import({Row(1, SampleProfile("a")), Row(2, SampleProfile("b")), Row(3, bad),
                                  Row(4, SampleProfile("c"))},
                                 true);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(repo_.state.writes.size(), writes + 1);
  EXPECT_EQ(repo_.state.writes.back(), (InMemoryActorRepository::Write{"actor.import", 0, 0}));
  ASSERT_EQ(repo_.state.imports.size(), 1u);
  EXPECT_EQ(repo_.state.imports[0].inserted, 2);
  EXPECT_EQ(repo_.state.imports[0].updated, 1);
  EXPECT_EQ(repo_.state.imports[0].rejected, 1);
  EXPECT_TRUE(repo_.state.imports[0].partial);
  EXPECT_FALSE(repo_.importing) << "EndImport was called";
  // A single upsert (the API's and the demo data's) is audited as the actor's own write.
  ActorProfile upserted = SampleProfile("d");
  ASSERT_TRUE(service_.Upsert(upserted).ok());
  EXPECT_EQ(repo_.state.writes.back().action, "actor.create");
  EXPECT_EQ(repo_.state.imports.size(), 1u);
}

TEST_F(ActorServiceTest, AFailingSourceFailsTheImportAndWritesNothing) {
  int calls = 0;
  auto outcome = service_.Import(
      [&]() -> Result<std::vector<ImportRow>> {
        if (++calls == 1) return std::vector<ImportRow>{Row(1, SampleProfile("a"))};
        return Error::Internal("reading the file failed");
      },
      true);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(Stored(), 0u);
  EXPECT_FALSE(repo_.importing);
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

// --- The use cases that take a Principal --------------------------------------------------

Principal Person(int64_t user_id, std::set<Role> roles, std::set<int64_t> actor_ids = {}) {
  Principal p;
  p.user_id = user_id;
  p.roles = std::move(roles);
  p.actor_ids = std::move(actor_ids);
  p.method = AuthMethod::kSession;
  return p;
}

class ActorServicePolicyTest : public ActorServiceTest {
 protected:
  void SetUp() override {
    auto own = service_.Create(SampleProfile("own"));
    auto other = service_.Create(SampleProfile("other"));
    ASSERT_TRUE(own.ok() && other.ok());
    own_ = *own;
    other_ = *other;
    representative_ = Person(21, {Role::kRepresentative}, {own_});
  }

  // The stored profile of `id` with a new Swedish summary: an edit anyone allowed may make.
  ActorProfile Edited(int64_t id, std::string summary) {
    ActorProfile p = service_.Get(id)->profile;
    p.summary.sv = std::move(summary);
    return p;
  }
  std::string Summary(int64_t id) { return service_.Get(id)->profile.summary.sv; }
  InMemoryActorRepository::Write LastWrite() const { return repo_.state.writes.back(); }

  int64_t own_ = 0;
  int64_t other_ = 0;
  Principal editor_ = Person(11, {Role::kEditor});
  Principal admin_ = Person(12, {Role::kAdmin});
  Principal member_ = Person(13, {Role::kMember});
  Principal representative_;
};

TEST_F(ActorServicePolicyTest, ARepresentativeEditsTheirOwnOrganisationOnly) {
  ASSERT_TRUE(service_.Update(representative_, own_, Edited(own_, "Vår egen text.")).ok());
  EXPECT_EQ(Summary(own_), "Vår egen text.");
  EXPECT_EQ(LastWrite(), (InMemoryActorRepository::Write{"actor.update", own_, 21}));

  Status other = service_.Update(representative_, other_, Edited(other_, "Kapad."));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Summary(other_), SampleProfile("other").summary.sv);

  auto created = service_.Create(representative_, SampleProfile("new"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Stored(), 2u);
}

TEST_F(ActorServicePolicyTest, EditorsAndAdminsCreateAndEditEveryActor) {
  for (const Principal& who : {editor_, admin_}) {
    std::string external_id = "new-" + std::to_string(who.user_id);
    ActorProfile profile = SampleProfile(external_id);
    profile.alliance_member = false;  // the alliance keeps the membership
    profile.member_since.clear();
    auto created = service_.Create(who, profile);
    ASSERT_TRUE(created.ok()) << created.error().message();
    EXPECT_EQ(LastWrite(), (InMemoryActorRepository::Write{"actor.create", *created, who.user_id}));
    for (int64_t id : {own_, other_, *created}) {
      std::string text = "Redigerad av " + std::to_string(who.user_id);
      ASSERT_TRUE(service_.Update(who, id, Edited(id, text)).ok());
      EXPECT_EQ(Summary(id), text);
      EXPECT_EQ(LastWrite(), (InMemoryActorRepository::Write{"actor.update", id, who.user_id}));
    }
  }
  EXPECT_EQ(Stored(), 4u);
}

TEST_F(ActorServicePolicyTest, MembersJurorsAndAnonymousVisitorsAreRefused) {
  size_t writes = repo_.state.writes.size();
  for (const Principal& who : {member_, Person(14, {Role::kJuror}), Principal{}}) {
    ErrorCode expected = who.authenticated() ? ErrorCode::kPermissionDenied : ErrorCode::kUnauthenticated;
    auto created = service_.Create(who, SampleProfile("x"));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code(), expected);
    Status updated = service_.Update(who, own_, Edited(own_, "Nej."));
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().code(), expected);
    EXPECT_EQ(service_.GetForEdit(who, own_).error().code(), expected);
  }
  EXPECT_EQ(repo_.state.writes.size(), writes);
  EXPECT_EQ(Stored(), 2u);
  EXPECT_EQ(Summary(own_), SampleProfile("own").summary.sv);
}

TEST_F(ActorServicePolicyTest, AnApiTokenNeedsTheWriteScope) {
  Principal read_only = editor_;
  read_only.method = AuthMethod::kApiToken;
  read_only.scopes = {"read"};
  EXPECT_EQ(service_.Create(read_only, SampleProfile("t")).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_.Update(read_only, own_, Edited(own_, "Nej.")).error().code(), ErrorCode::kPermissionDenied);
  Principal representative_read = representative_;
  representative_read.method = AuthMethod::kApiToken;
  representative_read.scopes = {"read"};
  EXPECT_EQ(service_.Update(representative_read, own_, Edited(own_, "Nej.")).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Stored(), 2u);

  Principal writer = read_only;
  writer.scopes = {"read", "write"};
  ActorProfile t = SampleProfile("t");
  t.alliance_member = false;  // the alliance keeps the membership
  t.member_since.clear();
  EXPECT_TRUE(service_.Create(writer, t).ok());
  Principal representative_write = representative_read;
  representative_write.scopes = {"write"};
  EXPECT_TRUE(service_.Update(representative_write, own_, Edited(own_, "Via API.")).ok());
  EXPECT_EQ(Summary(own_), "Via API.");
}

TEST_F(ActorServicePolicyTest, NobodyChangesTheMembershipAndOnlyEditorsTheExternalId) {
  const ActorProfile stored = service_.Get(own_)->profile;  // an alliance member since 2023-02-15
  ASSERT_TRUE(stored.alliance_member);
  struct Change {
    const char* field;
    std::function<void(ActorProfile&)> apply;
  };
  std::vector<Change> membership = {
      {"alliance_member", [](ActorProfile& p) { p.alliance_member = false; }},
      {"member_since", [](ActorProfile& p) { p.member_since = "2020-01-01"; }},
  };
  // The alliance keeps the membership: neither a representative nor an editor changes it.
  for (const Principal& who : {representative_, editor_, admin_}) {
    for (const auto& change : membership) {
      ActorProfile p = Edited(own_, "Med en otillåten ändring.");
      change.apply(p);
      Status s = service_.Update(who, own_, p);
      ASSERT_FALSE(s.ok()) << change.field;
      EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument);
      ASSERT_EQ(s.error().fields().size(), 1u);
      EXPECT_EQ(s.error().fields()[0].field, change.field);
      EXPECT_EQ(service_.Get(own_)->profile, stored) << "nothing is stored";
    }
  }
  // The external id is the editors'.
  ActorProfile renamed = Edited(own_, "Nytt namn.");
  renamed.external_id = "renamed";
  Status s = service_.Update(representative_, own_, renamed);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kPermissionDenied);
  ASSERT_EQ(s.error().fields().size(), 1u);
  EXPECT_EQ(s.error().fields()[0].field, "external_id");
  ActorProfile all = Edited(own_, "x");
  all.external_id = "renamed";
  for (const auto& change : membership) change.apply(all);
  EXPECT_EQ(service_.Update(representative_, own_, all).error().fields().size(), 3u);
  EXPECT_EQ(service_.Get(own_)->profile, stored);

  // The same values as stored, after trimming, are no change.
  ActorProfile kept = Edited(own_, "Allt annat får ändras.");
  kept.external_id = " own ";
  kept.sector = "civil_society";
  kept.social_enterprise = false;
  kept.wise = false;
  ASSERT_TRUE(service_.Update(representative_, own_, kept).ok());
  EXPECT_EQ(service_.Get(own_)->profile.sector, "civil_society");

  // An editor changes the external id, with the membership sent back as stored.
  ActorProfile by_editor = Edited(own_, "Redaktören ändrar.");
  by_editor.external_id = "renamed";
  ASSERT_TRUE(service_.Update(editor_, own_, by_editor).ok());
  const ActorProfile after = service_.Get(own_)->profile;
  EXPECT_TRUE(after.alliance_member);
  EXPECT_EQ(after.member_since, "2023-02-15");
  EXPECT_EQ(after.external_id, "renamed");

  // Only the alliance (SetAllianceMembership) and operators' imports change it.
  ASSERT_TRUE(service_.SetAllianceMembership(7, own_, std::nullopt).ok());
  EXPECT_FALSE(service_.Get(own_)->profile.alliance_member);
}

TEST_F(ActorServicePolicyTest, NobodyCreatesAnActorAsAnAllianceMember) {
  size_t count = repo_.state.actors.size();
  ActorProfile member = SampleProfile("new-member");  // alliance_member, member_since 2023-02-15
  ASSERT_TRUE(member.alliance_member);
  auto refused = service_.Create(editor_, member);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(refused.error().fields().size(), 2u);
  EXPECT_EQ(refused.error().fields()[0].field, "alliance_member");
  EXPECT_EQ(refused.error().fields()[1].field, "member_since");
  EXPECT_EQ(repo_.state.actors.size(), count);
  member.alliance_member = false;
  member.member_since.clear();
  EXPECT_TRUE(service_.Create(editor_, member).ok());
}

TEST_F(ActorServicePolicyTest, PolicyComesBeforeValidationAndExistence) {
  ActorProfile invalid = Edited(own_, "x");
  invalid.sector = "nope";
  EXPECT_EQ(service_.Update(member_, own_, invalid).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(service_.Update(representative_, own_, invalid).error().IsInvalid());
  EXPECT_EQ(service_.Update(representative_, 999, Edited(own_, "x")).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(service_.Update(editor_, 999, Edited(own_, "x")).error().IsNotFound());
  EXPECT_TRUE(service_.GetForEdit(editor_, 999).error().IsNotFound());
}

TEST_F(ActorServicePolicyTest, GetForEditGivesTheCompleteActorToThoseWhoMayEdit) {
  ActorProfile sole = SampleProfile("sole");
  sole.org_number = "811218-9876";
  auto id = service_.Create(sole);
  ASSERT_TRUE(id.ok());
  auto for_editor = service_.GetForEdit(editor_, *id);
  ASSERT_TRUE(for_editor.ok());
  EXPECT_EQ(for_editor->profile.org_number, "811218-9876");
  EXPECT_TRUE(service_.GetForEdit(representative_, own_).ok());
  EXPECT_EQ(service_.GetForEdit(representative_, *id).error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(ActorServicePolicyTest, OperatorsAreAuditedAsUserZero) {
  ASSERT_TRUE(service_.Update(own_, Edited(own_, "Import.")).ok());
  EXPECT_EQ(LastWrite(), (InMemoryActorRepository::Write{"actor.update", own_, 0}));
  ASSERT_TRUE(service_.Upsert(SampleProfile("upserted")).ok());
  EXPECT_EQ(LastWrite().user_id, 0);
  ASSERT_TRUE(service_.Import({Row(1, SampleProfile("imported"))}, false).ok());
  EXPECT_EQ(LastWrite().action, "actor.import");
  EXPECT_EQ(LastWrite().user_id, 0);
  for (const auto& w : repo_.state.writes) EXPECT_EQ(w.user_id, 0) << w.action;
}

}  // namespace
}  // namespace samverkan::actors
