#pragma once
// Private to the engine: whether an open index may have a new revision,
// told without asking Xapian.
#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace m4d::search {

/// The files a local index's revision lives in: every glass database's
/// version file ("iamglass", replaced by a rename on each commit), found
/// through the stub files ("XAPIANDB") that lead to them. Xapian's
/// Database::reopen() opens and reads every version file, four system calls a
/// database; a stat(2) each tells that none changed. An index with a remote
/// shard (or any other backend) has no such files: changed() is then always
/// true.
///
/// Use: `if (watch.changed()) { db.reopen(); watch.reopened(); }`. A change is
/// never missed for longer than kMaxQuiet: the stat() of a file replaced
/// twice within one clock tick may look the same if the file system reuses
/// its inode, and a replica's stub may name a new copy while the old one
/// stays, so a database is reopened at least that often.
class VersionWatch {
 public:
  /// The longest time without a reopen.
  static constexpr std::chrono::milliseconds kMaxQuiet{1000};

  /// Watches the databases at `index` (a directory or a stub file).
  explicit VersionWatch(const std::filesystem::path& index);

  /// Whether the databases may have changed since the last reopened(): true
  /// when a file's stat() differs or fails, when kMaxQuiet has passed, and
  /// always for an index with no version files to watch.
  bool changed();

  /// Call after reopening on changed(): what changed() saw becomes the state
  /// the next call compares with (saw before the reopen, so a commit made
  /// during it is seen next time). The stubs are read again: when they now
  /// lead to other version files, those are watched and the next changed()
  /// is true.
  void reopened();

 private:
  struct Seen {
    dev_t dev;
    ino_t ino;
    off_t size;
    std::int64_t mtime_ns;
    std::int64_t ctime_ns;
    bool operator==(const Seen&) const = default;
  };
  std::optional<std::vector<std::filesystem::path>> files_;  // nothing: not watchable
  std::filesystem::path index_;
  std::vector<Seen> recorded_, current_;
  std::chrono::steady_clock::time_point reopened_at_;
};

/// The version files of the databases at `index` (a glass database's
/// directory, or a stub naming glass databases or stubs, relative to the
/// stub), or nothing when one is not a local glass database (remote,
/// in-memory, another backend).
std::optional<std::vector<std::filesystem::path>> version_files(const std::filesystem::path& index);

}  // namespace m4d::search
