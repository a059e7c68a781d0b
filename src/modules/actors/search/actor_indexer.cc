#include "modules/actors/search/actor_indexer.h"

#include <iostream>
#include <set>

#include "modules/actors/sql/sql_actor_repository.h"
#include "search/xapian/xapian_index.h"

namespace samverkan::actors {
namespace {

// Metadata saying the index holds every actor, in this document format. A different value
// (an older format) or none (a new index, an interrupted rebuild) means: rebuild.
constexpr const char* kCompleteKey = "actors.complete";
constexpr const char* kFormat = "2";
constexpr int kRebuildPage = 1000;
constexpr std::chrono::seconds kCatchUpWait{2};

// Weights: a word in the name counts more than one in a summary, which counts more than one
// in the longer texts (only used when results are ranked by relevance).
constexpr int kNameWeight = 3;
constexpr int kSummaryWeight = 2;

Error Stopped() {
  return Error(ErrorCode::kUnavailable, "The service is busy. Please try again shortly.")
      .WithLogDetail("search indexer stopped");
}

}  // namespace

search::SearchDocument ActorDocument(const Actor& actor) {
  const ActorProfile& p = actor.profile;
  search::SearchDocument d;
  d.id = actor.id;
  for (const LocalizedText* text : {&p.name, &p.summary, &p.description, &p.offers, &p.seeks}) {
    int weight = text == &p.name ? kNameWeight : text == &p.summary ? kSummaryWeight : 1;
    if (!text->sv.empty()) d.texts.push_back({text->sv, weight, search::TextLanguage::kSwedish});
    if (!text->en.empty()) d.texts.push_back({text->en, weight, search::TextLanguage::kEnglish});
  }
  for (Facet facet : kFacets) {
    for (auto& value : FacetValues(p, facet)) d.facets.emplace_back(std::string(FacetName(facet)), std::move(value));
  }
  if (!p.external_id.empty()) d.filters.emplace_back("external_id", p.external_id);
  // Slot order is the sort index: Swedish first, English second (see ActorSearchRequest).
  d.sort_keys = {SortKey(p.name.In(Language::kSwedish)), SortKey(p.name.In(Language::kEnglish))};
  return d;
}

search::SearchRequest ActorSearchRequest(const ActorQuery& query) {
  const ActorFilter& f = query.filter;
  search::SearchRequest r;
  r.text = f.q;
  for (Facet facet : kFacets) {
    r.facet_fields.emplace_back(FacetName(facet));
    if (!Restricts(f, facet)) continue;
    std::string value;
    switch (facet) {
      case Facet::kSector: value = f.sector; break;
      case Facet::kCounty: value = f.county; break;
      case Facet::kMunicipality: value = f.municipality; break;
      case Facet::kSdg: value = std::to_string(*f.sdg); break;
      case Facet::kTargetGroup: value = f.target_group; break;
      case Facet::kSocialEnterprise: value = *f.social_enterprise ? "true" : "false"; break;
      case Facet::kMember: value = *f.member ? "true" : "false"; break;
    }
    r.filters.emplace_back(std::string(FacetName(facet)), std::move(value));
  }
  if (!f.external_id.empty()) r.filters.emplace_back("external_id", f.external_id);
  r.sort = query.language == Language::kEnglish ? 1 : 0;
  if (query.after) r.after = search::SortPosition{query.after->sort_key, query.after->id};
  r.limit = query.limit;
  return r;
}

ActorIndexer::ActorIndexer(storage::Database& db, std::unique_ptr<search::SearchIndex> index,
                           ActorIndexerOptions options)
    : db_(db), index_(std::move(index)), options_(std::move(options)) {
  auto complete = index_->GetMetadata(kCompleteKey);
  ready_ = complete.ok() && *complete == kFormat;
}

ActorIndexer::~ActorIndexer() { Stop(); }

Result<std::unique_ptr<ActorIndexer>> ActorIndexer::Open(storage::Database& db, const std::string& path,
                                                         ActorIndexerOptions options) {
  auto index = search::XapianIndex::Open(path);
  if (!index.ok() && index.error().code() == ErrorCode::kInternal) {
    // Unreadable: derived data, so start again from the database.
    std::string why = index.error().log_detail();
    index = search::XapianIndex::Recreate(path);
    if (index.ok()) {
      std::string line = "search: recreated the unreadable index " + path + " (" + why + ")";
      if (options.log) options.log(line); else std::cerr << line << "\n";
    }
  }
  if (!index.ok()) return std::move(index).error();
  return std::make_unique<ActorIndexer>(db, std::move(index).value(), std::move(options));
}

void ActorIndexer::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << line << "\n";
  }
}

