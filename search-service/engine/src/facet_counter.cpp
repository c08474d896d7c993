#include "facet_counter.h"

#include <algorithm>
#include <list>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "m4d/schema.h"

namespace m4d::search {

namespace {

// Calls f(facet position, value) for every value of a combined facets value
// (schema::kSlotFacets).
template <typename F>
void for_each_value(std::string_view v, F&& f) {
  std::size_t a = 0;
  for (std::size_t field = 0; field < kFacetCount && a <= v.size(); ++field) {
    std::size_t end = v.find(schema::kFacetSeparator, a);
    if (end == std::string_view::npos) end = v.size();
    for (std::size_t p = a; p < end;) {
      std::size_t q = v.find(schema::kListSeparator, p);
      if (q == std::string_view::npos || q > end) q = end;
      if (q > p) f(field, v.substr(p, q - p));
      p = q + 1;
    }
    a = end + 1;
  }
}

}  // namespace

FacetColumns::FacetColumns(const Xapian::Database& db) {
  offsets_.assign(static_cast<std::size_t>(db.get_lastdocid()) + 2, 0);
  Xapian::docid next = 0;  // next docid whose offset is unset
  for (auto it = db.valuestream_begin(schema::kSlotFacets); it != db.valuestream_end(schema::kSlotFacets); ++it) {
    const Xapian::docid docid = it.get_docid();
    while (next <= docid) offsets_[next++] = static_cast<std::uint32_t>(ids_.size());
    for_each_value(*it, [&](std::size_t field, std::string_view value) { ids_.push_back(intern(field, value)); });
  }
  while (next < offsets_.size()) offsets_[next++] = static_cast<std::uint32_t>(ids_.size());
}

FacetColumns::FacetColumns(const std::vector<std::string>& combined) {
  for (const auto& v : combined)
    for_each_value(v, [&](std::size_t field, std::string_view value) { intern(field, value); });
}

std::uint32_t FacetColumns::intern(std::size_t field, std::string_view stored) {
  std::string key = static_cast<char>('0' + field) + std::string(stored);
  const auto [at, fresh] = interned_.emplace(std::move(key), static_cast<std::uint32_t>(stored_.size()));
  if (!fresh) return at->second;
  // "10.7" "\x1D" "1": the value and its tag mask (see TagScope).
  std::string_view value = stored;
  std::uint8_t mask = 0;
  if (const auto mark = stored.find(kTagMaskMark); mark != std::string_view::npos && mark + 1 < stored.size()) {
    value = stored.substr(0, mark);
    mask = static_cast<std::uint8_t>(stored[mark + 1] - '0');
  }
  std::string value_key = static_cast<char>('0' + field) + std::string(value);
  const auto [base, new_value] = value_ids_.emplace(std::move(value_key), static_cast<std::uint32_t>(values_.size()));
  if (new_value) values_.push_back({static_cast<Facet>(field), std::string(value)});
  stored_.push_back({base->second, mask});
  return at->second;
}

void FacetColumns::ids_of_value(std::string_view combined, std::vector<std::uint32_t>& out) const {
  out.clear();
  std::string key;
  for_each_value(combined, [&](std::size_t field, std::string_view value) {
    key.assign(1, static_cast<char>('0' + field));
    key.append(value);
    if (const auto it = interned_.find(key); it != interned_.end()) out.push_back(it->second);
  });
}

std::shared_ptr<const FacetColumns> facet_columns(const std::string& version, const Xapian::Database& db) {
  static std::mutex mutex;
  static std::list<std::pair<std::string, std::shared_ptr<const FacetColumns>>> recent;  // newest first
  constexpr std::size_t kKept = 3;
  std::lock_guard lock(mutex);
  for (auto it = recent.begin(); it != recent.end(); ++it)
    if (it->first == version) {
      recent.splice(recent.begin(), recent, it);
      return recent.front().second;
    }
  recent.emplace_front(version, std::make_shared<const FacetColumns>(db));
  if (recent.size() > kKept) recent.pop_back();
  return recent.front().second;
}

std::int64_t FacetColumns::id_of(Facet facet, const std::string& value) const {
  const auto it = value_ids_.find(static_cast<char>('0' + static_cast<std::size_t>(facet)) + value);
  return it == value_ids_.end() ? std::int64_t{-1} : std::int64_t{it->second};
}

FacetSpy::FacetSpy(std::shared_ptr<const FacetColumns> columns, const Filters& selections, const TagScope& scope)
    : columns_(std::move(columns)), selection_of_(columns_->value_count(), -1), counts_(columns_->value_count(), 0) {
  // A stored value whose tags are all outside the scope is not there.
  effective_.resize(columns_->stored_count());
  for (std::uint32_t id = 0; id < effective_.size(); ++id) {
    const std::uint32_t value = columns_->value_of(id);
    const std::uint8_t wanted = scope_mask(scope, columns_->facet(value));
    const std::uint8_t mask = columns_->mask_of(id);
    effective_[id] = wanted == 0 || mask == 0 || (mask & wanted) != 0 ? value : kAbsent;
  }
  position_.fill(-1);
  for (const auto& [facet, values] : selections) {
    if (values.empty()) continue;
    const auto k = static_cast<std::int8_t>(selected_facets_.size());
    selected_facets_.push_back(facet);
    position_[static_cast<std::size_t>(facet)] = k;
    for (const auto& v : values)
      if (const std::int64_t id = columns_->id_of(facet, v); id >= 0) selection_of_[static_cast<std::size_t>(id)] = k;
  }
}

void FacetSpy::operator()(const Xapian::Document& doc, double weight) {
  const Xapian::docid did = doc.get_docid();
  const auto [begin, end] = columns_->ids(did);
  if (count(begin, end, 1) && keep_) kept_.push_back({did, weight});
}

void FacetSpy::add(std::string_view combined, std::uint64_t units) {
  columns_->ids_of_value(combined, scratch_);
  (void)count(scratch_.data(), scratch_.data() + scratch_.size(), units);
}

bool FacetSpy::count(const std::uint32_t* begin, const std::uint32_t* end, std::uint64_t units) {
  visited_ += units;
  // The document's values in the scope, and which selections it satisfies: a bit per selected facet.
  values_.clear();
  std::uint32_t satisfied = 0;
  for (const std::uint32_t* id = begin; id != end; ++id) {
    const std::uint32_t value = effective_[*id];
    if (value == kAbsent) continue;
    values_.push_back(value);
    if (const std::int8_t k = selection_of_[value]; k >= 0) satisfied |= 1u << k;
  }
  const std::uint32_t all = (1u << selected_facets_.size()) - 1;
  const std::uint32_t missing = all & ~satisfied;
  if (missing == 0)
    selected_ += units;
  else if ((missing & (missing - 1)) != 0)
    return false;  // two selections or more unmet: counted nowhere
  for (const std::uint32_t value : values_) {
    const std::int8_t k = position_[static_cast<std::size_t>(columns_->facet(value))];
    // A facet without a selection counts the units of every selection; one
    // with a selection, those of every other selection (disjunctive).
    if (missing == 0 || (k >= 0 && missing == 1u << k)) counts_[value] += units;
  }
  return missing == 0;
}

std::vector<FacetValue> FacetSpy::values(Facet facet) const {
  std::vector<FacetValue> out;
  for (std::uint32_t id = 0; id < counts_.size(); ++id)
    if (counts_[id] > 0 && columns_->facet(id) == facet) out.push_back({columns_->value(id), counts_[id]});
  std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

// A FacetSpy holding the counts of the units `values` saw (one pass over
// several shards): each distinct combined facets value counted as often as
// units had it, units without one as the empty value.
std::unique_ptr<FacetSpy> facet_spy_of(const Xapian::ValueCountMatchSpy& values, const Filters& filters,
                                       const TagScope& scope) {
  std::vector<std::pair<std::string, Xapian::doccount>> seen;
  Xapian::doccount with_value = 0;
  for (auto it = values.values_begin(); it != values.values_end(); ++it) {
    seen.emplace_back(*it, it.get_termfreq());
    with_value += it.get_termfreq();
  }
  std::vector<std::string> combined;
  combined.reserve(seen.size());
  for (const auto& [value, units] : seen) combined.push_back(value);
  auto spy = std::make_unique<FacetSpy>(std::make_shared<const FacetColumns>(combined), filters, scope);
  for (const auto& [value, units] : seen) spy->add(value, units);
  if (values.get_total() > with_value) spy->add("", values.get_total() - with_value);
  return spy;
}

}  // namespace m4d::search
