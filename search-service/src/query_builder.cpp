#include "query_builder.h"

#include <unicode/uscript.h>

#include <algorithm>
#include <set>
#include <unordered_set>

#include "m4d/indexer/language.h"
#include "m4d/indexer/tagging.h"
#include "m4d/schema.h"
#include "m4d/text.h"

namespace m4d::search {

namespace {

// Weight of glossary alternatives and of WordNet synonyms relative to the typed word.
constexpr double kGlossaryWeight = 0.3;
constexpr double kWordnetWeight = 0.4;
// Weight of translations into the glossary's other languages.
constexpr double kTranslationWeight = 0.7;
// Weight of an alternative phrase matched loosely, as all its words anywhere in a unit (relaxed queries only).
constexpr double kLooseWeight = 0.35;
// Weight of a stated tag when the query names it ("Marruecos", "ODS 10", "meta 10.7"); an inferred one weighs its
// score's share.
constexpr double kTagConfidenceWeight = 1.0;
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

const std::unordered_set<std::string> kStopwords = {
    "a",     "an",   "and", "are",  "as",  "at",   "be",  "by",  "for",  "from", "how",   "in",    "is",  "it",
    "of",    "on",   "or",  "that", "the", "this", "to",  "was", "what", "when", "where", "which", "who", "with",
    "their", "they", "we",  "our",  "le",  "la",   "les", "de",  "des",  "du",   "et",    "en",    "un",  "une",
    "pour",  "dans", "au",  "aux",  "sur", "par",  "que", "qui", "se",   "ou",   "el",    "los",   "las", "del",
    "y",     "para", "por", "con",  "una", "al",   "lo",  "su",  "sus",  "o"};

struct FieldSpec {
  std::string_view prefix;
  bool upper;  // values are upper case (countries)
};

const std::map<std::string, FieldSpec, std::less<>>& boolean_fields() {
  static const std::map<std::string, FieldSpec, std::less<>> f = {
      {"country", {schema::kPrefixCountry, true}}, {"sdg", {schema::kPrefixTarget, false}},
      {"theme", {schema::kPrefixTheme, false}},    {"goal", {schema::kPrefixGoal, false}},
      {"region", {schema::kPrefixRegion, false}},  {"type", {schema::kPrefixType, false}},
      {"lang", {schema::kPrefixLang, false}}};
  return f;
}

// "16.B" -> "16.b", "11A" -> "11.a".
std::string normalize_target(std::string v) {
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v.find('.') == std::string::npos) {
    std::size_t i = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
    if (i > 0 && i < v.size()) v.insert(i, ".");
  }
  return v;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& w : split_words(text)) out.emplace_back(text.substr(w.begin, w.end - w.begin));
  return out;
}

// The script a language is written in (Latin unless listed).
UScriptCode language_script(std::string_view lang) {
  static const std::map<std::string_view, UScriptCode> scripts = {
      {"ar", USCRIPT_ARABIC},   {"fa", USCRIPT_ARABIC},   {"ur", USCRIPT_ARABIC},    {"ru", USCRIPT_CYRILLIC},
      {"uk", USCRIPT_CYRILLIC}, {"bg", USCRIPT_CYRILLIC}, {"el", USCRIPT_GREEK},     {"he", USCRIPT_HEBREW},
      {"zh", USCRIPT_HAN},      {"ja", USCRIPT_HAN},      {"hi", USCRIPT_DEVANAGARI}};
  const auto it = scripts.find(lang);
  return it == scripts.end() ? USCRIPT_LATIN : it->second;
}

