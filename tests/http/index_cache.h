#pragma once
// The bundled index, built once per test binary and corpus: ctest runs every
// test in a process of its own, and each service test would otherwise rebuild
// the same index (3 s, about 10 s under the sanitizers).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "m4d/indexer/contrib.h"
#include "m4d/indexer/index_builder.h"

namespace m4d::testing {

/// What the index `ic` describes depends on: this test binary (its size and
/// modification time: the indexer is linked into it), the shard count, and
/// every file name and byte of the corpus and the taxonomy; their digest.
inline std::string index_cache_key(const indexer::IndexerConfig& ic) {
  namespace fs = std::filesystem;
  const fs::path exe = fs::canonical("/proc/self/exe");
  std::string inputs = exe.string() + ":" + std::to_string(fs::file_size(exe)) + ":" +
                       std::to_string(fs::last_write_time(exe).time_since_epoch().count()) + ":" +
                       std::to_string(ic.shards);
  for (const fs::path& root : {ic.corpus_dir, ic.taxonomy_dir}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      inputs += '\0' + fs::relative(file, root).string() + '\0';
      inputs.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  return indexer::content_digest(inputs);
}

/// Builds the index `ic` describes, as indexer::build_index does (a generation
/// directory beside ic.out and ic.out a symlink to it), or copies the same
/// index from build/test-index-cache when an earlier test process built it.
/// A built index enters the cache whole (copied aside, then renamed in), so a
/// process running beside this one sees all of it or nothing.
inline void build_index_cached(const indexer::IndexerConfig& ic) {
  namespace fs = std::filesystem;
  const fs::path cache = fs::canonical("/proc/self/exe").parent_path().parent_path() / "test-index-cache";
  const fs::path entry = cache / index_cache_key(ic);
  const auto copy_dir = [](const fs::path& from, const fs::path& to) {
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  };
  if (fs::is_directory(entry)) {
    const fs::path generation = ic.out.parent_path() / ("." + ic.out.filename().string() + ".gen-cached");
    copy_dir(entry, generation);
    fs::create_directory_symlink(generation.filename(), ic.out);
    return;
  }
  indexer::build_index(ic, {});
  fs::create_directories(cache);
  const fs::path aside = cache / (entry.filename().string() + ".tmp-" + std::to_string(::getpid()));
  copy_dir(fs::canonical(ic.out), aside);
  std::error_code ec;
  fs::rename(aside, entry, ec);  // fails when another process got there first: its copy is the same
  if (ec) fs::remove_all(aside, ec);
}

}  // namespace m4d::testing
