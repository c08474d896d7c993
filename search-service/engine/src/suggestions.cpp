#include "suggestions.h"

#include <algorithm>
#include <cctype>

#include "m4d/lang/normalize.h"
#include "m4d/lang/word.h"
#include "m4d/text.h"

namespace m4d::search {

void Suggestions::add(std::string s) {
  if (out_.size() < limit_ && keys_.insert(search_key(s)).second) out_.push_back(std::move(s));
}

void add_label_suggestions(Suggestions& out, const std::string& q, const std::string& ui_lang, const Taxonomy& taxonomy,
                           const std::function<bool(Facet, const std::string&)>& used) {
  const std::string key = search_key(collapse_spaces(q));
  if (key.size() < 2) return;
  auto consider = [&](const std::string& label) {
    if (search_key(label).starts_with(key)) out.add(label);
  };
  for (const auto& t : taxonomy.themes()) consider(t.label.get(ui_lang));
  for (const auto& g : taxonomy.goals()) consider(g.short_title.get(ui_lang));
  std::vector<const Country*> countries;
  std::vector<const Region*> regions;
  for (const auto& c : taxonomy.countries())
    if (used(Facet::kCountry, c.code)) countries.push_back(&c);
  for (const auto& r : taxonomy.regions())
    if (used(Facet::kRegion, r.code)) regions.push_back(&r);
  for (const Country* c : countries) consider(c->name.get(ui_lang));
  for (const Region* r : regions) consider(r->name.get(ui_lang));
  for (const Region* r : regions)
    for (const auto& [alias_lang, alias] : r->aliases) consider(alias);
  for (const char* other : {"en", "fr", "es", "ar"}) {
    if (other == ui_lang) continue;
    for (const Country* c : countries) consider(c->name.get(other));
    for (const Region* r : regions) consider(r->name.get(other));
  }
}

void add_index_word_suggestions(Suggestions& out, const std::string& q, const Xapian::Database& db) {
  const std::size_t cut = q.find_last_of(" \t");
  const std::string head = cut == std::string::npos ? "" : q.substr(0, cut + 1);
  const std::string last = lang::lower(cut == std::string::npos ? q : q.substr(cut + 1));
  if (last.empty()) return;
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  for (auto it = db.allterms_begin(last); it != db.allterms_end(last); ++it) {
    const std::string term = *it;
    // Unprefixed terms only: they start with a lower-case letter or a non-ASCII character.
    if (term.empty() ||
        (static_cast<unsigned char>(term[0]) < 0x80 && !std::islower(static_cast<unsigned char>(term[0]))))
      continue;
    found.emplace_back(it.get_termfreq(), term);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  // The most frequent `limit` words are candidates, whether or not an earlier suggestion already holds them.
  if (found.size() > out.limit()) found.resize(out.limit());
  for (auto& [freq, term] : found) out.add(head + term);
}

std::string corrected_query(const std::string& q, const std::vector<Clause>& clauses,
                            const std::map<std::string, std::vector<std::string>>& expansions,
                            const Xapian::Database& db, const std::function<std::string(const std::string&)>& suggest,
                            const Expander* expander) {
  std::set<std::string> recognised;
  for (const auto& [key, alternatives] : expansions)
    for (const auto& w : lang::words_of(key)) recognised.insert(w.surface());
  std::string out = q;
  bool changed = false;
  for (const auto& c : clauses) {
    if (c.kind != Clause::Kind::kWords || c.title || c.negated) continue;
    const std::string& lw = c.words[0].lower();
    if (db.get_termfreq(lw) > 0 || recognised.count(lw)) continue;
    // "3x1", "G20", "2030": names and numbers, not misspelt words.
    if (std::any_of(lw.begin(), lw.end(), [](unsigned char ch) { return ch >= '0' && ch <= '9'; })) continue;
    const std::string suggestion = suggest(lw);
    if (suggestion.empty()) continue;
    if (expander && (expander->knows_word(lw, "fr") || expander->knows_word(lw, "es")) &&
        expander->knows_word(suggestion, "en"))
      continue;
    const std::size_t at = out.find(c.words[0].surface());
    if (at == std::string::npos) continue;
    out.replace(at, c.words[0].surface().size(), suggestion);
    changed = true;
  }
  return changed ? out : "";
}

}  // namespace m4d::search
