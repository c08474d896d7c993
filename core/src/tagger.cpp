#include "m4d/tagger.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "m4d/text.h"

namespace m4d {

namespace {

using SparseVector = std::unordered_map<int, double>;

// Words that say nothing about a topic (all languages of the corpus).
const std::unordered_set<std::string> kStopwords = {
    "the",   "of",    "and",       "to",   "in",    "a",    "an",      "for",  "on",      "with",  "by",
    "as",    "at",    "from",      "is",   "are",   "was",  "were",    "be",   "been",    "this",  "that",
    "these", "those", "it",        "its",  "their", "they", "which",   "who",  "or",      "not",   "but",
    "has",   "have",  "had",       "also", "such",  "into", "through", "can",  "will",    "would", "more",
    "all",   "other", "including", "well", "there", "than", "so",      "both", "between", "among", "within",
    "each",  "per",   "cent",      "le",   "la",    "les",  "de",      "des",  "du",      "et",    "en",
    "un",    "une",   "pour",      "par",  "dans",  "sur",  "au",      "aux",  "est",     "el",    "los",
    "las",   "del",   "y",         "para", "por",   "con",  "una",     "que",  "se",      "su",    "sus"};

// Generic geographic words that name subdivisions in several countries.
const std::unordered_set<std::string> kGenericPlaces = {
    "central",    "centre",   "center",   "north",    "northern",   "south",      "southern",   "east",
    "eastern",    "west",     "western",  "capital",  "coast",      "island",     "islands",    "oriental",
    "occidental", "interior", "upper",    "lower",    "north east", "north west", "south east", "south west",
    "la",         "el",       "sur",      "norte",    "nord",       "sud",        "est",        "ouest",
    "district",   "region",   "national", "federal",  "city",       "lakes",      "mountain",   "valley",
    "plateau",    "littoral", "coastal",  "union",    "la union",   "santa",      "san",        "saint",
    "bay",        "delta",    "river",    "frontier", "border",     "chad",       "victoria"};

// Similarity bonus between a unit and a labelled example of the same editorial
// group (a success story's theme group): stories of a group state similar targets.
constexpr double kSameGroupBonus = 0.5;

// Goal-level votes come from paragraphs: a labelled paragraph of the same
// editorial group counts this many times its similarity, and paragraphs
// shorter than kMinPassageStems content words (titles, captions) do not vote.
constexpr double kSameGroupPassageFactor = 2.0;
constexpr std::size_t kMinPassageStems = 12;

// Names that are also person names: need a country-like context.
const std::unordered_set<std::string> kPersonNames = {"jordan", "chad", "georgia"};

// Words around a place name that make it a lake, river... rather than the country.
const std::unordered_set<std::string> kFeatureBefore = {"lake", "river", "gulf", "sea", "lac", "lago", "rio", "rio"};
const std::unordered_set<std::string> kFeatureAfter = {"river", "delta", "basin", "valley", "lake", "pig", "pigs"};
// Function words that may precede a country name in a capitalised form at a sentence start.
const std::unordered_set<std::string> kLeadWords = {
    "in", "of", "from", "to", "and", "the", "for", "with", "between", "across", "on", "at",    "by",
    "en", "au", "le",   "la", "de",  "el",  "y",   "et",   "del",     "des",    "du", "visit", "both"};

bool is_cased_upper_start(std::string_view word) {
  const auto* p = reinterpret_cast<const uint8_t*>(word.data());
  int32_t i = 0;
  UChar32 c = -1;
  if (!word.empty()) U8_NEXT(p, i, static_cast<int32_t>(word.size()), c);
  if (c < 0) return false;
  if (!u_hasBinaryProperty(c, UCHAR_CASED)) return true;  // scripts without case (Arabic, Chinese)
  return u_isupper(c) || u_istitle(c);
}

// "10.7" -> "10".
std::string goal_of(const std::string& target) { return target.substr(0, target.find('.')); }

bool is_number(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The sentence of `text` that contains byte `at`, trimmed.
std::string sentence_at(std::string_view text, const std::vector<WordSpan>& sentences, std::size_t at) {
  for (const auto& s : sentences) {
    if (at >= s.begin && at < s.end) {
      std::string out = collapse_spaces(text.substr(s.begin, s.end - s.begin));
      if (out.size() > 400) out = out.substr(0, out.rfind(' ', 400)) + " \u2026";
      return out;
    }
  }
  return {};
}

struct Token {
  std::string key;   // search_key of the word
  std::string stem;  // stem of key
  std::size_t begin, end;
};

struct Phrase {
  std::string owner;
  double weight;
  std::vector<std::string> stems;
};

struct PlaceEntry {
  std::string country;
  bool require_upper = true;
  bool subdivision = false;
};

struct PlaceMatch {
  std::string country;
  bool subdivision;
  std::size_t begin;
};

}  // namespace

struct Tagger::Impl {
  const Taxonomy* taxonomy;
  StemFn stem;
  TaggerOptions options;

