#include "query_builder.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "m4d/lang/language.h"
#include "m4d/lang/normalize.h"
#include "m4d/lang/stemmer.h"
#include "m4d/lang/stopwords.h"
#include "m4d/schema.h"
#include "tag_confidence.h"

namespace m4d::search {

namespace {

using lang::Word;

// Weight of glossary alternatives and of WordNet synonyms relative to the typed word.
constexpr double kGlossaryWeight = 0.3;
constexpr double kWordnetWeight = 0.4;
// Weight of translations into the glossary's other languages.
constexpr double kTranslationWeight = 0.7;
// Weight of an alternative phrase matched loosely, as all its words anywhere in a unit (relaxed queries only).
constexpr double kLooseWeight = 0.35;
// Weight of a region's country names when the region is typed ("West Africa" -> Senegal, Mali...).
constexpr double kRegionMemberWeight = 0.5;
// A word in fewer units than this is "rare" in the collection: WordNet synonyms may help it.
constexpr Xapian::doccount kRareBelow = 3;
// The language most of the collection is written in. A query identified as
// French or Spanish also matches through English stems: cognates
// ("tourisme" -> tourism, "migrantes" -> migrant) are the commonest bridge.
const std::string kPivotLanguage = "en";
// Weight of FreeDict translations (general vocabulary, less sure than the glossary).
constexpr double kDictionaryWeight = 0.5;
// Weight of a French or Spanish word or phrase with a known English
// translation where it appears as written in a unit of another language: there
// it is mostly a name ("Remesas y Desarrollo", "Migration & Développement"),
// and the translation is how such a unit says it.
constexpr double kForeignLiteralWeight = 0.1;

class Builder {
 public:
  Builder(const Expander* expander, const std::string& lang, const std::string& query_lang, bool loose,
          const Xapian::Database& db, const PhraseTerms& phrases)
      : expander_(expander), lang_(lang), query_lang_(query_lang), loose_(loose), db_(db), phrases_(phrases) {
    const std::string stemmed = db.get_metadata(std::string(schema::kMetaStemmers));
    for (std::size_t from = 0; from < stemmed.size();) {
      std::size_t comma = stemmed.find(',', from);
      if (comma == std::string::npos) comma = stemmed.size();
      if (comma > from) langs_.push_back(stemmed.substr(from, comma - from));
      from = comma + 1;
    }
    if (langs_.empty()) langs_.push_back("en");
  }

  // A word: its stems, of the word as typed and of its accent- and
  // elision-free form ("Sedhiou", "l'emploi"), as one synonym group, in the
  // query's identified language and the pivot language, or, when the query is
  // ambiguous, in every language of the index written in the word's script
  // ("remesas": English, French, Spanish... stems; an Arabic word: Arabic).
  Xapian::Query word(const Word& w, std::string_view prefix = "") const {
    const UScriptCode script = w.script();
    const bool identified = !query_lang_.empty() && lang::language_script(query_lang_) == script;
    std::vector<std::string> terms;
    for (const auto& lang : langs_) {
      const bool plausible = identified ? lang == query_lang_ || (lang == kPivotLanguage && script == USCRIPT_LATIN)
                                        : script == USCRIPT_COMMON || lang::language_script(lang) == script;
      if (plausible) add_stems(terms, w, lang, prefix);
    }
    if (terms.empty()) terms.push_back(std::string(prefix) + w.lower());
    return any_of(std::move(terms));
  }

  // A word or phrase known to be in `lang` (a glossary or dictionary
  // translation, a WordNet synonym): a single word matches through that
  // language's stems only (a French or Spanish stem of "bee" is "be"), plus
  // the irregular plural of English "-man" words; a phrase matches exactly
  // (French and Spanish ones in the feminine too).
  Xapian::Query in_language(const std::vector<Word>& words, const std::string& lang) const {
    if (words.size() != 1) return with_feminine(words, lang);
    std::vector<std::string> terms;
    add_stems(terms, words[0], lang, "");
    const std::string& w = words[0].lower();
    if (lang == "en" && w.ends_with("man")) terms.push_back(w.substr(0, w.size() - 3) + "men");
    return any_of(std::move(terms));
  }

