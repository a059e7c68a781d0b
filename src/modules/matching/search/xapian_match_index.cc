#include "modules/matching/search/xapian_match_index.h"

#include <xapian.h>

#include <filesystem>
#include <set>
#include <string_view>

#include "search/xapian/text_analyzer.h"

namespace samverkan::matching {
namespace {

constexpr int kTitleWeight = 2;
constexpr int kRetries = 3;  // reopen-and-retry after a concurrent commit

// Function words of both languages: in a query they match nearly every document and only add
// noise to BM25 (their IDF is low but not zero). Folded as FoldedWords folds.
const std::set<std::string_view>& StopWords() {
  static const std::set<std::string_view> words = {
      "och",  "att",   "det",  "som",   "en",    "ett",   "i",   "på",    "för",   "med",
      "av",   "till",  "är",   "om",    "vi",    "de",    "den", "har",   "kan",   "eller",
      "men",  "så",    "från", "vid",   "där",   "inte",  "sin", "sina",  "sitt",  "våra",
      "vår",  "vårt",  "oss",  "man",   "alla",  "andra", "hos", "efter", "genom", "under",
      "över", "mot",   "samt", "också", "bland", "varje", "the", "and",   "of",    "to",
      "a",    "an",    "in",   "for",   "on",    "with",  "by",  "at",    "from",  "is",
      "are",  "we",    "our",  "that",  "who",   "which", "or",  "as",    "it",    "its",
      "be",   "their", "they", "this",  "these", "into",  "so",  "can",   "want",  "wants",
      "not",  "more",  "than",
  };
  return words;
}

std::string ConceptTerm(size_t index) { return "XC" + std::to_string(index); }

void AddText(Xapian::Document& doc, const search::TextAnalyzer& analyzer, const std::string& text,
             int weight) {
  for (const std::string& word : search::FoldedWords(text)) {
    search::WordTerms terms = analyzer.Terms(word);
    doc.add_term(terms.word, weight);
    doc.add_term(terms.swedish_stem, weight);
    doc.add_term(terms.english_stem, weight);
  }
}

Xapian::Document MakeDocument(const LocalizedText& title, const LocalizedText& description,
                              const std::vector<ConceptHit>& concepts,
                              const search::TextAnalyzer& analyzer) {
  Xapian::Document doc;
  AddText(doc, analyzer, title.sv, kTitleWeight);
  AddText(doc, analyzer, title.en, kTitleWeight);
  AddText(doc, analyzer, description.sv, 1);
  AddText(doc, analyzer, description.en, 1);
  for (const ConceptHit& c : concepts) doc.add_term(ConceptTerm(c.concept_index), c.count);
  return doc;
}

Xapian::Query BuildQuery(const TextQuery& q, const search::TextAnalyzer& analyzer) {
  std::vector<Xapian::Query> parts;
  std::set<std::string> seen;
  for (const std::string& word : search::FoldedWords(q.text)) {
    if (StopWords().count(word) || !seen.insert(word).second) continue;
    search::WordTerms t = analyzer.Terms(word);
    std::vector<Xapian::Query> forms = {Xapian::Query(t.word), Xapian::Query(t.swedish_stem),
                                        Xapian::Query(t.english_stem)};
    parts.emplace_back(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
  }
  if (q.concept_weight > 0) {
    for (const ConceptHit& c : q.concepts) {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(ConceptTerm(c.concept_index)), q.concept_weight);
    }
  }
  // The elite set keeps the terms of highest weight: with few results wanted, the rarest terms
  // decide them, and the common ones would cost most of the time (MatchWeights::query_terms).
  Xapian::Query any = q.max_terms > 0 && parts.size() > q.max_terms
                          ? Xapian::Query(Xapian::Query::OP_ELITE_SET, parts.begin(), parts.end(),
                                          static_cast<Xapian::termcount>(q.max_terms))
                          : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  return any;
}

// Deletes a document if it is there: removing what is not there leaves the index as wanted.
void Remove(Xapian::WritableDatabase& db, Xapian::docid id) {
  try {
    db.delete_document(id);
  } catch (const Xapian::DocNotFoundError&) {
  }
}

Result<Xapian::docid> DocId(int64_t id) {
  if (id < 1 || id > 0xFFFFFFFFLL) {
    return Error::InvalidField("id", N_("The id is out of range."));
  }
  return static_cast<Xapian::docid>(id);
}

}  // namespace

struct XapianMatchIndex::Databases {
  Xapian::WritableDatabase offers;
  Xapian::WritableDatabase needs;
  search::TextAnalyzer analyzer;
};

struct XapianMatchIndex::Reader {
  Xapian::Database db;
  uint64_t generation = 0;
  search::TextAnalyzer analyzer;  // holds Snowball stemmers, which are not thread-safe either
};

XapianMatchIndex::XapianMatchIndex(std::unique_ptr<Databases> databases, std::string directory)
    : directory_(std::move(directory)), db_(std::move(databases)) {}
XapianMatchIndex::~XapianMatchIndex() = default;

Result<std::unique_ptr<XapianMatchIndex>> XapianMatchIndex::Open(const std::string& directory) {
  try {
    auto dbs = std::make_unique<Databases>();
    if (directory.empty()) {
      dbs->offers = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
      dbs->needs = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    } else {
      std::filesystem::create_directories(directory);
      dbs->offers = Xapian::WritableDatabase(directory + "/offers", Xapian::DB_CREATE_OR_OPEN);
      dbs->needs = Xapian::WritableDatabase(directory + "/needs", Xapian::DB_CREATE_OR_OPEN);
    }
    return std::unique_ptr<XapianMatchIndex>(new XapianMatchIndex(std::move(dbs), directory));
  } catch (const std::exception& e) {
    return Error(ErrorCode::kUnavailable, "The match index cannot be opened.")
        .WithLogDetail(e.what());
  } catch (const Xapian::Error& e) {
    return Error(ErrorCode::kUnavailable, "The match index cannot be opened.")
        .WithLogDetail(e.get_description());
  }
}

Status XapianMatchIndex::PutNeed(const Need& need, const std::vector<ConceptHit>& concepts) {
  auto id = DocId(need.id);
  if (!id.ok()) return std::move(id).error();
  std::lock_guard lock(mu_);
  try {
    if (need.status == ItemStatus::kOpen) {
      db_->needs.replace_document(
          *id, MakeDocument(need.title, need.description, concepts, db_->analyzer));
    } else {
      Remove(db_->needs, *id);
    }
  } catch (const Xapian::Error& e) {
    return Error(ErrorCode::kUnavailable, "The match index cannot be written.")
        .WithLogDetail(e.get_description());
  }
  return {};
}

Status XapianMatchIndex::PutOffer(const Offer& offer, const std::vector<ConceptHit>& concepts) {
  auto id = DocId(offer.id);
  if (!id.ok()) return std::move(id).error();
  std::lock_guard lock(mu_);
  try {
    if (offer.status == ItemStatus::kOpen) {
      db_->offers.replace_document(
          *id, MakeDocument(offer.title, offer.description, concepts, db_->analyzer));
    } else {
      Remove(db_->offers, *id);
    }
  } catch (const Xapian::Error& e) {
    return Error(ErrorCode::kUnavailable, "The match index cannot be written.")
        .WithLogDetail(e.get_description());
  }
  return {};
}

Status XapianMatchIndex::RemoveNeed(int64_t id) {
  auto docid = DocId(id);
  if (!docid.ok()) return std::move(docid).error();
  std::lock_guard lock(mu_);
  try {
    Remove(db_->needs, *docid);
  } catch (const Xapian::Error& e) {
    return Error(ErrorCode::kUnavailable, "The match index cannot be written.")
        .WithLogDetail(e.get_description());
  }
  return {};
}

Status XapianMatchIndex::RemoveOffer(int64_t id) {
  auto docid = DocId(id);
  if (!docid.ok()) return std::move(docid).error();
  std::lock_guard lock(mu_);
  try {
    Remove(db_->offers, *docid);
  } catch (const Xapian::Error& e) {
    return Error(ErrorCode::kUnavailable, "The match index cannot be written.")
        .WithLogDetail(e.get_description());
  }
  return {};
}

Status XapianMatchIndex::Commit() {
  std::lock_guard lock(mu_);
  try {
    db_->offers.commit();
    db_->needs.commit();
    ++generation_;
  } catch (const Xapian::Error& e) {
    return Error(ErrorCode::kUnavailable, "The match index cannot be written.")
        .WithLogDetail(e.get_description());
  }
  return {};
}

namespace {

// Throws Xapian::Error (DatabaseModifiedError when a commit replaced the revision being read).
std::vector<TextHit> Search(const Xapian::Database& db, const TextQuery& query, size_t limit,
                            const search::TextAnalyzer& analyzer) {
  Xapian::Enquire enquire(db);
  enquire.set_query(BuildQuery(query, analyzer));
  if (query.bm25_k1) {
    // Xapian's defaults for everything but k1: k2 0, k3 1, b 0.5, min_normlen 0.5.
    enquire.set_weighting_scheme(Xapian::BM25Weight(*query.bm25_k1, 0, 1, 0.5, 0.5));
  }
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  std::vector<TextHit> hits;
  hits.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    hits.push_back({static_cast<int64_t>(*it), it.get_weight()});
  }
  return hits;
}

Error ReadError(const std::string& detail) {
  return Error(ErrorCode::kUnavailable, "The match index cannot be read.").WithLogDetail(detail);
}

}  // namespace

