#include "search/xapian/xapian_index.h"

#include <xapian.h>

#include <cstdio>
#include <limits>
#include <shared_mutex>
#include <filesystem>
#include <string_view>
#include <unordered_map>

#include "search/xapian/text_analyzer.h"

namespace samverkan::search {
namespace {

constexpr Xapian::valueno kFacetSlot = 0;
constexpr Xapian::valueno kFirstSortSlot = 1;
constexpr char kFieldEnd = '\x1f';   // between field and value in a facet pair
constexpr char kPairEnd = '\0';      // after each pair in the facet slot
constexpr size_t kMaxTermLength = 240;  // Xapian's limit is 245 bytes
constexpr int kRetries = 3;  // reopen-and-retry after a concurrent commit

Error Unavailable(const std::string& detail) {
  return Error(ErrorCode::kUnavailable, "The service is busy. Please try again shortly.")
      .WithLogDetail("search index: " + detail);
}

// 64-bit FNV-1a: stable across builds, so a long value's term stays the same after upgrades.
uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string FilterTerm(const std::string& field, const std::string& value) {
  std::string term = "X" + field + ":" + value;
  if (term.size() <= kMaxTermLength) return term;
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(Fnv1a(value)));
  return "X" + field + ":#" + hash;
}

std::string FacetKey(std::string_view field, std::string_view value) {
  std::string key(field);
  key += kFieldEnd;
  key += value;
  return key;
}

// The sort value: the key, a byte below every key byte, then the id zero-padded to 20
// digits, so that byte order is (key, id) order.
std::string SortValue(const std::string& key, int64_t id) {
  char digits[21];
  std::snprintf(digits, sizeof digits, "%020lld", static_cast<long long>(id));
  return key + '\0' + digits;
}

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

// Facet pairs as small integer codes, per document number. Readers hold `mu` shared for a
// whole count; Commit holds it exclusively to apply a batch.
struct XapianIndex::FacetColumn {
  static constexpr uint32_t kUnknown = std::numeric_limits<uint32_t>::max();
  mutable std::shared_mutex mu;
  std::vector<std::string> keys;                    // code → "field\x1fvalue"
  std::vector<std::string> fields;                  // code → field
  std::unordered_map<std::string, uint32_t, TransparentHash, std::equal_to<>> codes;
  std::vector<std::vector<uint32_t>> by_doc;        // docid → codes

  uint32_t Intern(std::string_view key) {
    auto it = codes.find(key);
    if (it != codes.end()) return it->second;
    uint32_t code = static_cast<uint32_t>(keys.size());
    keys.emplace_back(key);
    fields.emplace_back(key.substr(0, key.find(kFieldEnd)));
    codes.emplace(std::string(key), code);
    return code;
  }
  uint32_t Find(std::string_view key) const {
    auto it = codes.find(key);
    return it == codes.end() ? kUnknown : it->second;
  }
  // `slot` is the facet slot's text: pairs separated by kPairEnd.
  void Set(Xapian::docid id, std::string_view slot) {
    if (by_doc.size() <= id) by_doc.resize(id + 1);
    std::vector<uint32_t>& doc = by_doc[id];
    doc.clear();
    for (size_t start = 0; start < slot.size();) {
      size_t end = slot.find(kPairEnd, start);
      if (end == std::string_view::npos) end = slot.size();
      doc.push_back(Intern(slot.substr(start, end - start)));
      start = end + 1;
    }
    doc.shrink_to_fit();
  }
  void Clear() {
    by_doc.clear();
  }
};

namespace {

// Counts facet pairs over the documents of a query that matches the text and fails at most
// one of the restricted facets: a document passing all of them is counted in the total and
// in every field; one failing only field F is counted in F alone, which is exactly the
// disjunctive definition (F's counts leave out F's own filter). Reads the facet column,
// never the document.
class FacetSpy : public Xapian::MatchSpy {
 public:
  using Column = std::vector<std::vector<uint32_t>>;
  FacetSpy(const Column& by_doc, std::vector<uint32_t> restricted, std::vector<int> restricted_field,
           std::vector<int> field_of_code, std::vector<bool> wanted)
      : by_doc_(by_doc),
        restricted_(std::move(restricted)),
        restricted_field_(std::move(restricted_field)),
        field_of_code_(std::move(field_of_code)),
        wanted_(std::move(wanted)),
        counts_(field_of_code_.size(), 0) {}

