#include "m4d/search/expander.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>
#include <unordered_set>

#include "m4d/text.h"

namespace m4d::search {

namespace {

constexpr std::size_t kMaxWordnetSynonyms = 4;

std::string key_of(const std::string& lang, const std::string& term) {
  return lang + '\x1F' + Expander::phrase_key(term);
}

std::vector<std::string> fields(std::string_view line, char sep) {
  std::vector<std::string> out;
  std::size_t a = 0;
  while (a <= line.size()) {
    std::size_t b = line.find(sep, a);
    if (b == std::string_view::npos) b = line.size();
    out.emplace_back(line.substr(a, b - a));
    a = b + 1;
  }
  return out;
}

// WordNet: lemma -> synonyms of its most frequent sense, for nouns, verbs and adjectives.
void load_wordnet(const std::filesystem::path& dir, std::unordered_map<std::string, std::vector<std::string>>& out) {
  for (const char* pos : {"noun", "verb", "adj"}) {
    std::ifstream data(dir / (std::string("data.") + pos));
    std::ifstream index(dir / (std::string("index.") + pos));
    if (!data || !index) continue;
    std::unordered_map<std::string, std::vector<std::string>> synsets;  // offset -> lemmas
    std::string line;
    while (std::getline(data, line)) {
      if (line.empty() || line[0] == ' ') continue;  // licence header
      std::istringstream in(line);
      std::string offset, lexfile, type, count_hex;
      in >> offset >> lexfile >> type >> count_hex;
      const int words = static_cast<int>(std::strtol(count_hex.c_str(), nullptr, 16));
      std::vector<std::string> lemmas;
      for (int i = 0; i < words; ++i) {
        std::string word, lex_id;
        in >> word >> lex_id;
        if (auto p = word.find('('); p != std::string::npos) word = word.substr(0, p);  // "(a)" adjective markers
        std::replace(word.begin(), word.end(), '_', ' ');
        lemmas.push_back(word);
      }
      synsets.emplace(offset, std::move(lemmas));
    }
    while (std::getline(index, line)) {
      if (line.empty() || line[0] == ' ') continue;
      std::istringstream in(line);
      std::string lemma, p, synset_count, pointer_count;
      in >> lemma >> p >> synset_count >> pointer_count;
      for (int i = 0; i < std::atoi(pointer_count.c_str()); ++i) in >> p;
      std::string sense_count, tagged, first_offset;
      in >> sense_count >> tagged >> first_offset;
      auto it = synsets.find(first_offset);
      if (it == synsets.end()) continue;
      std::replace(lemma.begin(), lemma.end(), '_', ' ');
      auto& syn = out[lemma];
      for (const auto& w : it->second) {
        std::string lw = fold_case(w);
        if (lw != lemma && syn.size() < kMaxWordnetSynonyms && std::find(syn.begin(), syn.end(), lw) == syn.end())
          syn.push_back(lw);
      }
    }
  }
}

}  // namespace

std::filesystem::path Expander::default_dictionary_file() { return M4D_DICTIONARY_FILE; }

Expander::Expander(const std::string& glossary_tsv, const std::filesystem::path& wordnet_dir,
                   const std::filesystem::path& dictionary_file) {
  for (std::string_view line : split_lines(glossary_tsv)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = fields(line, '\t');
    if (f.size() != 3 || f[2].empty()) continue;
    term_concepts_[key_of(f[1], f[2])].push_back(f[0]);
    auto& langs = key_languages_[phrase_key(f[2])];
    if (std::find(langs.begin(), langs.end(), f[1]) == langs.end()) langs.push_back(f[1]);
    concept_terms_[f[0]].emplace_back(f[1], f[2]);
    max_words_ = std::max(max_words_, split_words(f[2]).size());
    sorted_terms_.push_back({phrase_key(f[2]), f[1], f[2]});
  }
  std::sort(sorted_terms_.begin(), sorted_terms_.end(),
            [](const KeyedTerm& a, const KeyedTerm& b) { return std::tie(a.key, a.lang) < std::tie(b.key, b.lang); });
  add_inflection_variants();
  if (std::filesystem::is_directory(wordnet_dir)) load_wordnet(wordnet_dir, wordnet_);
  if (std::ifstream in(dictionary_file); in) {
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      if (line.ends_with("\t\t")) {  // a word-list word: "lang TAB key TAB TAB", known, no translation
        const auto tab = line.find('\t');
        if (tab != std::string::npos && tab + 3 < line.size())
          known_words_[line.substr(0, tab)].push_back(line.substr(tab + 1, line.size() - tab - 3));
        continue;
      }
      const auto f = fields(line, '\t');
      if (f.size() != 4 || !is_valid_utf8(line)) continue;
      auto& list = dictionary_[f[1]];
      for (const auto& t : fields(f[3], '|')) {
        DictionaryTranslation d{f[0], f[2], t};
        // English targets first: the bundled corpus is English.
        list.insert(f[2] == "en" ? list.begin() : list.end(), std::move(d));
      }
    }
  }
  for (auto& [lang, keys] : known_words_)  // compile_dictionary writes them sorted
    if (!std::is_sorted(keys.begin(), keys.end())) std::sort(keys.begin(), keys.end());
}

