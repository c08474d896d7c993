// Tagger evaluation on the bundled corpus.
//
// 1. SDG targets, leave-one-out on the 26 case studies: each story's "Linkages
//    to the SDGs" block is hidden, its targets are inferred from the rest of
//    its text (the tagger never consults the story's own stated links), and the
//    ranking is compared with the stated targets: precision@3, recall@5 and F1
//    at the goal level and at the target level.
//    Then every inferred target the tagger would keep (score threshold, at
//    most max_inferred_targets), micro-averaged precision and recall, for a
//    sweep of thresholds (the one chosen is TaggerOptions::target_threshold).
// 2. Countries on unseen documents (tests/data/country_docs.tsv): accuracy of
//    the primary country.
// 3. Documents written for the patterns of issue L (tests/data/country_patterns.tsv:
//    diaspora abroad, cross-border pairs, a place named by its subdivision,
//    countries compared, demonyms): primary-country accuracy by pattern, and
//    target precision@3 by language against targets written before the tagger ran.
// 4. The same for held-out documents (tests/data/target_holdout.tsv), written
//    after the short-text weighting was chosen on the pattern documents.
//
// Usage: tag_eval [--verbose] [SOURCE_DIR]   (default: the source tree this was built from;
//        --verbose prints each story's stated goals and its top five, hits starred)
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "m4d/indexer/corpus.h"
#include "m4d/indexer/tagging.h"
#include "m4d/lang/stemmer.h"
#include "m4d/tagger.h"

namespace {

struct Scores {
  double p3 = 0, r5 = 0;
  int n = 0;
  void add(const std::vector<std::string>& ranked, const std::set<std::string>& truth) {
    int hit3 = 0, hit5 = 0;
    for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) {
      if (truth.count(ranked[i])) {
        if (i < 3) ++hit3;
        ++hit5;
      }
    }
    p3 += hit3 / 3.0;
    r5 += truth.empty() ? 0 : static_cast<double>(hit5) / static_cast<double>(truth.size());
    ++n;
  }
  void print(const char* level) const {
    const double p = p3 / n, r = r5 / n;
    std::printf("%-7s precision@3 %.3f  recall@5 %.3f  F1 %.3f  (%d stories)\n", level, p, r,
                p + r > 0 ? 2 * p * r / (p + r) : 0.0, n);
  }
};

std::string goal_of(const std::string& target) { return target.substr(0, target.find('.')); }

// Kept inferred targets against the truth, summed over units (micro-average).
struct Kept {
  int kept = 0, right = 0, truth = 0;
  void add(const std::vector<m4d::ScoredTarget>& ranked, const std::set<std::string>& stated, double threshold,
           std::size_t max_kept) {
    std::size_t n = 0;
    for (const auto& st : ranked) {
      if (st.score < threshold || n == max_kept) break;
      ++n;
      ++kept;
      right += stated.count(st.id) > 0;
    }
    truth += static_cast<int>(stated.size());
  }
  double precision() const { return kept ? static_cast<double>(right) / kept : 0.0; }
  double recall() const { return truth ? static_cast<double>(right) / truth : 0.0; }
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, sep);) out.push_back(part);
  return out;
}

// One line per threshold: how many inferred targets are kept, their precision and recall.
void print_sweep(const std::vector<Kept>& kept, const std::vector<double>& thresholds) {
  const m4d::TaggerOptions options;
  for (std::size_t i = 0; i < thresholds.size(); ++i)
    std::printf("  score >= %.2f%s  kept %3d  precision %.3f  recall %.3f\n", thresholds[i],
                thresholds[i] == options.target_threshold ? " (chosen)" : "         ", kept[i].kept,
                kept[i].precision(), kept[i].recall());
}

// Short documents with their expected primary country and targets, one per
// line (tests/data/country_patterns.tsv, target_holdout.tsv): primary-country
// accuracy by pattern, target precision@3 by language, and the inferred
// targets kept over a sweep of thresholds.
void evaluate_documents(const m4d::Tagger& tagger, const std::filesystem::path& file, const char* name,
                        const std::vector<double>& thresholds, bool verbose) {
  const m4d::TaggerOptions options;
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot open");
  std::map<std::string, std::pair<int, int>> by_pattern;  // pattern -> (right, total)
  std::map<std::string, Scores> by_lang;
  std::vector<Kept> kept(thresholds.size());
  int total = 0, right = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    if (f.size() < 6) continue;
    m4d::Unit u;
    u.id = f[0];
    u.lang = f[1];
    u.text = f[5];
    u.title = u.text.substr(0, u.text.find('.'));
    std::string got;
    for (const auto& c : tagger.countries(u))
      if (c.role == "primary") got = c.id;
    ++total;
    ++by_pattern[f[2]].second;
    if (got == f[3]) {
      ++right;
      ++by_pattern[f[2]].first;
    } else {
      std::printf("  miss %s (%s, %s): expected %s, got %s\n", u.id.c_str(), f[1].c_str(), f[2].c_str(), f[3].c_str(),
                  got.c_str());
    }
    const auto expected = split(f[4], ',');
    std::vector<std::string> ranked;
    const auto scored = tagger.rank_targets(m4d::Tagger::inference_text(u), u.lang, u.id);
    for (const auto& st : scored) ranked.push_back(st.id);
    const std::set<std::string> truth(expected.begin(), expected.end());
    by_lang[u.lang].add(ranked, truth);
    for (std::size_t i = 0; i < thresholds.size(); ++i)
      kept[i].add(scored, truth, thresholds[i], options.max_inferred_targets);
    if (verbose) {
      std::printf("%s expected %s, ranked:", u.id.c_str(), f[4].c_str());
      for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) std::printf(" %s", ranked[i].c_str());
      std::printf("\n");
    }
  }
  std::printf("Primary country on %d %s: accuracy %.3f (", total, name,
              total ? static_cast<double>(right) / total : 0.0);
  for (const auto& [pattern, rt] : by_pattern) std::printf(" %s %d/%d", pattern.c_str(), rt.first, rt.second);
  std::printf(" )\nTargets of the %s, by language:\n", name);
  for (const auto& [lang, scores] : by_lang) scores.print(lang.c_str());
  std::printf("Inferred targets kept on the %s (short texts), micro-averaged:\n", name);
  print_sweep(kept, thresholds);
}

}  // namespace

