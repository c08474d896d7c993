#pragma once
/// The search engine: query building, filtering, facets, snippets, similar
/// units, suggestions and exports over the on-disk index. No HTTP, no JSON:
/// typed requests in, typed results out.
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m4d/facets.h"
#include "m4d/search/expander.h"
#include "m4d/search/write_gate.h"
#include "m4d/taxonomy.h"
#include "m4d/unit.h"

namespace m4d::search {

/// Filters: facet -> selected canonical values. Values of one facet are
/// OR-ed, facets are AND-ed (validated by the caller, e.g. Taxonomy::facet_value).
using Filters = std::map<Facet, std::vector<std::string>>;

/// A search or browse request.
struct SearchRequest {
  std::string q;                   ///< Free text and query syntax; empty browses everything matching the filters.
  Filters filters;                 ///< Selected facet values.
  TagScope scope;                  ///< Which tags the filters and counts consider (provenance, country role).
  int page = 1;                    ///< 1-based page number.
  int per_page = 10;               ///< Hits per page (0: facets and total only).
  std::string sort = "relevance";  ///< "relevance", "title", "date" or "updated" (last_change, newest first).
  bool expand = true;              ///< Synonyms, field vocabulary and feedback; false gives plain BM25.
  bool facets = true;              ///< Compute facet counts.
  bool correct_spelling = true;    ///< Try a spelling correction when few units match.
  bool snippets = true;            ///< Compute snippets (exports do without).
};

/// One hit.
struct Hit {
  std::shared_ptr<const Unit> unit;  ///< The stored unit (shared with the engine's cache of decoded units).
  std::string snippet;               ///< Best passage, HTML-escaped, query terms in <mark>.
  double score = 0;                  ///< Relevance weight (0 when browsing or sorting by a field).
};

/// A value of a facet with its exact count.
struct FacetValue {
  std::string value;
  std::uint64_t count = 0;
};

/// Counts of every facet, indexed by Facet: values by count, then value.
using FacetCounts = std::array<std::vector<FacetValue>, kFacetCount>;

/// Result of a search.
struct SearchResult {
  std::uint64_t total = 0;  ///< Exact number of matching units.
  std::vector<Hit> hits;
  FacetCounts facets;                                          ///< Empty lists when facets were not asked for.
  std::optional<std::string> corrected_query;                  ///< Set when the results are for a spelling correction.
  std::map<std::string, std::vector<std::string>> expansions;  ///< Query word or phrase -> what it was expanded to.
  std::vector<std::string> query_languages;  ///< Languages the query was recognised in ("en" when nothing else).
};

/// Index statistics.
struct IndexStats {
  std::uint64_t documents = 0;
  std::uint64_t revision = 0;
  std::uint64_t bytes = 0;
};

/// What every engine of a service shares, loaded once from the index:
/// the taxonomy it was built with and the expansion vocabulary (its glossary,
/// WordNet, the compiled dictionary, the taxonomy's labels). Immutable.
struct IndexResources {
  Taxonomy taxonomy;
  Expander expander;
  std::filesystem::path corpus;  ///< The corpus directory the index was built from (empty when unrecorded).
  /// Loads them from the index at `index` and the WordNet database at
  /// `wordnet_dir` (missing: no WordNet). Throws IndexUnavailable.
  static std::unique_ptr<const IndexResources> load(const std::filesystem::path& index,
                                                    const std::filesystem::path& wordnet_dir);
};

/// Searches one index. Not thread-safe: each thread owns its own Engine (and
/// so its own Xapian database handle). Before each call the engine picks up a
/// new index revision (or a rebuilt index), and starts again when the
/// revision it was reading is overwritten by the writer: twice freely, then
/// once more holding `gate` shared (see WriteGate). Xapian errors leave as
/// IndexUnavailable.
class Engine {
 public:
  /// Opens the index at `index_path`; `resources` (may be null: no
  /// expansion, no suggestions beyond index words) and `gate` (may be null:
  /// no in-process writer, or the caller already holds it) must outlive the
  /// engine. Throws IndexUnavailable.
  Engine(std::filesystem::path index_path, const IndexResources* resources, WriteGate* gate = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs `request`. Malformed query syntax never fails: it falls back to words.
  SearchResult search(const SearchRequest& request);
  /// Every unit `request` matches (its paging ignored), in its order, read in batches; no facets, no snippets.
  std::vector<std::shared_ptr<const Unit>> export_units(SearchRequest request);
  /// The unit with `id`, or nullopt.
  std::optional<Unit> document(const std::string& id);
  /// Up to `limit` units most like unit `id` (never itself); nullopt for an unknown id.
  std::optional<std::vector<Hit>> similar(const std::string& id, int limit);
  /// Up to `limit` completions of `q`: taxonomy labels of facets the index
  /// uses (in `ui_lang` first, then region aliases and other languages'
  /// names), glossary terms, then index words of the last word, most frequent first.
  std::vector<std::string> suggest(const std::string& q, const std::string& ui_lang, int limit);
  /// Number of units carrying value `value` of `facet`.
  std::uint64_t count(Facet facet, const std::string& value);
  /// The metadata value `key` of the index ("" when absent).
  std::string metadata(const std::string& key);
  /// Document count, revision and on-disk size of the index.
  IndexStats stats();
  /// Reads a little of every table of the index (the last document's record,
  /// terms and values, a posting list, the spelling data). Throws
  /// IndexUnavailable when any of it cannot be read (e.g. a corrupt file).
  void check_readable();
  /// Identifies what the next request will read: the index generation
  /// directory and its revision ("/srv/.index.gen-...:42"), after picking up
  /// any newer revision or rebuild. Equal versions give equal answers.
  std::string index_version();
  /// The generation directory the engine reads (after picking up a rebuild).
  std::filesystem::path generation();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The taxonomy stored in the index at `index_path` by m4d-index. Throws
/// IndexUnavailable when the index cannot be opened or holds no taxonomy.
Taxonomy load_index_taxonomy(const std::filesystem::path& index_path);

/// Escapes &, <, >, " and ' for HTML.
std::string html_escape(std::string_view s);

}  // namespace m4d::search