std::string Expander::feminine(std::string_view word, std::string_view lang, bool people_only) {
  const bool plural = word.size() > 4 && word.back() == 's';
  std::string one(plural ? word.substr(0, word.size() - 1) : word);
  if (lang == "es" && plural && one.ends_with("ore")) one.pop_back();  // "trabajadores" -> "trabajador"
  if (one.size() < 4) return "";
  const std::string s = plural ? "s" : "";
  auto swapped = [&](std::string_view from, std::string_view to) {
    return one.substr(0, one.size() - from.size()) + std::string(to) + s;
  };
  if (lang == "es") {
    if (one.ends_with("or")) return one + "a" + s;
    if (one.ends_with("o") && (!people_only || one.ends_with("ado") || one.ends_with("ido"))) return swapped("o", "a");
    return "";
  }
  if (lang != "fr") return "";
  if (one.ends_with("teur")) return swapped("teur", "trice");
  if (one.ends_with("eur")) return swapped("eur", "euse");
  if (one.ends_with("\u00e9")) return one + "e" + s;  // "employé", "retourné"
  if (people_only) return "";
  if (one.ends_with("if")) return swapped("if", "ive");
  if (one.ends_with("ier")) return swapped("ier", "i\u00e8re");
  if (one.ends_with("er")) return swapped("er", "\u00e8re");
  if (one.ends_with("ien")) return swapped("ien", "ienne");
  // Adjectives and participles take an -e ("migrant", "local", "marocain",
  // "sénégalais"); nouns such as "migration", "développement", "emploi" have no feminine.
  if (one.ends_with("ment")) return "";
  for (std::string_view ending : {"ant", "ent", "al", "el", "in", "ain", "ais", "ois", "and", "ard", "u"})
    if (one.ends_with(ending)) return one + "e" + s;
  return "";
}