  // A French or Spanish phrase as written, or with its words in the feminine
  // ("trabajadores domésticos" also as "trabajadoras domésticas").
  Xapian::Query with_feminine(const std::vector<Word>& words, const std::string& lang) const {
    std::vector<std::string> lower, feminine;
    for (const auto& w : words) {
      lower.push_back(w.lower());
      const std::string f = lang::is_function_word(w.lower()) ? "" : Expander::feminine(w.lower(), lang, false);
      feminine.push_back(f.empty() ? w.lower() : f);
    }
    if (feminine == lower) return phrase(words);
    return Xapian::Query(Xapian::Query::OP_OR, phrase(words), exact_phrase(feminine, ""));
  }

  Xapian::Query phrase(const std::vector<Word>& words, std::string_view prefix = "") const {
    if (words.size() == 1) return word(words[0], prefix);
    std::vector<std::string> lower;
    for (const auto& w : words) lower.push_back(w.lower());
    return exact_phrase(lower, prefix);
  }

  // A typed word or phrase with its alternatives at reduced weight: glossary
  // synonyms, translations from the language it was recognised in, WordNet.
  // `typed`, when given, is the typed words' own query (a run's words in any
  // order), weighed like the typed phrase (kForeignLiteralWeight).
  Xapian::Query expanded(const std::vector<Word>& words, BuiltQuery& out, Xapian::Query* typed = nullptr) const {
    Xapian::Query base = phrase(words);
    if (!expander_) return base;
    std::string text, key;
    for (const auto& w : words) {
      text += (text.empty() ? "" : " ") + w.surface();
      key += (key.empty() ? "" : " ") + w.key();
    }
    std::vector<std::string> langs = expander_->glossary_languages(key);
    const std::vector<std::string> glossary_langs = langs;
    // A French or Spanish term also as its feminine ("travailleurs domestiques": "travailleuses domestiques").
    for (const auto& l : langs)
      if (words.size() > 1 && (l == "fr" || l == "es")) {
        base = with_feminine(words, l);
        break;
      }
    // WordNet is English: not for a query identified as another language ("au"
    // in French is no gold), nor for a word the glossary knows only in other
    // languages ("agua" is no cane toad), nor for a taxonomy label only in
    // other languages ("Caribe" is no piranha).
    const auto& labels = expander_->taxonomy_labels(key);
    const bool foreign_label = !labels.empty() && std::none_of(labels.begin(), labels.end(), [](const auto& l) {
      return l.lang.empty() || l.lang == "en";
    });
    const bool maybe_english = (query_lang_.empty() || query_lang_ == "en") && !foreign_label &&
                               (langs.empty() || std::find(langs.begin(), langs.end(), "en") != langs.end());
    if (std::find(langs.begin(), langs.end(), lang_) == langs.end()) langs.insert(langs.begin(), lang_);
    std::vector<Xapian::Query> gloss, translated, wn, dict;
    bool english_translation = false;  // an alternative in English from another language's entry
    std::vector<Xapian::Query> loose;  // loose mode: the alternative phrases' words anywhere in a unit
    std::vector<std::string> record;   // alternatives as shown, once each
    // (language, alternative) searched: "migration" is French and English, both count.
    std::set<std::pair<std::string, std::string>> queried;
    auto add = [&](std::vector<Xapian::Query>& into, const std::string& alt, const std::string& alt_lang) {
      if (!queried.emplace(alt_lang, alt).second) return;
      english_translation = english_translation || (alt_lang == "en" && &into != &gloss && &into != &wn);
      if (std::find(record.begin(), record.end(), alt) == record.end()) record.push_back(alt);
      const auto alt_words = lang::words_of(alt);
      out.phrase_alternatives = out.phrase_alternatives || alt_words.size() > 1;
      synonym_ = true;  // a phrase among synonyms keeps its positions (see exact_phrase)
      into.push_back(in_language(alt_words, alt_lang));
      synonym_ = false;
      if (loose_ && alt_words.size() > 1) {
        std::vector<Xapian::Query> each;
        for (const auto& w : alt_words)
          if (!lang::is_function_word(w.lower())) each.push_back(in_language({w}, alt_lang));
        loose.push_back(Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()));
      }
    };
    // WordNet helps with words the collection does not use; for its own words it only adds noise.
    const bool rare_word = words.size() > 1 || db_.get_termfreq(schema::stem_prefix("en") +
                                                                lang::stem(words[0].lower(), "en")) < kRareBelow;
    for (const auto& lang : langs) {
      const Expansion e = expander_->expand(text, lang);
      if (!e.glossary.empty() || !e.translations.empty())
        if (std::find(out.languages.begin(), out.languages.end(), lang) == out.languages.end())
          out.languages.push_back(lang);
      for (const auto& alt : e.glossary) add(lang == lang_ ? gloss : translated, alt, lang);
      for (std::size_t t = 0; t < e.translations.size(); ++t)
        add(translated, e.translations[t], e.translation_langs[t]);
      if (maybe_english && rare_word)
        for (const auto& alt : e.wordnet) add(wn, alt, "en");
    }
    // A single word the glossary does not know and the collection barely uses
    // ("pêcheurs", "agricultores"): its dictionary translations.
    if (words.size() == 1 && translated.empty() && db_.get_termfreq(words[0].lower()) < kRareBelow) {
      for (const auto& d : expander_->translate_word(words[0].surface())) {
        if (!queried.emplace(d.target_lang, d.text).second) continue;
        if (std::find(record.begin(), record.end(), d.text) == record.end()) record.push_back(d.text);
        synonym_ = true;
        dict.push_back(in_language(lang::words_of(d.text), d.target_lang));
        synonym_ = false;
        english_translation = english_translation || d.target_lang == "en";
        if (std::find(out.languages.begin(), out.languages.end(), d.source_lang) == out.languages.end())
          out.languages.push_back(d.source_lang);
      }
    }
    if (record.empty()) return base;
    auto& recorded = out.expansions[lang::lower(text)];
    recorded.insert(recorded.end(), record.begin(), record.end());
    // Typed in French or Spanish (not also English) and translated into
    // English: as written, it weighs fully in units of its language only.
    std::string native = query_lang_ == "fr" || query_lang_ == "es" ? query_lang_ : "";
    const auto in_glossary = [&](const char* l) {
      return std::find(glossary_langs.begin(), glossary_langs.end(), l) != glossary_langs.end();
    };
    if (native.empty() && !in_glossary("en")) native = in_glossary("es") ? "es" : in_glossary("fr") ? "fr" : "";
    if (english_translation && !native.empty() && !in_glossary("en")) {
      base = foreign_literal(base, native);
      if (typed) *typed = foreign_literal(*typed, native);
    }
    std::vector<Xapian::Query> parts = {base};
    for (auto [list, weight] : {std::pair{&gloss, kGlossaryWeight},
                                {&translated, kTranslationWeight},
                                {&wn, kWordnetWeight},
                                {&dict, kDictionaryWeight}})
      if (!list->empty())
        parts.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                      Xapian::Query(Xapian::Query::OP_SYNONYM, list->begin(), list->end()), weight));
    if (!loose.empty())
      parts.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                    Xapian::Query(Xapian::Query::OP_SYNONYM, loose.begin(), loose.end()),
                                    kLooseWeight));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

  // `q` at full weight in units written in `lang`, kForeignLiteralWeight in the others.
  static Xapian::Query foreign_literal(const Xapian::Query& q, const std::string& lang) {
    const Xapian::Query native(std::string(spec(Facet::kLang).prefix) + lang);
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_FILTER, q, native),
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                       Xapian::Query(Xapian::Query::OP_AND_NOT, q, native), kForeignLiteralWeight));
  }

  // The facets a taxonomy label typed in the query names ("Marruecos" ->
  // country MA): they match the units tagged with them, surest tags first
  // (tag_confidence_query; a region, which has no scores, adds no weight). A label in
  // another language also brings its English label as a translation. What was
  // added is recorded in `out.expansions`.
  Xapian::Query label_query(const std::string& key, const std::string& typed, BuiltQuery& out) const {
    std::vector<Xapian::Query> parts;
    auto& recorded = out.expansions[lang::lower(typed)];
    auto record = [&](const std::string& what) {
      if (std::find(recorded.begin(), recorded.end(), what) == recorded.end()) recorded.push_back(what);
    };
    for (const auto& l : expander_->taxonomy_labels(key)) {
      const std::string tag = std::string(spec(l.facet).prefix) + l.value;
      if (present(tag))
        parts.push_back(l.facet == Facet::kRegion ? Xapian::Query(tag) : tag_confidence_query(tag, db_));
      record(std::string(spec(l.facet).query_field) + ":" + l.value);
      if (!l.english.empty() && Expander::phrase_key(l.english) != key) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, in_language(lang::words_of(l.english), "en"),
                           kTranslationWeight);
        record(l.english);
      }
      if (!l.members.empty()) {  // "West Africa": units that name Senegal or Mali first
        std::vector<Xapian::Query> named;
        for (const auto& country : l.members) named.push_back(in_language(lang::words_of(country), "en"));
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                           Xapian::Query(Xapian::Query::OP_OR, named.begin(), named.end()), kRegionMemberWeight);
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

 private:
  // The words in this order, as far apart as in the phrase. Function words
  // have no positions in the index (lang::is_positionless, schema 8): the
  // phrase of the other words spans from the first of them to the last
  // ("transferts de fonds": "transferts" then "fonds" within 3 positions),
  // and the function words are required beside it without weight, which
  // also keeps Xapian's estimate of the phrase's frequency (and so the
  // weight of a phrase among synonyms) what it was with positions.
  Xapian::Query exact_phrase(const std::vector<std::string>& lower, std::string_view prefix) const {
    std::vector<Xapian::Query> terms;
    std::vector<Xapian::Query> function_words;
    std::size_t first = lower.size();
    std::size_t last = 0;
    for (std::size_t i = 0; i < lower.size(); ++i) {
      if (!present(std::string(prefix) + lower[i])) return Xapian::Query();  // a phrase no unit can hold
      if (lang::is_positionless(lower[i])) {
        function_words.emplace_back(std::string(prefix) + lower[i]);
        continue;
      }
      terms.emplace_back(std::string(prefix) + lower[i]);
      first = std::min(first, i);
      last = i;
    }
    if (terms.empty()) return Xapian::Query(Xapian::Query::OP_AND, function_words.begin(), function_words.end());
    // A marked phrase: the units holding its term are exactly those holding
    // its words at consecutive positions, weighed as the words' AND (as
    // Xapian weighs a phrase), with no position read. Not among synonyms:
    // there Xapian takes a phrase's wdf as its words' least and its frequency
    // as a third of their AND's, and the AND's would rank otherwise
    // (paraphrase_eval MRR 0.734 -> 0.699).
    if (const std::string marked = prefix.empty() && function_words.empty() && !synonym_ ? phrases_.term_of(lower) : "";
        !marked.empty()) {
      if (!present(marked)) return Xapian::Query();
      return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()),
                           Xapian::Query(marked));
    }
    Xapian::Query phrase = terms.size() == 1 ? terms.front()
                                             : Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                                             static_cast<Xapian::termcount>(last - first + 1));
    if (function_words.empty()) return phrase;
    return Xapian::Query(Xapian::Query::OP_FILTER, phrase,
                         Xapian::Query(Xapian::Query::OP_AND, function_words.begin(), function_words.end()));
  }

  // Whether some unit has `term`. A term no unit has cannot match, yet the
  // matcher looks each one up on every request: in a mostly English
  // collection, most of a query's translations and other languages' stems
  // (half to two thirds of the terms of the load mix's queries). Built
  // queries are kept per revision (Engine), so each term is asked once.
  // The first absent term is kept: a query left with nothing else is that
  // term (see build_query).
  bool present(const std::string& term) const {
    if (db_.term_exists(term)) return true;
    if (absent_.empty()) absent_ = term;
    return false;
  }

  // One of `terms` (a synonym group), without those no unit has; the empty
  // query (which Xapian drops from an OR and which makes an AND or a phrase
  // match nothing) when none is left.
  Xapian::Query any_of(std::vector<std::string> terms) const {
    std::erase_if(terms, [&](const std::string& t) { return !present(t); });
    if (terms.empty()) return Xapian::Query();
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }

 public:
  /// A term of the query that no unit has ("" when none was met).
  const std::string& absent_term() const { return absent_; }

 private:
  // Appends the stem terms of `w` in `lang` (as typed and accent-free), once each.
  static void add_stems(std::vector<std::string>& terms, const Word& w, const std::string& lang,
                        std::string_view prefix) {
    const std::string p = schema::stem_prefix(lang, prefix);
    for (const std::string& s : w.stems(lang)) {
      std::string t = p + s;
      if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(std::move(t));
    }
  }

  const Expander* expander_;
  std::string lang_;
  std::string query_lang_;  // identified language of the query, "" when ambiguous
  bool loose_;              // alternative phrases also match as all their words, at kLooseWeight
  const Xapian::Database& db_;
  const PhraseTerms& phrases_;      // the index's marked phrases
  std::vector<std::string> langs_;  // languages whose stems the index holds
  mutable std::string absent_;      // the first term present() found in no unit
  mutable bool synonym_ = false;    // building an alternative of a synonym group
};

