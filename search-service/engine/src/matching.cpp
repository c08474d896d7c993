#include "matching.h"

#include <algorithm>

#include "m4d/schema.h"

namespace m4d::search {

namespace {

// The items [first, first + size) of `items` ranked by weight, then docid
// (Xapian's order for a page by relevance); by text_weight() of their weight
// when `coordinated`.
std::vector<PageItem> page_by_weight(std::vector<PageItem> items, std::size_t first, std::size_t size,
                                     bool coordinated) {
  const std::size_t end = std::min(items.size(), first + size);
  if (first >= end) return {};
  if (coordinated)
    for (auto& item : items) item.weight = text_weight(item.weight);
  const auto better = [](const PageItem& a, const PageItem& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.did < b.did;
  };
  std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(end), items.end(), better);
  return {items.begin() + static_cast<std::ptrdiff_t>(first), items.begin() + static_cast<std::ptrdiff_t>(end)};
}

std::vector<PageItem> items_of(const Xapian::MSet& mset) {
  std::vector<PageItem> items;
  items.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) items.push_back({*it, it.get_weight()});
  return items;
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
  Xapian::MSet mset;
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
  // On one database, a page by relevance with facets is chosen from the
  // units the facet pass keeps: a filter adds no weight, so the pass without
  // the filters weighs each unit as a pass with them would. This saves the
  // page's own pass, and that pass, asked for the top 10 only, let Xapian
  // 1.4.22 prune a unit it should have kept ("migration governance" under
  // type=case_study lost its fifth unit: raw Xapian does the same on the
  // query's OR of an AND and a phrase with a scaled SYNONYM of phrases).
  const bool page_from_facet_pass =
      r.facets && !sharded && r.sort == "relevance" && !text.empty() && (by_text_weight || selection);
  if (r.facets) {
    // One database: FacetSpy looks each docid up in the version's columns.
    // Several shards, local or remote: Xapian's own ValueCountMatchSpy
    // gathers the combined values and FacetSpy counts them (see FacetSpy).
    Xapian::ValueCountMatchSpy values(schema::kSlotFacets);
    if (!sharded) m.spy = std::make_unique<FacetSpy>(facet_columns(scope.version, db), r.filters, r.scope);
    Xapian::MatchSpy* pass_spy = sharded ? static_cast<Xapian::MatchSpy*>(&values) : m.spy.get();
    if (page_from_facet_pass) {
      m.spy->keep_selected();
      Xapian::Enquire all = enquire_of(Xapian::Query());
      all.add_matchspy(pass_spy);
      all.get_mset(0, 0, all_units);
    } else if (selection || sorted_sharded) {
      Xapian::Enquire all = enquire_of(Xapian::Query());
      all.add_matchspy(pass_spy);
      all.get_mset(0, 0, all_units);
      // Every match checked: Xapian 1.4.22's pruning drops units from a page
      // (see page_from_facet_pass).
      mset = enquire.get_mset(first, page_size, all_units);
    } else {
      enquire.add_matchspy(pass_spy);
      mset = enquire.get_mset(first, page_size, all_units);
    }
    if (sharded) m.spy = facet_spy_of(values, r.filters, r.scope);
    m.total = m.spy->selected();
    m.unfiltered = m.spy->visited();
  } else {
    mset = enquire.get_mset(first, page_size, all_units);
    m.total = mset.get_matches_estimated();
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
  if (page_from_facet_pass || by_text_weight) {
    const auto from = static_cast<std::size_t>((r.page - 1) * r.per_page);
    const auto size = static_cast<std::size_t>(r.per_page);
    m.page = page_by_weight(page_from_facet_pass ? m.spy->take_kept() : items_of(mset), from, size, by_text_weight);
  } else {
    m.page = items_of(mset);
  }
  return m;
}

}  // namespace m4d::search