  std::unordered_map<std::string, int> vocabulary;
  std::vector<double> idf;  // by term id

  struct Example {
    std::string id;
    SparseVector vector;
    std::vector<std::string> targets;
    std::string group;
    std::vector<std::string> goals;  // goals of the targets, once each
  };
  std::vector<Example> examples;
  std::vector<std::size_t> passage_example;  // labelled paragraph -> index in examples
  std::unordered_map<int, std::vector<std::pair<std::size_t, double>>> passage_postings;  // term -> (paragraph, weight)

  std::map<std::string, std::map<std::string, SparseVector>> title_vectors;  // lang -> target -> vector
  std::map<std::string, std::vector<Phrase>> target_phrases;  // lang -> cue phrases (incl. title fragments)
  std::map<std::string, std::vector<Phrase>> theme_phrases;   // lang -> cue phrases

  std::unordered_map<std::string, PlaceEntry> places;  // joined keys -> entry
  std::size_t max_place_tokens = 1;

  std::vector<Token> analyze(std::string_view text, const std::string& lang) const {
    std::vector<Token> out;
    for (const auto& w : split_words(text)) {
      std::string key = search_key(text.substr(w.begin, w.end - w.begin));
      // French and Italian elisions: l'emploi -> emploi.
      for (std::string_view e : {"l'", "d'", "l\u2019", "d\u2019", "qu'", "qu\u2019"}) {
        if (key.size() > e.size() + 1 && key.starts_with(e)) key = key.substr(e.size());
      }
      std::string s = kStopwords.count(key) || is_number(key) ? std::string() : stem(key, lang);
      out.push_back({std::move(key), std::move(s), w.begin, w.end});
    }
    return out;
  }

  std::vector<std::string> phrase_stems(const std::string& phrase, const std::string& lang) const {
    std::vector<std::string> stems;
    for (const auto& t : analyze(phrase, lang))
      if (!t.stem.empty()) stems.push_back(t.stem);
    return stems;
  }

  SparseVector vectorize(const std::vector<Token>& tokens) const {
    SparseVector tf;
    for (const auto& t : tokens) {
      if (t.stem.empty()) continue;
      auto it = vocabulary.find(t.stem);
      if (it != vocabulary.end()) tf[it->second] += 1;
    }
    double norm = 0;
    for (auto& [term, w] : tf) {
      w = (1 + std::log(w)) * idf[static_cast<std::size_t>(term)];
      norm += w * w;
    }
    norm = std::sqrt(norm);
    if (norm > 0)
      for (auto& [term, w] : tf) w /= norm;
    return tf;
  }

  // The paragraphs (separated by a blank line) of `text` with at least
  // kMinPassageStems content words, as vectors; the whole text when none is that long.
  std::vector<SparseVector> passages(std::string_view text, const std::vector<Token>& tokens) const {
    std::vector<SparseVector> out;
    std::vector<Token> paragraph;
    std::size_t stems = 0;
    auto close = [&] {
      if (stems >= kMinPassageStems) out.push_back(vectorize(paragraph));
      paragraph.clear();
      stems = 0;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (i > 0 &&
          text.substr(tokens[i - 1].end, tokens[i].begin - tokens[i - 1].end).find("\n\n") != std::string_view::npos)
        close();
      paragraph.push_back(tokens[i]);
      if (!tokens[i].stem.empty()) ++stems;
    }
    close();
    if (out.empty()) out.push_back(vectorize(tokens));
    return out;
  }

