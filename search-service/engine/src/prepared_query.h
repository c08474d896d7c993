#pragma once
// Private to the engine: a query text prepared once per revision of the index.
#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "query_builder.h"
#include "snippets.h"

namespace m4d::search {

/// A query text as the engine runs it on one revision of the index: its
/// built query, and what its requests need besides the match, each computed
/// on first use and kept with it (Engine::Impl keeps an engine's recent ones).
struct PreparedQuery {
  explicit PreparedQuery(BuiltQuery b) : built(std::move(b)), marks(built.text) {}

  BuiltQuery built;
  SnippetMarks marks;                                      ///< the words and stems of built.text
  std::map<std::string, std::vector<MarkedStem>> windows;  ///< window_stems(built.text) by unit language
  std::optional<Xapian::Query> fed;                        ///< built.text with feedback terms, for a weak query
};

}  // namespace m4d::search
