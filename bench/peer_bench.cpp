// m4d-peer-bench: m4d as a driver of ../shared/bench-peers (see its README).
//   m4d-peer-bench <corpus.jsonl> <queries.txt> <workdir> <K> [warm]
// Indexes the JSONL's passages as units (their theme/country/sdg values as
// stated tags), then times the 60 queries in three modes, single thread, in
// process: plain (words only, no expansion, no facets, no snippets), faceted
// (plain + the line's theme filter + exact counts of every facet) and full
// (the product's defaults: expansion, spelling, snippets, facets, with the
// theme filter). Prints one JSON line on stdout, progress on stderr.
// The build writes one shard per core in parallel and merges them
// (M4D_SHARDS=N, M4D_MERGE=0 to serve the shards combined instead).
#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "m4d/errors.h"
#include "m4d/indexer/index_builder.h"
#include "m4d/indexer/tagging.h"
#include "m4d/search/engine.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Query {
  std::string theme, q;
};

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Nearest-rank percentile, as the peers compute it.
double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  long k = static_cast<long>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
  k = std::clamp<long>(k, 0, static_cast<long>(v.size()) - 1);
  return v[static_cast<std::size_t>(k)];
}

json stats(const std::vector<double>& ms, double total_s) {
  double mean = 0;
  for (double x : ms) mean += x;
  mean = ms.empty() ? 0 : mean / static_cast<double>(ms.size());
  return json{{"n", ms.size()},
              {"p50_ms", percentile(ms, 50)},
              {"p95_ms", percentile(ms, 95)},
              {"p99_ms", percentile(ms, 99)},
              {"mean_ms", mean},
              {"qps", total_s > 0 ? static_cast<double>(ms.size()) / total_s : 0.0}};
}

std::uintmax_t dir_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

std::vector<Query> load_queries(const fs::path& path) {
  std::vector<Query> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab != std::string::npos) out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