  void operator()(const Xapian::Document& doc, double) override {
    Xapian::docid id = doc.get_docid();
    if (id >= by_doc_.size()) return;
    const std::vector<uint32_t>& codes = by_doc_[id];
    int failed = -1;
    for (size_t i = 0; i < restricted_.size(); ++i) {
      bool has = false;
      for (uint32_t code : codes) {
        if (code == restricted_[i]) {
          has = true;
          break;
        }
      }
      if (has) continue;
      if (failed >= 0) return;  // fails two: counted nowhere
      failed = restricted_field_[i];
    }
    if (failed < 0) ++total_;
    for (uint32_t code : codes) {
      if (code >= counts_.size()) continue;
      int field = field_of_code_[code];
      if (failed >= 0 ? field != failed : !wanted_[code]) continue;
      ++counts_[code];
    }
  }

  int64_t total() const { return total_; }
  const std::vector<int64_t>& counts() const { return counts_; }

 private:
  const Column& by_doc_;
  std::vector<uint32_t> restricted_;
  std::vector<int> restricted_field_;  // the field number of each restriction
  std::vector<int> field_of_code_;     // code → field number (-1: not a counted field)
  std::vector<bool> wanted_;           // code → its field is counted
  int64_t total_ = 0;
  std::vector<int64_t> counts_;        // by code
};

Xapian::Query TextQuery(const std::string& text) {
  auto words = FoldedWords(text);
  if (words.empty()) return Xapian::Query::MatchAll;
  TextAnalyzer analyzer;
  std::vector<Xapian::Query> all;
  for (const auto& w : words) {
    WordTerms t = analyzer.Terms(w);
    std::vector<std::string> forms = {t.swedish_stem, t.english_stem};
    all.emplace_back(Xapian::Query::OP_OR, forms.begin(), forms.end());
  }
  return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

Xapian::Query Filtered(Xapian::Query query, const std::vector<Xapian::Query>& filters) {
  for (const auto& f : filters) query = Xapian::Query(Xapian::Query::OP_FILTER, query, f);
  return query;
}

bool IsFacetField(const SearchRequest& r, const std::string& field) {
  for (const auto& f : r.facet_fields) {
    if (f == field) return true;
  }
  return false;
}

}  // namespace

struct XapianIndex::Reader {
  Xapian::Database db;
  uint64_t generation = 0;
};

XapianIndex::XapianIndex(std::string path, std::unique_ptr<Xapian::WritableDatabase> writer)
    : path_(std::move(path)), column_(std::make_unique<FacetColumn>()), writer_(std::move(writer)) {}

void XapianIndex::LoadColumn() {
  std::unique_lock lock(column_->mu);
  column_->Clear();
  Xapian::Database db(path_);
  for (auto it = db.valuestream_begin(kFacetSlot); it != db.valuestream_end(kFacetSlot); ++it) {
    column_->Set(it.get_docid(), *it);
  }
}

XapianIndex::~XapianIndex() = default;

Result<std::unique_ptr<XapianIndex>> XapianIndex::Open(const std::string& path) {
  try {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    auto writer = std::make_unique<Xapian::WritableDatabase>(path, Xapian::DB_CREATE_OR_OPEN);
    std::unique_ptr<XapianIndex> index(new XapianIndex(path, std::move(writer)));
    index->LoadColumn();
    return index;
  } catch (const Xapian::DatabaseLockError& e) {
    return Error(ErrorCode::kConflict, "The service is busy. Please try again shortly.")
        .WithLogDetail("search index " + path + " is in use by another process: " + e.get_description());
  } catch (const Xapian::Error& e) {
    return Error::Internal("search index " + path + ": " + e.get_description());
  } catch (const std::filesystem::filesystem_error& e) {
    return Error::Internal("search index " + path + ": " + e.what());
  }
}

Result<std::unique_ptr<XapianIndex>> XapianIndex::Recreate(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) return Error::Internal("cannot remove the search index " + path + ": " + ec.message());
  return Open(path);
}

Status XapianIndex::Replace(const std::vector<SearchDocument>& documents) {
  TextAnalyzer analyzer;
  // Stemming is most of the cost of indexing, and a batch repeats the same few thousand
  // words: each is stemmed once per call.
  std::unordered_map<std::string, WordTerms> stems;
  auto terms = [&](const std::string& word) -> const WordTerms& {
    auto it = stems.find(word);
    if (it == stems.end()) it = stems.emplace(word, analyzer.Terms(word)).first;
    return it->second;
  };
  std::lock_guard lock(write_mu_);
  try {
    for (const auto& d : documents) {
      if (d.id <= 0 || d.id > static_cast<int64_t>(0xFFFFFFFFu)) {
        return Error::Internal("search document id out of range: " + std::to_string(d.id));
      }
      Xapian::Document doc;
      for (const auto& field : d.texts) {
        for (const auto& w : FoldedWords(field.text)) {
          // The word itself is not indexed: its stems find it, and a query word is always
          // looked up by its stems too.
          const WordTerms& t = terms(w);
          if (field.language != TextLanguage::kEnglish) doc.add_term(t.swedish_stem, field.weight);
          if (field.language != TextLanguage::kSwedish) doc.add_term(t.english_stem, field.weight);
        }
      }
      std::string facet_slot;
      for (const auto& [field, value] : d.facets) {
        doc.add_boolean_term(FilterTerm(field, value));
        facet_slot += FacetKey(field, value);
        facet_slot += kPairEnd;
      }
      for (const auto& [field, value] : d.filters) doc.add_boolean_term(FilterTerm(field, value));
      if (!facet_slot.empty()) facet_slot.pop_back();
      doc.add_value(kFacetSlot, facet_slot);
      pending_facets_.emplace_back(d.id, facet_slot);
      for (size_t i = 0; i < d.sort_keys.size(); ++i) {
        doc.add_value(kFirstSortSlot + i, SortValue(d.sort_keys[i], d.id));
      }
      writer_->replace_document(static_cast<Xapian::docid>(d.id), doc);
    }
  } catch (const Xapian::Error& e) {
    return Unavailable(e.get_description());
  }
  return Status::Ok();
}

Status XapianIndex::Remove(const std::vector<int64_t>& ids) {
  std::lock_guard lock(write_mu_);
  try {
    for (int64_t id : ids) {
      if (id <= 0 || id > static_cast<int64_t>(0xFFFFFFFFu)) continue;
      pending_facets_.emplace_back(id, "");
      try {
        writer_->delete_document(static_cast<Xapian::docid>(id));
      } catch (const Xapian::DocNotFoundError&) {
        // Already gone: removing is idempotent.
      }
    }
  } catch (const Xapian::Error& e) {
    return Unavailable(e.get_description());
  }
  return Status::Ok();
}

Status XapianIndex::Commit() {
  std::lock_guard lock(write_mu_);
  try {
    writer_->commit();
  } catch (const Xapian::Error& e) {
    return Unavailable(e.get_description());
  }
  {
    // Readers reopen at the new generation; the column changes with it.
    std::unique_lock column_lock(column_->mu);
    for (const auto& [id, slot] : pending_facets_) column_->Set(static_cast<Xapian::docid>(id), slot);
    ++generation_;
  }
  pending_facets_.clear();
  return Status::Ok();
}

Status XapianIndex::Clear() {
  std::lock_guard lock(write_mu_);
  try {
    // Overwriting in place keeps Xapian's lock semantics and is far faster than deleting
    // every document. Readers see the empty index after their next reopen.
    writer_->close();
    writer_ = std::make_unique<Xapian::WritableDatabase>(path_, Xapian::DB_CREATE_OR_OVERWRITE);
  } catch (const Xapian::Error& e) {
    return Unavailable(e.get_description());
  }
  pending_facets_.clear();
  {
    std::unique_lock column_lock(column_->mu);
    column_->Clear();
    ++generation_;
  }
  return Status::Ok();
}

Status XapianIndex::SetMetadata(const std::string& key, const std::string& value) {
  std::lock_guard lock(write_mu_);
  try {
    writer_->set_metadata(key, value);
  } catch (const Xapian::Error& e) {
    return Unavailable(e.get_description());
  }
  return Status::Ok();
}

std::unique_ptr<XapianIndex::Reader> XapianIndex::AcquireReader() const {
  std::unique_ptr<Reader> reader;
  {
    std::lock_guard lock(pool_mu_);
    if (!readers_.empty()) {
      reader = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  uint64_t now = generation_.load();
  if (!reader) {
    reader = std::make_unique<Reader>(Reader{Xapian::Database(path_), now});
  } else if (reader->generation != now) {
    reader->db.reopen();
    reader->generation = now;
  }
  return reader;
}

void XapianIndex::ReleaseReader(std::unique_ptr<Reader> reader) const {
  std::lock_guard lock(pool_mu_);
  readers_.push_back(std::move(reader));
}

Result<std::string> XapianIndex::GetMetadata(const std::string& key) const {
  try {
    auto reader = AcquireReader();
    std::string value = reader->db.get_metadata(key);
    ReleaseReader(std::move(reader));
    return value;
  } catch (const Xapian::Error& e) {
    return Unavailable(e.get_description());
  }
}

Result<int64_t> XapianIndex::DocumentCount() const {
  try {
    auto reader = AcquireReader();
    int64_t count = reader->db.get_doccount();
    ReleaseReader(std::move(reader));
    return count;
  } catch (const Xapian::Error& e) {
    return Unavailable(e.get_description());
  }
}

Result<SearchResult> XapianIndex::Search(const SearchRequest& request) const {
  std::string last_error;
  for (int attempt = 0; attempt < kRetries; ++attempt) {
    std::unique_ptr<Reader> reader;
    try {
      reader = AcquireReader();
      auto result = SearchWith(*reader, request);
      ReleaseReader(std::move(reader));
      return result;
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A commit replaced the revision being read: reopen and run again.
      last_error = e.get_description();
      if (reader) {
        try {
          reader->db.reopen();
          ReleaseReader(std::move(reader));
        } catch (const Xapian::Error&) {
          // Dropped: the next search opens a fresh reader.
        }
      }
    } catch (const Xapian::Error& e) {
      return Unavailable(e.get_description());
    }
  }
  return Unavailable(last_error);
}

Result<SearchResult> XapianIndex::SearchWith(Reader& reader, const SearchRequest& r) const {
  Xapian::Database& db = reader.db;
  SearchResult result;
  Xapian::Query text = TextQuery(r.text);
  // Filters on facet fields are left out one at a time for the counts; the others always apply.
  std::vector<std::pair<std::string, std::string>> restricted;
  std::vector<Xapian::Query> fixed, facet_filters;
  for (const auto& [field, value] : r.filters) {
    if (IsFacetField(r, field)) {
      restricted.emplace_back(field, value);
      facet_filters.emplace_back(FilterTerm(field, value));
    } else {
      fixed.emplace_back(FilterTerm(field, value));
    }
  }
  Xapian::Query base = Filtered(text, fixed);
  Xapian::Query full = Filtered(base, facet_filters);
  Xapian::doccount all = db.get_doccount();

  // The page.
  if (r.limit > 0) {
    Xapian::Query page = full;
    Xapian::valueno slot = kFirstSortSlot + static_cast<Xapian::valueno>(r.sort);
    if (r.after) {
      page = Xapian::Query(Xapian::Query::OP_FILTER, page,
                           Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                         SortValue(r.after->key, r.after->id) + '\0'));
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(page);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(slot, false);
    Xapian::MSet mset = enquire.get_mset(r.offset, r.limit);
    for (auto it = mset.begin(); it != mset.end(); ++it) result.ids.push_back(*it);
  }

  // The total and the counts. Without text or filters they are the filter terms' document
  // frequencies, which Xapian keeps: no document needs to be read.
  if (r.filters.empty() && FoldedWords(r.text).empty()) {
    result.total = all;
    for (const auto& field : r.facet_fields) {
      std::string prefix = "X" + field + ":";
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        result.facets[field][(*it).substr(prefix.size())] = it.get_termfreq();
      }
    }
    return result;
  }
  // Documents failing at most one restricted facet: the union, over each restricted facet,
  // of the query with that facet's filter left out.
  Xapian::Query candidates = base;
  if (facet_filters.size() >= 2) {
    std::vector<Xapian::Query> alternatives;
    for (size_t i = 0; i < facet_filters.size(); ++i) {
      std::vector<Xapian::Query> others;
      for (size_t j = 0; j < facet_filters.size(); ++j) {
        if (j != i) others.push_back(facet_filters[j]);
      }
      alternatives.emplace_back(Xapian::Query::OP_AND, others.begin(), others.end());
    }
    candidates = Xapian::Query(Xapian::Query::OP_FILTER, base,
                               Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()));
  }
  std::shared_lock column_lock(column_->mu);
  const FacetColumn& column = *column_;
  std::vector<int> field_of_code(column.keys.size(), -1);
  std::vector<bool> wanted(column.keys.size(), false);
  for (size_t code = 0; code < column.keys.size(); ++code) {
    for (size_t f = 0; f < r.facet_fields.size(); ++f) {
      if (column.fields[code] == r.facet_fields[f]) {
        field_of_code[code] = static_cast<int>(f);
        wanted[code] = true;
      }
    }
  }
  std::vector<uint32_t> restricted_codes;
  std::vector<int> restricted_fields;
  for (const auto& [field, value] : restricted) {
    restricted_codes.push_back(column.Find(FacetKey(field, value)));
    int f = 0;
    while (r.facet_fields[f] != field) ++f;
    restricted_fields.push_back(f);
  }
  FacetSpy spy(column.by_doc, restricted_codes, restricted_fields, field_of_code, wanted);
  Xapian::Enquire enquire(db);
  enquire.set_query(candidates);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, all);
  result.total = spy.total();
  for (size_t code = 0; code < spy.counts().size(); ++code) {
    if (spy.counts()[code] == 0) continue;
    const std::string& key = column.keys[code];
    size_t end = key.find(kFieldEnd);
    result.facets[key.substr(0, end)][key.substr(end + 1)] = spy.counts()[code];
  }
  return result;
}

}  // namespace samverkan::search