int main(int argc, char** argv) {
  bool verbose = false;
  std::filesystem::path src = M4D_SOURCE_DIR;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--verbose")
      verbose = true;
    else
      src = argv[i];
  }
  try {
    const auto corpus = m4d::indexer::load_corpus(src / "corpus", m4d::indexer::kEnglishWordList, {});
    const auto taxonomy = m4d::Taxonomy::parse(m4d::indexer::read_taxonomy_files(src / "taxonomy"));
    const auto examples = m4d::indexer::labeled_examples(corpus.units, taxonomy);
    const m4d::Tagger tagger(taxonomy, m4d::lang::stem, examples);

    const m4d::TaggerOptions options;
    const std::vector<double> thresholds = {0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5};
    std::vector<Kept> kept(thresholds.size());
    Scores targets, goals;
    for (const auto& ex : examples) {
      std::set<std::string> truth(ex.targets.begin(), ex.targets.end()), truth_goals;
      for (const auto& t : truth) truth_goals.insert(goal_of(t));
      std::vector<std::string> ranked, ranked_goals;
      const auto scored = tagger.rank_targets(ex.text, ex.lang, ex.id, ex.group);
      for (const auto& st : scored) ranked.push_back(st.id);
      for (std::size_t i = 0; i < thresholds.size(); ++i)
        kept[i].add(scored, truth, thresholds[i], options.max_inferred_targets);
      for (const auto& sg : tagger.rank_goals(ex.text, ex.lang, ex.id, ex.group)) ranked_goals.push_back(sg.id);
      targets.add(ranked, truth);
      goals.add(ranked_goals, truth_goals);
      if (verbose) {
        std::printf("%s  stated goals:", ex.id.c_str());
        for (const auto& g : truth_goals) std::printf(" %s", g.c_str());
        std::printf("  ranked:");
        for (std::size_t i = 0; i < ranked_goals.size() && i < 5; ++i)
          std::printf(" %s%s", ranked_goals[i].c_str(), truth_goals.count(ranked_goals[i]) ? "*" : "");
        std::printf("\n");
      }
    }
    std::printf("SDG inference, leave-one-out over %zu case studies (Linkages block hidden):\n", examples.size());
    goals.print("goal");
    targets.print("target");
    std::printf("Inferred targets kept (at most %zu a unit), all of them, micro-averaged:\n",
                options.max_inferred_targets);
    print_sweep(kept, thresholds);

    // Countries on documents the tagger has never seen.
    std::ifstream in(src / "tests/data/country_docs.tsv");
    std::string line;
    int total = 0, right = 0;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::stringstream ss(line);
      std::string id, lang, expected, text;
      std::getline(ss, id, '\t');
      std::getline(ss, lang, '\t');
      std::getline(ss, expected, '\t');
      std::getline(ss, text, '\t');
      m4d::Unit u;
      u.id = id;
      u.lang = lang;
      u.title = text.substr(0, text.find('.'));
      u.text = text;
      std::string got;
      for (const auto& c : tagger.countries(u))
        if (c.role == "primary") got = c.id;
      ++total;
      if (got == expected)
        ++right;
      else
        std::printf("  miss %s (%s): expected %s, got %s\n", id.c_str(), lang.c_str(), expected.c_str(), got.c_str());
    }
    std::printf("Primary country on %d unseen documents (en, fr, es): accuracy %.3f\n", total,
                total ? static_cast<double>(right) / total : 0.0);

    evaluate_documents(tagger, src / "tests/data/country_patterns.tsv", "pattern documents (issue L)", thresholds,
                       verbose);
    evaluate_documents(tagger, src / "tests/data/target_holdout.tsv", "held-out documents", thresholds, verbose);
  } catch (const std::exception& e) {
    std::cerr << "tag_eval: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