std::unique_ptr<XapianMatchIndex::Reader> XapianMatchIndex::AcquireReader(Side side) const {
  std::unique_ptr<Reader> reader;
  {
    std::lock_guard lock(pool_mu_);
    auto& pool = side == Side::kOffers ? offer_readers_ : need_readers_;
    if (!pool.empty()) {
      reader = std::move(pool.back());
      pool.pop_back();
    }
  }
  uint64_t now = generation_.load();
  if (!reader) {
    reader = std::make_unique<Reader>();
    reader->db = Xapian::Database(directory_ + (side == Side::kOffers ? "/offers" : "/needs"));
    reader->generation = now;
  } else if (reader->generation != now) {
    reader->db.reopen();
    reader->generation = now;
  }
  return reader;
}

void XapianMatchIndex::ReleaseReader(Side side, std::unique_ptr<Reader> reader) const {
  std::lock_guard lock(pool_mu_);
  (side == Side::kOffers ? offer_readers_ : need_readers_).push_back(std::move(reader));
}

Result<std::vector<TextHit>> XapianMatchIndex::Find(Side side, const TextQuery& query,
                                                    size_t limit) const {
  if (directory_.empty()) {
    std::lock_guard lock(mu_);
    try {
      return Search(side == Side::kOffers ? db_->offers : db_->needs, query, limit, db_->analyzer);
    } catch (const Xapian::Error& e) {
      return ReadError(e.get_description());
    }
  }
  std::string last_error;
  for (int attempt = 0; attempt < kRetries; ++attempt) {
    std::unique_ptr<Reader> reader;
    try {
      reader = AcquireReader(side);
      auto hits = Search(reader->db, query, limit, reader->analyzer);
      ReleaseReader(side, std::move(reader));
      return hits;
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A commit replaced the revision being read: reopen and run again.
      last_error = e.get_description();
      if (reader) {
        try {
          reader->db.reopen();
          ReleaseReader(side, std::move(reader));
        } catch (const Xapian::Error&) {
          // Dropped: the next search opens a fresh reader.
        }
      }
    } catch (const Xapian::Error& e) {
      return ReadError(e.get_description());
    }
  }
  return ReadError(last_error);
}

Result<std::vector<TextHit>> XapianMatchIndex::FindOffers(const TextQuery& query,
                                                          size_t limit) const {
  return Find(Side::kOffers, query, limit);
}

Result<std::vector<TextHit>> XapianMatchIndex::FindNeeds(const TextQuery& query,
                                                         size_t limit) const {
  return Find(Side::kNeeds, query, limit);
}

}  // namespace samverkan::matching
