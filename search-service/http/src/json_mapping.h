#pragma once
// Private to the HTTP layer: the engine's and the editor's results as the
// API's JSON (docs/API.md), and exports as CSV.
#include <array>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "m4d/search/engine.h"
#include "m4d/taxonomy.h"
#include "m4d/unit.h"

namespace m4d::http {

/// Facet value labels in every UI language, computed once from the taxonomy. Immutable.
class Labels {
 public:
  /// `taxonomy` must outlive the labels.
  explicit Labels(const Taxonomy& taxonomy);
  /// The label of value `value` of `facet` in `lang` (Taxonomy::label).
  std::string get(Facet facet, const std::string& value, const std::string& lang) const;
  /// The same label as a JSON string (quoted and escaped, for
  /// JsonWriter::raw_value), or null for a value or language the taxonomy
  /// does not list: every search answer writes a label per facet value.
  const std::string* json(Facet facet, const std::string& value, const std::string& lang) const;

 private:
  struct Label {
    std::string text;
    std::string json;
  };
  const Label* find(Facet facet, const std::string& value, const std::string& lang) const;

  const Taxonomy& taxonomy_;
  using ValueLabels = std::unordered_map<std::string, Label>;
  std::map<std::string, std::array<ValueLabels, kFacetCount>, std::less<>> by_lang_;  // lang -> facet -> value -> label
};

/// The answer of /api/documents/{id}/similar: `hits` as in /api/search.
std::string similar_body(const std::string& id, const std::vector<search::Hit>& hits);

/// A whole unit, tags with provenance and labels in `lang` (GET /api/documents/{id}, editing answers).
nlohmann::json document_json(const Unit& u, const Labels& labels, const std::string& lang);

/// The tags an editor's draft would get (POST /api/tag).
nlohmann::json suggested_tags_json(const Unit& u, const Labels& labels, const std::string& lang);

/// The answer of /api/search, as JSON text (written directly: it is the
/// service's most frequent answer).
std::string search_body(const search::SearchRequest& r, const search::SearchResult& result, double took_ms,
                        const Labels& labels, const std::string& lang);

/// The answer of /api/taxonomy: every facet value with its label in `lang`
/// and `count` of units, the facet contract for clients, and goal colours.
nlohmann::json taxonomy_json(const Taxonomy& taxonomy, const std::string& lang,
                             const std::function<std::uint64_t(Facet, const std::string&)>& count);

/// How an export labels and links its units and says what was searched.
struct ExportContext {
  const Labels& labels;
  std::string lang;    ///< Language of country and theme names.
  std::string site;    ///< Start of page links ("http://host:port"), or "" for links relative to the site.
  std::string search;  ///< The query and filters exported ("q=\"remittances\"; type=case_study"), "" for all.
};

/// The units of /api/export?format=json: ids as in search hits, and tags
/// with names, roles and provenance, the year and the page link.
nlohmann::json export_json(const std::vector<std::shared_ptr<const Unit>>& units, const ExportContext& c);

/// The units of /api/export?format=csv: a UTF-8 byte order mark, a first
/// line "# m4d-search export: <search>; N units", then RFC 4180 with a
/// header row: countries by name and role, themes by name, SDG targets by
/// provenance, the page link.
std::string export_csv(const std::vector<std::shared_ptr<const Unit>>& units, const ExportContext& c);

}  // namespace m4d::http
