#pragma once
// Private to the tagger: the words of a text as the tagger sees them, word
// vectors, and cue phrases found in a text.
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "m4d/tagger.h"
#include "m4d/text.h"

namespace m4d::tagging {

/// Term id -> weight; unit length after vectorising.
using SparseVector = std::unordered_map<int, double>;

/// A word of a text.
struct Token {
  std::string key;   ///< search_key() of the word, without an elided article.
  std::string stem;  ///< Stem of key; empty for a topic stop word or a number.
  std::size_t begin, end;
};

/// A weighted cue phrase of a theme or a target, as stems.
struct Phrase {
  std::string owner;
  double weight;
  std::vector<std::string> stems;
};

/// Where a cue's phrases matched: weighted score and the first hits' offsets.
struct PhraseHits {
  double raw = 0;
  std::vector<std::size_t> offsets;
};

/// Cuts texts into tokens with a StemFn. Thread-safe when the StemFn is.
class Analyzer {
 public:
  explicit Analyzer(StemFn stem) : stem_(std::move(stem)) {}
  /// The tokens of `text` in `lang`.
  std::vector<Token> analyze(std::string_view text, const std::string& lang) const;
  /// The stems of a cue phrase (stop words left out).
  std::vector<std::string> phrase_stems(const std::string& phrase, const std::string& lang) const;

 private:
  StemFn stem_;
};

/// Occurrences of each phrase in `tokens` (stems in order, stop words in the
/// text skipped): owner -> hits. A multi-word phrase counts 1.5 times.
std::map<std::string, PhraseHits> match_phrases(const std::vector<Token>& tokens, const std::vector<Phrase>& phrases);

/// Dot product of two unit vectors.
double cosine(const SparseVector& a, const SparseVector& b);

/// The sentence of `text` that contains byte `at`, trimmed to 400 bytes at a word boundary.
std::string sentence_at(std::string_view text, const std::vector<WordSpan>& sentences, std::size_t at);

}  // namespace m4d::tagging
