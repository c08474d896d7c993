#include "matching.h"

#include <algorithm>

#include "m4d/schema.h"

namespace m4d::search {

namespace {

// The items [first, first + size) of `mset` ranked by text_weight(), then docid.
std::vector<Xapian::MSetIterator> page_by_text_weight(const Xapian::MSet& mset, Xapian::doccount first,
                                                      Xapian::doccount size) {
  struct Ranked {
    double weight;
    Xapian::docid did;
    Xapian::MSetIterator it;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) ranked.push_back({text_weight(it.get_weight()), *it, it});
  const std::size_t end = std::min<std::size_t>(ranked.size(), std::size_t{first} + size);
  if (first >= end) return {};
  const auto better = [](const Ranked& a, const Ranked& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.did < b.did;
  };
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(end), ranked.end(), better);
  std::vector<Xapian::MSetIterator> page;
  for (std::size_t i = first; i < end; ++i) page.push_back(ranked[i].it);
  return page;
}

}  // namespace

Matched match(const MatchScope& scope, const SearchRequest& r, const BuiltQuery& built, const Xapian::Query& text,
              const Xapian::Query& filters) {
  const Xapian::Database& db = scope.db;
  auto enquire_of = [&](const Xapian::Query& f) {
    Xapian::Enquire e(db);
    e.set_query(combine(text, built.phrased, both(f, built.filter), built.exclude));
    if (scope.min_weight > 0) e.set_cutoff(0, scope.min_weight);
    return e;
  };
  Matched m;
  Xapian::Enquire enquire = enquire_of(filters);
  if (r.sort == "title")
    enquire.set_sort_by_value_then_relevance(schema::kSlotTitleSort, false);
  else if (r.sort == "date")
    enquire.set_sort_by_value_then_relevance(schema::kSlotYear, true);
  else if (r.sort == "updated")
    enquire.set_sort_by_value_then_relevance(schema::kSlotUpdated, true);
  else if (text.empty())
    enquire.set_sort_by_value(schema::kSlotTitleSort, false);

  const bool selection = !filters.empty();
  const Xapian::doccount all_units = db.get_doccount();
  // A coordinated page by relevance is chosen from every unit the pass keeps.
  const bool by_text_weight = scope.min_weight > 0 && r.sort == "relevance" && !text.empty();
  const auto first = by_text_weight ? 0 : static_cast<Xapian::doccount>((r.page - 1) * r.per_page);
  const auto page_size = by_text_weight ? all_units : static_cast<Xapian::doccount>(r.per_page);
  const bool sharded = db.size() > 1;
  // Over remote shards, Xapian 1.4 counts more matches than there are for a
  // query sorted by value then relevance (49 for 36 on "health" by date):
  // such a query is counted by an unsorted pass of its own.
  const bool sorted_sharded = sharded && !text.empty() && r.sort != "relevance";
  if (r.facets) {
    // One database: FacetSpy looks each docid up in the version's columns.
    // Several shards, local or remote: Xapian's own ValueCountMatchSpy
    // gathers the combined values and FacetSpy counts them (see FacetSpy).
    Xapian::ValueCountMatchSpy values(schema::kSlotFacets);
    if (!sharded) m.spy = std::make_unique<FacetSpy>(facet_columns(scope.version, db), r.filters, r.scope);
    Xapian::MatchSpy* pass_spy = sharded ? static_cast<Xapian::MatchSpy*>(&values) : m.spy.get();
    if (selection || sorted_sharded) {
      Xapian::Enquire all = enquire_of(Xapian::Query());
      all.add_matchspy(pass_spy);
      all.get_mset(0, 0, all_units);
      m.mset = enquire.get_mset(first, page_size);
    } else {
      enquire.add_matchspy(pass_spy);
      m.mset = enquire.get_mset(first, page_size, all_units);
    }
    if (sharded) m.spy = facet_spy_of(values, r.filters, r.scope);
    m.total = m.spy->selected();
    m.unfiltered = m.spy->visited();
  } else {
    m.mset = enquire.get_mset(first, page_size, all_units);
    m.total = m.mset.get_matches_estimated();
    if (sorted_sharded) {
      Xapian::Enquire unsorted = enquire_of(filters);
      m.total = unsorted.get_mset(0, 0, all_units).get_matches_estimated();
    }
    m.unfiltered = m.total;
    if (selection && m.total < scope.enough) {
      Xapian::Enquire all = enquire_of(Xapian::Query());
      m.unfiltered = all.get_mset(0, 0, static_cast<Xapian::doccount>(scope.enough)).get_matches_lower_bound();
    }
  }
  if (by_text_weight) {
    m.page = page_by_text_weight(m.mset, static_cast<Xapian::doccount>((r.page - 1) * r.per_page),
                                 static_cast<Xapian::doccount>(r.per_page));
  } else {
    for (auto it = m.mset.begin(); it != m.mset.end(); ++it) m.page.push_back(it);
  }
  return m;
}

}  // namespace m4d::search
