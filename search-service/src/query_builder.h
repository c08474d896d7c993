#pragma once
// Private to the engine: turns the user's query string into a Xapian query.
//
// Syntax: words, "exact phrases", -excluded, OR between two clauses, and
// field scopes title:, country:, sdg:, theme:, goal:, region:, type:, lang:.
// Anything malformed (an unbalanced quote, an unknown field, a lone '-')
// falls back to plain words; building never throws on user input.
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "m4d/search/expander.h"

namespace m4d::search {

/// The query MSet::snippet needs to mark what `text` matched: Xapian's snippet
/// code looks up each word and "Z" + its stem, so per-language stems
/// ("ZENremitt") become "Zremitt"; title and key-word terms are left out.
Xapian::Query snippet_query(const Xapian::Query& text);

/// True for a function word of the query languages ("of", "des", "los") that
/// the query builder drops between other words and the snippets never mark.
bool is_stopword(const std::string& word);

/// Lower-cases like Xapian's TermGenerator does, so query terms match index terms.
std::string xapian_lower(std::string_view s);

/// One clause of a query string.
struct Clause {
  enum class Kind { kWords, kPhrase, kField };
  Kind kind = Kind::kWords;
  std::vector<std::string> words;  ///< The word (kWords) or the phrase's words (kPhrase, title: phrases).
  std::string field;               ///< kField: the field name; "title" scopes kWords/kPhrase clauses.
  std::string value;               ///< kField: the value as typed.
  bool negated = false;            ///< Preceded by '-'.
  bool or_previous = false;        ///< Joined to the previous clause with OR.
  bool joined = false;             ///< kPhrase of one unquoted token ("cross-border", "Guinea-Bissau").
};

/// Splits `q` into clauses.
std::vector<Clause> parse_clauses(std::string_view q);

/// What build_query produced.
struct BuiltQuery {
  Xapian::Query text;                    ///< Text clauses (empty query when there are none).
  Xapian::Query filter;                  ///< Field-scope filters AND-ed (empty when none).
  Xapian::Query exclude;                 ///< Negated clauses OR-ed (empty when none).
  std::vector<std::string> plain_words;  ///< Positive plain words, lower-cased (for spelling).
  bool words_only = true;                ///< No phrase, field scope, exclusion or OR in the query.
  std::vector<std::string> languages;    ///< Languages the query's glossary terms were recognised in.
  std::string identified_language;       ///< identify_query_language's answer ("" when ambiguous).
  std::map<std::string, std::vector<std::string>> expansions;  ///< Word or phrase -> alternatives used.
  bool phrase_alternatives = false;                            ///< Some alternative is a phrase ("domestic workers").
};

/// How build_query combines what it builds.
struct QueryMode {
  bool conjunctive = true;          ///< Clauses AND-ed (else OR-ed).
  bool loose_alternatives = false;  ///< An alternative phrase also matches as all its words anywhere in a unit.
};

/// The language a query is confidently written in, or "" when it is ambiguous
/// (most short queries: "migrants", "diaspora"). French and Spanish function
/// words and French elisions ("l'emploi") decide; otherwise CLD2, for two words
/// or more, when it is reliable and names a language other than English (CLD2
/// answers English for most short text, French "transferts de fonds" included).
std::string identify_query_language(const std::vector<Clause>& clauses);

/// Builds the Xapian query, combined as `mode` says. `expander`
/// may be null (no expansion); `lang` is the expansion's source language. A word
/// matches through its stems in every language of the index written in its
/// script, unless the query was identified (identify_query_language): then
/// through its stems in that language and in English, the collection's pivot
/// (cognates: "tourisme" -> tourism), and translations do the rest.
/// `db` tells which words are already common in the index: WordNet synonyms are
/// only added for words the index rarely or never uses (curated glossary terms always).
BuiltQuery build_query(const std::vector<Clause>& clauses, const QueryMode& mode, const Expander* expander,
                       const std::string& lang, const Xapian::Database& db);

}  // namespace m4d::search
