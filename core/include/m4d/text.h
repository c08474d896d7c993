#pragma once
/// Unicode text utilities built on ICU. Pure functions, thread-safe.
#include <string>
#include <string_view>
#include <vector>

namespace m4d {

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, no truncation).
bool is_valid_utf8(std::string_view s);

/// Byte offset of the first ill-formed UTF-8 sequence in `s`, or std::string_view::npos.
std::size_t utf8_error_offset(std::string_view s);

/// Returns `s` in Unicode Normalization Form C. Throws InvalidInput on invalid UTF-8.
std::string to_nfc(std::string_view s);

/// Lower-cases `s` with full Unicode case folding (locale independent).
std::string fold_case(std::string_view s);

/// True when the first code point of `s` is a lower-case letter.
bool starts_with_lowercase(std::string_view s);

/// True when the first code point of `s` is an upper-case or title-case letter.
bool starts_with_uppercase(std::string_view s);

/// Collapses runs of white space (incl. tabs, NBSP) to one ASCII space and trims both ends.
std::string collapse_spaces(std::string_view s);

/// Number of letters (Unicode general category L*) in `s`.
std::size_t count_letters(std::string_view s);

/// The lines of `text` (without their "\n" or "\r\n"); views into `text`.
std::vector<std::string_view> split_lines(std::string_view text);

/// Matching form of a word or phrase: case-folded, accents removed, NFC
/// ("Sédhiou" -> "sedhiou", "DRÂA" -> "draa").
std::string search_key(std::string_view s);

/// The matching form of one word: its search_key() without a French or
/// Italian elided article ("l'emploi" -> "emploi", "D’accueil" -> "accueil";
/// see lang::elision_length).
std::string word_key(std::string_view word);

/// The matching forms of the words of `text` that differ from their plain
/// lower-case form (accented, elided, Arabic with diacritics), and the words
/// of scripts written without spaces (Chinese, Thai...) as ICU's word breaker
/// separates them, space-separated: indexed beside the original words so that
/// "Sedhiou" finds "Sédhiou" and "汇款" is a word of "移民汇款促进地方发展".
std::string folded_variants(std::string_view text);

/// A word of a text, located by byte offsets into it.
struct WordSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// The words of `text` (ICU word boundaries; punctuation and spaces skipped,
/// numbers kept). `text` must be valid UTF-8.
std::vector<WordSpan> split_words(std::string_view text);

/// Sentence boundaries of `text` as byte ranges (ICU sentence boundaries).
std::vector<WordSpan> split_sentences(std::string_view text);

}  // namespace m4d