std::vector<m4d::Tag> tags(const json& values, const char* role) {
  std::vector<m4d::Tag> out;
  if (values.is_array())
    for (const auto& v : values) out.push_back({v.get<std::string>(), m4d::kProvenanceStated, 1.0, {}, role});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: m4d-peer-bench <corpus.jsonl> <queries.txt> <workdir> <K> [warm]\n";
    return 2;
  }
  const fs::path corpus = argv[1], queries_path = argv[2], work = argv[3];
  const int rounds = std::atoi(argv[4]), warm = argc > 5 ? std::atoi(argv[5]) : 2;
  try {
    const fs::path index = work / "m4d.index";
    fs::remove_all(index);
    fs::create_directories(work);
    const auto queries = load_queries(queries_path);

    // ---- build ----
    const auto t0 = Clock::now();
    std::size_t docs = 0;
    {
      // Every core (or M4D_SHARDS): one shard each, written in parallel, then
      // merged into one database (M4D_MERGE=0 serves the shards combined).
      const char* env_shards = std::getenv("M4D_SHARDS");
      const char* env_merge = std::getenv("M4D_MERGE");
      const unsigned shards = env_shards ? std::stoul(env_shards) : std::max(1U, std::thread::hardware_concurrency());
      const bool merge = !env_merge || std::string(env_merge) != "0";
      m4d::indexer::IndexWriter writer(index, m4d::indexer::read_taxonomy_files(M4D_SOURCE_DIR "/taxonomy"),
                                       {true, shards, merge});
      std::ifstream in(corpus);
      if (!in) throw m4d::InvalidInput(corpus.string() + ": cannot read");
      for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const json d = json::parse(line);
        m4d::Unit u;
        u.id = d.at("id").get<std::string>();
        u.type = m4d::kTypeArticle;
        u.lang = "en";
        u.text = d.at("text").get<std::string>();
        u.source.publication = d.value("doc", "");
        u.themes = tags(d.value("theme", json::array()), "");
        u.countries = tags(d.value("country", json::array()), "primary");
        u.sdg_targets = tags(d.value("sdg", json::array()), "");
        writer.add(std::move(u));
        if (++docs % 20000 == 0) std::cerr << "m4d-peer-bench: " << docs << " passages\n";
      }
      writer.finish();
    }
    const double build_s = seconds_since(t0);
    const std::uintmax_t bytes = dir_bytes(index);
    std::map<std::string, std::uintmax_t> tables;
    for (const auto& db : fs::directory_iterator(index))  // shards and the spelling database
      if (db.is_directory())
        for (const char* t : {"postlist", "position", "termlist", "docdata", "spelling"})
          if (fs::exists(db.path() / (std::string(t) + ".glass")))
            tables[t] += fs::file_size(db.path() / (std::string(t) + ".glass"));
    // Every database of the index, checked as xapian-check does (not timed).
    std::size_t check_errors = 0;
    for (const auto& db : fs::directory_iterator(index))
      if (db.is_directory()) {
        const std::size_t errors = Xapian::Database::check(db.path().string(), 0, &std::cerr);
        std::cerr << "m4d-peer-bench: xapian check " << db.path().filename().string() << ": " << errors << " errors\n";
        check_errors += errors;
      }

    // ---- query ----
    const auto resources = m4d::search::IndexResources::load(index, "/usr/share/wordnet");
    m4d::search::Engine engine(index, resources.get());
    auto request = [&](const Query& q, bool faceted, bool full) {
      m4d::search::SearchRequest r;
      r.q = q.q;
      r.expand = full;
      r.correct_spelling = full;
      r.snippets = full;
      r.facets = faceted || full;
      if (faceted || full) r.filters[m4d::Facet::kTheme] = {q.theme};
      return r;
    };
    json q1;
    std::uint64_t hits_faceted = 0, hits_full = 0;
    auto ids = [](const m4d::search::SearchResult& r) {
      std::vector<std::string> out;
      for (const auto& h : r.hits) out.push_back(h.unit->id);
      return out;
    };
    // One recording pass (untimed): match counts and the first query's answers.
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto plain = engine.search(request(queries[i], false, false));
      const auto faceted = engine.search(request(queries[i], true, false));
      const auto full = engine.search(request(queries[i], true, true));
      hits_faceted += faceted.total;
      hits_full += full.total;
      if (i == 0) {
        json facets;
        for (const auto& [name, facet] :
             {std::pair{"theme", m4d::Facet::kTheme}, std::pair{"country", m4d::Facet::kCountry},
              std::pair{"sdg", m4d::Facet::kTarget}}) {
          json counts = json::object();
          const auto& values = faceted.facets[static_cast<std::size_t>(facet)];
          for (std::size_t k = 0; k < values.size() && k < 5; ++k) counts[values[k].value] = values[k].count;
          facets[name] = counts;
        }
        q1 = json{{"query", queries[i].q},         {"filter_theme", queries[i].theme}, {"top10", ids(plain)},
                  {"top10_faceted", ids(faceted)}, {"top10_full", ids(full)},          {"facets", facets}};
      }
    }
    auto timed = [&](bool faceted, bool full) {
      for (int r = 0; r < warm; ++r)
        for (const auto& q : queries) (void)engine.search(request(q, faceted, full));
      std::vector<double> ms;
      const auto start = Clock::now();
      for (int r = 0; r < rounds; ++r)
        for (const auto& q : queries) {
          const auto t = Clock::now();
          (void)engine.search(request(q, faceted, full));
          ms.push_back(seconds_since(t) * 1000);
        }
      return stats(ms, seconds_since(start));
    };
    const json plain = timed(false, false), faceted = timed(true, false), full = timed(true, true);
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::cout << json{{"peer", "m4d"},
                      {"version", "m4d-search (Xapian " + std::string(Xapian::version_string()) + ")"},
                      {"docs", docs},
                      {"build_s", build_s},
                      {"index_bytes", bytes},
                      {"table_bytes", tables},
                      {"xapian_check_errors", check_errors},
                      {"K", rounds},
                      {"plain", plain},
                      {"faceted", faceted},
                      {"full", full},
                      {"hits_sum_faceted", hits_faceted},
                      {"hits_sum_full", hits_full},
                      {"peak_rss_mb", ru.ru_maxrss / 1024},
                      {"q1", q1}}
                     .dump()
              << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "m4d-peer-bench: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
