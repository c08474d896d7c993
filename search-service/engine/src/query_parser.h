#pragma once
// Private to the engine: the query syntax, parsed without Xapian.
//
// Syntax: words, "exact phrases", -excluded, OR between two clauses, and
// field scopes title: plus the facets' query fields (country:, sdg:, theme:,
// goal:, region:, type:, lang:; see m4d/facets.h). Anything malformed (an
// unbalanced quote, an unknown field, a lone '-') falls back to plain words;
// parsing never throws on user input.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m4d/facets.h"
#include "m4d/lang/word.h"

namespace m4d::search {

/// One clause of a query string.
struct Clause {
  enum class Kind { kWords, kPhrase, kField };
  Kind kind = Kind::kWords;
  std::vector<lang::Word> words;  ///< The word (kWords) or the phrase's words (kPhrase, title: phrases).
  bool title = false;             ///< Scoped to titles (title:word, title:"a phrase").
  std::optional<Facet> facet;     ///< kField: the facet named by the field scope.
  std::string value;              ///< kField: the value as typed.
  bool negated = false;           ///< Preceded by '-'.
  bool or_previous = false;       ///< Joined to the previous clause with OR.
  bool joined = false;            ///< kPhrase of one unquoted token ("cross-border", "Guinea-Bissau").

  /// The matching key of the clause's words: their word keys joined by spaces.
  std::string key() const;
  /// The words as typed, joined by spaces.
  std::string text() const;
};

/// Splits `q` (valid UTF-8) into clauses; each word is analysed once.
std::vector<Clause> parse_clauses(std::string_view q);

/// The language a query is confidently written in, or "" when it is ambiguous
/// (most short queries: "migrants", "diaspora"). French and Spanish marker
/// words and French elisions ("l'emploi") decide; otherwise CLD2, for two
/// words or more, when it is reliable and names a language other than
/// English (CLD2 answers English for most short text, French "transferts de
/// fonds" included).
std::string identify_query_language(const std::vector<Clause>& clauses);

}  // namespace m4d::search