class Builder {
 public:
  Builder(const Expander* expander, const std::string& lang, const std::string& query_lang, bool loose,
          const Xapian::Database& db)
      : expander_(expander), lang_(lang), query_lang_(query_lang), loose_(loose), db_(db) {
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
  Xapian::Query word(const std::string& w, std::string_view prefix = "") const {
    const UScriptCode script = word_script(w);
    const bool identified = !query_lang_.empty() && language_script(query_lang_) == script;
    std::vector<std::string> terms;
    for (const auto& lang : langs_) {
      const bool plausible = identified ? lang == query_lang_ || (lang == kPivotLanguage && script == USCRIPT_LATIN)
                                        : script == USCRIPT_COMMON || language_script(lang) == script;
      if (plausible) add_stems(terms, w, lang, prefix);
    }
    if (terms.empty()) return Xapian::Query(std::string(prefix) + xapian_lower(w));
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }

  // A word or phrase known to be in `lang` (a glossary or dictionary
  // translation, a WordNet synonym): a single word matches through that
  // language's stems only (a French or Spanish stem of "bee" is "be"), plus
  // the irregular plural of English "-man" words; a phrase matches exactly
  // (French and Spanish ones in the feminine too).
  Xapian::Query in_language(const std::vector<std::string>& words, const std::string& lang) const {
    if (words.size() != 1) return with_feminine(words, lang);
    std::vector<std::string> terms;
    add_stems(terms, words[0], lang, "");
    const std::string w = xapian_lower(words[0]);
    if (lang == "en" && w.ends_with("man")) terms.push_back(w.substr(0, w.size() - 3) + "men");
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }

  // A French or Spanish phrase as written, or with its words in the feminine
  // ("trabajadores domésticos" also as "trabajadoras domésticas").
  Xapian::Query with_feminine(const std::vector<std::string>& words, const std::string& lang) const {
    std::vector<std::string> lower, feminine;
    for (const auto& w : words) {
      lower.push_back(xapian_lower(w));
      const std::string f = is_stopword(lower.back()) ? "" : Expander::feminine(lower.back(), lang, false);
      feminine.push_back(f.empty() ? lower.back() : f);
    }
    if (feminine == lower) return phrase(words);
    return Xapian::Query(Xapian::Query::OP_OR, phrase(words), phrase(feminine));
  }

  Xapian::Query phrase(const std::vector<std::string>& words, std::string_view prefix = "") const {
    if (words.size() == 1) return word(words[0], prefix);
    std::vector<Xapian::Query> terms;
    for (const auto& w : words) terms.emplace_back(std::string(prefix) + xapian_lower(w));
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                         static_cast<Xapian::termcount>(terms.size()));
  }

