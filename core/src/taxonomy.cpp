#include "m4d/taxonomy.h"

#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/strenum.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <set>

#include "m4d/errors.h"
#include "m4d/lang/language.h"
#include "m4d/text.h"

namespace m4d {

namespace {

// UN languages whose CLDR country names are loaded.
constexpr const char* kNameLanguages[] = {"en", "fr", "es", "ar", "ru", "zh"};

const std::string& empty_string() {
  static const std::string empty;
  return empty;
}

using Row = std::vector<std::string>;

// Tab-separated rows of `file`, skipping blank and '#' lines; checks the column count (0: any).
std::vector<std::pair<int, Row>> rows_of(const TaxonomyFiles& files, const std::string& name, std::size_t columns) {
  auto it = files.find(name);
  if (it == files.end()) throw InvalidInput("taxonomy file " + name + " is missing");
  std::vector<std::pair<int, Row>> rows;
  int line_no = 0;
  for (std::string_view line : split_lines(it->second)) {
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    Row row;
    std::size_t a = 0;
    while (true) {
      std::size_t b = line.find('\t', a);
      row.emplace_back(line.substr(a, b == std::string_view::npos ? std::string_view::npos : b - a));
      if (b == std::string_view::npos) break;
      a = b + 1;
    }
    if (columns != 0 && row.size() != columns)
      throw InvalidInput("taxonomy/" + name + ":" + std::to_string(line_no) + ": expected " + std::to_string(columns) +
                         " tab-separated columns, found " + std::to_string(row.size()));
    rows.emplace_back(line_no, std::move(row));
  }
  return rows;
}

double parse_weight(const std::string& s, const std::string& where) {
  try {
    std::size_t used = 0;
    double w = std::stod(s, &used);
    if (used == s.size() && w > 0 && w <= 100) return w;
  } catch (const std::exception&) {
  }
  throw InvalidInput(where + ": weight must be a number in (0, 100], got '" + s + "'");
}

std::string to_utf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}

LocalizedText icu_region_names(const char* region_code) {
  LocalizedText names;
  icu::Locale place("und", region_code);
  for (const char* lang : kNameLanguages) {
    icu::UnicodeString name;
    place.getDisplayCountry(icu::Locale(lang), name);
    std::string n = to_utf8(name);
    if (!n.empty() && n != region_code) names.by_lang[lang] = n;
  }
  return names;
}

template <typename T>
const T* lookup(const std::vector<T>& items, const std::map<std::string, std::size_t, std::less<>>& index,
                std::string_view key) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

const std::string& LocalizedText::get(std::string_view lang) const {
  auto it = by_lang.find(std::string(lang));
  if (it != by_lang.end() && !it->second.empty()) return it->second;
  it = by_lang.find("en");
  if (it != by_lang.end()) return it->second;
  return by_lang.empty() ? empty_string() : by_lang.begin()->second;
}

const std::vector<std::string>& taxonomy_file_names() {
  static const std::vector<std::string> names = {"themes.tsv",
                                                 "theme_cues.tsv",
                                                 "sdg/goals.tsv",
                                                 "sdg/targets.tsv",
                                                 "sdg/indicators.tsv",
                                                 "sdg/cues.tsv",
                                                 "countries/subdivisions.tsv",
                                                 "countries/aliases.tsv",
                                                 "countries/m49_groupings.tsv",
                                                 "countries/gazetteer.tsv",
                                                 "types.tsv",
                                                 "glossary.tsv"};
  return names;
}

Taxonomy Taxonomy::parse(const TaxonomyFiles& files) {
  Taxonomy t;
  for (const auto& [line, r] : rows_of(files, "themes.tsv", 4)) {
    auto [it, fresh] = t.theme_index_.emplace(r[0], t.themes_.size());
    if (fresh) t.themes_.push_back(Theme{r[0], {}, {}});
    t.themes_[it->second].label.by_lang[r[1]] = r[2];
    t.themes_[it->second].description.by_lang[r[1]] = r[3];
  }
  for (const auto& [line, r] : rows_of(files, "sdg/goals.tsv", 5)) {
    auto [it, fresh] = t.goal_index_.emplace(r[0], t.goals_.size());
    if (fresh) t.goals_.push_back(SdgGoal{r[0], r[1], {}, {}});
    t.goals_[it->second].short_title.by_lang[r[2]] = r[3];
    t.goals_[it->second].title.by_lang[r[2]] = r[4];
  }
  for (const auto& [line, r] : rows_of(files, "sdg/targets.tsv", 3)) {
    const std::string goal = r[0].substr(0, r[0].find('.'));
    if (!t.goal_index_.count(goal))
      throw InvalidInput("taxonomy/sdg/targets.tsv:" + std::to_string(line) + ": unknown goal of target " + r[0]);
    auto [it, fresh] = t.target_index_.emplace(r[0], t.targets_.size());
    if (fresh) t.targets_.push_back(SdgTarget{r[0], goal, {}, {}});
    t.targets_[it->second].title.by_lang[r[1]] = r[2];
  }
  {
    std::map<std::string, std::pair<std::size_t, std::size_t>> indicator_slot;  // indicator -> (target, index)
    for (const auto& [line, r] : rows_of(files, "sdg/indicators.tsv", 4)) {
      auto target = t.target_index_.find(r[1]);
      if (target == t.target_index_.end()) continue;  // indicators of targets outside the 169 (none expected)
      auto [it, fresh] = indicator_slot.emplace(r[0], std::make_pair(target->second, 0));
      auto& list = t.targets_[target->second].indicators;
      if (fresh) {
        it->second.second = list.size();
        list.emplace_back();
      }
      list[it->second.second].by_lang[r[2]] = r[3];
    }
  }
  auto cues = [&](const std::string& file, bool for_targets) {
    std::vector<Cue> out;
    for (const auto& [line, r] : rows_of(files, file, 4)) {
      const std::string where = "taxonomy/" + file + ":" + std::to_string(line);
      if (for_targets ? !t.target_index_.count(r[0]) : !t.theme_index_.count(r[0]))
        throw InvalidInput(where + ": unknown " + (for_targets ? "target " : "theme ") + r[0]);
      out.push_back(Cue{r[0], r[1], parse_weight(r[2], where), r[3]});
    }
    return out;
  };
  t.theme_cues_ = cues("theme_cues.tsv", false);
  t.target_cues_ = cues("sdg/cues.tsv", true);
  for (const auto& [line, r] : rows_of(files, "glossary.tsv", 3)) t.glossary_.push_back(Cue{r[0], r[1], 1, r[2]});

  // Countries and regions from ICU, plus the M49 groupings CLDR leaves out.
  std::map<std::string, std::string> grouping;  // region -> enclosing grouping
  for (const auto& [line, r] : rows_of(files, "countries/m49_groupings.tsv", 2)) grouping[r[0]] = r[1];
  UErrorCode status = U_ZERO_ERROR;
  std::set<std::string> region_codes;
  for (const char* const* c = icu::Locale::getISOCountries(); *c; ++c) {
    const icu::Region* region = icu::Region::getInstance(*c, status);
    if (U_FAILURE(status) || !region || region->getType() != URGN_TERRITORY) {
      status = U_ZERO_ERROR;
      continue;
    }
    Country country{*c, icu_region_names(*c), {}};
    for (const icu::Region* up = region->getContainingRegion(); up; up = up->getContainingRegion()) {
      std::string code = up->getRegionCode();
      if (code == "001") break;
      country.regions.push_back(code);
      region_codes.insert(code);
      if (auto g = grouping.find(code); g != grouping.end()) {
        country.regions.push_back(g->second);
        region_codes.insert(g->second);
      }
    }
    if (country.name.by_lang.count("en") == 0) continue;
    t.country_index_.emplace(country.code, t.countries_.size());
    t.countries_.push_back(std::move(country));
  }
  for (const auto& code : region_codes) {
    t.region_index_.emplace(code, t.regions_.size());
    t.regions_.push_back(Region{code, icu_region_names(code.c_str()), {}});
  }

  for (const auto& [line, r] : rows_of(files, "countries/subdivisions.tsv", 4)) {
    if (!t.country_index_.count(r[1])) continue;  // subdivision of a territory ICU does not list
    std::string name = r[3];
    // "Bicol (Region V)" is also written "Bicol".
    if (auto p = name.find(" ("); p != std::string::npos) name = name.substr(0, p);
    t.place_names_.push_back(PlaceName{r[1], "", name, true});
  }
  for (const auto& [line, r] : rows_of(files, "countries/aliases.tsv", 3)) {
    // A country's alpha-2 code, or a region's three-digit M49 code.
    if (auto region = t.region_index_.find(r[0]); region != t.region_index_.end()) {
      t.regions_[region->second].aliases.emplace_back(r[1], r[2]);
      continue;
    }
    if (!t.country_index_.count(r[0]))
      throw InvalidInput("taxonomy/countries/aliases.tsv:" + std::to_string(line) + ": unknown country or region " +
                         r[0]);
    t.place_names_.push_back(PlaceName{r[0], r[1], r[2], false});
  }
  for (const auto& [line, r] : rows_of(files, "types.tsv", 3)) {
    const std::string& id = r[0];
    auto it = std::find_if(t.unit_types_.begin(), t.unit_types_.end(), [&](const UnitType& u) { return u.id == id; });
    if (it == t.unit_types_.end()) it = t.unit_types_.insert(it, UnitType{r[0], {}});
    it->label.by_lang[r[1]] = r[2];
  }
  GazetteerRules& g = t.gazetteer_;
  const std::map<std::string, std::vector<std::string>*> word_lists = {
      {"generic_place", &g.generic_places}, {"person_name", &g.person_names}, {"feature_before", &g.feature_before},
      {"feature_after", &g.feature_after},  {"lead_word", &g.lead_words},     {"residence_word", &g.residence_words}};
  for (const auto& [line, r] : rows_of(files, "countries/gazetteer.tsv", 0)) {
    const std::string where = "taxonomy/countries/gazetteer.tsv:" + std::to_string(line);
    if (r[0] == "not_country_near" && r.size() == 3) {
      g.not_country_near.emplace_back(r[1], r[2]);
    } else if (auto list = word_lists.find(r[0]); list != word_lists.end() && r.size() == 2) {
      list->second->push_back(r[1]);
    } else {
      throw InvalidInput(where +
                         ": expected generic_place, person_name, feature_before, feature_after, lead_word or "
                         "residence_word "
                         "and a word, or not_country_near, a word and a text");
    }
  }
  return t;
}

std::optional<std::string> Taxonomy::facet_value(Facet facet, std::string_view raw) const {
  if (facet == Facet::kTarget) return canonical_target(raw);
  std::string v = canonical_value(facet, raw);
  bool known = false;
  switch (facet) {
    case Facet::kTheme:
      known = theme(v) != nullptr;
      break;
    case Facet::kCountry:
      known = country(v) != nullptr;
      break;
    case Facet::kRegion:
      known = region(v) != nullptr;
      break;
    case Facet::kGoal:
      known = goal(v) != nullptr;
      break;
    case Facet::kType:
      known = std::any_of(unit_types_.begin(), unit_types_.end(), [&](const UnitType& u) { return u.id == v; });
      break;
    case Facet::kLang:
      known = lang::is_document_language(v);
      break;
    case Facet::kTarget:
      break;
  }
  if (!known) return std::nullopt;
  return v;
}

std::string Taxonomy::label(Facet facet, const std::string& value, const std::string& lang) const {
  switch (facet) {
    case Facet::kTheme:
      if (const Theme* t = theme(value)) return t->label.get(lang);
      break;
    case Facet::kCountry:
      if (const Country* c = country(value)) return c->name.get(lang);
      break;
    case Facet::kRegion:
      if (const Region* r = region(value)) return r->name.get(lang);
      break;
    case Facet::kGoal:
      if (const SdgGoal* g = goal(value)) return value + ". " + g->short_title.get(lang);
      break;
    case Facet::kTarget:
      if (const SdgTarget* t = target(value)) return value + " " + t->title.get(lang);
      break;
    case Facet::kType:
      for (const auto& u : unit_types_)
        if (u.id == value) return u.label.get(lang);
      break;
    case Facet::kLang: {
      icu::UnicodeString name;
      icu::Locale(value.c_str()).getDisplayLanguage(icu::Locale(lang.c_str()), name);
      const std::string out = to_utf8(name);
      return out.empty() ? value : out;
    }
  }
  return value;
}

const Theme* Taxonomy::theme(std::string_view id) const { return lookup(themes_, theme_index_, id); }
const SdgGoal* Taxonomy::goal(std::string_view id) const { return lookup(goals_, goal_index_, id); }
const SdgTarget* Taxonomy::target(std::string_view id) const { return lookup(targets_, target_index_, id); }
const Country* Taxonomy::country(std::string_view code) const { return lookup(countries_, country_index_, code); }
const Region* Taxonomy::region(std::string_view code) const { return lookup(regions_, region_index_, code); }

std::optional<std::string> Taxonomy::canonical_target(std::string_view raw) const {
  // Goal number, optional dot, then a target number or letter: "11A", "16.B", "10.7", "8.10".
  std::size_t i = 0;
  while (i < raw.size() && raw[i] == ' ') ++i;
  std::size_t g = i;
  while (i < raw.size() && raw[i] >= '0' && raw[i] <= '9') ++i;
  if (i == g || i - g > 2) return std::nullopt;
  std::string id(raw.substr(g, i - g));
  if (i < raw.size() && raw[i] == '.') ++i;
  std::size_t s = i;
  while (i < raw.size() && raw[i] >= '0' && raw[i] <= '9') ++i;
  if (i == s && i < raw.size() && std::isalpha(static_cast<unsigned char>(raw[i]))) ++i;
  if (i == s || i - s > 2) return std::nullopt;
  if (i < raw.size() && std::isalnum(static_cast<unsigned char>(raw[i]))) return std::nullopt;
  std::string sub(raw.substr(s, i - s));
  for (char& c : sub) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  id += "." + sub;
  if (!target(id)) return std::nullopt;
  return id;
}

}  // namespace m4d
