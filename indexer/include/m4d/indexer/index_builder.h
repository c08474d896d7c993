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

/// Streams units into a new database (for corpora too large to hold in memory).
class IndexWriter {
 public:
  /// Starts a database that finish() writes, compacted, to `dir` (which must
  /// not exist; the units are written first to a sibling staging directory),
  /// and stores a copy of the taxonomy files in it. `spelling`: also build the spelling dictionary
  /// used for "did you mean" (costly on very large corpora).
  IndexWriter(const std::filesystem::path& dir, const TaxonomyFiles& taxonomy, bool spelling = true);
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;
  /// Adds `unit`. Unit ids must be unique (the database is new).
  void add(const Unit& unit);
  /// Sets a metadata entry (committed by finish()).
  void set_metadata(const std::string& key, const std::string& value);
  /// Commits what was added, compacts it into `dir` and removes the staging copy.
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

/// Writes `units` into a new database at `dir` (which must not exist), with a
/// copy of the taxonomy files and `metadata` in its metadata, and commits.
void write_database(const std::filesystem::path& dir, const std::vector<Unit>& units, const TaxonomyFiles& taxonomy,
                    const std::map<std::string, std::string>& metadata, const ProgressFn& progress);

/// Reads every unit stored in the database at `dir`, ordered by id.
std::vector<Unit> read_units(const std::filesystem::path& dir);

}  // namespace m4d::indexer
