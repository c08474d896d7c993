#pragma once
/// Query expansion vocabulary: the field glossary of taxonomy/, English
/// WordNet synonyms and the FreeDict bilingual dictionaries (compiled at build
/// time by tools/compile_dictionary). Immutable after construction; shared by all threads.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "m4d/facets.h"
#include "m4d/taxonomy.h"

namespace m4d::search {

/// Alternatives for a query word or phrase, by kind.
struct Expansion {
  std::vector<std::string> glossary;      ///< Same-concept terms from the field glossary (same language).
  std::vector<std::string> translations;  ///< The concept's terms in the glossary's other languages (English first).
  std::vector<std::string> translation_langs;  ///< Language of each translation.
  std::vector<std::string> wordnet;            ///< Synonyms from the word's most frequent WordNet senses (English).
};

/// A dictionary translation of a single word.
struct DictionaryTranslation {
  std::string source_lang;  ///< Language of the word looked up.
  std::string target_lang;  ///< Language of `text`.
  std::string text;         ///< The translation (one to three words).
};

/// A taxonomy label typed in a query ("Marruecos", "Afrique de l'Ouest",
/// "remittances", "ODD 10", "10.7"): the facet it names.
struct TaxonomyLabel {
  Facet facet;                       ///< The facet: country, region, theme, goal or target.
  std::string value;                 ///< Facet value: "MA", "011", "remittances", "10", "10.7".
  std::string lang;                  ///< Language of the label ("" for a code such as "10.7").
  std::string english;               ///< The English label ("Morocco"), empty for codes.
  std::vector<std::string> members;  ///< A region's countries by English name: where they are named ranks its units.
};

/// Looks up alternatives for words and phrases.
class Expander {
 public:
  /// `glossary_tsv`: contents of taxonomy/glossary.tsv ("concept<TAB>lang<TAB>term" rows).
  /// `wordnet_dir`: Debian wordnet-base's /usr/share/wordnet; a missing directory means no WordNet.
  /// `dictionary_file`: the compiled FreeDict table; missing means no dictionary.
  Expander(const std::string& glossary_tsv, const std::filesystem::path& wordnet_dir,
           const std::filesystem::path& dictionary_file = default_dictionary_file());
  /// The table compiled by this build (build/share/m4d/dictionary.tsv).
  static std::filesystem::path default_dictionary_file();

  /// Alternatives for `phrase` (one or more words, any case) in `lang`.
  Expansion expand(const std::string& phrase, const std::string& lang) const;
  /// Matching key of a word or phrase: word_key() of each word, joined by single spaces.
  static std::string phrase_key(std::string_view phrase);
  /// The feminine of a French or Spanish word in lower case, in the same
  /// number ("travailleurs" -> "travailleuses", "domésticos" -> "domésticas",
  /// "employé" -> "employée", "agricultor" -> "agricultora", "local" ->
  /// "locale"), or "" when it has none or is its own (a word ending in -e,
  /// "migrante"; a noun such as "migration" or "emploi"). `people_only`: only
  /// agent nouns and participles ("retornado", not "giro").
  static std::string feminine(std::string_view word, std::string_view lang, bool people_only);
  /// True when the glossary has a term whose phrase_key() is `key` in `lang`. Cheap: no normalisation.
  bool in_glossary(const std::string& key, const std::string& lang) const;
  /// The languages in which the glossary has a term with matching key `key` (see in_glossary).
  std::vector<std::string> glossary_languages(const std::string& key) const;
  /// Dictionary translations of one word (any case, accents optional; a
  /// plural falls back to its singular headword), from every source language
  /// that has it; English targets first.
  std::vector<DictionaryTranslation> translate_word(std::string_view word) const;
  /// True when `word` (any case, accents optional) is a word of `lang`: a
  /// dictionary headword in that language or a word of its word list.
  bool knows_word(std::string_view word, const std::string& lang) const;
  /// Number of dictionary headwords loaded (0 without the table).
  std::size_t dictionary_size() const { return dictionary_.size(); }
  /// Up to `limit` glossary terms whose matching key starts with `key_prefix`
  /// (a phrase_key(), possibly ending in a partial word): terms in
  /// `prefer_lang` first, then the other languages; shorter terms first.
  std::vector<std::string> complete(const std::string& key_prefix, const std::string& prefer_lang,
                                    std::size_t limit) const;
  /// Longest glossary phrase length in words (for multi-word matching).
  std::size_t max_phrase_words() const { return max_words_; }
  /// Number of WordNet lemmas loaded (0 without WordNet).
  std::size_t wordnet_size() const { return wordnet_.size(); }

  /// Learns the labels of `taxonomy` in every language: country names (CLDR)
  /// and curated aliases and demonyms, region names, theme labels, goal short
  /// titles and "SDG 10" / "ODD 10" / "ODS 10", target ids ("10.7", "SDG 10.7").
  /// Call before sharing the expander across threads.
  void add_taxonomy_labels(const Taxonomy& taxonomy);
  /// The facets named by a label whose phrase_key() is `key`; empty when none.
  const std::vector<TaxonomyLabel>& taxonomy_labels(const std::string& key) const;
  /// Longest taxonomy label in words.
  std::size_t max_label_words() const { return max_label_words_; }

 private:
  // Makes a term found in the other grammatical number too: a one-word term
  // in either ("municipalité" for "municipalités", "diasporas" for
  // "diaspora"), a phrase of up to four words with any of its words in the
  // other number ("transfert de fonds", "guichet unique", "profils
  // migratoires", "perfiles migratorios"), and in French and Spanish in the
  // feminine ("trabajadoras domésticas", "travailleuses migrantes",
  // "retornadas"), an Arabic term with and without the article on each word
  // ("عودة" for "العودة"), unless that form is a term of its own.
  void add_inflection_variants();

  // "lang\x1Fterm" (term as search key) -> concept ids; concept id -> (lang, term) list;
  // term key -> languages that have it.
  std::unordered_map<std::string, std::vector<std::string>> term_concepts_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> concept_terms_;
  std::unordered_map<std::string, std::vector<std::string>> key_languages_;
  struct KeyedTerm {
    std::string key, lang, term;
  };
  std::vector<KeyedTerm> sorted_terms_;                                // every glossary term, by key (for completion)
  std::unordered_map<std::string, std::vector<std::string>> wordnet_;  // lemma -> synonyms
  std::unordered_map<std::string, std::vector<DictionaryTranslation>> dictionary_;  // word key -> translations
  std::map<std::string, std::vector<std::string>> known_words_;  // lang -> word keys of its word list, sorted
  std::size_t max_words_ = 1;
  std::unordered_map<std::string, std::vector<TaxonomyLabel>> labels_;  // phrase key -> facets
  std::size_t max_label_words_ = 0;
};

}  // namespace m4d::search
