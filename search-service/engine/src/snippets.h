#pragma once
// Private to the engine: the passage of a hit shown under its title.
#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
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

/// Words already decided in one language (lower-case word -> marked or
/// not): a query's snippets meet the same words again and again, and
/// deciding one takes its stem. Open addressing over FNV-1a, up to kMax words.
class DecidedWords {
 public:
  /// 1 when `word` is marked, 0 when it is not, -1 when not decided yet.
  int find(std::string_view word) const;
  /// Keeps the decision of `word`, not decided yet (nothing once kMax words are kept).
  void add(std::string_view word, bool marked);
  static constexpr std::size_t kMax = 4096;

 private:
  struct Slot {
    std::string word;
    std::int8_t marked = -1;  // -1: empty
  };
  // The slot holding `word`, or the empty one where it would go.
  std::size_t slot_of(std::string_view word) const;
  std::vector<Slot> slots_ = std::vector<Slot>(64);  // a power of two, at most half full
  std::size_t size_ = 0;
};

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
  mutable std::map<std::string, DecidedWords, std::less<>> decided_;  // by language
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