Result<int64_t> ActorIndexer::Rebuild() {
  std::lock_guard lock(apply_mu_);
  ready_ = false;
  SAMVERKAN_RETURN_IF_ERROR(index_->Clear());
  SAMVERKAN_RETURN_IF_ERROR(index_->Commit());
  int64_t count = 0;
  std::vector<int64_t> covered;
  // One snapshot for the outbox rows and the actors: every row it holds describes a change
  // the snapshot's actors already show, so those rows are done once the index commits.
  Status read = db_.Read([&](storage::Transaction& tx) -> Status {
    auto ids = AllSearchRowIds(tx);
    if (!ids.ok()) return std::move(ids).error();
    covered = std::move(ids).value();
    SqlActorRepository repo(tx);
    int64_t after = 0;
    while (true) {
      if (thread_.get_stop_token().stop_requested()) return Stopped();
      auto page = repo.ListById(after, kRebuildPage);
      if (!page.ok()) return std::move(page).error();
      if (page->empty()) break;
      std::vector<search::SearchDocument> docs;
      docs.reserve(page->size());
      for (const auto& a : *page) docs.push_back(ActorDocument(a));
      SAMVERKAN_RETURN_IF_ERROR(index_->Replace(docs));
      count += static_cast<int64_t>(page->size());
      after = page->back().id;
    }
    return Status::Ok();
  });
  if (!read.ok()) return std::move(read).error();
  SAMVERKAN_RETURN_IF_ERROR(index_->SetMetadata(kCompleteKey, kFormat));
  SAMVERKAN_RETURN_IF_ERROR(index_->Commit());
  ready_ = true;
  Status deleted = db_.Write([&](storage::Transaction& tx) { return DeleteSearchRows(tx, covered); });
  // Rows left behind are applied again later: harmless.
  if (!deleted.ok()) Log("search: rebuilt, but the outbox rows stay: " + deleted.error().log_detail());
  return count;
}

Status ActorIndexer::RebuildIfNeeded() {
  if (Ready()) return Status::Ok();
  auto started = std::chrono::steady_clock::now();
  auto count = Rebuild();
  if (!count.ok()) return std::move(count).error();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  Log("search: indexed " + std::to_string(*count) + " actors in " + std::to_string(ms.count()) + " ms");
  return Status::Ok();
}

Result<int64_t> ActorIndexer::ApplyBatch() {
  std::vector<SearchOutboxRow> rows;
  std::vector<int64_t> asked;
  std::vector<Actor> actors;
  Status read = db_.Read([&](storage::Transaction& tx) -> Status {
    auto pending = PendingSearchRows(tx, options_.batch);
    if (!pending.ok()) return std::move(pending).error();
    rows = std::move(pending).value();
    std::set<int64_t> unique;
    for (const auto& r : rows) {
      if (unique.insert(r.actor_id).second) asked.push_back(r.actor_id);
    }
    SqlActorRepository repo(tx);
    auto found = repo.GetMany(asked);
    if (!found.ok()) return std::move(found).error();
    actors = std::move(found).value();
    return Status::Ok();
  });
  if (!read.ok()) return std::move(read).error();
  if (rows.empty()) return 0;
  std::vector<search::SearchDocument> docs;
  std::set<int64_t> present;
  for (const auto& a : actors) {
    docs.push_back(ActorDocument(a));
    present.insert(a.id);
  }
  std::vector<int64_t> gone;
  for (int64_t id : asked) {
    if (!present.count(id)) gone.push_back(id);
  }
  SAMVERKAN_RETURN_IF_ERROR(index_->Replace(docs));
  SAMVERKAN_RETURN_IF_ERROR(index_->Remove(gone));
  SAMVERKAN_RETURN_IF_ERROR(index_->Commit());
  std::vector<int64_t> done;
  for (const auto& r : rows) done.push_back(r.id);
  SAMVERKAN_RETURN_IF_ERROR(db_.Write([&](storage::Transaction& tx) { return DeleteSearchRows(tx, done); }));
  return static_cast<int64_t>(rows.size());
}

Result<int64_t> ActorIndexer::ApplyPending() {
  std::lock_guard lock(apply_mu_);
  int64_t total = 0;
  while (true) {
    auto applied = ApplyBatch();
    if (!applied.ok()) return std::move(applied).error();
    total += *applied;
    if (*applied < options_.batch) return total;
    if (thread_.get_stop_token().stop_requested()) return total;
  }
}

void ActorIndexer::CatchUp() {
  if (!Ready()) {
    Notify();
    return;
  }
  // Bounded: behind a long batch (a large import), the write is left to the thread.
  std::unique_lock lock(apply_mu_, kCatchUpWait);
  if (!lock.owns_lock()) {
    Log("search: catch-up left to the background indexer");
    Notify();
    return;
  }
  while (true) {
    auto applied = ApplyBatch();
    if (!applied.ok()) {
      Log("search: catch-up failed, the indexer retries: " + applied.error().log_detail());
      Notify();
      return;
    }
    if (*applied < options_.batch) return;
  }
}

Result<ActorSearchPage> ActorIndexer::Search(const ActorQuery& query) {
  auto found = index_->Search(ActorSearchRequest(query));
  if (!found.ok()) return std::move(found).error();
  ActorSearchPage page;
  page.ids = std::move(found->ids);
  page.total = found->total;
  for (Facet facet : kFacets) {
    auto it = found->facets.find(std::string(FacetName(facet)));
    if (it != found->facets.end() && !it->second.empty()) page.facets[facet] = std::move(it->second);
  }
  return page;
}

void ActorIndexer::Notify() {
  {
    std::lock_guard lock(mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

void ActorIndexer::Start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void ActorIndexer::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void ActorIndexer::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    std::chrono::milliseconds pause = options_.idle_poll;
    Status rebuilt = RebuildIfNeeded();
    if (!rebuilt.ok()) {
      if (stop.stop_requested()) return;
      Log("search: rebuilding the index failed, will try again: " + rebuilt.error().log_detail());
      pause = options_.error_pause;
    } else if (auto applied = ApplyPending(); !applied.ok()) {
      Log("search: applying the outbox failed, will try again: " + applied.error().log_detail());
      pause = options_.error_pause;
    }
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, stop, pause, [&] { return notified_; });
    notified_ = false;
  }
}

}  // namespace samverkan::actors
