#pragma once
// Private to the HTTP layer: query-string parameters, validated. Every
// function throws ApiError (400) naming the parameter at fault.
#include <httplib.h>

#include <string>
#include <vector>

#include "m4d/search/engine.h"
#include "m4d/taxonomy.h"

namespace m4d::http {

/// Longest `q`, in characters.
inline constexpr std::size_t kMaxQueryChars = 1000;

/// Languages of the UI's labels.
const std::vector<std::string>& ui_languages();

/// Parameter `name` as an integer in [lo, hi], or `fallback` when absent.
int int_param(const httplib::Request& req, const std::string& name, int fallback, int lo, int hi);

/// Parameter `name`, one of `allowed`, or `fallback` when absent.
std::string one_of(const httplib::Request& req, const std::string& name, const std::vector<std::string>& allowed,
                   const std::string& fallback);

/// `ui_lang`, default "en".
std::string ui_lang(const httplib::Request& req);

/// Parameter `name` as a query string: at most kMaxQueryChars characters.
std::string query_text(const httplib::Request& req, const std::string& name);

/// Every parameter is valid UTF-8 (keys and values).
void check_utf8(const httplib::Request& req);

/// The facet filters (each facet's parameter of m4d/facets.h, repeated =
/// OR), canonical and known to `taxonomy`.
search::Filters filters(const httplib::Request& req, const Taxonomy& taxonomy);

/// "http://host:port" of the request's Host header (https behind a proxy
/// that says X-Forwarded-Proto: https), or "" when it has none or an odd one.
std::string site_of(const httplib::Request& req);

/// The search an export answers, for people: "q=\"remittances\"; type=case_study"
/// (every parameter but format, page, per_page and ui_lang; control characters as spaces).
std::string export_search(const httplib::Request& req);

/// The tags filters and facet counts consider: `sdg_provenance` (stated,
/// inferred, editor) and `country_role` (primary, mentioned), each
/// comma-separated or repeated; absent: every tag.
TagScope tag_scope(const httplib::Request& req);

/// The search request of /api/search and /api/export: q, filters, scope, page,
/// per_page, sort, correct (false: no automatic spelling correction).
search::SearchRequest search_request(const httplib::Request& req, const Taxonomy& taxonomy);

}  // namespace m4d::http
