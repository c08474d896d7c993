#pragma once
/// Orders reads of the live index against the in-process writer.
///
/// Xapian's glass backend lets a writer reuse the blocks of the revision
/// before last, so a read that overlaps two commits can fail: with
/// DatabaseModifiedError, or with a spurious DatabaseCorruptError ("Expected
/// block 9 to be level 1, not 0"). The database on disk is intact; only that
/// read is lost. The writer (Editor) holds the gate exclusively while it
/// changes the index; a reader that has already lost a read to the writer
/// takes it shared for its last attempt, which then cannot be overwritten.
#include <shared_mutex>

namespace m4d::search {

/// Exclusive: changing the index. Shared: a read that must not be overwritten.
using WriteGate = std::shared_mutex;

}  // namespace m4d::search