void Expander::add_inflection_variants() {
  // The forms of one word (lower case, accents kept): itself, its singular
  // ("remesas" -> "remesa", "hogares" -> "hogar") or its plural ("perfil" ->
  // "perfiles"), and in French and Spanish the feminine of each; an Arabic
  // word with and without its article.
  auto forms = [](const std::string& w, const std::string& lang, bool alone) {
    std::vector<std::string> out = {w};
    if (lang == "ar") {  // with and without the article: "العودة", "عودة"
      const std::string article = "\u0627\u0644";
      if (!w.starts_with(article))
        out.push_back(article + w);
      else if (w.size() >= article.size() + 4)
        out.push_back(w.substr(article.size()));
      return out;
    }
    if (w.size() >= 4 && w.back() != 's') {
      if (w.back() >= 'a' && w.back() <= 'z') {  // Latin: "profil migratoire" -> "profils migratoires"
        const bool vowel = std::string_view("aeiou").find(w.back()) != std::string_view::npos;
        out.push_back(w + (lang == "es" && !vowel ? "es" : "s"));  // "perfil" -> "perfiles"
      }
    } else if (w.size() >= 4) {
      out.push_back(w.substr(0, w.size() - 1));
      if (w.ends_with("es")) out.push_back(w.substr(0, w.size() - 2));
    }
    const std::size_t numbers = out.size();
    for (std::size_t i = 0; i < numbers; ++i)
      if (std::string f = feminine(out[i], lang, alone);
          !f.empty() && std::find(out.begin(), out.end(), f) == out.end())
        out.push_back(std::move(f));
    return out;
  };
  std::vector<std::pair<std::string, std::string>> variants;  // (key_of variant, key_of term)
  for (const auto& [concept_id, terms] : concept_terms_)
    for (const auto& [lang, term] : terms) {
      const std::string text = fold_case(term);
      std::vector<std::string> words;
      for (const auto& w : split_words(text)) words.push_back(text.substr(w.begin, w.end - w.begin));
      if (words.empty() || words.size() > 4) continue;
      // Every combination of the words' forms ("transfert de fonds" for "transferts de fonds").
      std::vector<std::string> phrases = {""};
      for (const auto& w : words) {
        std::vector<std::string> longer;
        for (const auto& p : phrases)
          for (const auto& f : forms(w, lang, words.size() == 1)) longer.push_back(p.empty() ? f : p + ' ' + f);
        phrases = std::move(longer);
      }
      for (const auto& p : phrases) variants.emplace_back(key_of(lang, p), key_of(lang, term));
    }
  std::sort(variants.begin(), variants.end());  // the same winner whatever the hash order
  for (const auto& [variant, term] : variants) {
    if (term_concepts_.count(variant)) continue;  // the term itself, or a term of its own ("remittance")
    term_concepts_[variant] = term_concepts_.at(term);
    const auto sep = variant.find('\x1F');
    auto& langs = key_languages_[variant.substr(sep + 1)];
    if (std::find(langs.begin(), langs.end(), variant.substr(0, sep)) == langs.end())
      langs.push_back(variant.substr(0, sep));
  }
}

bool Expander::knows_word(std::string_view word, const std::string& lang) const {
  const std::string key = word_key(word);
  if (auto it = known_words_.find(lang);
      it != known_words_.end() && std::binary_search(it->second.begin(), it->second.end(), key))
    return true;
  const auto it = dictionary_.find(key);
  return it != dictionary_.end() &&
         std::any_of(it->second.begin(), it->second.end(), [&](const auto& d) { return d.source_lang == lang; });
}

std::vector<DictionaryTranslation> Expander::translate_word(std::string_view word) const {
  // Headwords are singular: also try the word without a plural ending ("pêcheurs", "pescadores", "travaux").
  const std::string key = word_key(word);
  for (std::string_view ending : {"", "s", "es", "x"}) {
    if (key.size() <= ending.size() + 2 || !key.ends_with(ending)) continue;
    auto it = dictionary_.find(key.substr(0, key.size() - ending.size()));
    if (it != dictionary_.end()) return it->second;
  }
  return {};
}

std::vector<std::string> Expander::complete(const std::string& key_prefix, const std::string& prefer_lang,
                                            std::size_t limit) const {
  if (key_prefix.empty()) return {};
  std::vector<const KeyedTerm*> found;
  const auto by_key = [](const KeyedTerm& t, const std::string& k) { return t.key < k; };
  for (auto it = std::lower_bound(sorted_terms_.begin(), sorted_terms_.end(), key_prefix, by_key);
       it != sorted_terms_.end() && it->key.starts_with(key_prefix); ++it)
    found.push_back(&*it);
  std::stable_sort(found.begin(), found.end(), [&](const KeyedTerm* a, const KeyedTerm* b) {
    return std::make_pair(a->lang != prefer_lang, a->key.size()) <
           std::make_pair(b->lang != prefer_lang, b->key.size());
  });
  std::vector<std::string> out;
  for (const KeyedTerm* t : found) {
    if (out.size() >= limit) break;
    if (std::find(out.begin(), out.end(), t->term) == out.end()) out.push_back(t->term);
  }
  return out;
}

std::string Expander::phrase_key(std::string_view phrase) {
  std::string key;
  for (const auto& w : split_words(phrase))
    key += (key.empty() ? "" : " ") + word_key(phrase.substr(w.begin, w.end - w.begin));
  return key;
}

bool Expander::in_glossary(const std::string& key, const std::string& lang) const {
  return term_concepts_.count(lang + '\x1F' + key) > 0;
}

std::vector<std::string> Expander::glossary_languages(const std::string& key) const {
  auto it = key_languages_.find(key);
  return it == key_languages_.end() ? std::vector<std::string>{} : it->second;
}

