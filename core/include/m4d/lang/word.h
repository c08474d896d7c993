#pragma once
/// A word analysed once: the forms a query word is matched through.
#include <unicode/uscript.h>

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace m4d::lang {

/// A word with its normal forms, computed once. The stems are computed on
/// first use and kept. Not thread-safe (the stem cache): one per query.
class Word {
 public:
  /// Analyses `surface` (one word, valid UTF-8).
  explicit Word(std::string_view surface);

  /// As typed: "L'Emploi".
  const std::string& surface() const { return surface_; }
  /// Lower case, as index terms are: "l'emploi".
  const std::string& lower() const { return lower_; }
  /// Matching key: case-folded, accent- and elision-free ("emploi"); see word_key().
  const std::string& key() const { return key_; }
  /// Script of its letters (USCRIPT_COMMON for digits and punctuation).
  UScriptCode script() const { return script_; }
  /// The Snowball stems in `lang` of lower() and of key(), once each ("l'emploi" and "emploi").
  const std::vector<std::string>& stems(const std::string& lang) const;

 private:
  std::string surface_, lower_, key_;
  UScriptCode script_;
  mutable std::deque<std::pair<std::string, std::vector<std::string>>> stems_;  // by language; never moves an entry
};

/// The words of `text` (ICU word boundaries), analysed.
std::vector<Word> words_of(std::string_view text);

}  // namespace m4d::lang
