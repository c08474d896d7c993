#include "handlers.h"

#include <chrono>

#include "api_error.h"
#include "bodies.h"
#include "feed.h"
#include "m4d/indexer/contrib.h"
#include "params.h"

namespace m4d::http {

using nlohmann::json;

namespace {

constexpr int kMaxSimilar = 50;
constexpr int kFeedEntries = 20, kMaxFeedEntries = 100;  // entries of /api/feed (per_page)

// Throws 403 on a replica, 401 unless the request carries a configured
// editor token, 503 when editing is unavailable.
void require_editor(ServiceState& s, const httplib::Request& req, httplib::Response& res) {
  if (!s.config.primary.empty())
    throw ApiError{403, "read_only_replica",
                   "this server is a read-only replica: send documents to the primary at " + s.config.primary, ""};
  if (!s.config.shards.empty())
    throw ApiError{403, "read_only_replica",
                   "this server reads remote shards and takes no writes: send documents to the primary", ""};
  if (!s.tokens.accepts(req.get_header_value("Authorization"))) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"m4d-search editors\"");
    throw ApiError{401, "unauthorized",
                   s.tokens.empty() ? "editing is disabled: the service has no editor tokens configured"
                                    : "a valid editor token is required (Authorization: Bearer <token>)",
                   ""};
  }
  if (!s.editor) throw ApiError{503, "unavailable", "editing is unavailable: " + s.editor_unavailable, ""};
  s.engine()->check_readable();  // nothing is written into an index that cannot be read (503)
}

// POST /api/documents with an Idempotency-Key: the first answer to the key
// again for the same request, 409 for another one. The key is reserved with
// the document's id before the document is stored, so that a retry after a
// crash between storing and answering finds that document (recovered at
// start) instead of creating a second one.
void create_once(ServiceState& s, const std::string& key, const httplib::Request& req, httplib::Response& res) {
  if (!IdempotencyStore::valid_key(key))
    throw ApiError{400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 printable ASCII characters", ""};
  const std::string digest = IdempotencyStore::request_digest(req);
  std::lock_guard lock(s.idempotency->mutex());
  auto answer = s.idempotency->find(key);
  if (answer && answer->request_digest != digest)
    throw ApiError{409, "idempotency_conflict",
                   "this Idempotency-Key was already used for another document; use a new key", ""};
  auto answer_with = [&](const Unit& unit, bool replayed) {
    const std::string location = "/api/documents/" + unit.id;
    res.set_header("Location", location);
    if (replayed) res.set_header("Idempotent-Replayed", "true");
    send_json(res, 201, document_json(unit, *s.labels, ui_lang(req)));
    try {
      s.idempotency->save(key, {digest, res.status, res.body, location, unit.id});
    } catch (const RuntimeFailure& e) {
      // The document is stored and the reservation names it: a retry finds it.
      s.log(std::string("editing: idempotency answer not written: ") + e.what());
    }
  };
  if (answer && answer->status != 0) {
    res.set_header("Location", answer->location);
    res.set_header("Idempotent-Replayed", "true");
    res.status = answer->status;
    res.set_content(answer->body, "application/json; charset=utf-8");
    return;
  }
  const editing::DocumentDraft draft = draft_from_body(req);
  if (answer) {  // reserved by an attempt that did not answer: did it store the document?
    if (const auto unit = s.engine()->document(answer->id)) return answer_with(*unit, true);
  } else {
    answer = IdempotencyStore::Answer{digest, 0, "", "", editing::Editor::new_id(draft)};
    s.idempotency->save(key, *answer);
  }
  try {
    answer_with(s.editor->create(draft, answer->id), false);
  } catch (const editing::InvalidDocument&) {
    s.idempotency->forget(key);  // nothing stored: the corrected request may use the key
    throw;
  }
}

ApiError not_found(const std::string& id) { return {404, "not_found", "no document with id '" + id + "'", ""}; }

}  // namespace

