#pragma once
// Private to the engine: ranking of /api/suggest completions, and the
// spelling correction of a query.
#include <xapian.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "m4d/facets.h"
#include "m4d/search/expander.h"
#include "m4d/taxonomy.h"
#include "query_parser.h"

namespace m4d::search {

/// Completions in the order they are added, at most `limit`, each search key
/// once ("Sénégal" and "sénégal" are one suggestion).
class Suggestions {
 public:
  explicit Suggestions(std::size_t limit) : limit_(limit) {}
  /// Adds `s` unless full or already there.
  void add(std::string s);
  /// The most completions there may be.
  std::size_t limit() const { return limit_; }
  /// The completions, moved out.
  std::vector<std::string> take() { return std::move(out_); }

 private:
  std::size_t limit_;
  std::vector<std::string> out_;
  std::set<std::string> keys_;
};

/// Adds the taxonomy labels that complete `q` (two characters at least):
/// themes and goals, then the countries and regions the index `used`, in
/// `ui_lang`; then regions' common names ("West Africa") and the names in the
/// other UI languages ("Sénégal" in an English UI).
void add_label_suggestions(Suggestions& out, const std::string& q, const std::string& ui_lang, const Taxonomy& taxonomy,
                           const std::function<bool(Facet, const std::string&)>& used);

/// Adds `q` with its last word completed by the index's words, most frequent first.
void add_index_word_suggestions(Suggestions& out, const std::string& q, const Xapian::Database& db);

/// `q` (parsed as `clauses`) with its misspelt words replaced by the index's
/// spelling suggestion (`suggest`: a word's suggestion, "" for none), or ""
/// when none is. A word some unit of `db` has is not misspelt, nor is a word
/// the expansion recognised (a key or word of `expansions`: "ODD" in "ODD
/// 10", a country name in another language), nor a word with a digit
/// ("3x1"); and a word `expander` (may be null) knows in French or Spanish is
/// not corrected into an English one ("trata" is not a misspelt "data").
std::string corrected_query(const std::string& q, const std::vector<Clause>& clauses,
                            const std::map<std::string, std::vector<std::string>>& expansions,
                            const Xapian::Database& db, const std::function<std::string(const std::string&)>& suggest,
                            const Expander* expander);

}  // namespace m4d::search