  static double cosine(const SparseVector& a, const SparseVector& b) {
    const SparseVector& small = a.size() < b.size() ? a : b;
    const SparseVector& large = a.size() < b.size() ? b : a;
    double dot = 0;
    for (const auto& [term, w] : small) {
      auto it = large.find(term);
      if (it != large.end()) dot += w * it->second;
    }
    return dot;
  }

  // Occurrences of each phrase in the token stream: owner -> (weighted score, first hit offsets).
  struct PhraseHits {
    double raw = 0;
    std::vector<std::size_t> offsets;
  };
  std::map<std::string, PhraseHits> match_phrases(const std::vector<Token>& tokens,
                                                  const std::vector<Phrase>& phrases) const {
    std::unordered_map<std::string, std::vector<std::size_t>> positions;  // first stem -> token indexes
    for (std::size_t i = 0; i < tokens.size(); ++i)
      if (!tokens[i].stem.empty()) positions[tokens[i].stem].push_back(i);
    std::map<std::string, PhraseHits> hits;
    for (const auto& p : phrases) {
      if (p.stems.empty()) continue;
      auto it = positions.find(p.stems[0]);
      if (it == positions.end()) continue;
      int count = 0;
      std::vector<std::size_t> offsets;
      for (std::size_t start : it->second) {
        // Match the phrase's stems in order, skipping stopwords in the text.
        std::size_t i = start, k = 0;
        while (i < tokens.size() && k < p.stems.size()) {
          if (tokens[i].stem.empty()) {
            ++i;
            continue;
          }
          if (tokens[i].stem != p.stems[k]) break;
          ++i;
          ++k;
        }
        if (k == p.stems.size()) {
          ++count;
          if (offsets.size() < 4) offsets.push_back(tokens[start].begin);
        }
      }
      if (count == 0) continue;
      auto& h = hits[p.owner];
      h.raw += p.weight * (1 + std::log(count)) * (p.stems.size() > 1 ? 1.5 : 1.0);
      h.offsets.insert(h.offsets.end(), offsets.begin(), offsets.end());
    }
    return hits;
  }

  void build_places() {
    std::map<std::string, std::set<std::string>> subdivision_countries;  // key -> countries
    auto key_of = [](std::string_view name) {
      std::string joined;
      for (const auto& w : split_words(name)) {
        if (!joined.empty()) joined += ' ';
        joined += search_key(name.substr(w.begin, w.end - w.begin));
      }
      return joined;
    };
    auto add = [&](const std::string& key, PlaceEntry e) {
      if (key.empty()) return;
      places.emplace(key, std::move(e));  // first writer wins: names, then aliases, then subdivisions
      max_place_tokens = std::max<std::size_t>(max_place_tokens, std::count(key.begin(), key.end(), ' ') + 1);
    };
    for (const auto& c : taxonomy->countries()) {
      for (const auto& [lang, name] : c.name.by_lang) {
        std::string n = name;
        if (auto p = n.find(" ("); p != std::string::npos) n = n.substr(0, p);  // "Myanmar (Burma)"
        add(key_of(n), {c.code, true, false});
      }
    }
    for (const auto& p : taxonomy->place_names())
      if (!p.subdivision) add(key_of(p.name), {p.country, is_cased_upper_start(p.name), false});
    for (const auto& p : taxonomy->place_names())
      if (p.subdivision) subdivision_countries[key_of(p.name)].insert(p.country);
    for (const auto& [key, countries] : subdivision_countries) {
      if (countries.size() != 1 || key.size() < 4 || kGenericPlaces.count(key) || kStopwords.count(key)) continue;
      add(key, {*countries.begin(), true, true});
    }
  }

