// Synthetic corpus benchmark: N units made of sentences sampled from the real
// corpus, each carrying the tag set of a random real unit (so tags follow the
// real distribution). Builds the index, then times single-client faceted
// queries in-process (exact facet counts over the whole match set).
//
// Usage: synthetic N [WORKDIR]   e.g. synthetic 100000 /tmp/m4d-synth
// M4D_SYNTH_SPELLING=1 also builds the spelling dictionary; M4D_SHARDS=N
// writes N shards in parallel (default 1).
// M4D_SYNTH_KEEP=1 keeps WORKDIR afterwards, and reuses an index of N units
// already there (time the queries again without rebuilding 1M units).
#include <sys/resource.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>

#include "m4d/indexer/corpus.h"
#include "m4d/indexer/index_builder.h"
#include "m4d/schema.h"
#include "m4d/indexer/tagging.h"
#include "m4d/lang/stemmer.h"
#include "m4d/search/engine.h"
#include "m4d/text.h"

namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::uintmax_t dir_bytes(const fs::path& dir) {
  std::uintmax_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: synthetic N [WORKDIR]\n";
    return 2;
  }
  const std::size_t n = std::stoul(argv[1]);
  const bool spelling = std::getenv("M4D_SYNTH_SPELLING") != nullptr;
  const bool keep = std::getenv("M4D_SYNTH_KEEP") != nullptr;
  const unsigned shards = std::getenv("M4D_SHARDS") ? std::stoul(std::getenv("M4D_SHARDS")) : 1;
  // Flush every 2,000 documents: Xapian's default (10,000) costs memory and time here.
  setenv("XAPIAN_FLUSH_THRESHOLD", "2000", 0);
  const fs::path work = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / ("m4d-synth-" + std::to_string(n));
  const fs::path src = M4D_SOURCE_DIR;
  try {
    bool reuse = false;
    if (keep && fs::exists(work / "index" / m4d::schema::kStubFile)) {
      reuse = Xapian::Database((work / "index").string()).get_doccount() == n;
    }
    if (reuse) {
      std::printf("synthetic %zu units: reusing the index in %s (%.1f MB)\n", n, work.c_str(),
                  dir_bytes(work / "index") / 1e6);
    } else {
      fs::remove_all(work);
      fs::create_directories(work);
      auto corpus = m4d::indexer::load_corpus(src / "corpus", m4d::indexer::kEnglishWordList, {});
      const auto files = m4d::indexer::read_taxonomy_files(src / "taxonomy");
      const auto taxonomy = m4d::Taxonomy::parse(files);
      const m4d::Tagger tagger(taxonomy, m4d::lang::stem, m4d::indexer::labeled_examples(corpus.units, taxonomy));
      std::vector<std::string> sentences;
      for (auto& u : corpus.units) {
        tagger.tag(u);
        for (const auto& s : m4d::split_sentences(u.text)) {
          std::string t = m4d::collapse_spaces(std::string_view(u.text).substr(s.begin, s.end - s.begin));
          if (t.size() > 40) sentences.push_back(t);
        }
      }
      std::mt19937_64 rng(42);
      auto pick = [&](std::size_t size) { return std::uniform_int_distribution<std::size_t>(0, size - 1)(rng); };

      const auto t0 = std::chrono::steady_clock::now();
      {
        m4d::indexer::IndexWriter writer(work / "index", files, {spelling, shards});
        for (std::size_t i = 0; i < n; ++i) {
          const m4d::Unit& model = corpus.units[pick(corpus.units.size())];
          m4d::Unit u;
          u.id = "syn-" + std::to_string(i);
          u.type = model.type;
          u.lang = "en";
          u.title = sentences[pick(sentences.size())].substr(0, 80);
          const std::size_t count = 4 + pick(10);
          for (std::size_t k = 0; k < count; ++k) u.text += (k ? " " : "") + sentences[pick(sentences.size())];
          u.themes = model.themes;
          u.countries = model.countries;
          u.sdg_targets = model.sdg_targets;
          u.regions = model.regions;
          for (auto* tags : {&u.themes, &u.countries, &u.sdg_targets})
            for (auto& t : *tags) t.evidence.clear();
          writer.add(std::move(u));
          if ((i + 1) % 20000 == 0) std::cerr << "synthetic: " << (i + 1) << " units\n";
        }
        writer.finish();
      }
      const double build = seconds_since(t0);
      rusage ru{};
      getrusage(RUSAGE_SELF, &ru);
      std::printf("synthetic %zu units%s: build %.1f s (%.0f units/s), index %.1f MB, peak RSS %.0f MB\n", n,
                  spelling ? " with spelling data" : "", build, n / build, dir_bytes(work / "index") / 1e6,
                  ru.ru_maxrss / 1024.0);
    }

    m4d::search::Engine engine(work / "index", nullptr);
    const std::vector<std::pair<std::string, m4d::search::Filters>> queries = {
        {"remittances", {}},
        {"financial literacy", {{m4d::Facet::kCountry, {"NP"}}}},
        {"diaspora investment", {{m4d::Facet::kTheme, {"remittances"}}}},
        {"mental health", {}},
        {"migration", {{m4d::Facet::kTarget, {"10.7"}}, {m4d::Facet::kRegion, {"002"}}}},
        {"local authorities", {{m4d::Facet::kGoal, {"17"}}}},
        {"\"cross-border\"", {}},
        {"skills transfer", {{m4d::Facet::kType, {"case_study", "text_box"}}}},
        {"women entrepreneurs", {{m4d::Facet::kCountry, {"SV", "TN", "MA"}}}},
        {"data collection", {{m4d::Facet::kTarget, {"17.18"}}}},
        {"", {{m4d::Facet::kTarget, {"10.7"}}, {m4d::Facet::kRegion, {"419"}}}},
        {"", {{m4d::Facet::kTheme, {"rights"}}}},
        {"xenophobia", {}},
        {"policy coherence", {{m4d::Facet::kRegion, {"142"}}}},
        {"youth employment", {}},
        {"rural development tourism", {}},
    };
    std::vector<double> ms;
    for (int rep = 0; rep < 5; ++rep) {
      for (const auto& [q, filters] : queries) {
        m4d::search::SearchRequest r;
        r.q = q;
        r.filters = filters;
        r.expand = false;  // no glossary here: the synthetic index has none
        const auto t = std::chrono::steady_clock::now();
        const auto result = engine.search(r);
        if (rep > 0) ms.push_back(seconds_since(t) * 1000);  // first round warms the cache
        (void)result;
      }
    }
    std::sort(ms.begin(), ms.end());
    std::printf("single-client faceted queries (%zu timed, exact counts over all 7 facets): p50 %.1f ms, p99 %.1f ms\n",
                ms.size(), ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]);
    if (!keep) fs::remove_all(work);
  } catch (const std::exception& e) {
    std::cerr << "synthetic: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