  // A typed word or phrase with its alternatives at reduced weight: glossary
  // synonyms, translations from the language it was recognised in, WordNet.
  Xapian::Query expanded(const std::vector<std::string>& words, BuiltQuery& out) const {
    Xapian::Query base = phrase(words);
    if (!expander_) return base;
    std::string text, key;
    for (const auto& w : words) {
      text += (text.empty() ? "" : " ") + w;
      key += (key.empty() ? "" : " ") + word_key(w);
    }
    std::vector<std::string> langs = expander_->glossary_languages(key);
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
    std::vector<Xapian::Query> loose;  // loose mode: the alternative phrases' words anywhere in a unit
    std::vector<std::string> record;   // alternatives as shown, once each
    // (language, alternative) searched: "migration" is French and English, both count.
    std::set<std::pair<std::string, std::string>> queried;
    auto add = [&](std::vector<Xapian::Query>& into, const std::string& alt, const std::string& alt_lang) {
      if (!queried.emplace(alt_lang, alt).second) return;
      if (std::find(record.begin(), record.end(), alt) == record.end()) record.push_back(alt);
      const auto alt_words = words_of(alt);
      out.phrase_alternatives = out.phrase_alternatives || alt_words.size() > 1;
      into.push_back(in_language(alt_words, alt_lang));
      if (loose_ && alt_words.size() > 1) {
        std::vector<Xapian::Query> each;
        for (const auto& w : alt_words)
          if (!is_stopword(xapian_lower(w))) each.push_back(in_language({w}, alt_lang));
        loose.push_back(Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()));
      }
    };
    for (const auto& lang : langs) {
      const Expansion e = expander_->expand(text, lang);
      if (!e.glossary.empty() || !e.translations.empty())
        if (std::find(out.languages.begin(), out.languages.end(), lang) == out.languages.end())
          out.languages.push_back(lang);
      for (const auto& alt : e.glossary) add(lang == lang_ ? gloss : translated, alt, lang);
      for (std::size_t t = 0; t < e.translations.size(); ++t)
        add(translated, e.translations[t], e.translation_langs[t]);
      // WordNet helps with words the collection does not use; for its own words it only adds noise.
      const bool use_wordnet =
          maybe_english &&
          (words.size() > 1 ||
           db_.get_termfreq(schema::stem_prefix("en") + indexer::snowball("en")(xapian_lower(words[0]))) < kRareBelow);
      if (use_wordnet)
        for (const auto& alt : e.wordnet) add(wn, alt, "en");
    }
    // A single word the glossary does not know and the collection barely uses
    // ("pêcheurs", "agricultores"): its dictionary translations.
    if (words.size() == 1 && translated.empty() && db_.get_termfreq(xapian_lower(words[0])) < kRareBelow) {
      for (const auto& d : expander_->translate_word(words[0])) {
        if (!queried.emplace(d.target_lang, d.text).second) continue;
        if (std::find(record.begin(), record.end(), d.text) == record.end()) record.push_back(d.text);
        dict.push_back(in_language(words_of(d.text), d.target_lang));
        if (std::find(out.languages.begin(), out.languages.end(), d.source_lang) == out.languages.end())
          out.languages.push_back(d.source_lang);
      }
    }
    if (record.empty()) return base;
    auto& recorded = out.expansions[xapian_lower(text)];
    recorded.insert(recorded.end(), record.begin(), record.end());
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

  const Expander* expander() const { return expander_; }

 private:
  // Appends the stem terms of `w` in `lang` (as typed and accent-free), once each.
  static void add_stems(std::vector<std::string>& terms, const std::string& w, const std::string& lang,
                        std::string_view prefix) {
    const std::string p = schema::stem_prefix(lang, prefix);
    const Xapian::Stem& stem = indexer::snowball(lang);
    for (const std::string& form : {xapian_lower(w), word_key(w)}) {
      if (form.empty()) continue;
      std::string t = p + stem(form);
      if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(std::move(t));
    }
  }

  const Expander* expander_;
  std::string lang_;
  std::string query_lang_;  // identified language of the query, "" when ambiguous
  bool loose_;              // alternative phrases also match as all their words, at kLooseWeight
  const Xapian::Database& db_;
  std::vector<std::string> langs_;  // languages whose stems the index holds
};

// The units with a boolean tag term, weighted by how sure the tag is
// (schema::kSlotTagScores): stated and editor tags weigh kTagConfidenceWeight,
// an inferred one its score's share of it, a unit without scores (an index
// older than schema 5) nothing.
class TagConfidence : public Xapian::PostingSource {
 public:
  explicit TagConfidence(std::string term) : term_(std::move(term)) {}

  void init(const Xapian::Database& db) override {
    db_ = db;
    postings_ = db_.postlist_begin(term_);
    values_ = db_.valuestream_begin(schema::kSlotTagScores);
    started_ = false;
    termfreq_ = db_.get_termfreq(term_);
    set_maxweight(kTagConfidenceWeight);
  }
  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  void next(double) override {
    if (started_) ++postings_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    postings_.skip_to(did);
  }
  bool at_end() const override { return postings_ == db_.postlist_end(term_); }
  Xapian::docid get_docid() const override { return *postings_; }
  double get_weight() const override {
    const Xapian::docid did = *postings_;
    if (values_ == db_.valuestream_end(schema::kSlotTagScores)) return 0;
    values_.skip_to(did);
    if (values_ == db_.valuestream_end(schema::kSlotTagScores) || values_.get_docid() != did) return 0;
    const std::string list = *values_;
    const std::string key = term_ + '=';
    int best = 0;
    for (std::size_t at = 0; (at = list.find(key, at)) != std::string::npos; at += key.size())
      if (at == 0 || list[at - 1] == schema::kListSeparator)
        best = std::max(best, std::atoi(list.c_str() + at + key.size()));
    return kTagConfidenceWeight * std::min(best, 100) / 100.0;
  }
  Xapian::PostingSource* clone() const override { return new TagConfidence(term_); }
  std::string name() const override { return "m4d::TagConfidence"; }

