// The matching engine at scale, without HTTP or a database: reads needs and offers in the
// JSON Lines format (bench/matching/generate.py), builds an on-disk XapianMatchIndex and the
// compact in-memory items as the server's indexer does, then times MatchEngine::OffersForNeed
// (top-10) on a sample of needs with 1 and 2 threads, NeedsForOffer, and the same needs with
// raw Xapian BM25 (the index alone, which holds the open items only: every word of the need,
// Xapian's default BM25, no lexicon, no scoring) and the engine's own query at several
// candidate counts. Ids are the line numbers. Prints Markdown.
//
//   matching_bench --data data --offers offers.jsonl --needs needs.jsonl --index DIR
//                  [--queries 2000] [--reuse] [--limit 10] [--weights FILE]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "modules/matching/domain/lexicon.h"
#include "modules/matching/domain/match_engine.h"
#include "modules/matching/json/matching_json.h"
#include "modules/matching/search/xapian_match_index.h"

using namespace samverkan;
using namespace samverkan::matching;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "matching_bench: " << what << "\n";
  std::exit(1);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

long RssMiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  }
  return -1;
}

long DirMiB(const std::string& dir) {
  uintmax_t bytes = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  return static_cast<long>(bytes / (1024 * 1024));
}

struct Stats {
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0, qps = 0;
};

Stats Summarise(std::vector<double> ms, double wall_s) {
  Stats s;
  if (ms.empty()) return s;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))]; };
  s.p50 = at(0.50);
  s.p90 = at(0.90);
  s.p99 = at(0.99);
  s.max = ms.back();
  double sum = 0;
  for (double v : ms) sum += v;
  s.mean = sum / ms.size();
  s.qps = wall_s > 0 ? ms.size() / wall_s : 0;
  return s;
}

