#pragma once
/// The search engine: query building, filtering, snippets over the on-disk
/// index. No HTTP, no JSON: typed requests in, typed results out.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m4d/taxonomy.h"
#include "m4d/unit.h"

namespace m4d::search {

/// A search or browse request. Repeated values within one filter are OR-ed;
/// different filters are AND-ed.
struct SearchRequest {
  std::string q;                   ///< Free text; empty browses everything that matches the filters.
  std::vector<std::string> types;  ///< Unit types to keep (empty: all).
  std::vector<std::string> langs;  ///< Languages to keep (empty: all).
  int page = 1;                    ///< 1-based page number.
  int per_page = 10;               ///< Hits per page.
  std::string sort = "relevance";  ///< "relevance", "title" or "date".
};

/// One hit.
struct Hit {
  Unit unit;             ///< The stored unit.
  std::string snippet;   ///< Best passage, HTML-escaped, query terms in <mark>.
  double score = 0;      ///< Relevance weight (0 when browsing).
};

/// A value of a facet with its count over the whole match set.
struct FacetValue {
  std::string value;
  std::uint64_t count = 0;
};

/// Result of a search.
struct SearchResult {
  std::uint64_t total = 0;  ///< Exact number of matching units.
  std::vector<Hit> hits;
  std::map<std::string, std::vector<FacetValue>> facets;  ///< "type", "lang" -> values, most frequent first.
};

/// Index statistics for /healthz.
struct IndexStats {
  std::uint64_t documents = 0;
  std::uint64_t revision = 0;
};

/// Searches one index. Not thread-safe: each thread owns its own Engine (and
/// so its own Xapian database handle); the engine reopens the database when
/// the index changed and retries once on a concurrent modification.
class Engine {
 public:
  /// Opens the index at `index_path`. Throws RuntimeFailure when it cannot be opened.
  explicit Engine(std::filesystem::path index_path);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs `request`. Malformed query syntax falls back to plain words.
  SearchResult search(const SearchRequest& request);
  /// The unit with `id`, or nullopt.
  std::optional<Unit> document(const std::string& id);
  /// Document count and revision of the index.
  IndexStats stats();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The taxonomy stored in the index at `index_path` by m4d-index. Throws
/// RuntimeFailure when the index cannot be opened or holds no taxonomy.
Taxonomy load_index_taxonomy(const std::filesystem::path& index_path);

/// Escapes &, <, >, " and ' for HTML.
std::string html_escape(std::string_view s);

}  // namespace m4d::search
