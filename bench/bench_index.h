#pragma once
// Shared by the retrieval benchmarks: an index of the bundled corpus in a
// fresh temporary directory, with the service's expansion vocabulary.
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "m4d/indexer/index_builder.h"
#include "m4d/search/engine.h"

namespace m4d::bench {

/// Builds the index on construction, removes it on destruction.
class BenchIndex {
 public:
  explicit BenchIndex(const std::filesystem::path& source_dir)
      : work_(std::filesystem::temp_directory_path() / ("m4d-bench-" + std::to_string(::getpid()))) {
    indexer::IndexerConfig config;
    config.corpus_dir = source_dir / "corpus";
    config.taxonomy_dir = source_dir / "taxonomy";
    config.out = work_ / "index";
    indexer::build_index(config, {});
    resources_ = search::IndexResources::load(config.out, "/usr/share/wordnet");
    engine_ = std::make_unique<search::Engine>(config.out, resources_.get());
  }
  ~BenchIndex() {
    engine_.reset();
    std::error_code ec;
    std::filesystem::remove_all(work_, ec);
  }
  search::Engine& engine() { return *engine_; }

 private:
  std::filesystem::path work_;
  std::unique_ptr<const search::IndexResources> resources_;
  std::unique_ptr<search::Engine> engine_;
};

}  // namespace m4d::bench