 private:
  std::string term_;
  Xapian::Database db_;
  Xapian::PostingIterator postings_;
  mutable Xapian::ValueIterator values_;
  bool started_ = false;
  Xapian::doccount termfreq_ = 0;
};

// The facets a taxonomy label typed in the query names ("Marruecos" ->
// country MA): they match the units tagged with them, surest tags first
// (TagConfidence; a region, which has no scores, adds no weight). A label in
// another language also brings its English label as a translation. What was
// added is recorded in `out.expansions`.
Xapian::Query label_query(const Builder& b, const std::string& key, const std::string& typed, BuiltQuery& out) {
  std::vector<Xapian::Query> parts;
  auto& recorded = out.expansions[xapian_lower(typed)];
  auto record = [&](const std::string& what) {
    if (std::find(recorded.begin(), recorded.end(), what) == recorded.end()) recorded.push_back(what);
  };
  for (const auto& l : b.expander()->taxonomy_labels(key)) {
    const FieldSpec& spec = boolean_fields().find(l.field)->second;
    const std::string tag = std::string(spec.prefix) + l.value;
    parts.push_back(l.field == "region" ? Xapian::Query(tag) : Xapian::Query((new TagConfidence(tag))->release()));
    record(l.field + ":" + l.value);
    if (!l.english.empty() && Expander::phrase_key(l.english) != key) {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, b.in_language(words_of(l.english), "en"), kTranslationWeight);
      record(l.english);
    }
    if (!l.members.empty()) {  // "West Africa": units that name Senegal or Mali first
      std::vector<Xapian::Query> named;
      for (const auto& country : l.members) named.push_back(b.in_language(words_of(country), "en"));
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, named.begin(), named.end()), kRegionMemberWeight);
    }
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace

bool is_stopword(const std::string& word) { return kStopwords.count(word) > 0; }

