#pragma once
// Private to the HTTP layer: the engine's and the editor's results as the
// API's JSON (docs/API.md), and exports as CSV.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
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

 private:
  const Taxonomy& taxonomy_;
  std::map<std::string, std::string> cache_;  // lang \x1F facet \x1F value -> label
};

/// A hit of /api/search or /api/documents/{id}/similar.
nlohmann::json hit_json(const search::Hit& h);

/// A whole unit, tags with provenance and labels in `lang` (GET /api/documents/{id}, editing answers).
nlohmann::json document_json(const Unit& u, const Labels& labels, const std::string& lang);

/// The tags an editor's draft would get (POST /api/tag).
nlohmann::json suggested_tags_json(const Unit& u, const Labels& labels, const std::string& lang);

/// The answer of /api/search.
nlohmann::json search_json(const search::SearchRequest& r, const search::SearchResult& result, double took_ms,
                           const Labels& labels, const std::string& lang);

/// The answer of /api/taxonomy: every facet value with its label in `lang`
/// and `count` of units, the facet contract for clients, and goal colours.
nlohmann::json taxonomy_json(const Taxonomy& taxonomy, const std::string& lang,
                             const std::function<std::uint64_t(Facet, const std::string&)>& count);

/// The units of /api/export?format=json.
nlohmann::json export_json(const std::vector<std::shared_ptr<const Unit>>& units);

/// The units of /api/export?format=csv (RFC 4180, header row).
std::string export_csv(const std::vector<std::shared_ptr<const Unit>>& units);

}  // namespace m4d::http
