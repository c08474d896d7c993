// m4d-index: builds the search index from the corpus, or lists an index.
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "m4d/errors.h"
#include "m4d/indexer/index_builder.h"

namespace {

void print_tags(std::ostream& out, const char* kind, const std::vector<m4d::Tag>& tags) {
  for (const auto& t : tags) {
    out << "  " << kind << ' ' << t.id;
    if (!t.role.empty()) out << " (" << t.role << ')';
    out << "  " << t.provenance << "  score " << t.score << '\n';
    for (const auto& e : t.evidence) out << "      evidence: " << e << '\n';
  }
}

// The audit report of one unit: every tag with provenance, score and evidence.
void print_tag_report(std::ostream& out, const m4d::Unit& u) {
  out << u.id << '\t' << u.type << '\t' << u.title << '\n';
  print_tags(out, "theme", u.themes);
  print_tags(out, "country", u.countries);
  if (!u.regions.empty()) {
    out << "  regions";
    for (const auto& r : u.regions) out << ' ' << r;
    out << '\n';
  }
  print_tags(out, "sdg", u.sdg_targets);
  out << '\n';
}

int run(int argc, char** argv) {
  CLI::App app{"m4d-index: build the m4d-search index from a corpus directory"};
  m4d::indexer::IndexerConfig config;
  std::string list_dir;
  std::string report_dir;
  app.add_option("--corpus", config.corpus_dir, "Corpus directory with manifest.json (default: corpus)");
  app.add_option("--taxonomy", config.taxonomy_dir, "Taxonomy directory (default: taxonomy)");
  app.add_option("--out", config.out, "Index path to build; replaced atomically (default: var/index)");
  app.add_option("--word-list", config.word_list,
                 "Word list used to decide line-break hyphens (default: /usr/share/dict/american-english)");
  app.add_option("--shards", config.shards,
                 "Number of shard databases, written in parallel, one thread each (default: 1)")
      ->check(CLI::Range(1, 64));
  app.add_option("--list", list_dir, "Print id, type and title of every unit of the index at DIR, then exit");
  app.add_option("--report-tags", report_dir,
                 "Print every unit of the index at DIR with its tags, provenance, score and evidence, then exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "m4d-index: error: " << e.what() << " (see --help)\n";
    return 2;
  }

  if (!list_dir.empty()) {
    for (const auto& u : m4d::indexer::read_units(list_dir))
      std::cout << u.id << '\t' << u.type << '\t' << u.title << '\n';
    return 0;
  }
  if (!report_dir.empty()) {
    for (const auto& u : m4d::indexer::read_units(report_dir)) print_tag_report(std::cout, u);
    return 0;
  }
  auto progress = [](std::string_view line) { std::cerr << "m4d-index: " << line << '\n'; };
  const auto summary = m4d::indexer::build_index(config, progress);
  std::cerr << "m4d-index: built " << summary.units << " units in " << summary.seconds << " s, index "
            << summary.index_bytes / 1024 << " KiB at " << config.out.string() << " -> "
            << summary.database_dir.filename().string() << '\n';
  for (const auto& [type, n] : summary.units_by_type) std::cerr << "m4d-index:   " << type << ": " << n << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const m4d::InvalidInput& e) {
    std::cerr << "m4d-index: error: " << e.what() << '\n';
    return 2;
  } catch (const m4d::Error& e) {
    std::cerr << "m4d-index: error: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "m4d-index: error: " << e.get_description() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "m4d-index: error: " << e.what() << '\n';
    return 1;
  }
}
