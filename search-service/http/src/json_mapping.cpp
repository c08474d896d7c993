#include "json_mapping.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "json_writer.h"
#include "m4d/lang/language.h"
#include "params.h"

namespace m4d::http {

using nlohmann::json;

namespace {

// The facets in the order of their names, the order of a JSON object's keys.
const std::array<FacetSpec, kFacetCount> kFacetsByName = [] {
  auto facets = kFacets;
  std::sort(facets.begin(), facets.end(), [](const FacetSpec& a, const FacetSpec& b) { return a.name < b.name; });
  return facets;
}();

std::vector<std::string> tag_ids(const std::vector<Tag>& tags) {
  std::vector<std::string> ids;
  for (const auto& t : tags)
    if (std::find(ids.begin(), ids.end(), t.id) == ids.end()) ids.push_back(t.id);
  return ids;
}

std::vector<std::string> goal_ids(const std::vector<Tag>& targets) {
  std::vector<std::string> goals;
  for (const auto& t : targets) {
    std::string g = goal_of_target(t.id);
    if (std::find(goals.begin(), goals.end(), g) == goals.end()) goals.push_back(g);
  }
  std::sort(goals.begin(), goals.end(),
            [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); });
  return goals;
}

json tags_json(const std::vector<Tag>& tags, Facet facet, const Labels& labels, const std::string& lang) {
  json arr = json::array();
  for (const auto& t : tags) {
    json o = {{"id", t.id},
              {"label", labels.get(facet, t.id, lang)},
              {"provenance", t.provenance},
              {"score", t.score},
              {"evidence", t.evidence}};
    if (!t.role.empty()) o["role"] = t.role;
    arr.push_back(std::move(o));
  }
  return arr;
}

json regions_json(const Unit& u, const Labels& labels, const std::string& lang) {
  json regions = json::array();
  for (const auto& r : u.regions) regions.push_back({{"id", r}, {"label", labels.get(Facet::kRegion, r, lang)}});
  return regions;
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

Labels::Labels(const Taxonomy& taxonomy) : taxonomy_(taxonomy) {
  for (const auto& lang : ui_languages()) {
    auto& labels = by_lang_[lang];
    auto add = [&](Facet facet, const std::string& value) {
      Label& label = labels[static_cast<std::size_t>(facet)][value];
      label.text = taxonomy.label(facet, value, lang);
      JsonWriter w;
      w.value(label.text);
      label.json = w.take();
    };
    for (const auto& t : taxonomy.themes()) add(Facet::kTheme, t.id);
    for (const auto& c : taxonomy.countries()) add(Facet::kCountry, c.code);
    for (const auto& r : taxonomy.regions()) add(Facet::kRegion, r.code);
    for (const auto& g : taxonomy.goals()) add(Facet::kGoal, g.id);
    for (const auto& t : taxonomy.targets()) add(Facet::kTarget, t.id);
    for (const auto& t : taxonomy.unit_types()) add(Facet::kType, t.id);
    for (const auto& l : lang::document_languages()) add(Facet::kLang, l);
  }
}

const Labels::Label* Labels::find(Facet facet, const std::string& value, const std::string& lang) const {
  if (auto in_lang = by_lang_.find(lang); in_lang != by_lang_.end()) {
    const ValueLabels& labels = in_lang->second[static_cast<std::size_t>(facet)];
    if (auto it = labels.find(value); it != labels.end()) return &it->second;
  }
  return nullptr;
}

std::string Labels::get(Facet facet, const std::string& value, const std::string& lang) const {
  const Label* label = find(facet, value, lang);
  return label ? label->text : taxonomy_.label(facet, value, lang);
}

const std::string* Labels::json(Facet facet, const std::string& value, const std::string& lang) const {
  const Label* label = find(facet, value, lang);
  return label ? &label->json : nullptr;
}

void write_hit(JsonWriter& w, const search::Hit& h) {
  const Unit& u = *h.unit;
  w.begin_object();
  w.field("countries", tag_ids(u.countries));
  w.field("id", u.id);
  w.field("lang", u.lang);
  w.field("regions", u.regions);
  // Four decimals: a sharded index sums the same weights in another order,
  // which moves the 15th digit.
  w.field("score", std::round(h.score * 1e4) / 1e4);
  w.field("sdg_goals", goal_ids(u.sdg_targets));
  w.field("sdg_targets", tag_ids(u.sdg_targets));
  w.field("snippet", h.snippet);
  w.key("source");
  w.begin_object();
  w.field("publication", u.source.publication);
  w.field("section", u.source.section_path);
  w.end_object();
  w.field("themes", tag_ids(u.themes));
  w.field("title", u.title);
  w.field("type", u.type);
  w.end_object();
}

std::string similar_body(const std::string& id, const std::vector<search::Hit>& hits) {
  JsonWriter w;
  w.begin_object();
  w.key("hits");
  w.begin_array();
  for (const auto& h : hits) write_hit(w, h);
  w.end_array();
  w.field("id", id);
  w.end_object();
  return w.take();
}

json document_json(const Unit& u, const Labels& labels, const std::string& lang) {
  json sections = json::array();
  for (const auto& s : u.sections) sections.push_back({{"heading", s.heading}, {"text", s.text}});
  json source = {{"publication", u.source.publication},
                 {"publisher", u.source.publisher},
                 {"year", u.source.year},
                 {"section_path", u.source.section_path},
                 {"url", u.source.url}};
  if (!u.project_id.empty()) source["project_id"] = u.project_id;
  json goals = json::array();
  for (const auto& g : goal_ids(u.sdg_targets))
    goals.push_back({{"id", g}, {"label", labels.get(Facet::kGoal, g, lang)}});
  return json{{"id", u.id},
              {"title", u.title},
              {"type", u.type},
              {"lang", u.lang},
              {"text", u.text},
              {"sections", std::move(sections)},
              {"source", std::move(source)},
              {"keywords", u.keywords},
              {"location", u.location},
              {"partners", u.partners},
              {"countries_printed", u.countries_printed},
              {"chapter_id", u.chapter_id},
              {"related_ids", u.related_ids},
              {"themes", tags_json(u.themes, Facet::kTheme, labels, lang)},
              {"countries", tags_json(u.countries, Facet::kCountry, labels, lang)},
              {"regions", regions_json(u, labels, lang)},
              {"sdg_goals", std::move(goals)},
              {"sdg_targets", tags_json(u.sdg_targets, Facet::kTarget, labels, lang)}};
}

json suggested_tags_json(const Unit& u, const Labels& labels, const std::string& lang) {
  return json{{"lang", u.lang},
              {"themes", tags_json(u.themes, Facet::kTheme, labels, lang)},
              {"countries", tags_json(u.countries, Facet::kCountry, labels, lang)},
              {"regions", regions_json(u, labels, lang)},
              {"sdg_targets", tags_json(u.sdg_targets, Facet::kTarget, labels, lang)}};
}

std::string search_body(const search::SearchRequest& r, const search::SearchResult& result, double took_ms,
                        const Labels& labels, const std::string& lang) {
  JsonWriter w;
  w.begin_object();
  w.key("corrected_query");
  if (result.corrected_query)
    w.value(*result.corrected_query);
  else
    w.null();
  w.key("expansions");
  w.begin_object();
  for (const auto& [asked, alternatives] : result.expansions) w.field(asked, alternatives);
  w.end_object();
  w.key("facets");
  w.begin_object();
  for (const FacetSpec& f : kFacetsByName) {
    w.key(f.name);
    w.begin_array();
    for (const auto& v : result.facets[static_cast<std::size_t>(f.facet)]) {
      w.begin_object();
      w.field("count", v.count);
      w.key("label");
      if (const std::string* label = labels.json(f.facet, v.value, lang))
        w.raw_value(*label);
      else
        w.value(labels.get(f.facet, v.value, lang));
      w.field("value", v.value);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  w.key("hits");
  w.begin_array();
  for (const auto& h : result.hits) write_hit(w, h);
  w.end_array();
  w.field("page", r.page);
  w.field("per_page", r.per_page);
  w.field("query", r.q);
  w.field("query_languages", result.query_languages);
  w.field("took_ms", std::round(took_ms * 100) / 100);
  w.field("total", result.total);
  w.end_object();
  return w.take();
}

json taxonomy_json(const Taxonomy& taxonomy, const std::string& lang,
                   const std::function<std::uint64_t(Facet, const std::string&)>& count) {
  json facets = json::array();
  for (const FacetSpec& f : kFacets)
    facets.push_back({{"name", f.name}, {"param", f.param}, {"query_field", f.query_field}});
  json themes = json::array();
  for (const auto& t : taxonomy.themes())
    themes.push_back({{"id", t.id},
                      {"label", t.label.get(lang)},
                      {"description", t.description.get(lang)},
                      {"count", count(Facet::kTheme, t.id)}});
  json goals = json::array();
  for (const auto& g : taxonomy.goals()) {
    json targets = json::array();
    for (const auto& t : taxonomy.targets())
      if (t.goal == g.id)
        targets.push_back({{"id", t.id}, {"label", t.title.get(lang)}, {"count", count(Facet::kTarget, t.id)}});
    goals.push_back({{"id", g.id},
                     {"label", g.short_title.get(lang)},
                     {"title", g.title.get(lang)},
                     {"colour", g.colour},
                     {"count", count(Facet::kGoal, g.id)},
                     {"targets", targets}});
  }
  json countries = json::array();
  for (const auto& c : taxonomy.countries())
    countries.push_back({{"id", c.code},
                         {"label", c.name.get(lang)},
                         {"regions", c.regions},
                         {"count", count(Facet::kCountry, c.code)}});
  json regions = json::array();
  for (const auto& r : taxonomy.regions())
    regions.push_back({{"id", r.code}, {"label", r.name.get(lang)}, {"count", count(Facet::kRegion, r.code)}});
  json types = json::array();
  for (const auto& t : taxonomy.unit_types())
    types.push_back({{"id", t.id}, {"label", t.label.get(lang)}, {"count", count(Facet::kType, t.id)}});
  return json{{"ui_lang", lang},        {"facets", facets},   {"themes", themes}, {"goals", goals},
              {"countries", countries}, {"regions", regions}, {"types", types}};
}

namespace {

// "Senegal (SN)" for each country tag of `u` in role `role`.
std::vector<std::string> countries_in_role(const Unit& u, const std::string& role, const ExportContext& c) {
  std::vector<std::string> out;
  for (const auto& t : u.countries)
    if (t.role == role || (role == "mentioned" && t.role.empty()))
      out.push_back(c.labels.get(Facet::kCountry, t.id, c.lang) + " (" + t.id + ")");
  return out;
}

std::vector<std::string> targets_of(const Unit& u, const std::string& provenance) {
  std::vector<std::string> out;
  for (const auto& t : u.sdg_targets)
    if (t.provenance == provenance) out.push_back(t.id);
  return out;
}

std::vector<std::string> theme_labels(const Unit& u, const ExportContext& c) {
  std::vector<std::string> out;
  for (const auto& t : u.themes) out.push_back(c.labels.get(Facet::kTheme, t.id, c.lang));
  return out;
}

std::string page_of(const Unit& u, const ExportContext& c) { return c.site + "/?doc=" + u.id; }

}  // namespace

json export_json(const std::vector<std::shared_ptr<const Unit>>& units, const ExportContext& c) {
  json arr = json::array();
  for (const auto& up : units) {
    const Unit& u = *up;
    json countries = json::array(), themes = json::array(), targets = json::array();
    for (const auto& t : u.countries)
      countries.push_back({{"id", t.id}, {"label", c.labels.get(Facet::kCountry, t.id, c.lang)}, {"role", t.role}});
    for (const auto& t : u.themes)
      themes.push_back({{"id", t.id}, {"label", c.labels.get(Facet::kTheme, t.id, c.lang)}});
    for (const auto& t : u.sdg_targets) targets.push_back({{"id", t.id}, {"provenance", t.provenance}});
    arr.push_back({{"id", u.id},
                   {"title", u.title},
                   {"type", u.type},
                   {"lang", u.lang},
                   {"year", u.source.year},
                   {"countries", tag_ids(u.countries)},
                   {"themes", tag_ids(u.themes)},
                   {"sdg_targets", tag_ids(u.sdg_targets)},
                   {"country_tags", countries},
                   {"theme_tags", themes},
                   {"sdg_tags", targets},
                   {"source", u.source.publication},
                   {"page", page_of(u, c)},
                   {"link", "/api/documents/" + u.id}});
  }
  return arr;
}

std::string export_csv(const std::vector<std::shared_ptr<const Unit>>& units, const ExportContext& c) {
  // A UTF-8 byte order mark (Excel reads the file as UTF-8, not as its
  // legacy code page), then a line saying what was searched.
  std::string csv = "\xEF\xBB\xBF# m4d-search export: " + (c.search.empty() ? "every unit" : c.search) + "; " +
                    std::to_string(units.size()) + " units\r\n";
  csv +=
      "id,title,type,lang,year,primary_countries,mentioned_countries,themes,sdg_targets_stated,"
      "sdg_targets_inferred,sdg_targets_editor,source,page\r\n";
  for (const auto& up : units) {
    const Unit& u = *up;
    for (const std::string& field :
         {u.id, u.title, u.type, u.lang, u.source.year, joined(countries_in_role(u, "primary", c), "; "),
          joined(countries_in_role(u, "mentioned", c), "; "), joined(theme_labels(u, c), "; "),
          joined(targets_of(u, kProvenanceStated), "; "), joined(targets_of(u, kProvenanceInferred), "; "),
          joined(targets_of(u, kProvenanceEditor), "; "), u.source.publication, page_of(u, c)})
      csv += csv_field(field) + ",";
    csv.back() = '\r';
    csv += '\n';
  }
  return csv;
}

}  // namespace m4d::http
