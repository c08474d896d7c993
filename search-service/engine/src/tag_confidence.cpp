#include "tag_confidence.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "m4d/schema.h"

namespace m4d::search {

Xapian::Query tag_confidence_query(const std::string& tag, const Xapian::Database& db) {
  // Every unit with the tag, without weight; plus, for each score the index
  // holds for it, that score's share of the weight for the units at it (a
  // unit has one score term per tag, so the OR adds exactly one).
  std::vector<Xapian::Query> parts{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(tag), 0.0)};
  const std::string prefix = schema::tag_score_term(tag, 0).substr(0, schema::kPrefixTagScore.size() + tag.size() + 1);
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    const int score = std::atoi((*it).c_str() + prefix.size());
    if (score <= 0) continue;
    const double weight = kTagConfidenceWeight * std::min(score, 100) / 100.0;
    parts.emplace_back(Xapian::Query::OP_FILTER,
                       Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()), Xapian::Query(*it));
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace m4d::search
