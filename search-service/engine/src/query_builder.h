#pragma once
// Private to the engine: turns parsed clauses into a Xapian query, with
// per-language stems, glossary synonyms and translations, WordNet synonyms,
// dictionary translations and taxonomy labels.
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "m4d/phrase_terms.h"
#include "m4d/search/expander.h"
#include "query_parser.h"

namespace m4d::search {

/// What build_query produced.
struct BuiltQuery {
  Xapian::Query text;                  ///< Text clauses (empty query when there are none).
  Xapian::Query filter;                ///< Field-scope filters AND-ed (empty when none).
  Xapian::Query exclude;               ///< Negated clauses OR-ed (empty when none).
  bool words_only = true;              ///< No phrase, field scope, exclusion or OR in the query.
  std::vector<std::string> languages;  ///< Languages the query's glossary terms were recognised in.
  std::string identified_language;     ///< identify_query_language's answer ("" when ambiguous).
  std::map<std::string, std::vector<std::string>> expansions;  ///< Word or phrase -> alternatives used.
  bool phrase_alternatives = false;                            ///< Some alternative is a phrase ("domestic workers").
  bool conjunctive = true;  ///< Built with QueryMode::conjunctive (set by the engine).
  std::size_t clauses = 0;  ///< How many clauses it was built from (set by the engine).
  bool phrased = false;     ///< `text` holds a phrase somewhere (see combine()).
  /// `text` (an OR of concepts) where each concept a unit holds also adds
  /// kConceptWeight, so a weight cutoff of k * kConceptWeight keeps the units
  /// holding at least k concepts (text_weight() gives back `text`'s weight).
  /// Empty unless QueryMode::coordinate and `text` is an OR of two concepts or more.
  Xapian::Query coordinated;
  std::size_t concepts = 0;  ///< Concepts of `coordinated` that some unit holds.
  /// At least as many units as hold every concept of `coordinated` (the least
  /// sum of a concept's terms' frequencies): when small, no pass need ask.
  std::uint64_t all_concepts_at_most = 0;
};

/// What a unit gains in `BuiltQuery::coordinated` for each concept it holds:
/// above any text weight a unit can reach, so the concepts are counted by the
/// integer part of weight / kConceptWeight.
inline constexpr double kConceptWeight = 1e6;

/// The text weight of a unit weighing `w` in a coordinated query (w without
/// its concepts' kConceptWeight).
double text_weight(double w);

/// How build_query combines what it builds.
struct QueryMode {
  bool conjunctive = true;          ///< Clauses AND-ed (else OR-ed).
  bool loose_alternatives = false;  ///< An alternative phrase also matches as all its words anywhere in a unit.
  bool coordinate = false;          ///< Also build BuiltQuery::coordinated (for OR-ed clauses).
};

/// a AND b, where an empty query means "no constraint".
Xapian::Query both(const Xapian::Query& a, const Xapian::Query& b);

/// The units `text` matches (every unit when it is empty) that match `filter`
/// and not `exclude` (either may be empty). `phrased`: `text` holds a phrase
/// (BuiltQuery::phrased). The filter never changes a unit's weight (Xapian
/// 1.4 could: see the definition).
Xapian::Query combine(const Xapian::Query& text, bool phrased, const Xapian::Query& filter,
                      const Xapian::Query& exclude);

/// Builds the Xapian query of `clauses`, combined as `mode` says. `expander`
/// may be null (no expansion); `lang` is the expansion's source language. A
/// word matches through its stems in every language of the index written in
/// its script, unless the query was identified (identify_query_language):
/// then through its stems in that language and in English, the collection's
/// pivot (cognates: "tourisme" -> tourism), and translations do the rest.
/// `db` tells which words are already common in the index: WordNet synonyms
/// are only added for words the index rarely or never uses (curated glossary
/// terms always). A phrase of `phrases` (the index's, see PhraseTerms)
/// matches through its term instead of its words' positions.
BuiltQuery build_query(const std::vector<Clause>& clauses, const QueryMode& mode, const Expander* expander,
                       const std::string& lang, const Xapian::Database& db, const PhraseTerms& phrases);

}  // namespace m4d::search
