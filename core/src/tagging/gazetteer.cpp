#include "gazetteer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analysis.h"
#include "m4d/lang/stopwords.h"
#include "m4d/text.h"

namespace m4d::tagging {

namespace {

bool is_cased_upper_start(std::string_view word) {
  const auto* p = reinterpret_cast<const uint8_t*>(word.data());
  int32_t i = 0;
  UChar32 c = -1;
  if (!word.empty()) U8_NEXT(p, i, static_cast<int32_t>(word.size()), c);
  if (c < 0) return false;
  if (!u_hasBinaryProperty(c, UCHAR_CASED)) return true;  // scripts without case (Arabic, Chinese)
  return u_isupper(c) || u_istitle(c);
}

}  // namespace

Gazetteer::Gazetteer(const Taxonomy& taxonomy, const TaggerOptions& options) : options_(options) {
  const GazetteerRules& rules = taxonomy.gazetteer();
  const std::unordered_set<std::string> generic(rules.generic_places.begin(), rules.generic_places.end());
  person_names_.insert(rules.person_names.begin(), rules.person_names.end());
  feature_before_.insert(rules.feature_before.begin(), rules.feature_before.end());
  feature_after_.insert(rules.feature_after.begin(), rules.feature_after.end());
  lead_words_.insert(rules.lead_words.begin(), rules.lead_words.end());
  residence_words_.insert(rules.residence_words.begin(), rules.residence_words.end());
  not_country_near_ = rules.not_country_near;
  std::map<std::string, std::set<std::string>> subdivision_countries;  // key -> countries
  auto key_of = [](std::string_view name) {
    std::string joined;
    for (const auto& w : split_words(name)) {
      if (!joined.empty()) joined += ' ';
      joined += search_key(name.substr(w.begin, w.end - w.begin));
    }
    return joined;
  };
  auto add = [&](const std::string& key, Entry e) {
    if (key.empty()) return;
    places_.emplace(key, std::move(e));  // first writer wins: names, then aliases, then subdivisions
    max_place_tokens_ = std::max<std::size_t>(max_place_tokens_, std::count(key.begin(), key.end(), ' ') + 1);
  };
  for (const auto& c : taxonomy.countries()) {
    for (const auto& [lang, name] : c.name.by_lang) {
      std::string n = name;
      if (auto p = n.find(" ("); p != std::string::npos) n = n.substr(0, p);  // "Myanmar (Burma)"
      add(key_of(n), {c.code, true, false});
    }
  }
  for (const auto& p : taxonomy.place_names())
    if (!p.subdivision) add(key_of(p.name), {p.country, is_cased_upper_start(p.name), false});
  for (const auto& p : taxonomy.place_names())
    if (p.subdivision) subdivision_countries[key_of(p.name)].insert(p.country);
  for (const auto& [key, countries] : subdivision_countries) {
    if (countries.size() != 1 || key.size() < 4 || generic.count(key) || lang::is_topic_stopword(key)) continue;
    add(key, {*countries.begin(), true, true});
  }
}

std::vector<Gazetteer::Match> Gazetteer::find_places(std::string_view text) const {
  std::vector<Match> out;
  const auto words = split_words(text);
  std::vector<std::string> keys;
  keys.reserve(words.size());
  for (const auto& w : words) keys.push_back(search_key(text.substr(w.begin, w.end - w.begin)));
  // Names the unit's own words say are not the country ("Georgia" beside "Atlanta").
  std::unordered_set<std::string> not_countries;
  for (const auto& [name, context] : not_country_near_)
    if (text.find(context) != std::string_view::npos) not_countries.insert(name);
  for (std::size_t i = 0; i < words.size();) {
    std::size_t matched = 0;
    for (std::size_t n = std::min(max_place_tokens_, words.size() - i); n >= 1 && !matched; --n) {
      std::string key = keys[i];
      for (std::size_t k = 1; k < n; ++k) key += ' ' + keys[i + k];
      auto it = places_.find(key);
      if (it == places_.end()) continue;
      const Entry& e = it->second;
      const std::string_view first = text.substr(words[i].begin, words[i].end - words[i].begin);
      const std::string prev = i > 0 ? keys[i - 1] : "";
      const std::string next = i + n < keys.size() ? keys[i + n] : "";
      bool ok = !e.require_upper || is_cased_upper_start(first);
      ok = ok && !feature_before_.count(prev) && !feature_after_.count(next) && prev != "new";
      if (ok && n == 1 && person_names_.count(key)) {
        const bool prev_capital = i > 0 && is_cased_upper_start(text.substr(words[i - 1].begin, 1)) &&
                                  !lead_words_.count(prev) && !places_.count(prev);
        const bool next_capital =
            i + 1 < words.size() &&
            is_cased_upper_start(text.substr(words[i + 1].begin, words[i + 1].end - words[i + 1].begin)) &&
            !places_.count(next) && next != "and";
        ok = !prev_capital && !next_capital && !not_countries.count(key);
      }
      if (ok) {
        // A residence word a few words before, in the same sentence.
        bool residence = false;
        for (std::size_t k = 1; k <= options_.residence_window && k <= i && !residence; ++k) {
          const std::size_t j = i - k;
          const auto gap = text.substr(words[j].end, words[j + 1].begin - words[j].end);
          if (gap.find_first_of(".!?;") != std::string_view::npos) break;
          residence = residence_words_.count(keys[j]) > 0;
        }
        out.push_back({e.country, e.subdivision, words[i].begin, residence});
        matched = n;
      }
    }
    i += matched ? matched : 1;
  }
  return out;
}

std::vector<Tag> Gazetteer::countries(const Unit& unit) const {
  // Mentions weighed: a residence ("living in France") counts country_residence_weight.
  struct Count {
    double named = 0, subdivision = 0, title = 0;
    std::size_t first = SIZE_MAX;        // first mention of any kind
    std::size_t first_named = SIZE_MAX;  // first mention by name or alias
  };
  std::map<std::string, Count> counts;
  const std::string body = unit.text;
  for (const auto& match : find_places(body)) {
    Count& c = counts[match.country];
    (match.subdivision ? c.subdivision : c.named) += match.residence ? options_.country_residence_weight : 1.0;
    c.first = std::min(c.first, match.begin);
    if (!match.subdivision) c.first_named = std::min(c.first_named, match.begin);
  }
  for (const auto& match : find_places(unit.title))
    counts[match.country].title += match.residence ? options_.country_residence_weight : 1.0;

  // Subdivisions count for their country when the country is also named, or
  // when the unit names no country at all.
  const bool any_named =
      std::any_of(counts.begin(), counts.end(), [](const auto& kv) { return kv.second.named + kv.second.title > 0; });
  std::vector<std::string> primary;
  std::string primary_evidence;
  auto primary_from = [&](const std::string& line, const std::string& label) {
    auto matches = find_places(line);
    const bool has_named = std::any_of(matches.begin(), matches.end(), [](const auto& x) { return !x.subdivision; });
    for (const auto& x : matches) {
      if (has_named && x.subdivision) continue;
      if (std::find(primary.begin(), primary.end(), x.country) == primary.end()) primary.push_back(x.country);
    }
    primary_evidence = label + ": " + line;
  };
  if (!unit.location.empty()) primary_from(unit.location, "Location");
  if (primary.empty() && !unit.countries_printed.empty()) primary_from(unit.countries_printed, "Countries");

  const auto sentences = split_sentences(body);
  std::vector<Tag> tags;
  std::string best;
  double best_salience = 0;
  for (const auto& [code, c] : counts) {
    const double evidence = c.named + c.title + ((any_named ? c.named + c.title > 0 : true) ? c.subdivision : 0);
    if (evidence == 0) continue;
    const double salience = c.named + (any_named ? options_.country_subdivision_weight : 1.0) * c.subdivision +
                            options_.country_title_weight * c.title;
    if (salience > best_salience || (salience == best_salience && c.first < counts[best].first)) {
      best_salience = salience;
      best = code;
    }
  }
  if (primary.empty() && !best.empty() && (best_salience >= options_.min_primary_salience || counts[best].title > 0)) {
    primary.push_back(best);
    const long mentions = std::lround(std::ceil(counts[best].named + counts[best].subdivision));
    primary_evidence = "Most mentioned country (" + std::to_string(mentions) + " mentions" +
                       (counts[best].title ? ", in the title" : "") + ")";
  }
  for (const auto& code : primary) {
    Tag t{code, kProvenanceStated, 1.0, {primary_evidence}, "primary"};
    if (primary_evidence.starts_with("Most")) t.provenance = kProvenanceInferred;
    if (auto it = counts.find(code); it != counts.end() && it->second.first != SIZE_MAX) {
      const std::size_t cite = it->second.first_named != SIZE_MAX ? it->second.first_named : it->second.first;
      std::string s = sentence_at(body, sentences, cite);
      if (!s.empty() && t.evidence.size() < options_.max_evidence) t.evidence.push_back(s);
    }
    tags.push_back(std::move(t));
  }
  for (const auto& [code, c] : counts) {
    if (std::find(primary.begin(), primary.end(), code) != primary.end()) continue;
    // A subdivision alone is weak evidence: it counts when the unit names no country at all.
    const double mentions =
        c.named + c.title +
        (any_named ? options_.country_subdivision_weight * (c.named + c.title > 0) * c.subdivision : c.subdivision);
    if (mentions == 0 || c.first == SIZE_MAX) continue;
    const std::size_t cite = c.first_named != SIZE_MAX ? c.first_named : c.first;
    tags.push_back(Tag{
        code,
        kProvenanceInferred,
        std::min(1.0,
                 std::round((options_.mentioned_base_score + options_.mentioned_step_score * mentions) * 100) / 100),
        {sentence_at(body, sentences, cite)},
        "mentioned"});
  }
  return tags;
}

}  // namespace m4d::tagging
