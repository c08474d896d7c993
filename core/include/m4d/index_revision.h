#pragma once
/// The revision of an m4d index, also when it has several shards.
#include <xapian.h>

#include <cstdint>
#include <string>

#include "m4d/schema.h"

namespace m4d {

/// The revision token of the index `db` reads (schema::kMetaRevision, in
/// shard 0): it changes with every committed change. An index of one
/// database written without the token reports Xapian's own revision.
inline std::uint64_t revision_of(const Xapian::Database& db) {
  const std::string token = db.get_metadata(std::string(schema::kMetaRevision));
  if (token.empty()) return db.get_revision();
  return std::stoull(token);
}

}  // namespace m4d
