// The search index interface: documents with text, boolean filter fields, facet fields and
// sort keys, found by words (stemmed in Swedish and English), filtered, sorted by a key and
// counted by facet. Knows nothing of actors or of any engine; xapian/ implements it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace samverkan::search {

// One field of text to index; `weight` repeats its words' within-document frequency (a name
// counts more than a description when relevance is used).
enum class TextLanguage { kBoth, kSwedish, kEnglish };
struct TextField {
  std::string text;
  int weight = 1;
  // Which stemmer's forms to index: the text's own language halves the index and its build
  // time; a query word is looked up in both, so a search in either language still finds it.
  TextLanguage language = TextLanguage::kBoth;
};

struct SearchDocument {
  int64_t id = 0;  // 1 … 2^32-1: the index uses it as its own document number
  std::vector<TextField> texts;
  // (field, value) pairs that a request can filter on and that are counted per value. A
  // field may have several values (an actor works in several counties).
  std::vector<std::pair<std::string, std::string>> facets;
  // (field, value) pairs that a request can filter on but that are never counted.
  std::vector<std::pair<std::string, std::string>> filters;
  // Sort keys compared byte by byte; a request picks one by its position.
  std::vector<std::string> sort_keys;
};

// A position in a sorted list: the sort key and id of the last document shown.
struct SortPosition {
  std::string key;
  int64_t id = 0;
};

struct SearchRequest {
  // Words; every word must occur (in any form the stemmers relate). Empty: every document.
  std::string text;
  // Every pair must be on the document (AND). At most one value per field.
  std::vector<std::pair<std::string, std::string>> filters;
  // Fields to count values of, with "disjunctive" semantics: the counts of a field leave out
  // the request's own filter on that field and apply all the others.
  std::vector<std::string> facet_fields;
  size_t sort = 0;  // index into SearchDocument::sort_keys
  std::optional<SortPosition> after;  // keyset pagination: documents strictly after this
  int offset = 0;
  int limit = 20;  // 0: only the total and the counts
};

struct SearchResult {
  std::vector<int64_t> ids;  // in sort order
  int64_t total = 0;         // documents matching text and every filter
  std::map<std::string, std::map<std::string, int64_t>> facets;  // field → value → count
};

// Thread-safe: searches run concurrently with each other and with one writer at a time.
// Errors: Unavailable when the index cannot be read or written (a disk or lock problem),
// InvalidArgument for a document id out of range.
class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Adds or replaces documents and removes ids; visible to searches after Commit.
  virtual Status Replace(const std::vector<SearchDocument>& documents) = 0;
  virtual Status Remove(const std::vector<int64_t>& ids) = 0;
  // Makes the changes durable and visible. Until it returns, a crash loses them (the caller
  // keeps its outbox rows until then).
  virtual Status Commit() = 0;
  // Removes every document (before a rebuild); visible after Commit.
  virtual Status Clear() = 0;

  virtual Result<SearchResult> Search(const SearchRequest& request) const = 0;
  virtual Result<int64_t> DocumentCount() const = 0;

  // Small named values kept with the index and committed with it (e.g. "complete").
  virtual Result<std::string> GetMetadata(const std::string& key) const = 0;
  virtual Status SetMetadata(const std::string& key, const std::string& value) = 0;
};

}  // namespace samverkan::search