std::vector<Route> api_routes(ServiceState& s) {
  // Handlers reach the index's resources through `s` when they run: the
  // table itself can be read before bind() loads them.
  std::vector<Route> routes;
  routes.push_back({"/healthz",
                    {{"GET",
                      [&s](const httplib::Request&, httplib::Response& res) {
                        const auto e = s.engine();
                        e->check_readable();  // a corrupt index is not ok (503 from the error mapping)
                        const search::IndexStats st = e->stats();
                        send_json(res, 200,
                                  json{{"status", "ok"},
                                       {"documents", st.documents},
                                       {"index_revision", st.revision},
                                       {"role", !s.config.shards.empty()   ? "shards"
                                                : s.config.primary.empty() ? "primary"
                                                                           : "replica"}});
                      }}},
                    false});
  routes.push_back({"/metrics",
                    {{"GET",
                      [&s](const httplib::Request&, httplib::Response& res) {
                        std::string text = s.metrics.render(s.engine()->stats());
                        text +=
                            "# HELP m4d_response_cache_lookups_total Read requests looked up in the response cache.\n"
                            "# TYPE m4d_response_cache_lookups_total counter\n"
                            "m4d_response_cache_lookups_total{result=\"hit\"} " +
                            std::to_string(s.cache->hits()) + "\nm4d_response_cache_lookups_total{result=\"miss\"} " +
                            std::to_string(s.cache->misses()) + "\n";
                        const auto use = s.engine_use();
                        text +=
                            "# HELP m4d_search_engines_busy Searches running (one engine each, at most --engines).\n"
                            "# TYPE m4d_search_engines_busy gauge\nm4d_search_engines_busy " +
                            std::to_string(use.busy) +
                            "\n# HELP m4d_search_waiting Requests waiting in line for an engine.\n"
                            "# TYPE m4d_search_waiting gauge\nm4d_search_waiting " +
                            std::to_string(use.waiting) + "\n";
                        res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
                      }}},
                    false});
  routes.push_back({"/api/openapi.json",
                    {{"GET",
                      [](const httplib::Request&, httplib::Response& res) {
                        res.set_content(openapi_document(), "application/json; charset=utf-8");
                      }}},
                    false});
  routes.push_back({"/api/search",
                    {{"GET",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        const auto t0 = std::chrono::steady_clock::now();
                        const search::SearchRequest r = search_request(req, s.resources->taxonomy);
                        const std::string lang = ui_lang(req);
                        const search::SearchResult result = s.engine()->search(r);
                        const double ms =
                            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                        res.status = 200;
                        res.set_content(search_body(r, result, ms, *s.labels, lang), "application/json; charset=utf-8");
                      }}},
                    true});
  routes.push_back({"/api/export",
                    {{"GET",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        const search::SearchRequest r = search_request(req, s.resources->taxonomy);
                        const std::string format = one_of(req, "format", {"csv", "json"}, "csv");
                        const auto units = s.engine()->export_units(r);
                        const ExportContext context{*s.labels, ui_lang(req), site_of(req), export_search(req)};
                        if (format == "json") {
                          send_json(res, 200, export_json(units, context));
                          res.set_header("Content-Disposition", "attachment; filename=\"m4d-export.json\"");
                          return;
                        }
                        res.status = 200;
                        res.set_content(export_csv(units, context), "text/csv; charset=utf-8");
                        res.set_header("Content-Disposition", "attachment; filename=\"m4d-export.csv\"");
                      }}},
                    false});
  routes.push_back({"/api/feed",
                    {{"GET",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        search::SearchRequest r = search_request(req, s.resources->taxonomy);
                        r.sort = "updated";  // new and changed units first
                        r.page = 1;
                        r.per_page = int_param(req, "per_page", kFeedEntries, 1, kMaxFeedEntries);
                        r.facets = false;
                        const auto result = s.engine()->search(r);
                        std::string query;
                        for (const auto& [name, value] : req.params)
                          if (name != "page" && name != "sort")
                            query += (query.empty() ? "" : "&") + httplib::detail::encode_query_param(name) + "=" +
                                     httplib::detail::encode_query_param(value);
                        res.status = 200;
                        res.set_content(
                            atom_feed(result.hits, {site_of(req), query, export_search(req), indexer::utc_timestamp()}),
                            "application/atom+xml; charset=utf-8");
                      }}},
                    true});
  routes.push_back({"/api/taxonomy",
                    {{"GET",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        const auto e = s.engine();
                        send_json(res, 200,
                                  taxonomy_json(s.resources->taxonomy, ui_lang(req),
                                                [&](Facet f, const std::string& v) { return e->count(f, v); }));
                      }}},
                    true});
  routes.push_back({"/api/suggest",
                    {{"GET",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        const std::string q = query_text(req, "q");
                        const std::string lang = ui_lang(req);
                        const int limit = int_param(req, "limit", 8, 1, 20);
                        send_json(res, 200, json{{"suggestions", s.engine()->suggest(q, lang, limit)}});
                      }}},
                    true});
  routes.push_back({"/api/documents",
                    {{"POST",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        require_editor(s, req, res);
                        const std::string key = req.get_header_value("Idempotency-Key");
                        if (!req.has_header("Idempotency-Key")) {
                          const Unit unit = s.editor->create(draft_from_body(req));
                          res.set_header("Location", "/api/documents/" + unit.id);
                          send_json(res, 201, document_json(unit, *s.labels, ui_lang(req)));
                          return;
                        }
                        create_once(s, key, req, res);
                      }}},
                    false});
  routes.push_back({"/api/documents/{id}",
                    {{"GET",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        const std::string id = req.matches[1].str();
                        const auto unit = s.engine()->document(id);
                        if (!unit) throw not_found(id);
                        send_json(res, 200, document_json(*unit, *s.labels, ui_lang(req)));
                      }},
                     {"PUT",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        require_editor(s, req, res);
                        const std::string id = req.matches[1].str();
                        const auto unit = s.editor->update(id, draft_from_json(req));
                        if (!unit) throw not_found(id);
                        send_json(res, 200, document_json(*unit, *s.labels, ui_lang(req)));
                      }},
                     {"DELETE",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        require_editor(s, req, res);
                        const std::string id = req.matches[1].str();
                        if (!s.editor->remove(id)) throw not_found(id);
                        res.status = 204;
                      }}},
                    true});
  routes.push_back({"/api/documents/{id}/similar",
                    {{"GET",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        const std::string id = req.matches[1].str();
                        const int limit = int_param(req, "limit", 5, 1, kMaxSimilar);
                        const auto hits = s.engine()->similar(id, limit);
                        if (!hits) throw not_found(id);
                        res.status = 200;
                        res.set_content(similar_body(id, *hits), "application/json; charset=utf-8");
                      }}},
                    true});
  routes.push_back({"/api/tag",
                    {{"POST",
                      [&s](const httplib::Request& req, httplib::Response& res) {
                        require_editor(s, req, res);
                        const std::string lang = ui_lang(req);
                        const Unit unit = s.editor->preview(draft_from_json(req));
                        send_json(res, 200, suggested_tags_json(unit, *s.labels, lang));
                      }}},
                    false});
  return routes;
}

}  // namespace m4d::http
