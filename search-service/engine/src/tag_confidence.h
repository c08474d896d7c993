#pragma once
// Private to the engine: ranks the units of a tag by how sure the tag is.
#include <xapian.h>

#include <string>

namespace m4d::search {

/// Weight of a stated tag when the query names it ("Marruecos", "ODS 10",
/// "meta 10.7"); an inferred one weighs its score's share.
inline constexpr double kTagConfidenceWeight = 1.0;

/// The units with the boolean tag term `tag`, weighted by how sure the tag is
/// (the schema::kPrefixTagScore terms of `db`): stated and editor tags weigh
/// kTagConfidenceWeight, an inferred one its score's share of it, a unit
/// without a score term (an index older than schema 7) nothing. Built from
/// FixedWeightPostingSource and term queries only, which Xapian's stock
/// remote server runs, so shards behind xapian-tcpsrv rank like one index.
Xapian::Query tag_confidence_query(const std::string& tag, const Xapian::Database& db);

}  // namespace m4d::search
