#include "tag_confidence.h"

#include <algorithm>
#include <cstdlib>

#include "m4d/schema.h"

namespace m4d::search {

void TagConfidence::init(const Xapian::Database& db) {
  db_ = db;
  postings_ = db_.postlist_begin(term_);
  values_ = db_.valuestream_begin(schema::kSlotTagScores);
  started_ = false;
  termfreq_ = db_.get_termfreq(term_);
  set_maxweight(kTagConfidenceWeight);
}

void TagConfidence::next(double) {
  if (started_) ++postings_;
  started_ = true;
}

void TagConfidence::skip_to(Xapian::docid did, double) {
  started_ = true;
  postings_.skip_to(did);
}

double TagConfidence::get_weight() const {
  const Xapian::docid did = *postings_;
  if (values_ == db_.valuestream_end(schema::kSlotTagScores)) return 0;
  values_.skip_to(did);
  if (values_ == db_.valuestream_end(schema::kSlotTagScores) || values_.get_docid() != did) return 0;
  const std::string list = *values_;
  const std::string key = term_ + '=';
  int best = 0;
  for (std::size_t at = 0; (at = list.find(key, at)) != std::string::npos; at += key.size())
    if (at == 0 || list[at - 1] == schema::kListSeparator)
      best = std::max(best, std::atoi(list.c_str() + at + key.size()));
  return kTagConfidenceWeight * std::min(best, 100) / 100.0;
}

}  // namespace m4d::search
