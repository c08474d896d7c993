#pragma once
/// Where the glossary's phrases sit, as index terms. A unit holding the words
/// of a known phrase at consecutive positions ("local development") also
/// holds the boolean term schema::kPrefixPhrase + that phrase's key: a query
/// matches such a phrase through its term instead of testing the positions
/// of every unit holding all its words (see docs/decisions-speed.md). The set is stored in the index's metadata
/// (schema::kMetaPhraseTerms), so the indexer, the editor and the engine use
/// the same one; an index without it has no phrase terms.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace m4d {

/// A set of known phrases (immutable once built; shared by threads).
class PhraseTerms {
 public:
  /// Longest phrase, in words.
  static constexpr std::size_t kMaxWords = 4;

  /// The glossary's terms (taxonomy/glossary.tsv rows "concept<TAB>lang<TAB>term")
  /// of 2 to kMaxWords words, none of them a word without positions
  /// (lang::is_positionless: "rights of migrants" is left out).
  static PhraseTerms from_glossary(std::string_view glossary_tsv);
  /// The set bytes() gave; "" gives the empty set.
  static PhraseTerms load(std::string_view bytes);
  /// The keys, sorted, one per line.
  std::string bytes() const;
  /// True for the empty set (an index built before phrase terms).
  bool empty() const { return keys_.empty(); }

  /// The term marking the phrase of `words` (lower case, as indexed), or ""
  /// when they are not a phrase of the set.
  std::string term_of(const std::vector<std::string>& words) const;
  /// The terms of the phrases found in a text whose positioned words
  /// (position, lower-case word) are `words`, sorted by position: each run
  /// of consecutive positions spelling a phrase of the set.
  std::vector<std::string> terms_in(const std::vector<std::pair<std::uint32_t, std::string_view>>& words) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;
  Set keys_;         // words joined by single spaces
  Set first_words_;  // first word of each key
};

}  // namespace m4d
