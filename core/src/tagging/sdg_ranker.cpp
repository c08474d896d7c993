#include "sdg_ranker.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace m4d::tagging {

SdgRanker::SdgRanker(const Taxonomy& taxonomy, const Analyzer& analyzer, const std::vector<LabeledExample>& examples,
                     const TaggerOptions& options)
    : analyzer_(analyzer), options_(options) {
  // Vocabulary and document frequencies from the labelled examples.
  std::vector<std::vector<Token>> analysed;
  std::unordered_map<int, int> df;
  for (const auto& ex : examples) {
    analysed.push_back(analyzer_.analyze(ex.text, ex.lang));
    std::unordered_set<int> seen;
    for (const auto& t : analysed.back()) {
      if (t.stem.empty()) continue;
      auto [it, fresh] = vocabulary_.emplace(t.stem, static_cast<int>(vocabulary_.size()));
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
      auto& tokens = title_tokens[lang][t.id] = analyzer_.analyze(text, lang);
      for (const auto& tok : tokens)
        if (!tok.stem.empty()) vocabulary_.emplace(tok.stem, static_cast<int>(vocabulary_.size()));
    }
  }
  const double n = static_cast<double>(examples.size());
  idf_.assign(vocabulary_.size(), std::log(n + 1) + 1);
  for (const auto& [term, count] : df) idf_[static_cast<std::size_t>(term)] = std::log((n + 1) / (count + 1)) + 1;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    std::vector<std::string> goals;
    for (const auto& t : examples[i].targets)
      if (std::find(goals.begin(), goals.end(), goal_of_target(t)) == goals.end()) goals.push_back(goal_of_target(t));
    examples_.push_back({examples[i].id, vectorize(analysed[i]), examples[i].targets, examples[i].group, goals});
    for (auto& passage : passages(examples[i].text, analysed[i])) {
      for (const auto& [term, w] : passage) passage_postings_[term].emplace_back(passage_example_.size(), w);
      passage_example_.push_back(i);
    }
  }
  for (const auto& [lang, targets] : title_tokens)
    for (const auto& [id, tokens] : targets) title_vectors_[lang][id] = vectorize(tokens);
  for (const auto& c : taxonomy.target_cues())
    target_phrases_[c.lang].push_back({c.owner, c.weight, analyzer_.phrase_stems(c.phrase, c.lang)});
  for (const auto& g : taxonomy.glossary()) {
    if (g.lang == "en") {
      auto& stems = english_stems_[g.owner];
      for (auto& stem : analyzer_.phrase_stems(g.phrase, "en"))
        if (std::find(stems.begin(), stems.end(), stem) == stems.end()) stems.push_back(std::move(stem));
    } else {
      glossary_phrases_[g.lang].push_back({g.owner, 1, analyzer_.phrase_stems(g.phrase, g.lang)});
    }
  }
}

std::vector<Token> SdgRanker::with_english_concepts(const std::vector<Token>& tokens, const std::string& lang) const {
  std::vector<Token> out = tokens;
  const auto phrases = glossary_phrases_.find(lang);
  if (phrases == glossary_phrases_.end()) return out;
  for (const auto& [idea, hits] : match_phrases(tokens, phrases->second)) {
    const auto english = english_stems_.find(idea);
    if (english == english_stems_.end()) continue;
    for (std::size_t i = 0; i < hits.offsets.size(); ++i)
      for (const auto& stem : english->second) out.push_back({stem, stem, 0, 0});
  }
  return out;
}

const std::vector<Phrase>& SdgRanker::target_phrases(const std::string& lang) const {
  static const std::vector<Phrase> none;
  const auto it = target_phrases_.find(lang);
  return it == target_phrases_.end() ? none : it->second;
}

std::string SdgRanker::ranking_language(std::string_view lang) const {
  return title_vectors_.count(std::string(lang)) ? std::string(lang) : "en";
}

SparseVector SdgRanker::vectorize(const std::vector<Token>& tokens) const {
  SparseVector tf;
  for (const auto& t : tokens) {
    if (t.stem.empty()) continue;
    auto it = vocabulary_.find(t.stem);
    if (it != vocabulary_.end()) tf[it->second] += 1;
  }
  double norm = 0;
  for (auto& [term, w] : tf) {
    w = (1 + std::log(w)) * idf_[static_cast<std::size_t>(term)];
    norm += w * w;
  }
  norm = std::sqrt(norm);
  if (norm > 0)
    for (auto& [term, w] : tf) w /= norm;
  return tf;
}

