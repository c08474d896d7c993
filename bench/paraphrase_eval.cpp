// Vocabulary-mismatch evaluation: practitioners' paraphrases
// (tests/data/paraphrase_queries.tsv) against plain BM25 and against the full
// engine (field glossary, WordNet synonyms, pseudo-relevance feedback) on the
// same index of the bundled corpus. Prints success@10 and MRR for both.
//
// Usage: paraphrase_eval [SOURCE_DIR]

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "bench_index.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const fs::path src = argc > 1 ? argv[1] : M4D_SOURCE_DIR;
  try {
    m4d::bench::BenchIndex index(src);
    m4d::search::Engine& engine = index.engine();
    std::ifstream in(src / "tests/data/paraphrase_queries.tsv");
    std::string line;
    struct Score {
      double success = 0, mrr = 0;
    } plain, full;
    int n = 0;
    std::printf("%-62s %6s %6s\n", "query", "BM25", "full");
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto tab = line.find('\t');
      const std::string q = line.substr(0, tab);
      std::istringstream ids(line.substr(tab + 1));
      std::vector<std::string> expected{std::istream_iterator<std::string>(ids), {}};
      int ranks[2] = {0, 0};
      for (int mode = 0; mode < 2; ++mode) {
        m4d::search::SearchRequest r;
        r.q = q;
        r.expand = mode == 1;
        r.correct_spelling = mode == 1;
        r.facets = false;
        r.snippets = false;
        const auto result = engine.search(r);
        for (std::size_t i = 0; i < result.hits.size(); ++i)
          if (std::find(expected.begin(), expected.end(), result.hits[i].unit->id) != expected.end()) {
            ranks[mode] = static_cast<int>(i) + 1;
            break;
          }
        Score& s = mode == 0 ? plain : full;
        if (ranks[mode]) {
          s.success += 1;
          s.mrr += 1.0 / ranks[mode];
        }
      }
      ++n;
      std::printf("%-62s %6s %6s\n", q.substr(0, 62).c_str(), ranks[0] ? std::to_string(ranks[0]).c_str() : "-",
                  ranks[1] ? std::to_string(ranks[1]).c_str() : "-");
    }
    std::printf(
        "\n%d paraphrased queries: plain BM25 success@10 %.2f MRR %.3f | full engine success@10 %.2f MRR %.3f\n", n,
        plain.success / n, plain.mrr / n, full.success / n, full.mrr / n);
  } catch (const std::exception& e) {
    std::cerr << "paraphrase_eval: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