// Whether `q` holds a phrase (or a NEAR) anywhere.
bool holds_phrase(const Xapian::Query& q) {
  const auto type = q.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    if (holds_phrase(q.get_subquery(i))) return true;
  return false;
}

}  // namespace

double text_weight(double w) { return w - kConceptWeight * std::floor(w / kConceptWeight); }

Xapian::Query both(const Xapian::Query& a, const Xapian::Query& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return Xapian::Query(Xapian::Query::OP_AND, a, b);
}

Xapian::Query combine(const Xapian::Query& text, bool phrased, const Xapian::Query& filter,
                      const Xapian::Query& exclude) {
  // Not Xapian::Query::MatchAll: that shared static's reference count is not
  // thread-safe, and copying it from several worker threads corrupts it.
  const Xapian::Query everything{std::string()};
  Xapian::Query q = text.empty() ? everything : text;
  // A text with a phrase is kept AND NOT (everything AND NOT filter), not
  // FILTER-ed. When the filter is the rarer, Xapian 1.4 checks the text's OR
  // unit by unit (OrPostList::check); a phrase that fails its position test
  // there is taken to sit on the next unit, and the OR later adds the
  // phrase's weight where it actually sits: some units got the weight of a
  // phrase they do not hold, others lost theirs, so a filter changed scores
  // and order. This way the text leads and a unit's score is the same with
  // or without filters. Without a phrase that check cannot fail, and the
  // filter leads, as it is cheaper.
  if (!filter.empty())
    q = !phrased
            ? Xapian::Query(Xapian::Query::OP_FILTER, q, filter)
            : Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(Xapian::Query::OP_AND_NOT, everything, filter));
  if (!exclude.empty()) q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, exclude);
  return q;
}

