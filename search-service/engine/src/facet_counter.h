#pragma once
// Private to the engine: exact facet counts over every match.
#include <xapian.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "m4d/search/engine.h"

namespace m4d::search {

/// A matched unit: its docid and weight.
struct PageItem {
  Xapian::docid did;  ///< Its docid in the (combined) database.
  double weight;      ///< Its weight (text_weight() of a coordinated one, once ranked).
};

/// The facet values of every document of one index version, as small integer
/// ids: counting a match is a few array increments (no value read, no string
/// hashing), which matters because exact counts visit every match. Built
/// once per version from the value stream of schema::kSlotFacets; immutable,
/// shared by all threads. A value id stands for one (facet, value) pair, a
/// stored id for one (facet, value, tag mask) as the slot holds it.
class FacetColumns {
 public:
  explicit FacetColumns(const Xapian::Database& db);
  /// The columns of the distinct combined facets values `combined` only, with
  /// no document ids: for counting what a ValueCountMatchSpy gathered.
  explicit FacetColumns(const std::vector<std::string>& combined);
  /// Number of distinct (facet, value) pairs: value ids are 0 .. value_count() - 1.
  std::size_t value_count() const { return values_.size(); }
  /// The facet of value id `id`.
  Facet facet(std::uint32_t id) const { return values_[id].facet; }
  /// The value of value id `id`.
  const std::string& value(std::uint32_t id) const { return values_[id].value; }
  /// The value id of `value` of `facet`, or -1 when no document has it.
  std::int64_t id_of(Facet facet, const std::string& value) const;
  /// Number of distinct stored values (a value with each tag mask it has,
  /// see TagScope): stored ids are 0 .. stored_count() - 1.
  std::size_t stored_count() const { return stored_.size(); }
  /// The value id of stored id `id`.
  std::uint32_t value_of(std::uint32_t id) const { return stored_[id].value; }
  /// The tag mask of stored id `id` (0: the facet has none).
  std::uint8_t mask_of(std::uint32_t id) const { return stored_[id].mask; }
  /// The stored ids of a combined facets value (schema::kSlotFacets) into
  /// `out`, leaving out values unknown to these columns.
  void ids_of_value(std::string_view combined, std::vector<std::uint32_t>& out) const;
  /// The stored ids of document `docid` (empty past the last document).
  std::pair<const std::uint32_t*, const std::uint32_t*> ids(Xapian::docid docid) const {
    if (static_cast<std::size_t>(docid) + 1 >= offsets_.size()) return {nullptr, nullptr};
    return {ids_.data() + offsets_[docid], ids_.data() + offsets_[docid + 1]};
  }

 private:
  struct Value {
    Facet facet;
    std::string value;
  };
  struct Stored {
    std::uint32_t value;  // value id
    std::uint8_t mask;
  };
  // The stored id of `stored` (a value, perhaps with its mask) of facet position `field`.
  std::uint32_t intern(std::size_t field, std::string_view stored);

  std::vector<std::uint32_t> offsets_;  // docid -> first index in ids_ (docid + 1: one past its last)
  std::vector<std::uint32_t> ids_;      // stored ids
  std::vector<Value> values_;
  std::vector<Stored> stored_;
  std::unordered_map<std::string, std::uint32_t> interned_;   // facet byte + stored value -> stored id
  std::unordered_map<std::string, std::uint32_t> value_ids_;  // facet byte + value -> value id
};

/// The FacetColumns of index version `version` (see Engine::index_version),
/// built from `db` the first time a thread asks for it. The last few versions
/// are kept, so threads that have not yet reopened do not rebuild in turn. Thread-safe.
std::shared_ptr<const FacetColumns> facet_columns(const std::string& version, const Xapian::Database& db);

/// Counts, in one pass over every document the matcher visits (the query
/// without its facet filters), what a faceted search answers: the units that
/// satisfy every selection, the counts of the facets without a selection over
/// them, and for a facet with a selection its disjunctive counts (over the
/// units that satisfy every other selection). Needs the columns of the
/// index version being matched.
///
/// Over several shards (Xapian 1.4 hands a match spy documents whose
/// get_docid() is their shard's own, and the remote backend runs only its
/// built-in spies) the pass is a ValueCountMatchSpy on schema::kSlotFacets
/// instead, and its distinct values go to add(): the counts only depend on
/// each unit's combined value, so both ways count the same.
class FacetSpy : public Xapian::MatchSpy {
 public:
  /// `selections`: the selected values of each facet with a selection;
  /// `scope`: the tags considered (see TagScope), for the selections and the counts.
  FacetSpy(std::shared_ptr<const FacetColumns> columns, const Filters& selections, const TagScope& scope = {});
  void operator()(const Xapian::Document& doc, double) override;
  /// Counts `units` units whose combined facets value is `combined`.
  void add(std::string_view combined, std::uint64_t units);
  /// Documents visited (matching the query without its facet filters).
  std::uint64_t visited() const { return visited_; }
  /// Documents that satisfy every selection.
  std::uint64_t selected() const { return selected_; }
  /// The counts of `facet`, by count then value.
  std::vector<FacetValue> values(Facet facet) const;
  /// From now on, keep the docid and weight of each document operator()
  /// counts that satisfies every selection (so a page can be chosen from
  /// this one pass).
  void keep_selected() { keep_ = true; }
  /// The documents kept (see keep_selected()), in the order visited; moved out.
  std::vector<PageItem> take_kept() { return std::move(kept_); }

 private:
  // Counts `units` units with the stored ids [begin, end); whether they satisfy every selection.
  bool count(const std::uint32_t* begin, const std::uint32_t* end, std::uint64_t units);

  static constexpr std::uint32_t kAbsent = 0xFFFFFFFF;

  std::shared_ptr<const FacetColumns> columns_;
  std::vector<std::uint32_t> effective_;           // stored id -> value id, or kAbsent outside the scope
  std::vector<std::uint32_t> scratch_;             // stored ids of a combined value (add)
  std::vector<std::uint32_t> values_;              // value ids of the document being counted
  std::vector<Facet> selected_facets_;             // facets with a selection, in order
  std::vector<std::int8_t> selection_of_;          // value id -> index in selected_facets_ when selected, else -1
  std::array<std::int8_t, kFacetCount> position_;  // facet -> index in selected_facets_, or -1
  std::vector<std::uint64_t> counts_;              // by value id
  std::uint64_t visited_ = 0, selected_ = 0;
  bool keep_ = false;
  std::vector<PageItem> kept_;
};

/// A FacetSpy holding the counts of the units `values` (a ValueCountMatchSpy
/// on schema::kSlotFacets) saw, for the `filters` of the search: each distinct
/// combined value counted as often as units had it, units without one as the
/// empty value. The same counts as a FacetSpy in the pass itself.
std::unique_ptr<FacetSpy> facet_spy_of(const Xapian::ValueCountMatchSpy& values, const Filters& filters,
                                       const TagScope& scope);

}  // namespace m4d::search
