#pragma once
// Private to the engine: exact facet counts over every match.
#include <xapian.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "m4d/search/engine.h"

namespace m4d::search {

/// The facet values of every document of one index version, as small integer
/// ids: counting a match is a few array increments (no value read, no string
/// hashing), which matters because exact counts visit every match. Built
/// once per version from the value stream of schema::kSlotFacets; immutable,
/// shared by all threads. An id stands for one (facet, value) pair.
class FacetColumns {
 public:
  explicit FacetColumns(const Xapian::Database& db);
  /// Number of distinct (facet, value) pairs: ids are 0 .. value_count() - 1.
  std::size_t value_count() const { return values_.size(); }
  /// The facet of value id `id`.
  Facet facet(std::uint32_t id) const { return values_[id].facet; }
  /// The value of value id `id`.
  const std::string& value(std::uint32_t id) const { return values_[id].value; }
  /// Adds one to counts[id] for every facet value of document `docid`.
  void count(Xapian::docid docid, std::vector<std::uint32_t>& counts) const {
    if (static_cast<std::size_t>(docid) + 1 >= offsets_.size()) return;
    for (std::uint32_t i = offsets_[docid], end = offsets_[docid + 1]; i < end; ++i) ++counts[ids_[i]];
  }

 private:
  struct Value {
    Facet facet;
    std::string value;
  };
  std::vector<std::uint32_t> offsets_;  // docid -> first index in ids_ (docid + 1: one past its last)
  std::vector<std::uint32_t> ids_;
  std::vector<Value> values_;
};

/// The FacetColumns of index version `version` (see Engine::index_version),
/// built from `db` the first time a thread asks for it. The last few versions
/// are kept, so threads that have not yet reopened do not rebuild in turn. Thread-safe.
std::shared_ptr<const FacetColumns> facet_columns(const std::string& version, const Xapian::Database& db);

/// Counts facet values over every document the matcher visits.
class FacetSpy : public Xapian::MatchSpy {
 public:
  /// `wanted`: the facets to report (none when `columns` is null).
  FacetSpy(std::shared_ptr<const FacetColumns> columns, const std::vector<Facet>& wanted);
  void operator()(const Xapian::Document& doc, double) override { columns_->count(doc.get_docid(), counts_); }
  /// The counted values of `facet` (empty when it was not wanted), by count then value.
  std::vector<FacetValue> values(Facet facet) const;

 private:
  std::shared_ptr<const FacetColumns> columns_;
  std::array<bool, kFacetCount> wanted_{};
  std::vector<std::uint32_t> counts_;  // by value id
};

}  // namespace m4d::search
