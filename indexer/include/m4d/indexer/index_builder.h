#pragma once
/// Builds the on-disk Xapian index from a corpus directory.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m4d/indexer/corpus.h"
#include "m4d/taxonomy.h"
#include "m4d/unit.h"

namespace m4d::indexer {

/// Options of a full index build.
struct IndexerConfig {
  std::filesystem::path corpus_dir = "corpus";         ///< Holds manifest.json and the publications.
  std::filesystem::path taxonomy_dir = "taxonomy";     ///< Taxonomy data (themes, SDGs, countries).
  std::filesystem::path out = "var/index";             ///< Index path: a symlink swapped atomically to each new build.
  std::filesystem::path word_list = kEnglishWordList;  ///< Word list for hyphenation decisions; optional.
  unsigned shards = 1;                                 ///< Shard databases written in parallel (see WriterOptions).
};

/// What a build produced.
struct BuildSummary {
  std::map<std::string, int> units_by_type;
  std::size_t units = 0;
  double seconds = 0;
  std::uintmax_t index_bytes = 0;
  std::filesystem::path database_dir;  ///< The generation directory `out` now points to.
};

/// Builds a fresh database in a new generation directory beside `config.out`,
/// then atomically repoints `config.out` (a symlink) to it and removes the
/// previous generation. On any failure the previous index is left untouched.
BuildSummary build_index(const IndexerConfig& config, const ProgressFn& progress);

/// How IndexWriter lays out a new index.
struct WriterOptions {
  bool spelling = true;  ///< Also build the spelling dictionary used for "did you mean".
  unsigned shards = 1;   ///< Number of shard databases, each written by its own thread.
  /// Compact the shards into one database at the end (a parallel build of
  /// one database: docids then follow the shards, not the order of add()).
  bool merge = false;
};

/// Streams units into a new index directory (see "Layout" in m4d/schema.h):
/// unit i goes to shard i % shards, each shard is indexed by its own thread,
/// so a build uses as many cores as it has shards (plus the caller's).
class IndexWriter {
 public:
  /// Starts an index that finish() writes, compacted, to `dir` (which must
  /// not exist; the shards are written first to a sibling staging
  /// directory), with a copy of the taxonomy files in shard 0's metadata.
  IndexWriter(const std::filesystem::path& dir, const TaxonomyFiles& taxonomy, WriterOptions options = {});
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;
  /// Queues `unit` for its shard. Unit ids must be unique (the index is new).
  /// Throws what a shard's thread failed with.
  void add(Unit unit);
  /// Sets a metadata entry of the index (written by finish()).
  void set_metadata(const std::string& key, const std::string& value);
  /// Waits for the shards, commits them, writes the spelling database,
  /// compacts everything into `dir` (shards in parallel) and removes the
  /// staging copy. Throws RuntimeFailure (or StorageFull) on failure.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One change to a live index: a unit added or replaced, or removed.
struct IndexChange {
  std::string id;                   ///< Unit id.
  std::optional<Unit> unit;         ///< The tagged unit; nullopt removes unit `id`.
  std::string contribution_digest;  ///< Recorded as metadata m4d.contrib:<id> in the same transaction.
};

/// Applies editors' changes to an existing index in place (the service's
/// single writer). Readers keep working on their revision meanwhile.
class IndexUpdater {
 public:
  /// Opens the database `index` points to (following the symlink) for
  /// writing. Throws RuntimeFailure when it cannot be opened or is locked.
  explicit IndexUpdater(const std::filesystem::path& index);
  ~IndexUpdater();
  IndexUpdater(const IndexUpdater&) = delete;
  IndexUpdater& operator=(const IndexUpdater&) = delete;
  /// Applies `changes` in order in one transaction and commits: all or
  /// nothing. Throws RuntimeFailure.
  void apply(const std::vector<IndexChange>& changes);
  /// The contribution digest recorded for unit `id` ("" when none).
  std::string contribution_digest(const std::string& id) const;
  /// The generation directory being written.
  const std::filesystem::path& database_dir() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Writes `units` into a new index at `dir` (which must not exist), with a
/// copy of the taxonomy files and `metadata` in its metadata, and commits.
void write_database(const std::filesystem::path& dir, const std::vector<Unit>& units, const TaxonomyFiles& taxonomy,
                    const std::map<std::string, std::string>& metadata, const WriterOptions& options,
                    const ProgressFn& progress);

/// Reads every unit stored in the database at `dir`, ordered by id.
std::vector<Unit> read_units(const std::filesystem::path& dir);

}  // namespace m4d::indexer
