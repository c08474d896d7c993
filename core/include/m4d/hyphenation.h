#pragma once
/// Decides whether a word broken at a line end ("inno-" / "vative") is one word
/// to join ("innovative") or a real compound to keep ("cross-border").
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace m4d {

/// Evidence-based resolver for line-break hyphenation.
///
/// Evidence, strongest first: how often the corpus itself writes the joined
/// form and the hyphenated form away from line ends; then whether the joined
/// form is in the word list; then whether both halves are words on their own.
/// Immutable after construction; safe to share across threads.
class HyphenationResolver {
 public:
  /// `word_list`: lower-case words (e.g. /usr/share/dict); may be empty.
  explicit HyphenationResolver(std::unordered_set<std::string> word_list = {});

  /// Records the words of `text` (whole words and hyphenated compounds written
  /// inside a line) as evidence. Call for every document before resolving.
  void observe(std::string_view text);

  /// Joins `left` (without its trailing hyphen) and `right`, the first word of
  /// the next line: returns "leftright" or "left-right".
  std::string join(std::string_view left, std::string_view right) const;

 private:
  std::unordered_set<std::string> word_list_;
  std::unordered_map<std::string, int> counts_;  // folded word or compound -> occurrences
};

}  // namespace m4d
