#pragma once
// Private to the engine: the passage of a hit shown under its title.
#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace m4d::search {

/// Characters of a snippet.
inline constexpr unsigned kSnippetLength = 300;

/// The terms that mark what `text` matched, as one OR query: each word and
/// "Z" + its stem, so per-language stems ("ZENremitt") become "Zremitt"; title
/// and key-word terms are left out, and so are function words.
Xapian::Query snippet_query(const Xapian::Query& text);

/// Marks the words of a snippet that a query asked for. Built once per
/// prepared query; use on one thread at a time.
class SnippetMarks {
 public:
  /// The marks of `text`, a built query's text part (snippet_query's terms).
  explicit SnippetMarks(const Xapian::Query& text);

  /// `span` (at most kSnippetLength bytes) HTML-escaped, each word whose
  /// lower case form or "Z" + its stem in `lang` is a marked term in
  /// <mark>...</mark>: exactly what Xapian 1.4's MSet::snippet (flags 0, an
  /// MSet of snippet_query) returns for a text that fits its length, with
  /// its word splitting ("l'emploi", "U.N.", "C++"), its leading and
  /// trailing punctuation and its closing ellipsis.
  std::string mark(std::string_view span, const std::string& lang) const;

 private:
  std::unordered_set<std::string> terms_;
  // Words already decided, by language: a query's snippets meet the same
  // words again and again, and deciding one takes its stem.
  mutable std::map<std::string, std::unordered_map<std::string, bool>, std::less<>> decided_;
  static constexpr std::size_t kMaxDecided = 4096;  // words kept per language
};

/// A stem or phrase word the snippet window looks for, with its inverse document frequency.
struct MarkedStem {
  std::string text;  ///< Lower case: "traffick", "migrants".
  double idf;
};

/// The stems of `asked` in language `lang` and its phrase words that occur in
/// `db` ("ZENtraffick" -> "traffick"), once each, with their idf in `db`.
/// Other languages' stems say nothing about where a `lang` text answers.
std::vector<MarkedStem> window_stems(const Xapian::Query& asked, const Xapian::Database& db, const std::string& lang);

/// What snippet_span looks up instead of scanning a text: where its words
/// start, keyed by their first four bytes (ASCII lower-cased, zero past the
/// word's end, first byte most significant so that a prefix is a range), and
/// where its sentences start. Computed once per unit and kept with it.
struct WordStarts {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> heads;  ///< (key, byte offset), sorted
  std::vector<std::uint32_t> sentences;                        ///< offsets after "\n" or ". ", "? ", "! ", sorted
};
WordStarts word_starts(const std::string& text);

/// The part of `text` a snippet shows, as byte offsets [first, second): at
/// most kSnippetLength bytes cut at word boundaries (never inside a UTF-8
/// sequence), starting at a sentence (or a few words before a match in a long
/// one) chosen so that it holds the most idf of distinct `stems` (a word
/// matches a stem it starts with, case aside in its first four bytes); the
/// start of the text when `stems` is empty or none occurs. `words` are the
/// text's word_starts(). Chosen from the index's statistics only, so a
/// sharded index shows the same text.
std::pair<std::size_t, std::size_t> snippet_span(const std::string& text, const WordStarts& words,
                                                 const std::vector<MarkedStem>& stems);

/// The start of `text` up to a word boundary, HTML-escaped, with an ellipsis (browse results, similar units).
std::string leading_snippet(const std::string& text);

}  // namespace m4d::search