BuiltQuery build_query(const std::vector<Clause>& clauses, const QueryMode& mode, const Expander* expander,
                       const std::string& lang, const Xapian::Database& db, const PhraseTerms& phrases) {
  BuiltQuery out;
  out.identified_language = identify_query_language(clauses);
  const Builder b(expander, lang, out.identified_language, mode.loose_alternatives, db, phrases);
  std::vector<Xapian::Query> filters, excluded;
  // Positive text clauses, grouped by OR joins: [[a], [b, c]] means a AND (b OR c).
  std::vector<std::vector<Xapian::Query>> groups;
  const std::size_t max_words = expander ? expander->max_phrase_words() : 1;
  const std::size_t max_label_words = expander ? expander->max_label_words() : 0;
  const bool many_words = std::count_if(clauses.begin(), clauses.end(), [](const Clause& c) {
                            return c.kind == Clause::Kind::kWords && !c.negated;
                          }) > 1;
  auto scoped = [](const Clause& c) { return c.title || c.facet.has_value(); };

  for (const Clause& c : clauses)
    if (c.kind != Clause::Kind::kWords || scoped(c) || c.negated || c.or_previous) out.words_only = false;
  // Single words and joined tokens ("gender-based" keys as "gender based", as glossary terms do).
  auto runs_on = [](const Clause& c) { return c.kind == Clause::Kind::kWords || c.joined; };
  for (std::size_t k = 0; k < clauses.size(); ++k) {
    const Clause& c = clauses[k];
    Xapian::Query q;
    if (c.kind == Clause::Kind::kField) {
      q = Xapian::Query(std::string(spec(*c.facet).prefix) + canonical_value(*c.facet, c.value));
      (c.negated ? excluded : filters).push_back(q);
      continue;
    }
    if (c.title) {
      q = c.kind == Clause::Kind::kPhrase ? b.phrase(c.words, schema::kPrefixTitle)
                                          : b.word(c.words[0], schema::kPrefixTitle);
    } else if (!runs_on(c)) {  // a quoted phrase
      q = c.negated ? b.phrase(c.words) : b.expanded(c.words, out);
    } else {
      // Longest run of plain words from here that the glossary knows ("money
      // sent home"), or that is a taxonomy label ("Afrique de l'Ouest").
      std::size_t run = 1, label_run = 0;
      std::string label_key;
      if (!c.negated && expander) {
        std::string key;
        for (std::size_t j = k, n = 0; j < clauses.size() && n < std::max(max_words, max_label_words); ++j, ++n) {
          const Clause& d = clauses[j];
          if (!runs_on(d) || scoped(d) || d.negated || (j > k && d.or_previous)) break;
          key += (key.empty() ? "" : " ") + d.key();
          if (n >= 1 && n < max_words && !expander->glossary_languages(key).empty()) run = n + 1;
          if (!expander->taxonomy_labels(key).empty()) {
            label_run = n + 1;
            label_key = key;
          }
        }
        if (label_run > run) run = label_run;
      }
      std::string typed;
      std::vector<Word> words;
      for (std::size_t j = k; j < k + run; ++j)
        for (const auto& w : clauses[j].words) {
          typed += (typed.empty() ? "" : " ") + w.surface();
          words.push_back(w);
        }
      if (run > 1) {
        // The typed words (any order; a joined token's words together) or the concept's other names.
        std::vector<Xapian::Query> each;
        for (std::size_t j = k; j < k + run; ++j) each.push_back(b.phrase(clauses[j].words));
        Xapian::Query all_typed(Xapian::Query::OP_AND, each.begin(), each.end());
        Xapian::Query alternatives = b.expanded(words, out, &all_typed);
        q = Xapian::Query(Xapian::Query::OP_OR, all_typed, alternatives);
      } else if (c.joined) {
        q = c.negated ? b.phrase(c.words) : b.expanded(c.words, out);
      } else {
        if (!c.negated && many_words && lang::is_function_word(c.words[0].lower()) && label_run == 0) continue;
        q = c.negated ? b.word(c.words[0]) : b.expanded(c.words, out);
      }
      if (label_run == run) q = Xapian::Query(Xapian::Query::OP_OR, q, b.label_query(label_key, typed, out));
      k += run - 1;
    }
    if (c.negated) {
      excluded.push_back(q);
      continue;
    }
    if (c.or_previous && !groups.empty())
      groups.back().push_back(q);
    else
      groups.push_back({q});
  }
  std::vector<Xapian::Query> parts;
  for (const auto& g : groups)
    parts.push_back(g.size() == 1 ? g[0] : Xapian::Query(Xapian::Query::OP_OR, g.begin(), g.end()));
  if (!parts.empty()) {
    out.text =
        Xapian::Query(mode.conjunctive ? Xapian::Query::OP_AND : Xapian::Query::OP_OR, parts.begin(), parts.end());
    // Asked words of which no unit has enough: a query that matches nothing,
    // not the empty query (which means "browse everything").
    if (out.text.empty() && !b.absent_term().empty()) out.text = Xapian::Query(b.absent_term());
    if (mode.coordinate && !mode.conjunctive) {
      // Each concept AND a constant: its text weight plus kConceptWeight (a
      // built-in posting source, so remote shards run it too).
      std::vector<Xapian::Query> held;
      out.all_concepts_at_most = db.get_doccount();
      for (const auto& p : parts) {
        if (p.empty()) continue;
        held.emplace_back(Xapian::Query::OP_AND, p,
                          Xapian::Query((new Xapian::FixedWeightPostingSource(kConceptWeight))->release()));
        std::uint64_t holding = 0;  // at most: the units holding any of the concept's terms
        for (auto t = p.get_unique_terms_begin(); t != p.get_unique_terms_end(); ++t) holding += db.get_termfreq(*t);
        out.all_concepts_at_most = std::min(out.all_concepts_at_most, holding);
      }
      out.concepts = held.size();
      if (held.size() > 1) out.coordinated = Xapian::Query(Xapian::Query::OP_OR, held.begin(), held.end());
    }
  }
  out.phrased = holds_phrase(out.text);
  if (!filters.empty()) out.filter = Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
  if (!excluded.empty()) out.exclude = Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
  return out;
}

}  // namespace m4d::search