  std::vector<PlaceMatch> find_places(std::string_view text) const {
    std::vector<PlaceMatch> out;
    const auto words = split_words(text);
    std::vector<std::string> keys;
    keys.reserve(words.size());
    for (const auto& w : words) keys.push_back(search_key(text.substr(w.begin, w.end - w.begin)));
    const bool us_context =
        text.find("Atlanta") != std::string_view::npos || text.find("U.S. state") != std::string_view::npos;
    for (std::size_t i = 0; i < words.size();) {
      std::size_t matched = 0;
      for (std::size_t n = std::min(max_place_tokens, words.size() - i); n >= 1 && !matched; --n) {
        std::string key = keys[i];
        for (std::size_t k = 1; k < n; ++k) key += ' ' + keys[i + k];
        auto it = places.find(key);
        if (it == places.end()) continue;
        const PlaceEntry& e = it->second;
        const std::string_view first = text.substr(words[i].begin, words[i].end - words[i].begin);
        const std::string prev = i > 0 ? keys[i - 1] : "";
        const std::string next = i + n < keys.size() ? keys[i + n] : "";
        bool ok = !e.require_upper || is_cased_upper_start(first);
        ok = ok && !kFeatureBefore.count(prev) && !kFeatureAfter.count(next) && prev != "new";
        if (ok && n == 1 && kPersonNames.count(key)) {
          const bool prev_capital = i > 0 && is_cased_upper_start(text.substr(words[i - 1].begin, 1)) &&
                                    !kLeadWords.count(prev) && !places.count(prev);
          const bool next_capital =
              i + 1 < words.size() &&
              is_cased_upper_start(text.substr(words[i + 1].begin, words[i + 1].end - words[i + 1].begin)) &&
              !places.count(next) && next != "and";
          ok = !prev_capital && !next_capital && !(key == "georgia" && us_context);
        }
        if (ok) {
          out.push_back({e.country, e.subdivision, words[i].begin});
          matched = n;
        }
      }
      i += matched ? matched : 1;
    }
    return out;
  }
};

Tagger::Tagger(const Taxonomy& taxonomy, StemFn stem, std::vector<LabeledExample> examples, TaggerOptions options)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.taxonomy = &taxonomy;
  m.stem = std::move(stem);
  m.options = options;

  // Vocabulary and document frequencies from the labelled examples.
  std::vector<std::vector<Token>> analysed;
  std::unordered_map<int, int> df;
  for (const auto& ex : examples) {
    analysed.push_back(m.analyze(ex.text, ex.lang));
    std::unordered_set<int> seen;
    for (const auto& t : analysed.back()) {
      if (t.stem.empty()) continue;
      auto [it, fresh] = m.vocabulary.emplace(t.stem, static_cast<int>(m.vocabulary.size()));
      if (seen.insert(it->second).second) ++df[it->second];
    }
  }
  // Target titles and indicators join the vocabulary too.
  std::map<std::string, std::map<std::string, std::vector<Token>>> title_tokens;  // lang -> target -> tokens
  for (const auto& t : taxonomy.targets()) {
    for (const auto& [lang, title] : t.title.by_lang) {
      if (lang != "en" && lang != "fr" && lang != "es" && lang != "ar") continue;
      std::string text = title;
      for (const auto& ind : t.indicators)
        if (ind.by_lang.count(lang)) text += " " + ind.by_lang.at(lang);
      auto& tokens = title_tokens[lang][t.id] = m.analyze(text, lang);
      for (const auto& tok : tokens)
        if (!tok.stem.empty()) m.vocabulary.emplace(tok.stem, static_cast<int>(m.vocabulary.size()));
    }
  }
  const double n = static_cast<double>(examples.size());
  m.idf.assign(m.vocabulary.size(), std::log(n + 1) + 1);
  for (const auto& [term, count] : df) m.idf[static_cast<std::size_t>(term)] = std::log((n + 1) / (count + 1)) + 1;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    std::vector<std::string> goals;
    for (const auto& t : examples[i].targets)
      if (std::find(goals.begin(), goals.end(), goal_of(t)) == goals.end()) goals.push_back(goal_of(t));
    m.examples.push_back({examples[i].id, m.vectorize(analysed[i]), examples[i].targets, examples[i].group, goals});
    for (auto& passage : m.passages(examples[i].text, analysed[i])) {
      for (const auto& [term, w] : passage) m.passage_postings[term].emplace_back(m.passage_example.size(), w);
      m.passage_example.push_back(i);
    }
  }
  for (const auto& [lang, targets] : title_tokens)
    for (const auto& [id, tokens] : targets) m.title_vectors[lang][id] = m.vectorize(tokens);
  for (const auto& c : taxonomy.target_cues())
    m.target_phrases[c.lang].push_back({c.owner, c.weight, m.phrase_stems(c.phrase, c.lang)});
  for (const auto& c : taxonomy.theme_cues())
    m.theme_phrases[c.lang].push_back({c.owner, c.weight, m.phrase_stems(c.phrase, c.lang)});
  m.build_places();
}