Xapian::Query snippet_query(const Xapian::Query& text) {
  std::vector<std::string> terms;
  for (auto t = text.get_unique_terms_begin(); t != text.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    if (schema::is_text_stem(term))
      terms.push_back("Z" + term.substr(3));
    else if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && !is_stopword(term))
      terms.push_back(term);  // a phrase's words, but not its "of" or "in"
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string xapian_lower(std::string_view s) {
  std::string out;
  for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  return out;
}

std::vector<Clause> parse_clauses(std::string_view q) {
  std::vector<Clause> clauses;
  bool pending_or = false;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < q.size() && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r')) ++i;
  };
  // At an opening quote: reads to the closing one. Returns false for an
  // unbalanced quote, which is skipped so the rest reads as plain words.
  auto read_quoted = [&](std::vector<std::string>& words) {
    std::size_t end = q.find('"', i + 1);
    if (end == std::string_view::npos) {
      ++i;
      return false;
    }
    words = words_of(q.substr(i + 1, end - i - 1));
    i = end + 1;
    return true;
  };
  while (true) {
    skip_space();
    if (i >= q.size()) break;
    Clause c;
    if (q[i] == '-' && i + 1 < q.size() && q[i + 1] != ' ' && q[i + 1] != '-') {
      c.negated = true;
      ++i;
    }
    if (q[i] == '"') {
      if (!read_quoted(c.words)) continue;
      c.kind = Clause::Kind::kPhrase;
    } else {
      std::size_t end = i;
      while (end < q.size() && q[end] != ' ' && q[end] != '\t' && q[end] != '\n' && q[end] != '\r' && q[end] != '"')
        ++end;
      std::string_view token = q.substr(i, end - i);
      i = end;
      if (token == "OR" && !c.negated) {
        pending_or = !clauses.empty();
        continue;
      }
      const std::size_t colon = token.find(':');
      const std::string field = colon == std::string_view::npos ? "" : xapian_lower(token.substr(0, colon));
      if (!field.empty() && (field == "title" || boolean_fields().count(field))) {
        c.field = field;
        std::string_view value = token.substr(colon + 1);
        if (value.empty() && i < q.size() && q[i] == '"' && read_quoted(c.words)) {
          c.kind = Clause::Kind::kPhrase;
        } else {
          c.words = words_of(value);
          c.value = std::string(value);
        }
        c.kind = field == "title" ? (c.words.size() > 1 ? Clause::Kind::kPhrase : Clause::Kind::kWords)
                                  : Clause::Kind::kField;
        if (c.kind == Clause::Kind::kField && c.value.empty()) continue;
      } else {
        c.words = words_of(token);
        // "cross-border", "e-mail": one token of several words is a phrase.
        c.kind = c.words.size() > 1 ? Clause::Kind::kPhrase : Clause::Kind::kWords;
        c.joined = c.words.size() > 1;
      }
      if (c.words.empty() && c.kind != Clause::Kind::kField) continue;
    }
    if (c.kind == Clause::Kind::kPhrase && c.words.empty()) continue;
    c.or_previous = pending_or && !clauses.empty();
    pending_or = false;
    clauses.push_back(std::move(c));
  }
  return clauses;
}

namespace {

// "l'emploi", "d\u2019accueil", "qu'il": a French elided article or pronoun before a word.
bool is_french_elision(std::string_view w) {
  for (std::string_view head : {"l", "d", "qu", "j", "n", "s", "c", "m", "t"})
    for (std::string_view apostrophe : {"'", "\u2019"})
      if (w.size() > head.size() + apostrophe.size() + 1 && w.substr(0, head.size()) == head &&
          w.substr(head.size(), apostrophe.size()) == apostrophe)
        return true;
  return false;
}

}  // namespace

std::string identify_query_language(const std::vector<Clause>& clauses) {
  static const std::unordered_set<std::string> fr = {"le",   "la",  "les", "des",  "du",  "et", "pour",
                                                     "dans", "une", "aux", "avec", "sur", "au"};
  static const std::unordered_set<std::string> es = {"el",  "los", "las", "del", "y",    "para",
                                                     "por", "con", "una", "al",  "sobre"};
  std::string text;
  bool french = false, spanish = false;
  for (const auto& c : clauses) {
    if (c.negated || c.kind == Clause::Kind::kField) continue;
    for (const auto& w : c.words) {
      const std::string lw = xapian_lower(w);
      french = french || fr.count(lw) || is_french_elision(lw);
      spanish = spanish || es.count(lw);
      text += (text.empty() ? "" : " ") + w;
    }
  }
  if (french != spanish) return french ? "fr" : "es";
  if (french) return "";  // both: ambiguous ("la", "con")
  // One word is too little for CLD2 ("partes": Spanish or Portuguese).
  if (text.find(' ') == std::string::npos) return "";
  const std::string detected = indexer::detect_language(text, "");
  return detected == "en" ? "" : detected;
}