// The paragraphs (separated by a blank line) of `text` with at least
// options_.min_passage_stems content words, as vectors; the whole text when none is that long.
std::vector<SparseVector> SdgRanker::passages(std::string_view text, const std::vector<Token>& tokens) const {
  std::vector<SparseVector> out;
  std::vector<Token> paragraph;
  std::size_t stems = 0;
  auto close = [&] {
    if (stems >= options_.min_passage_stems) out.push_back(vectorize(paragraph));
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

SdgRanker::Ranking SdgRanker::signals(std::string_view text, std::string_view lang_view, std::string_view exclude_id,
                                      std::string_view group, bool goal_votes) const {
  Ranking out;
  const std::string lang = ranking_language(lang_view);
  const auto tokens = analyzer_.analyze(text, lang);
  const SparseVector v = vectorize(tokens);
  // The labelled examples are English: another language meets them through the glossary.
  const SparseVector bridged = lang == "en" ? SparseVector() : vectorize(with_english_concepts(tokens, lang));
  const SparseVector& knn_vector = lang == "en" ? v : bridged;
  if (v.empty() && knn_vector.empty()) return out;

  // Target level: the k nearest labelled examples, weighted by squared similarity.
  std::vector<std::pair<double, const Example*>> sims;
  for (const auto& ex : examples_)
    if (ex.id != exclude_id)
      sims.emplace_back(
          cosine(knn_vector, ex.vector) + (!group.empty() && ex.group == group ? options_.same_group_bonus : 0.0), &ex);
  std::sort(sims.begin(), sims.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  // A short text gets its targets from its own words (cues, target titles)
  // more than from the examples' share of targets, which ranks the commonest first.
  std::size_t stems = 0;
  for (const auto& t : tokens) stems += !t.stem.empty();
  out.neighbour_share = std::clamp(static_cast<double>(stems) / static_cast<double>(options_.neighbour_full_length),
                                   options_.short_neighbour_share, 1.0);
  const double n_all = static_cast<double>(sims.size());
  for (const auto& [sim, ex] : sims)
    for (const auto& t : ex->targets) out.targets[t].prior += 1 / n_all;
  if (sims.size() > options_.neighbours) sims.resize(options_.neighbours);
  double total = 0;
  for (const auto& [sim, ex] : sims) total += sim * sim;
  for (const auto& [sim, ex] : sims) {
    if (total <= 0) break;
    for (const auto& t : ex->targets) out.targets[t].knn += sim * sim / total;
  }

  // Goal level: each paragraph's nearest labelled paragraphs vote for the
  // goals of their example, weighted by similarity; every paragraph has one vote.
  if (goal_votes) {
    const auto paragraphs = passages(text, tokens);
    std::vector<double> dot(passage_example_.size());
    std::vector<std::pair<double, std::size_t>> near;
    for (const auto& p : paragraphs) {
      std::fill(dot.begin(), dot.end(), 0.0);
      for (const auto& [term, w] : p)
        if (auto it = passage_postings_.find(term); it != passage_postings_.end())
          for (const auto& [passage, pw] : it->second) dot[passage] += w * pw;
      near.clear();
      for (std::size_t i = 0; i < dot.size(); ++i) {
        const auto& ex = examples_[passage_example_[i]];
        if (dot[i] <= 0 || ex.id == exclude_id) continue;
        near.emplace_back(dot[i] * (!group.empty() && ex.group == group ? options_.same_group_passage_factor : 1.0), i);
      }
      const std::size_t k = std::min(near.size(), options_.passage_neighbours);
      std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(k), near.end(),
                        [](const auto& a, const auto& b) { return a.first > b.first; });
      double sum = 0;
      for (std::size_t i = 0; i < k; ++i) sum += near[i].first;
      for (std::size_t i = 0; i < k; ++i)
        for (const auto& g : examples_[passage_example_[near[i].second]].goals)
          out.goal_votes[g] += near[i].first / sum / static_cast<double>(paragraphs.size());
    }
  }

  for (const auto& [id, h] : match_phrases(tokens, target_phrases(lang)))
    out.targets[id].cue = h.raw / (h.raw + options_.cue_saturation);
  if (auto lt = title_vectors_.find(lang); lt != title_vectors_.end())
    for (const auto& [id, tv] : lt->second) {
      const double c = cosine(v, tv);
      if (c > 0) out.targets[id].title = c;
    }
  return out;
}

std::vector<ScoredTarget> SdgRanker::rank_targets(std::string_view text, std::string_view lang,
                                                  std::string_view exclude_id, std::string_view group) const {
  const Ranking r = signals(text, lang, exclude_id, group, false);
  std::vector<ScoredTarget> ranked;
  for (const auto& [id, s] : r.targets) {
    const double score = r.neighbour_share * (options_.knn_weight * s.knn + options_.prior_weight * s.prior) +
                         options_.cue_weight * s.cue + options_.title_weight * s.title;
    if (score > 0) ranked.push_back({id, std::min(1.0, score)});
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  return ranked;
}

std::vector<ScoredTarget> SdgRanker::rank_goals(std::string_view text, std::string_view lang,
                                                std::string_view exclude_id, std::string_view group) const {
  const Ranking r = signals(text, lang, exclude_id, group, true);
  std::map<std::string, double> best_title;
  for (const auto& [id, s] : r.targets) {
    double& best = best_title[goal_of_target(id)];
    best = std::max(best, s.title);
  }
  std::map<std::string, double> score = r.goal_votes;
  for (const auto& [goal, title] : best_title) score[goal] += options_.goal_title_weight * title;
  std::vector<ScoredTarget> ranked;
  for (const auto& [goal, sc] : score)
    if (sc > 0) ranked.push_back({goal, sc});
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  return ranked;
}

}  // namespace m4d::tagging