Expansion Expander::expand(const std::string& phrase, const std::string& lang) const {
  Expansion out;
  const std::string key = phrase_key(phrase);
  if (auto it = term_concepts_.find(key_of(lang, phrase)); it != term_concepts_.end()) {
    for (const auto& concept_id : it->second) {
      for (const auto& [l, term] : concept_terms_.at(concept_id)) {
        if (phrase_key(term) == key) continue;
        if (l == lang) {
          if (std::find(out.glossary.begin(), out.glossary.end(), term) == out.glossary.end())
            out.glossary.push_back(term);
          continue;
        }
        if (std::find(out.translations.begin(), out.translations.end(), term) != out.translations.end()) continue;
        // English first among translations: the bundled corpus is English.
        const auto at = l == "en" ? 0 : out.translations.size();
        out.translations.insert(out.translations.begin() + static_cast<std::ptrdiff_t>(at), term);
        out.translation_langs.insert(out.translation_langs.begin() + static_cast<std::ptrdiff_t>(at), l);
      }
    }
  }
  if (lang == "en") {
    if (auto it = wordnet_.find(fold_case(collapse_spaces(phrase))); it != wordnet_.end()) {
      for (const auto& s : it->second)
        if (std::find(out.glossary.begin(), out.glossary.end(), s) == out.glossary.end()) out.wordnet.push_back(s);
    }
  }
  return out;
}

void Expander::add_taxonomy_labels(const Taxonomy& taxonomy) {
  // "Myanmar (Burma)" is typed "Myanmar".
  auto short_name = [](const std::string& name) { return name.substr(0, name.find(" (")); };
  auto add = [&](const std::string& label, TaxonomyLabel facet) {
    const std::string text = short_name(label);
    const std::string key = phrase_key(text);
    if (key.empty()) return;
    auto& list = labels_[key];
    for (const auto& l : list)
      if (l.facet == facet.facet && l.value == facet.value) return;
    list.push_back(std::move(facet));
    max_label_words_ = std::max(max_label_words_, split_words(text).size());
  };
  for (const auto& c : taxonomy.countries())
    for (const auto& [lang, name] : c.name.by_lang) add(name, {Facet::kCountry, c.code, lang, c.name.get("en"), {}});
  for (const auto& p : taxonomy.place_names()) {
    if (p.subdivision) continue;  // "Central", "Sud": too ambiguous to stand for a country
    const Country* c = taxonomy.country(p.country);
    if (c) add(p.name, {Facet::kCountry, c->code, p.lang, c->name.get("en"), {}});
  }
  for (const auto& r : taxonomy.regions()) {
    std::vector<std::string> members;
    for (const auto& c : taxonomy.countries())
      if (std::find(c.regions.begin(), c.regions.end(), r.code) != c.regions.end())
        members.push_back(short_name(c.name.get("en")));
    for (const auto& [lang, name] : r.name.by_lang)
      add(name, {Facet::kRegion, r.code, lang, r.name.get("en"), members});
    for (const auto& [lang, name] : r.aliases) add(name, {Facet::kRegion, r.code, lang, r.name.get("en"), members});
  }
  for (const auto& t : taxonomy.themes())
    for (const auto& [lang, label] : t.label.by_lang) add(label, {Facet::kTheme, t.id, lang, t.label.get("en"), {}});
  for (const auto& g : taxonomy.goals()) {
    for (const auto& [lang, title] : g.short_title.by_lang)
      add(title, {Facet::kGoal, g.id, lang, g.short_title.get("en"), {}});
    for (const char* name : {"SDG", "Goal", "ODD", "Objectif", "ODS", "Objetivo"})
      add(std::string(name) + " " + g.id, {Facet::kGoal, g.id, "", "", {}});
  }
  for (const auto& t : taxonomy.targets()) {
    add(t.id, {Facet::kTarget, t.id, "", "", {}});
    for (const char* name : {"SDG", "Target", "ODD", "Cible", "ODS", "Meta"})
      add(std::string(name) + " " + t.id, {Facet::kTarget, t.id, "", "", {}});
  }
}

const std::vector<TaxonomyLabel>& Expander::taxonomy_labels(const std::string& key) const {
  static const std::vector<TaxonomyLabel> none;
  const auto it = labels_.find(key);
  return it == labels_.end() ? none : it->second;
}

}  // namespace m4d::search
