#pragma once
// Private to the engine: ranks the units of a tag by how sure the tag is.
#include <xapian.h>

#include <string>

namespace m4d::search {

/// Weight of a stated tag when the query names it ("Marruecos", "ODS 10",
/// "meta 10.7"); an inferred one weighs its score's share.
inline constexpr double kTagConfidenceWeight = 1.0;

/// The units with the boolean tag term `term`, weighted by how sure the tag
/// is (schema::kSlotTagScores): stated and editor tags weigh
/// kTagConfidenceWeight, an inferred one its score's share of it, a unit
/// without scores (an index older than schema 5) nothing.
class TagConfidence : public Xapian::PostingSource {
 public:
  explicit TagConfidence(std::string term) : term_(std::move(term)) {}

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  void next(double) override;
  void skip_to(Xapian::docid did, double) override;
  bool at_end() const override { return postings_ == db_.postlist_end(term_); }
  Xapian::docid get_docid() const override { return *postings_; }
  double get_weight() const override;
  Xapian::PostingSource* clone() const override { return new TagConfidence(term_); }
  std::string name() const override { return "m4d::TagConfidence"; }

 private:
  std::string term_;
  Xapian::Database db_;
  Xapian::PostingIterator postings_;
  mutable Xapian::ValueIterator values_;
  bool started_ = false;
  Xapian::doccount termfreq_ = 0;
};

}  // namespace m4d::search