BuiltQuery build_query(const std::vector<Clause>& clauses, const QueryMode& mode, const Expander* expander,
                       const std::string& lang, const Xapian::Database& db) {
  BuiltQuery out;
  out.identified_language = identify_query_language(clauses);
  Builder b(expander, lang, out.identified_language, mode.loose_alternatives, db);
  std::vector<Xapian::Query> filters, excluded;
  // Positive text clauses, grouped by OR joins: [[a], [b, c]] means a AND (b OR c).
  std::vector<std::vector<Xapian::Query>> groups;
  const std::size_t max_words = expander ? expander->max_phrase_words() : 1;
  const std::size_t max_label_words = expander ? expander->max_label_words() : 0;
  const bool many_words = std::count_if(clauses.begin(), clauses.end(), [](const Clause& c) {
                            return c.kind == Clause::Kind::kWords && !c.negated;
                          }) > 1;

  for (const Clause& c : clauses)
    if (c.kind != Clause::Kind::kWords || !c.field.empty() || c.negated || c.or_previous) out.words_only = false;
  // Matching keys of single words and joined tokens ("gender-based" ->
  // "gender based", as glossary terms key), computed once.
  auto runs_on = [](const Clause& c) { return c.kind == Clause::Kind::kWords || c.joined; };
  std::vector<std::string> word_keys;
  for (const Clause& c : clauses) {
    std::string key;
    if (runs_on(c))
      for (const auto& w : c.words) key += (key.empty() ? "" : " ") + word_key(w);
    word_keys.push_back(key);
  }
  for (std::size_t k = 0; k < clauses.size(); ++k) {
    const Clause& c = clauses[k];
    Xapian::Query q;
    if (c.kind == Clause::Kind::kField) {
      const FieldSpec& spec = boolean_fields().find(c.field)->second;
      std::string v = c.value;
      if (spec.upper)
        std::transform(v.begin(), v.end(), v.begin(), [](unsigned char ch) { return std::toupper(ch); });
      else
        v = c.field == "sdg" ? normalize_target(v) : xapian_lower(v);
      q = Xapian::Query(std::string(spec.prefix) + v);
      (c.negated ? excluded : filters).push_back(q);
      continue;
    }
    if (c.field == "title") {
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
          if (!runs_on(d) || !d.field.empty() || d.negated || (j > k && d.or_previous)) break;
          key += (key.empty() ? "" : " ") + word_keys[j];
          if (n >= 1 && n < max_words && !expander->glossary_languages(key).empty()) run = n + 1;
          if (!expander->taxonomy_labels(key).empty()) {
            label_run = n + 1;
            label_key = key;
          }
        }
        if (label_run > run) run = label_run;
      }
      std::string typed;
      std::vector<std::string> words;
      for (std::size_t j = k; j < k + run; ++j)
        for (const auto& w : clauses[j].words) {
          typed += (typed.empty() ? "" : " ") + w;
          words.push_back(w);
        }
      if (run > 1) {
        // The typed words (any order; a joined token's words together) or the concept's other names.
        std::vector<Xapian::Query> each;
        for (std::size_t j = k; j < k + run; ++j) each.push_back(b.phrase(clauses[j].words));
        Xapian::Query all_typed(Xapian::Query::OP_AND, each.begin(), each.end());
        Xapian::Query alternatives = b.expanded(words, out);
        q = Xapian::Query(Xapian::Query::OP_OR, all_typed, alternatives);
      } else if (c.joined) {
        q = c.negated ? b.phrase(c.words) : b.expanded(c.words, out);
      } else {
        const std::string lw = xapian_lower(c.words[0]);
        if (!c.negated && many_words && kStopwords.count(lw) && label_run == 0) continue;
        if (!c.negated) out.plain_words.push_back(lw);
        q = c.negated ? b.word(c.words[0]) : b.expanded(c.words, out);
      }
      if (label_run == run) q = Xapian::Query(Xapian::Query::OP_OR, q, label_query(b, label_key, typed, out));
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
  if (!parts.empty())
    out.text =
        Xapian::Query(mode.conjunctive ? Xapian::Query::OP_AND : Xapian::Query::OP_OR, parts.begin(), parts.end());
  if (!filters.empty()) out.filter = Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
  if (!excluded.empty()) out.exclude = Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
  return out;
}

}  // namespace m4d::search