Tagger::~Tagger() = default;
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;

std::string Tagger::inference_text(const Unit& unit) {
  if (unit.sections.empty()) return unit.title + "\n\n" + unit.text;
  std::string text = unit.title;
  for (const auto& s : unit.sections)
    if (s.heading != "Linkages to the SDGs") text += "\n\n" + s.text;
  return text;
}

namespace {

// The signals behind a target's score.
struct Signals {
  double knn = 0;    // share of similar labelled examples stating the target
  double prior = 0;  // share of all labelled examples stating it
  double cue = 0;    // curated cue phrases found in the text, in [0, 1)
  double title = 0;  // cosine between the text and the target's title and indicators
};

}  // namespace

struct Tagger::Ranking {
  std::map<std::string, Signals> targets;
  std::map<std::string, double> goal_votes;  // paragraph-level votes of similar labelled examples

  // Targets by 0.45 knn + 0.15 prior + 0.3 cue + 0.6 title, best first, score > 0, capped at 1.
  std::vector<ScoredTarget> ranked_targets() const {
    std::vector<ScoredTarget> ranked;
    for (const auto& [id, s] : targets) {
      const double score = 0.45 * s.knn + 0.15 * s.prior + 0.3 * s.cue + 0.6 * s.title;
      if (score > 0) ranked.push_back({id, std::min(1.0, score)});
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
    return ranked;
  }

  // Goals by their paragraph votes plus 0.1 x the best title similarity among their targets, best first.
  std::vector<ScoredTarget> ranked_goals() const {
    std::map<std::string, double> best_title;
    for (const auto& [id, s] : targets) {
      double& best = best_title[goal_of(id)];
      best = std::max(best, s.title);
    }
    std::map<std::string, double> score = goal_votes;
    for (const auto& [goal, title] : best_title) score[goal] += 0.1 * title;
    std::vector<ScoredTarget> ranked;
    for (const auto& [goal, sc] : score)
      if (sc > 0) ranked.push_back({goal, sc});
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
    return ranked;
  }
};

// The target signals, and for Level::kGoals also the goal votes.
Tagger::Ranking Tagger::signals(std::string_view text, std::string_view lang_view, std::string_view exclude_id,
                                std::string_view group, Level level) const {
  const Impl& m = *impl_;
  Ranking out;
  const std::string lang = m.title_vectors.count(std::string(lang_view)) ? std::string(lang_view) : "en";
  const auto tokens = m.analyze(text, lang);
  const SparseVector v = m.vectorize(tokens);
  if (v.empty()) return out;

  // Target level: the k nearest labelled examples, weighted by squared similarity.
  std::vector<std::pair<double, const Impl::Example*>> sims;
  for (const auto& ex : m.examples)
    if (ex.id != exclude_id)
      sims.emplace_back(Impl::cosine(v, ex.vector) + (!group.empty() && ex.group == group ? kSameGroupBonus : 0.0),
                        &ex);
  std::sort(sims.begin(), sims.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const double n_all = static_cast<double>(sims.size());
  for (const auto& [sim, ex] : sims)
    for (const auto& t : ex->targets) out.targets[t].prior += 1 / n_all;
  if (sims.size() > m.options.neighbours) sims.resize(m.options.neighbours);
  double total = 0;
  for (const auto& [sim, ex] : sims) total += sim * sim;
  for (const auto& [sim, ex] : sims) {
    if (total <= 0) break;
    for (const auto& t : ex->targets) out.targets[t].knn += sim * sim / total;
  }

  // Goal level: each paragraph's nearest labelled paragraphs vote for the
  // goals of their example, weighted by similarity; every paragraph has one vote.
  if (level == Level::kGoals) {
    const auto paragraphs = m.passages(text, tokens);
    std::vector<double> dot(m.passage_example.size());
    std::vector<std::pair<double, std::size_t>> near;
    for (const auto& p : paragraphs) {
      std::fill(dot.begin(), dot.end(), 0.0);
      for (const auto& [term, w] : p)
        if (auto it = m.passage_postings.find(term); it != m.passage_postings.end())
          for (const auto& [passage, pw] : it->second) dot[passage] += w * pw;
      near.clear();
      for (std::size_t i = 0; i < dot.size(); ++i) {
        const auto& ex = m.examples[m.passage_example[i]];
        if (dot[i] <= 0 || ex.id == exclude_id) continue;
        near.emplace_back(dot[i] * (!group.empty() && ex.group == group ? kSameGroupPassageFactor : 1.0), i);
      }
      const std::size_t k = std::min(near.size(), m.options.passage_neighbours);
      std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(k), near.end(),
                        [](const auto& a, const auto& b) { return a.first > b.first; });
      double sum = 0;
      for (std::size_t i = 0; i < k; ++i) sum += near[i].first;
      for (std::size_t i = 0; i < k; ++i)
        for (const auto& g : m.examples[m.passage_example[near[i].second]].goals)
          out.goal_votes[g] += near[i].first / sum / static_cast<double>(paragraphs.size());
    }
  }

  const auto cue_hits =
      m.match_phrases(tokens, m.target_phrases.count(lang) ? m.target_phrases.at(lang) : std::vector<Phrase>{});
  for (const auto& [id, h] : cue_hits) out.targets[id].cue = h.raw / (h.raw + 4);
  if (auto lt = m.title_vectors.find(lang); lt != m.title_vectors.end())
    for (const auto& [id, tv] : lt->second) {
      const double c = Impl::cosine(v, tv);
      if (c > 0) out.targets[id].title = c;
    }
  return out;
}

std::vector<ScoredTarget> Tagger::rank_targets(std::string_view text, std::string_view lang,
                                               std::string_view exclude_id, std::string_view group) const {
  return signals(text, lang, exclude_id, group, Level::kTargets).ranked_targets();
}

std::vector<ScoredTarget> Tagger::rank_goals(std::string_view text, std::string_view lang, std::string_view exclude_id,
                                             std::string_view group) const {
  return signals(text, lang, exclude_id, group, Level::kGoals).ranked_goals();
}

std::vector<Tag> Tagger::stated_targets(std::string_view block) const {
  std::vector<Tag> out;
  std::set<std::string> seen;
  for (std::string_view line : split_lines(block)) {
    auto id = impl_->taxonomy->canonical_target(line);
    if (id && seen.insert(*id).second) out.push_back(Tag{*id, kProvenanceStated, 1.0, {collapse_spaces(line)}, ""});
  }
  return out;
}

std::vector<Tag> Tagger::countries(const Unit& unit) const {
  const Impl& m = *impl_;
  struct Count {
    int named = 0, subdivision = 0, title = 0;
    std::size_t first = SIZE_MAX;        // first mention of any kind
    std::size_t first_named = SIZE_MAX;  // first mention by name or alias
  };
  std::map<std::string, Count> counts;
  const std::string body = unit.text;
  for (const auto& match : m.find_places(body)) {
    Count& c = counts[match.country];
    (match.subdivision ? c.subdivision : c.named) += 1;
    c.first = std::min(c.first, match.begin);
    if (!match.subdivision) c.first_named = std::min(c.first_named, match.begin);
  }
  for (const auto& match : m.find_places(unit.title)) counts[match.country].title += 1;

  // Subdivisions count for their country when the country is also named, or
  // when the unit names no country at all.
  const bool any_named =
      std::any_of(counts.begin(), counts.end(), [](const auto& kv) { return kv.second.named + kv.second.title > 0; });
  std::vector<std::string> primary;
  std::string primary_evidence;
  auto primary_from = [&](const std::string& line, const std::string& label) {
    auto matches = m.find_places(line);
    const bool has_named = std::any_of(matches.begin(), matches.end(), [](const auto& x) { return !x.subdivision; });
    for (const auto& x : matches) {
      if (has_named && x.subdivision) continue;
      if (std::find(primary.begin(), primary.end(), x.country) == primary.end()) primary.push_back(x.country);
    }
    primary_evidence = label + ": " + line;
  };
  if (!unit.location.empty()) primary_from(unit.location, "Location");
  if (primary.empty() && !unit.countries_printed.empty()) primary_from(unit.countries_printed, "Countries");

  const auto sentences = split_sentences(body);
  std::vector<Tag> tags;
  std::string best;
  double best_salience = 0;
  for (const auto& [code, c] : counts) {
    const int evidence = c.named + c.title + ((any_named ? c.named + c.title > 0 : true) ? c.subdivision : 0);
    if (evidence == 0) continue;
    const double salience = c.named + (any_named ? 0.5 : 1.0) * c.subdivision + 3.0 * c.title;
    if (salience > best_salience || (salience == best_salience && c.first < counts[best].first)) {
      best_salience = salience;
      best = code;
    }
  }
  if (primary.empty() && !best.empty() && (best_salience >= 2 || counts[best].title > 0)) {
    primary.push_back(best);
    primary_evidence = "Most mentioned country (" + std::to_string(counts[best].named + counts[best].subdivision) +
                       " mentions" + (counts[best].title ? ", in the title" : "") + ")";
  }
  for (const auto& code : primary) {
    Tag t{code, kProvenanceStated, 1.0, {primary_evidence}, "primary"};
    if (primary_evidence.starts_with("Most")) t.provenance = kProvenanceInferred;
    if (auto it = counts.find(code); it != counts.end() && it->second.first != SIZE_MAX) {
      const std::size_t cite = it->second.first_named != SIZE_MAX ? it->second.first_named : it->second.first;
      std::string s = sentence_at(body, sentences, cite);
      if (!s.empty() && t.evidence.size() < m.options.max_evidence) t.evidence.push_back(s);
    }
    tags.push_back(std::move(t));
  }
  for (const auto& [code, c] : counts) {
    if (std::find(primary.begin(), primary.end(), code) != primary.end()) continue;
    // A subdivision alone is weak evidence: it counts when the unit names no country at all.
    const double mentions =
        c.named + c.title + (any_named ? 0.5 * (c.named + c.title > 0) * c.subdivision : c.subdivision);
    if (mentions == 0 || c.first == SIZE_MAX) continue;
    const std::size_t cite = c.first_named != SIZE_MAX ? c.first_named : c.first;
    tags.push_back(Tag{code,
                       kProvenanceInferred,
                       std::min(1.0, std::round((0.3 + 0.1 * mentions) * 100) / 100),
                       {sentence_at(body, sentences, cite)},
                       "mentioned"});
  }
  return tags;
}

void Tagger::tag(Unit& unit) const noexcept {
  try {
    const Impl& m = *impl_;
    unit.themes.clear();
    unit.countries.clear();
    unit.sdg_targets.clear();
    unit.regions.clear();
    if (!is_valid_utf8(unit.text) || !is_valid_utf8(unit.title)) return;
    const std::string text = inference_text(unit);
    const std::string lang = unit.lang.empty() ? "en" : unit.lang;
    const auto tokens = m.analyze(text, lang);
    const auto sentences = split_sentences(text);
    auto evidence_from = [&](const std::vector<std::size_t>& offsets) {
      std::vector<std::string> ev;
      for (std::size_t at : offsets) {
        std::string s = sentence_at(text, sentences, at);
        if (!s.empty() && std::find(ev.begin(), ev.end(), s) == ev.end()) ev.push_back(s);
        if (ev.size() >= m.options.max_evidence) break;
      }
      return ev;
    };

    // SDG targets: stated, then inferred.
    unit.sdg_targets = stated_targets(unit.sdg_linkage);
    const auto cue_hits =
        m.match_phrases(tokens, m.target_phrases.count(lang) ? m.target_phrases.at(lang) : std::vector<Phrase>{});
    std::size_t inferred = 0;
    for (const auto& st : rank_targets(text, lang, unit.id, unit.theme_group)) {
      if (inferred >= m.options.max_inferred_targets || st.score < m.options.target_threshold) break;
      if (std::any_of(unit.sdg_targets.begin(), unit.sdg_targets.end(), [&](const Tag& t) { return t.id == st.id; }))
        continue;
      Tag t{st.id, kProvenanceInferred, std::round(st.score * 100) / 100, {}, ""};
      if (auto it = cue_hits.find(st.id); it != cue_hits.end()) t.evidence = evidence_from(it->second.offsets);
      if (t.evidence.empty()) {
        // No cue phrase: cite the sentence sharing most words with the target's title.
        const auto title_tokens = m.analyze(m.taxonomy->target(st.id)->title.get(lang), lang);
        std::set<std::string> title_stems;
        for (const auto& tt : title_tokens)
          if (!tt.stem.empty()) title_stems.insert(tt.stem);
        std::size_t best_offset = SIZE_MAX;
        int best_overlap = 1;
        for (const auto& s : sentences) {
          int overlap = 0;
          std::set<std::string> seen;
          for (const auto& tok : tokens)
            if (tok.begin >= s.begin && tok.end <= s.end && title_stems.count(tok.stem) && seen.insert(tok.stem).second)
              ++overlap;
          if (overlap > best_overlap) {
            best_overlap = overlap;
            best_offset = s.begin;
          }
        }
        if (best_offset != SIZE_MAX) t.evidence.push_back(sentence_at(text, sentences, best_offset));
      }
      if (t.evidence.empty()) continue;  // no honest evidence, no tag
      unit.sdg_targets.push_back(std::move(t));
      ++inferred;
    }

    // Themes: a handbook chapter named after a theme states it; else cues.
    const std::string chapter = unit.source.section_path.substr(0, unit.source.section_path.find(" \u203A "));
    for (const auto& th : m.taxonomy->themes()) {
      const std::string label = search_key(th.label.get("en"));
      const std::string folded = search_key(chapter);
      if (folded.starts_with("chapter") && folded.ends_with(label))
        unit.themes.push_back(Tag{th.id, kProvenanceStated, 1.0, {"Handbook chapter: " + chapter}, ""});
    }
    if (unit.themes.empty()) {
      const auto hits =
          m.match_phrases(tokens, m.theme_phrases.count(lang) ? m.theme_phrases.at(lang) : std::vector<Phrase>{});
      const double length_norm = std::max(1.0, std::sqrt(static_cast<double>(tokens.size()) / 300.0));
      std::vector<std::pair<double, std::string>> scored;
      for (const auto& [id, h] : hits) {
        const double raw = h.raw / length_norm;
        scored.emplace_back(raw / (raw + 6), id);
      }
      std::sort(scored.rbegin(), scored.rend());
      for (const auto& [score, id] : scored) {
        if (unit.themes.size() >= m.options.max_inferred_themes || score < m.options.theme_threshold) break;
        unit.themes.push_back(
            Tag{id, kProvenanceInferred, std::round(score * 100) / 100, evidence_from(hits.at(id).offsets), ""});
      }
    }

    unit.countries = countries(unit);
    for (const auto& c : unit.countries)
      if (const Country* country = m.taxonomy->country(c.id))
        for (const auto& r : country->regions)
          if (std::find(unit.regions.begin(), unit.regions.end(), r) == unit.regions.end()) unit.regions.push_back(r);
  } catch (const std::exception&) {
    // Contract: bad input gives no tags, never an exception out of the tagger.
    unit.themes.clear();
    unit.countries.clear();
    unit.sdg_targets.clear();
    unit.regions.clear();
  }
}

}  // namespace m4d
