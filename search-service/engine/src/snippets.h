#pragma once
// Private to the engine: the passage of a hit shown under its title.
#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace m4d::search {

/// Characters of a snippet.
inline constexpr unsigned kSnippetLength = 300;

/// The query MSet::snippet needs to mark what `text` matched: Xapian's snippet
/// code looks up each word and "Z" + its stem, so per-language stems
/// ("ZENremitt") become "Zremitt"; title and key-word terms are left out, and
/// so are function words.
Xapian::Query snippet_query(const Xapian::Query& text);

/// A stem or phrase word the snippet window looks for, with its inverse document frequency.
struct MarkedStem {
  std::string text;  ///< Lower case: "traffick", "migrants".
  double idf;
};

/// The stems of `asked` in language `lang` and its phrase words that occur in
/// the index ("ZENtraffick" -> "traffick"), once each, with their idf from
/// `mset`'s statistics over `docs` documents. Other languages' stems say
/// nothing about where a `lang` text answers.
std::vector<MarkedStem> window_stems(const Xapian::Query& asked, const Xapian::MSet& mset, Xapian::doccount docs,
                                     const std::string& lang);

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

/// A Xapian stemmer over lang::stem for `lang`, for MSet::snippet. Use on one thread.
Xapian::Stem snippet_stemmer(const std::string& lang);

}  // namespace m4d::search
