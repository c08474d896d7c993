// Cross-language evaluation: French and Spanish queries
// (tests/data/clir_queries.tsv) against the English corpus, and the same
// queries written in English (the ceiling). Prints success@10 and MRR, then
// the query-time cost of expansion: p50/p99 of a full search (10 hits,
// snippets, facets) for the French and Spanish queries with expansion
// (glossary translations, synonyms, feedback) and without (plain BM25).
//
// Usage: clir_eval [SOURCE_DIR]

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include "bench_index.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const fs::path src = argc > 1 ? argv[1] : M4D_SOURCE_DIR;
  try {
    m4d::bench::BenchIndex index(src);
    m4d::search::Engine& engine = index.engine();
    auto rank = [&](const std::string& q, const std::vector<std::string>& expected) {
      m4d::search::SearchRequest r;
      r.q = q;
      r.facets = false;
      r.snippets = false;
      const auto result = engine.search(r);
      for (std::size_t i = 0; i < result.hits.size(); ++i)
        if (std::find(expected.begin(), expected.end(), result.hits[i].unit->id) != expected.end())
          return static_cast<int>(i) + 1;
      return 0;
    };
    std::vector<std::string> foreign_queries;
    std::map<std::string, std::array<double, 5>> by_lang;  // lang -> n, success, mrr, en success, en mrr
    std::ifstream in(src / "tests/data/clir_queries.tsv");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream row(line);
      std::string lang, q, en, ids;
      std::getline(row, lang, '\t');
      std::getline(row, q, '\t');
      std::getline(row, en, '\t');
      std::getline(row, ids, '\t');
      std::istringstream idss(ids);
      std::vector<std::string> expected{std::istream_iterator<std::string>(idss), {}};
      foreign_queries.push_back(q);
      const int a = rank(q, expected), b = rank(en, expected);
      auto& s = by_lang[lang];
      s[0] += 1;
      if (a) s[1] += 1, s[2] += 1.0 / a;
      if (b) s[3] += 1, s[4] += 1.0 / b;
      std::printf("%s  %-70s %3s  | en %3s\n", lang.c_str(), q.substr(0, 70).c_str(),
                  a ? std::to_string(a).c_str() : "-", b ? std::to_string(b).c_str() : "-");
    }
    std::printf("\n");
    for (const auto& [lang, s] : by_lang)
      std::printf(
          "%s: %2.0f queries  cross-language success@10 %.2f MRR %.3f | English ceiling success@10 %.2f MRR %.3f\n",
          lang.c_str(), s[0], s[1] / s[0], s[2] / s[0], s[3] / s[0], s[4] / s[0]);

    // Query-time cost of expansion, on the API's default request shape.
    auto latencies = [&](bool expand) {
      std::vector<double> ms;
      for (int round = 0; round < 30; ++round)
        for (const auto& q : foreign_queries) {
          m4d::search::SearchRequest r;
          r.q = q;
          r.expand = expand;
          const auto t0 = std::chrono::steady_clock::now();
          engine.search(r);
          ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
      std::sort(ms.begin(), ms.end());
      return std::pair{ms[ms.size() / 2], ms[ms.size() * 99 / 100]};
    };
    latencies(true);  // warm the caches
    const auto plain = latencies(false), expanded = latencies(true);
    std::printf("\nfr+es queries, full search (10 hits, snippets, facets), %zu runs each:\n",
                foreign_queries.size() * 30);
    std::printf("  plain BM25      p50 %.2f ms  p99 %.2f ms\n", plain.first, plain.second);
    std::printf("  with expansion  p50 %.2f ms  p99 %.2f ms  (expansion adds %.2f ms to p50)\n", expanded.first,
                expanded.second, expanded.first - plain.first);
  } catch (const std::exception& e) {
    std::cerr << "clir_eval: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
