#pragma once
/// Query expansion vocabulary: the field glossary of taxonomy/ and English
/// WordNet synonyms. Immutable after construction; shared by all threads.
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace m4d::search {

/// Alternatives for a query word or phrase, by kind.
struct Expansion {
  std::vector<std::string> glossary;      ///< Same-concept terms from the field glossary (same language).
  std::vector<std::string> translations;  ///< The concept's terms in the glossary's other languages (English first).
  std::vector<std::string> translation_langs;  ///< Language of each translation.
  std::vector<std::string> wordnet;            ///< Synonyms from the word's most frequent WordNet senses (English).
};

/// Looks up alternatives for words and phrases.
class Expander {
 public:
  /// `glossary_tsv`: contents of taxonomy/glossary.tsv ("concept<TAB>lang<TAB>term" rows).
  /// `wordnet_dir`: Debian wordnet-base's /usr/share/wordnet; a missing directory means no WordNet.
  Expander(const std::string& glossary_tsv, const std::filesystem::path& wordnet_dir);

  /// Alternatives for `phrase` (one or more words, any case) in `lang`.
  Expansion expand(const std::string& phrase, const std::string& lang) const;
  /// Matching key of a word or phrase: word_key() of each word, joined by single spaces.
  static std::string phrase_key(std::string_view phrase);
  /// True when the glossary has a term whose phrase_key() is `key` in `lang`. Cheap: no normalisation.
  bool in_glossary(const std::string& key, const std::string& lang) const;
  /// The languages in which the glossary has a term with matching key `key` (see in_glossary).
  std::vector<std::string> glossary_languages(const std::string& key) const;
  /// Longest glossary phrase length in words (for multi-word matching).
  std::size_t max_phrase_words() const { return max_words_; }
  /// Number of WordNet lemmas loaded (0 without WordNet).
  std::size_t wordnet_size() const { return wordnet_.size(); }

 private:
  // "lang\x1Fterm" (term as search key) -> concept ids; concept id -> (lang, term) list;
  // term key -> languages that have it.
  std::unordered_map<std::string, std::vector<std::string>> term_concepts_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> concept_terms_;
  std::unordered_map<std::string, std::vector<std::string>> key_languages_;
  std::unordered_map<std::string, std::vector<std::string>> wordnet_;  // lemma -> synonyms
  std::size_t max_words_ = 1;
};

}  // namespace m4d::search
