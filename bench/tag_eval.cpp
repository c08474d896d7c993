// Tagger evaluation on the bundled corpus.
//
// 1. SDG targets, leave-one-out on the 26 case studies: each story's "Linkages
//    to the SDGs" block is hidden, its targets are inferred from the rest of
//    its text (the tagger never consults the story's own stated links), and the
//    ranking is compared with the stated targets: precision@3, recall@5 and F1
//    at the goal level and at the target level.
// 2. Countries on unseen documents (tests/data/country_docs.tsv): accuracy of
//    the primary country.
//
// Usage: tag_eval [--verbose] [SOURCE_DIR]   (default: the source tree this was built from;
//        --verbose prints each story's stated goals and its top five, hits starred)
#include <cstdio>
#include <fstream>
#include <iostream>
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

    Scores targets, goals;
    for (const auto& ex : examples) {
      std::set<std::string> truth(ex.targets.begin(), ex.targets.end()), truth_goals;
      for (const auto& t : truth) truth_goals.insert(goal_of(t));
      std::vector<std::string> ranked, ranked_goals;
      for (const auto& st : tagger.rank_targets(ex.text, ex.lang, ex.id, ex.group)) ranked.push_back(st.id);
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
  } catch (const std::exception& e) {
    std::cerr << "tag_eval: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