// Runs `query(i)` for i in [0, n) on `threads` threads (interleaved), one latency per call.
template <typename F>
Stats Time(size_t n, int threads, F query) {
  std::vector<std::vector<double>> per(threads);
  auto started = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = t; i < n; i += threads) {
        auto s = Clock::now();
        query(i);
        per[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
      }
    });
  }
  for (auto& th : pool) th.join();
  double wall = Seconds(started);
  std::vector<double> all;
  for (auto& v : per) all.insert(all.end(), v.begin(), v.end());
  return Summarise(std::move(all), wall);
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void Row(const std::string& name, int threads, const Stats& s) {
  std::printf("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.0f |\n", name.c_str(), threads, s.p50,
              s.p90, s.p99, s.max, s.qps);
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt = {{"--data", "data"}, {"--queries", "2000"},
                                            {"--limit", "10"}};
  bool reuse = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--reuse") {
      reuse = true;
    } else if (i + 1 < argc) {
      opt[a] = argv[++i];
    } else {
      Fail("missing value for " + a);
    }
  }
  for (const char* k : {"--offers", "--needs", "--index"}) {
    if (!opt.count(k)) Fail(std::string("missing ") + k);
  }
  const size_t queries = std::stoul(opt["--queries"]);
  const size_t limit = std::stoul(opt["--limit"]);

  std::map<std::string, std::string> files;
  for (const char* name : {"sdg-goals.csv", "se-counties.csv", "se-municipalities.csv",
                           "sectors.csv", "target-groups.csv", "collaboration-forms.csv"}) {
    files[name] = ReadFile(opt["--data"] + "/reference/" + name);
  }
  auto reference = ReferenceData::FromCsv(files);
  if (!reference.ok()) Fail("reference data: " + reference.error().message());
  auto lexicon = Lexicon::FromCsv(ReadFile(opt["--data"] + "/matching/lexicon.csv"));
  if (!lexicon.ok()) Fail("lexicon: " + lexicon.error().message());

  const std::string dir = opt["--index"];
  // The marker holds the index format, as the server's (search/matching_indexer.cc) does.
  std::string format;
  std::getline(std::ifstream(dir + "/complete"), format);
  bool build = !reuse || format != "2";
  if (build) std::filesystem::remove_all(dir);
  auto opened = XapianMatchIndex::Open(dir);
  if (!opened.ok()) Fail("index: " + opened.error().message() + " " + opened.error().log_detail());
  XapianMatchIndex& index = **opened;
  InMemoryMatchItems items(*lexicon, /*keep_texts=*/false);
  ConceptFinder finder(*lexicon);
  // The first 100,000 offers also whole (with texts), to compare their memory with the
  // compact form the indexer keeps, and their texts to time Lexicon::Find against the finder.
  const size_t kCompare = 100000;
  std::vector<Offer> compare;

  long rss_before = RssMiB();
  // The needs stay whole (they are the queries); the offers are read one line at a time.
  std::vector<Need> needs;
  std::vector<Offer> sample_offers;
  auto started = Clock::now();
  double lexicon_s = 0, index_s = 0;
  int64_t docs = 0;
  auto each_line = [&](const std::string& path, auto visit) {
    std::ifstream in(path, std::ios::binary);
    if (!in) Fail("cannot read " + path);
    std::string line;
    int64_t n = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      visit(++n, nlohmann::json::parse(line));
    }
  };
  each_line(opt["--needs"], [&](int64_t id, const nlohmann::json& j) {
    auto need = NeedFromJson(j);
    if (!need.ok()) Fail("need line " + std::to_string(id) + ": " + need.error().message());
    need->id = id;
    auto t = Clock::now();
    auto concepts = finder.Find(NeedText(*need));
    lexicon_s += Seconds(t);
    if (build) {
      t = Clock::now();
      if (!index.PutNeed(*need, concepts).ok()) Fail("cannot index a need");
      index_s += Seconds(t);
      if (++docs % 100000 == 0 && !index.Commit().ok()) Fail("commit");
    }
    needs.push_back(*need);
    items.PutNeed(std::move(need).value(), std::move(concepts));
  });
  std::mt19937_64 rng(11);
  size_t open_offers = 0;
  each_line(opt["--offers"], [&](int64_t id, const nlohmann::json& j) {
    auto offer = OfferFromJson(j);
    if (!offer.ok()) Fail("offer line " + std::to_string(id) + ": " + offer.error().message());
    offer->id = id;
    auto t = Clock::now();
    auto concepts = finder.Find(OfferText(*offer));
    lexicon_s += Seconds(t);
    if (compare.size() < kCompare) compare.push_back(*offer);
    if (build) {
      t = Clock::now();
      if (!index.PutOffer(*offer, concepts).ok()) Fail("cannot index an offer");
      index_s += Seconds(t);
      if (++docs % 100000 == 0 && !index.Commit().ok()) Fail("commit");
    }
    if (offer->status == ItemStatus::kOpen) {  // reservoir sampling: `queries` at random
      ++open_offers;
      if (sample_offers.size() < queries) {
        sample_offers.push_back(*offer);
      } else if (size_t k = rng() % open_offers; k < queries) {
        sample_offers[k] = *offer;
      }
    }
    items.PutOffer(std::move(offer).value(), std::move(concepts));
  });
  auto t = Clock::now();
  if (!index.Commit().ok()) Fail("commit");
  index_s += Seconds(t);
  double load_s = Seconds(started);
  if (build) std::ofstream(dir + "/complete") << "2\n";
  long rss_items = RssMiB();

  // Memory of whole items against compact ones, and the lexicon with and without the memo.
  long rss_compare0 = RssMiB();
  long whole_mib = 0, compact_mib = 0;
  double lexicon_plain_ms = 0, lexicon_memo_ms = 0;
  {
    // Both kept alive while measuring: freed memory would be reused by the second.
    InMemoryMatchItems compact(*lexicon, /*keep_texts=*/false);
    for (const Offer& o : compare) compact.PutOffer(o, finder.Find(OfferText(o)));
    long mid = RssMiB();
    compact_mib = mid - rss_compare0;
    InMemoryMatchItems whole(*lexicon, /*keep_texts=*/true);
    for (const Offer& o : compare) whole.PutOffer(o, finder.Find(OfferText(o)));
    whole_mib = RssMiB() - mid;
  }
  {
    size_t n = std::min<size_t>(compare.size(), 5000);
    auto t0 = Clock::now();
    size_t total = 0;
    for (size_t i = 0; i < n; ++i) total += lexicon->Find(OfferText(compare[i])).size();
    lexicon_plain_ms = Seconds(t0) * 1000 / n;
    t0 = Clock::now();
    for (size_t i = 0; i < n; ++i) total -= finder.Find(OfferText(compare[i])).size();
    lexicon_memo_ms = Seconds(t0) * 1000 / n;
    if (total != 0) Fail("ConceptFinder and Lexicon::Find disagree");
  }
  const size_t compared = compare.size();
  compare.clear();
  compare.shrink_to_fit();

  // The sample: open needs at random, the same in every row.
  std::vector<const Need*> sample;
  {
    std::vector<const Need*> open;
    for (const Need& n : needs)
      if (n.status == ItemStatus::kOpen) open.push_back(&n);
    std::shuffle(open.begin(), open.end(), rng);
    open.resize(std::min(open.size(), queries));
    sample = std::move(open);
  }
  // The shipped weights unless --weights names another file (to compare settings).
  auto weights = ParseMatchWeights(
      ReadFile(opt.count("--weights") ? opt["--weights"] : opt["--data"] + "/matching/weights.conf"));
  if (!weights.ok()) Fail("weights: " + weights.error().message());
  MatchEngine engine(index, items, *reference, *lexicon, *weights);
  int64_t found = 0;
  // Every row asks `queries` times, cycling through the sample (the demo data has 20 needs).
  auto engine_query = [&](size_t i) {
    auto r = engine.OffersForNeed(*sample[i % sample.size()], limit);
    if (!r.ok()) Fail("search: " + r.error().log_detail());
    found += static_cast<int64_t>(r->size());
  };
  // Warm the page cache and the reader pool, as a running server would be.
  if (sample.empty() || sample_offers.empty()) Fail("no open needs or offers to ask with");
  Time(std::min<size_t>(sample.size(), 200), 2, engine_query);

  std::printf("\n## matching_bench: %zu needs, %zu offers (%u cores)\n\n", items.need_count(),
              items.offer_count(), std::thread::hardware_concurrency());
  std::printf("| measure | value |\n|---|---|\n");
  std::printf("| read JSON, find concepts, index, keep compact items | %.1f s (lexicon %.1f s, "
              "Xapian %.1f s)%s |\n",
              load_s, lexicon_s, index_s, build ? "" : " (index reused, not built)");
  std::printf("| index on disk | %ld MiB |\n", DirMiB(dir));
  std::printf("| concepts of one offer: Lexicon::Find / ConceptFinder (memo) | %.3f / %.3f ms |\n",
              lexicon_plain_ms, lexicon_memo_ms);
  std::printf("| %zu offers in memory: whole (with texts) / compact (as the indexer keeps them) | "
              "%ld / %ld MiB |\n",
              compared, whole_mib, compact_mib);
  std::printf("| resident memory: before / after the items (+ %zu whole needs kept as queries) "
              "| %ld / %ld MiB |\n",
              needs.size(), rss_before, rss_items);
  std::printf("\n%zu queries per row (%zu different needs), top-%zu; latency in ms.\n\n", queries,
              sample.size(), limit);
  std::printf("| what | threads | p50 | p90 | p99 | max | queries/s |\n|---|---|---|---|---|---|---|\n");
  const MatchWeights& w = engine.weights();
  const std::string engine_label =
      "engine: OffersForNeed (BM25 k1=" + Number(w.text_k1) + " over the " +
      std::to_string(w.query_terms) + " rarest of words + concepts, " +
      std::to_string(std::max(w.min_candidates, w.candidates_per_result * static_cast<int>(limit))) +
      " candidates, scoring)";
  for (int threads : {1, 2}) {
    Row(engine_label, threads,
        Time(queries, threads, engine_query));
  }
  for (int threads : {1, 2}) {
    Row("baseline: raw Xapian BM25 (k1 1), every word of the need, open offers, top-10", threads,
        Time(queries, threads, [&](size_t i) {
          auto r = BaselineOffersForNeed(index, *sample[i % sample.size()], limit);
          if (!r.ok()) Fail("search");
        }));
  }
  // The engine's own query (words + concepts) at several candidate counts: what the
  // candidate count costs in Xapian alone.
  std::vector<TextQuery> engine_queries;
  for (const Need* n : sample) {
    std::string text = NeedText(*n);
    engine_queries.push_back(engine.Query(text, lexicon->Find(text)));
  }
  for (size_t candidates : {10, 50, 100, 200}) {
    Row("Xapian only, engine query, " + std::to_string(candidates) + " candidates", 1,
        Time(queries, 1, [&](size_t i) {
          auto r = index.FindOffers(engine_queries[i % engine_queries.size()], candidates);
          if (!r.ok()) Fail("search");
        }));
  }
  Row("engine: NeedsForOffer (" + std::to_string(items.need_count()) + " needs)", 1,
      Time(queries, 1, [&](size_t i) {
        auto r = engine.NeedsForOffer(sample_offers[i % sample_offers.size()], limit);
        if (!r.ok()) Fail("search");
      }));
  // A new offer: index it, commit, and rank it for the need it was written for (the
  // indexer's work for one outbox row, without the database).
  {
    std::vector<double> ms;
    int64_t next = static_cast<int64_t>(items.offer_count()) + 1000;
    int ranked_first = 0;
    for (size_t i = 0; i < std::min<size_t>(20, sample.size()); ++i) {  // distinct needs
      Offer o;
      o.id = next++;
      o.external_id = "bench-new-" + std::to_string(i);
      o.title = sample[i]->title;
      o.description = sample[i]->description;
      o.sdgs = sample[i]->sdgs;
      o.target_groups = sample[i]->target_groups;
      o.collaboration_forms = sample[i]->collaboration_forms;
      o.reach.national = true;
      auto s0 = Clock::now();
      auto concepts = lexicon->Find(OfferText(o));
      if (!index.PutOffer(o, concepts).ok() || !index.Commit().ok()) Fail("cannot add an offer");
      items.PutOffer(o, std::move(concepts));
      auto r = engine.OffersForNeed(*sample[i], limit);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s0).count());
      if (r.ok() && !r->empty() && r->front().id == o.id) ++ranked_first;
    }
    Stats s = Summarise(ms, 0);
    std::printf("\nA new offer written for a need: index + commit + OffersForNeed, %zu tries: p50 %.1f ms, "
                "max %.1f ms; ranked first for its need %d times.\n",
                ms.size(), s.p50, s.max, ranked_first);
  }
  std::printf("\n(%lld suggestions returned in the engine rows; rusage max RSS %ld MiB)\n",
              static_cast<long long>(found), [] {
                rusage u{};
                getrusage(RUSAGE_SELF, &u);
                return u.ru_maxrss / 1024;
              }());
  return 0;
}
