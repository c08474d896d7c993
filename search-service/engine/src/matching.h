#pragma once
// Private to the engine: the passes that match a built query for one request.
#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "facet_counter.h"
#include "m4d/search/engine.h"
#include "query_builder.h"

namespace m4d::search {

/// What the passes of a query found: its page of hits, its total, its facet
/// counts, and how many units it matches without its facet filters.
struct Matched {
  std::vector<PageItem> page;     ///< The page of hits, in order.
  std::unique_ptr<FacetSpy> spy;  ///< Facet counts (request asked for facets).
  std::uint64_t total = 0;        ///< Units matched under the facet filters.
  std::uint64_t unfiltered = 0;   ///< Units matched without them (at least `enough`, see match()).
};

/// Where and how a query is matched.
struct MatchScope {
  const Xapian::Database& db;
  std::string version;       ///< Engine::index_version() (read when facets are asked for).
  double min_weight = 0;     ///< Units weighing less are not matched (0: none).
  std::uint64_t enough = 1;  ///< Without facets, count the unfiltered units up to this many.
};

/// Runs `text` (with the field scopes and exclusions of `built`) for page
/// `r.page` under `filters`. Facets: one pass over every unit the query
/// matches without its facet filters (FacetSpy), which also counts the
/// selected units. On one database a page by relevance is then chosen from
/// the units that pass kept (no second pass); otherwise the page has a pass
/// of its own, which checks every match. Without a selection the page's own
/// pass counts. With a `min_weight` (a coordinated query,
/// BuiltQuery::coordinated) a page by relevance is ranked by text_weight()
/// over every unit at or above it, then by docid: the units that hold enough
/// concepts, ranked by what they hold, not by how many.
Matched match(const MatchScope& scope, const SearchRequest& r, const BuiltQuery& built, const Xapian::Query& text,
              const Xapian::Query& filters);

}  // namespace m4d::search
