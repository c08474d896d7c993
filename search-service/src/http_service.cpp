#include "m4d/search/http_service.h"

#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <strings.h>
#include <unicode/locid.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "m4d/errors.h"
#include "m4d/indexer/contrib.h"
#include "m4d/indexer/language.h"
#include "m4d/schema.h"
#include "m4d/search/editing.h"
#include "m4d/search/engine.h"
#include "m4d/text.h"
#include "response_cache.h"

namespace m4d::search {

namespace {

using nlohmann::json;

constexpr int kMaxPerPage = 100;
constexpr int kMaxPage = 1000;
constexpr std::size_t kMaxQueryChars = 1000;
constexpr int kMaxSimilar = 50;
constexpr int kExportBatch = 500;
constexpr std::size_t kMaxJsonBody = 4 * 1024 * 1024;  // a 200,000-character text, escaped, fits
constexpr std::size_t kMaxPdfBytes = 20 * 1024 * 1024;
// Any request body: above it cpp-httplib answers 413 before a handler runs (room for a PDF upload).
constexpr std::size_t kMaxRequestBody = 21 * 1024 * 1024;

using TokenDigest = std::array<unsigned char, 32>;

TokenDigest sha256(std::string_view data) {
  TokenDigest d{};
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), d.data(), &n, EVP_sha256(), nullptr) != 1 || n != d.size())
    throw RuntimeFailure("SHA-256 is unavailable");
  return d;
}

std::optional<TokenDigest> parse_hex_digest(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  TokenDigest d{};
  for (std::size_t i = 0; i < 32; ++i) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    d[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return d;
}

const std::vector<std::string> kUnitTypes = {"case_study", "text_box", "handbook_section", "project", "article"};
const std::vector<std::string> kUiLangs = {"en", "fr", "es", "ar"};

/// A request error: status, machine code, message and the parameter at fault.
struct ApiError {
  int status;
  std::string code;
  std::string message;
  std::string param;
};

json error_body(const ApiError& e) {
  json err = {{"code", e.code}, {"message", e.message}};
  if (!e.param.empty()) err["param"] = e.param;
  return json{{"error", err}};
}

// 422: every invalid field, keyed by field name.
json error_body(const InvalidDocument& e) {
  json fields = json::object();
  for (const auto& f : e.fields()) fields[f.field] = f.message;
  json err = {{"code", "invalid_document"}, {"message", e.what()}, {"fields", fields}};
  if (!e.fields().empty()) err["param"] = e.fields().front().field;
  return json{{"error", err}};
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

int int_param(const httplib::Request& req, const std::string& name, int fallback, int lo, int hi) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  try {
    std::size_t used = 0;
    const int n = std::stoi(v, &used);
    if (used == v.size() && n >= lo && n <= hi) return n;
  } catch (const std::exception&) {
    // Not a number: reported below.
  }
  throw ApiError{400, "invalid_parameter",
                 name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), name};
}

std::string one_of(const httplib::Request& req, const std::string& name, const std::vector<std::string>& allowed,
                   const std::string& fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw ApiError{400, "invalid_parameter", name + " must be one of " + list + "; got '" + v + "'", name};
  }
  return v;
}

std::string type_label(const std::string& type, const std::string& lang) {
  static const std::map<std::string, std::array<const char*, 4>> labels = {
      {"case_study",
       {"Case study", "\u00C9tude de cas", "Estudio de caso",
        "\u062F\u0631\u0627\u0633\u0629 \u062D\u0627\u0644\u0629"}},
      {"handbook_section",
       {"Handbook section", "Section du manuel", "Secci\u00F3n del manual",
        "\u0642\u0633\u0645 \u0645\u0646 \u0627\u0644\u062F\u0644\u064A\u0644"}},
      {"text_box",
       {"Project box", "Encadr\u00E9 de projet", "Recuadro de proyecto",
        "\u0625\u0637\u0627\u0631 \u0645\u0634\u0631\u0648\u0639"}},
      {"project",
       {"Project record", "Fiche projet", "Ficha de proyecto",
        "\u0628\u0637\u0627\u0642\u0629 \u0645\u0634\u0631\u0648\u0639"}},
      {"article", {"Article", "Article", "Art\u00EDculo", "\u0645\u0642\u0627\u0644"}}};
  auto it = labels.find(type);
  if (it == labels.end()) return type;
  const std::size_t i = lang == "fr" ? 1 : lang == "es" ? 2 : lang == "ar" ? 3 : 0;
  return it->second[i];
}

std::string language_label(const std::string& code, const std::string& ui_lang) {
  icu::UnicodeString name;
  icu::Locale(code.c_str()).getDisplayLanguage(icu::Locale(ui_lang.c_str()), name);
  std::string out;
  name.toUTF8String(out);
  return out.empty() ? code : out;
}

std::vector<std::string> tag_ids(const std::vector<Tag>& tags) {
  std::vector<std::string> ids;
  for (const auto& t : tags)
    if (std::find(ids.begin(), ids.end(), t.id) == ids.end()) ids.push_back(t.id);
  return ids;
}

std::vector<std::string> goal_ids(const std::vector<Tag>& targets) {
  std::vector<std::string> goals;
  for (const auto& t : targets) {
    std::string g = t.id.substr(0, t.id.find('.'));
    if (std::find(goals.begin(), goals.end(), g) == goals.end()) goals.push_back(g);
  }
  std::sort(goals.begin(), goals.end(),
            [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); });
  return goals;
}

// Route label for metrics: the pattern, not the concrete path.
std::string route_of(const std::string& path) {
  if (path.starts_with("/api/documents/"))
    return path.ends_with("/similar") ? "/api/documents/{id}/similar" : "/api/documents/{id}";
  for (const char* r : {"/api/search", "/api/export", "/api/suggest", "/api/taxonomy", "/healthz", "/metrics"})
    if (path == r) return r;
  return path.starts_with("/api/") ? "/api/other" : "/static";
}

/// Request counts and latency histograms by route and status, for /metrics.
class Metrics {
 public:
  void observe(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
    auto& h = latency_[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      if (seconds <= kBuckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
  }
  std::string render(const IndexStats& index) const {
    std::lock_guard lock(mutex_);
    std::string out;
    out +=
        "# HELP m4d_http_requests_total HTTP requests by route and status.\n# TYPE m4d_http_requests_total counter\n";
    for (const auto& [key, n] : requests_)
      out += "m4d_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"} " +
             std::to_string(n) + "\n";
    out +=
        "# HELP m4d_http_request_duration_seconds Request latency by route.\n"
        "# TYPE m4d_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        char le[32];
        std::snprintf(le, sizeof le, "%g", kBuckets[i]);
        out += "m4d_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + le + "\"} " +
               std::to_string(h.buckets[i]) + "\n";
      }
      out += "m4d_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
             std::to_string(h.count) + "\n";
      out += "m4d_http_request_duration_seconds_sum{route=\"" + route + "\"} " + std::to_string(h.sum) + "\n";
      out += "m4d_http_request_duration_seconds_count{route=\"" + route + "\"} " + std::to_string(h.count) + "\n";
    }
    out += "# HELP m4d_index_documents Units in the index.\n# TYPE m4d_index_documents gauge\nm4d_index_documents " +
           std::to_string(index.documents) + "\n";
    out +=
        "# HELP m4d_index_size_bytes Size of the index on disk.\n# TYPE m4d_index_size_bytes "
        "gauge\nm4d_index_size_bytes " +
        std::to_string(index.bytes) + "\n";
    out += "# HELP m4d_index_revision Revision of the index.\n# TYPE m4d_index_revision gauge\nm4d_index_revision " +
           std::to_string(index.revision) + "\n";
    return out;
  }

 private:
  static constexpr std::array<double, 11> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

// Start time of the request the current worker thread is serving (for the access log).
thread_local std::chrono::steady_clock::time_point request_start;

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

struct HttpService::Impl {
  ServiceConfig config;
  std::function<void(const std::string&)> log;
  httplib::Server server;
  std::optional<Taxonomy> taxonomy;    // loaded once from the index at bind()
  std::unique_ptr<Expander> expander;  // glossary from the index + WordNet, shared by all threads
  Metrics metrics;
  WriteGate write_gate;            // the editor's writer against the engines' reads
  std::unique_ptr<Editor> editor;  // null when the index cannot be written (editing answers 503)
  std::string editor_unavailable;  // why editor is null
  std::vector<TokenDigest> token_digests;
  std::unique_ptr<ResponseCache> cache;  // read responses of the current index version

  // Each worker thread owns its engine (Xapian databases are per thread).
  Engine& engine() {
    thread_local std::unique_ptr<Engine> e;
    thread_local const Impl* owner = nullptr;
    if (!e || owner != this) {
      e = std::make_unique<Engine>(config.index, expander.get(), &write_gate);
      owner = this;
    }
    return *e;
  }

  // Runs a route; every error becomes JSON here and only here.
  void handle(const httplib::Request& req, httplib::Response& res,
              const std::function<void(const httplib::Request&, httplib::Response&)>& route) {
    try {
      for (const auto& [k, v] : req.params)
        if (!is_valid_utf8(k) || !is_valid_utf8(v))
          throw ApiError{400, "invalid_parameter", "parameter is not valid UTF-8", is_valid_utf8(k) ? k : ""};
      if (req.method == "GET" && cacheable(req.path)) {
        // Responses of read routes are a function of the URL and the index version.
        // Length-prefixed, so that q="a&x=1" and q=a&x=1 can never share a key.
        std::string key = req.path;
        for (const auto& [k, v] : req.params)
          key += '\n' + std::to_string(k.size()) + ':' + k + std::to_string(v.size()) + ':' + v;
        const std::string version = engine().index_version();
        if (auto hit = cache->get(key, version)) {
          res.status = hit->status;
          res.set_content(std::move(hit->body), hit->content_type);
          return;
        }
        route(req, res);
        if (res.status == 200) cache->put(key, version, {res.status, res.get_header_value("Content-Type"), res.body});
        return;
      }
      route(req, res);
    } catch (const ApiError& e) {
      send_json(res, e.status, error_body(e));
    } catch (const InvalidDocument& e) {
      send_json(res, 422, error_body(e));
    } catch (const InvalidInput& e) {
      send_json(res, 400, error_body({400, "invalid_input", e.what(), ""}));
    } catch (const std::exception& e) {
      log(std::string("error: ") + req.method + " " + req.path + ": " + e.what());
      send_json(res, 503, error_body({503, "unavailable", "the index is unavailable, try again", ""}));
    } catch (...) {
      log(std::string("error: ") + req.method + " " + req.path + ": unexpected exception");
      send_json(res, 500, error_body({500, "internal", "internal error", ""}));
    }
  }

  // Read routes whose answer depends only on the URL and the index version.
  static bool cacheable(const std::string& path) {
    return path == "/api/search" || path == "/api/suggest" || path == "/api/taxonomy" ||
           path.starts_with("/api/documents/");
  }

  std::string ui_lang(const httplib::Request& req) const { return one_of(req, "ui_lang", kUiLangs, "en"); }

  // Validated filters from the query string (API parameter -> facet name).
  Filters filters(const httplib::Request& req) const {
    Filters f;
    auto each = [&](const std::string& param, const std::string& facet,
                    const std::function<std::optional<std::string>(std::string)>& check) {
      for (std::size_t i = 0; i < req.get_param_value_count(param); ++i) {
        const std::string raw = req.get_param_value(param, i);
        auto value = check(raw);
        if (!value) throw ApiError{400, "invalid_parameter", "unknown " + param + " '" + raw + "'", param};
        auto& list = f[facet];
        if (std::find(list.begin(), list.end(), *value) == list.end()) list.push_back(*value);
      }
    };
    each("theme", "theme", [&](std::string v) -> std::optional<std::string> {
      if (taxonomy->theme(v)) return v;
      return std::nullopt;
    });
    each("country", "country", [&](std::string v) -> std::optional<std::string> {
      std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::toupper(c); });
      if (taxonomy->country(v)) return v;
      return std::nullopt;
    });
    each("region", "region", [&](std::string v) -> std::optional<std::string> {
      if (taxonomy->region(v)) return v;
      return std::nullopt;
    });
    each("goal", "sdg_goal", [&](std::string v) -> std::optional<std::string> {
      if (taxonomy->goal(v)) return v;
      return std::nullopt;
    });
    each("sdg", "sdg_target",
         [&](std::string v) -> std::optional<std::string> { return taxonomy->canonical_target(v); });
    each("type", "type", [&](std::string v) -> std::optional<std::string> {
      if (std::find(kUnitTypes.begin(), kUnitTypes.end(), v) != kUnitTypes.end()) return v;
      return std::nullopt;
    });
    each("lang", "lang", [&](std::string v) -> std::optional<std::string> {
      if (indexer::is_document_language(v)) return v;  // editors may add pt, ru, zh documents
      return std::nullopt;
    });
    return f;
  }

  SearchRequest search_request(const httplib::Request& req) const {
    SearchRequest r;
    r.q = req.get_param_value("q");
    if (code_points(r.q) > kMaxQueryChars)
      throw ApiError{400, "invalid_parameter", "q is longer than 1000 characters", "q"};
    r.filters = filters(req);
    r.page = int_param(req, "page", 1, 1, kMaxPage);
    r.per_page = int_param(req, "per_page", 10, 1, kMaxPerPage);
    r.sort = one_of(req, "sort", {"relevance", "title", "date"}, "relevance");
    return r;
  }

  // Labels of every facet value in every UI language, computed once at bind().
  std::map<std::string, std::string> label_cache;  // lang \x1F facet \x1F value -> label

  void build_label_cache() {
    for (const auto& lang : kUiLangs) {
      auto add = [&](const std::string& facet, const std::string& value) {
        label_cache[lang + '\x1F' + facet + '\x1F' + value] = compute_label(facet, value, lang);
      };
      for (const auto& t : taxonomy->themes()) add("theme", t.id);
      for (const auto& c : taxonomy->countries()) add("country", c.code);
      for (const auto& r : taxonomy->regions()) add("region", r.code);
      for (const auto& g : taxonomy->goals()) add("sdg_goal", g.id);
      for (const auto& t : taxonomy->targets()) add("sdg_target", t.id);
      for (const auto& t : kUnitTypes) add("type", t);
      for (const auto& l : indexer::document_languages()) add("lang", l);
    }
  }

  std::string facet_label(const std::string& facet, const std::string& value, const std::string& lang) const {
    auto it = label_cache.find(lang + '\x1F' + facet + '\x1F' + value);
    return it != label_cache.end() ? it->second : compute_label(facet, value, lang);
  }

  std::string compute_label(const std::string& facet, const std::string& value, const std::string& lang) const {
    if (facet == "theme") {
      if (const Theme* t = taxonomy->theme(value)) return t->label.get(lang);
    } else if (facet == "country") {
      if (const Country* c = taxonomy->country(value)) return c->name.get(lang);
    } else if (facet == "region") {
      if (const Region* r = taxonomy->region(value)) return r->name.get(lang);
    } else if (facet == "sdg_goal") {
      if (const SdgGoal* g = taxonomy->goal(value)) return value + ". " + g->short_title.get(lang);
    } else if (facet == "sdg_target") {
      if (const SdgTarget* t = taxonomy->target(value)) return value + " " + t->title.get(lang);
    } else if (facet == "type") {
      return type_label(value, lang);
    } else if (facet == "lang") {
      return language_label(value, lang);
    }
    return value;
  }

  json tags_json(const std::vector<Tag>& tags, const std::string& facet, const std::string& lang) const {
    json arr = json::array();
    for (const auto& t : tags) {
      json o = {{"id", t.id},
                {"label", facet_label(facet, t.id, lang)},
                {"provenance", t.provenance},
                {"score", t.score},
                {"evidence", t.evidence}};
      if (!t.role.empty()) o["role"] = t.role;
      arr.push_back(std::move(o));
    }
    return arr;
  }

  static json hit_json(const Hit& h) {
    const Unit& u = *h.unit;
    return json{{"id", u.id},
                {"title", u.title},
                {"type", u.type},
                {"lang", u.lang},
                {"source", {{"publication", u.source.publication}, {"section", u.source.section_path}}},
                {"snippet", h.snippet},
                {"score", h.score},
                {"themes", tag_ids(u.themes)},
                {"countries", tag_ids(u.countries)},
                {"regions", u.regions},
                {"sdg_goals", goal_ids(u.sdg_targets)},
                {"sdg_targets", tag_ids(u.sdg_targets)}};
  }

  json document_json(const Unit& u, const std::string& lang) const {
    json sections = json::array();
    for (const auto& s : u.sections) sections.push_back({{"heading", s.heading}, {"text", s.text}});
    json source = {{"publication", u.source.publication},
                   {"publisher", u.source.publisher},
                   {"year", u.source.year},
                   {"section_path", u.source.section_path}};
    if (!u.project_id.empty()) source["project_id"] = u.project_id;
    json regions = json::array();
    for (const auto& r : u.regions) regions.push_back({{"id", r}, {"label", facet_label("region", r, lang)}});
    json goals = json::array();
    for (const auto& g : goal_ids(u.sdg_targets))
      goals.push_back({{"id", g}, {"label", facet_label("sdg_goal", g, lang)}});
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
                {"themes", tags_json(u.themes, "theme", lang)},
                {"countries", tags_json(u.countries, "country", lang)},
                {"regions", std::move(regions)},
                {"sdg_goals", std::move(goals)},
                {"sdg_targets", tags_json(u.sdg_targets, "sdg_target", lang)}};
  }

  void search(const httplib::Request& req, httplib::Response& res) {
    const auto t0 = std::chrono::steady_clock::now();
    const SearchRequest r = search_request(req);
    const std::string lang = ui_lang(req);
    const SearchResult result = engine().search(r);
    json hits = json::array();
    for (const auto& h : result.hits) hits.push_back(hit_json(h));
    json facets = json::object();
    for (const auto& name : facet_names()) {
      json arr = json::array();
      if (auto it = result.facets.find(name); it != result.facets.end())
        for (const auto& v : it->second)
          arr.push_back({{"value", v.value}, {"label", facet_label(name, v.value, lang)}, {"count", v.count}});
      facets[name] = std::move(arr);
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    send_json(res, 200,
              json{{"query", r.q},
                   {"total", result.total},
                   {"page", r.page},
                   {"per_page", r.per_page},
                   {"took_ms", std::round(ms * 100) / 100},
                   {"corrected_query", result.corrected_query ? json(*result.corrected_query) : json(nullptr)},
                   {"query_languages", result.query_languages},
                   {"expansions", result.expansions},
                   {"hits", std::move(hits)},
                   {"facets", std::move(facets)}});
  }

  void export_results(const httplib::Request& req, httplib::Response& res) {
    SearchRequest r = search_request(req);
    const std::string format = one_of(req, "format", {"csv", "json"}, "csv");
    r.facets = false;
    r.snippets = false;
    r.correct_spelling = false;
    r.per_page = kExportBatch;
    std::vector<std::shared_ptr<const Unit>> units;
    for (r.page = 1;; ++r.page) {
      SearchResult batch = engine().search(r);
      for (auto& h : batch.hits) units.push_back(h.unit);
      if (batch.hits.size() < static_cast<std::size_t>(kExportBatch)) break;
    }
    if (format == "json") {
      json arr = json::array();
      for (const auto& up : units) {
        const Unit& u = *up;
        arr.push_back({{"id", u.id},
                       {"title", u.title},
                       {"type", u.type},
                       {"lang", u.lang},
                       {"countries", tag_ids(u.countries)},
                       {"themes", tag_ids(u.themes)},
                       {"sdg_targets", tag_ids(u.sdg_targets)},
                       {"source", u.source.publication},
                       {"link", "/api/documents/" + u.id}});
      }
      send_json(res, 200, arr);
      res.set_header("Content-Disposition", "attachment; filename=\"m4d-export.json\"");
      return;
    }
    std::string csv = "id,title,type,lang,countries,themes,sdg_targets,source,link\r\n";
    for (const auto& up : units) {
      const Unit& u = *up;
      csv += csv_field(u.id) + "," + csv_field(u.title) + "," + csv_field(u.type) + "," + csv_field(u.lang) + "," +
             csv_field(joined(tag_ids(u.countries), ";")) + "," + csv_field(joined(tag_ids(u.themes), ";")) + "," +
             csv_field(joined(tag_ids(u.sdg_targets), ";")) + "," + csv_field(u.source.publication) + "," +
             csv_field("/api/documents/" + u.id) + "\r\n";
    }
    res.status = 200;
    res.set_content(csv, "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"m4d-export.csv\"");
  }

  void taxonomy_json(const httplib::Request& req, httplib::Response& res) {
    const std::string lang = ui_lang(req);
    Engine& e = engine();
    json themes = json::array();
    for (const auto& t : taxonomy->themes())
      themes.push_back({{"id", t.id},
                        {"label", t.label.get(lang)},
                        {"description", t.description.get(lang)},
                        {"count", e.count(schema::kPrefixTheme, t.id)}});
    json goals = json::array();
    for (const auto& g : taxonomy->goals()) {
      json targets = json::array();
      for (const auto& t : taxonomy->targets())
        if (t.goal == g.id)
          targets.push_back(
              {{"id", t.id}, {"label", t.title.get(lang)}, {"count", e.count(schema::kPrefixTarget, t.id)}});
      goals.push_back({{"id", g.id},
                       {"label", g.short_title.get(lang)},
                       {"title", g.title.get(lang)},
                       {"colour", g.colour},
                       {"count", e.count(schema::kPrefixGoal, g.id)},
                       {"targets", targets}});
    }
    json countries = json::array();
    for (const auto& c : taxonomy->countries())
      countries.push_back({{"id", c.code},
                           {"label", c.name.get(lang)},
                           {"regions", c.regions},
                           {"count", e.count(schema::kPrefixCountry, c.code)}});
    json regions = json::array();
    for (const auto& r : taxonomy->regions())
      regions.push_back(
          {{"id", r.code}, {"label", r.name.get(lang)}, {"count", e.count(schema::kPrefixRegion, r.code)}});
    json types = json::array();
    for (const auto& t : kUnitTypes)
      types.push_back({{"id", t}, {"label", type_label(t, lang)}, {"count", e.count(schema::kPrefixType, t)}});
    send_json(res, 200,
              json{{"ui_lang", lang},
                   {"themes", themes},
                   {"goals", goals},
                   {"countries", countries},
                   {"regions", regions},
                   {"types", types}});
  }

  void suggest(const httplib::Request& req, httplib::Response& res) {
    const std::string q = req.get_param_value("q");
    if (code_points(q) > kMaxQueryChars)
      throw ApiError{400, "invalid_parameter", "q is longer than 1000 characters", "q"};
    const std::string lang = ui_lang(req);
    const int limit = int_param(req, "limit", 8, 1, 20);
    std::vector<std::string> out;
    std::set<std::string> keys;  // search keys of `out`: "Sénégal" and "sénégal" are one suggestion
    auto add = [&](std::string s) {
      if (static_cast<int>(out.size()) < limit && keys.insert(search_key(s)).second) out.push_back(std::move(s));
    };
    // Taxonomy labels first (a theme, a country, an SDG goal), glossary terms, then index words.
    const std::string key = search_key(collapse_spaces(q));
    if (key.size() >= 2) {
      auto consider = [&](const std::string& label) {
        if (search_key(label).starts_with(key)) add(label);
      };
      for (const auto& t : taxonomy->themes()) consider(t.label.get(lang));
      for (const auto& g : taxonomy->goals()) consider(g.short_title.get(lang));
      std::vector<const Country*> countries;
      std::vector<const Region*> regions;
      for (const auto& c : taxonomy->countries())
        if (engine().count(schema::kPrefixCountry, c.code) > 0) countries.push_back(&c);
      for (const auto& r : taxonomy->regions())
        if (engine().count(schema::kPrefixRegion, r.code) > 0) regions.push_back(&r);
      for (const Country* c : countries) consider(c->name.get(lang));
      for (const Region* r : regions) consider(r->name.get(lang));
      // Then the common names of regions ("West Africa", "Afrique de l'Ouest")
      // and the names in the other languages people type ("Sénégal" in an English UI).
      for (const Region* r : regions)
        for (const auto& [alias_lang, alias] : r->aliases) consider(alias);
      for (const char* other : {"en", "fr", "es", "ar"}) {
        if (other == lang) continue;
        for (const Country* c : countries) consider(c->name.get(other));
        for (const Region* r : regions) consider(r->name.get(other));
      }
    }
    // Then the field glossary's terms in every language (ui_lang first):
    // "educación fin" -> "educación financiera", "تحو" -> "تحويلات".
    for (auto& term : expander->complete(Expander::phrase_key(q), lang, static_cast<std::size_t>(limit)))
      add(std::move(term));
    for (auto& s : engine().complete(q, limit)) add(std::move(s));
    send_json(res, 200, json{{"suggestions", out}});
  }

  // --- Editing ---

  // Loads the token digests: the file (one hex digest per line, '#' comments) and M4D_EDITOR_TOKEN.
  void load_tokens() {
    if (!config.editor_tokens.empty()) {
      std::ifstream in(config.editor_tokens);
      if (!in) throw RuntimeFailure(config.editor_tokens.string() + ": cannot read the editor token file");
      std::string line;
      int n = 0;
      while (std::getline(in, line)) {
        ++n;
        const std::string t = collapse_spaces(line);
        if (t.empty() || t.starts_with("#")) continue;
        auto d = parse_hex_digest(t);
        if (!d)
          throw InvalidInput(config.editor_tokens.string() + ":" + std::to_string(n) +
                             ": expected a SHA-256 digest (64 hex digits), e.g. from `printf %s TOKEN | sha256sum`");
        token_digests.push_back(*d);
      }
    }
    if (const char* env = std::getenv("M4D_EDITOR_TOKEN"); env && *env) token_digests.push_back(sha256(env));
  }

  // Throws 401 unless the request carries a configured editor token. Every
  // digest is compared in constant time; the token never reaches a log.
  void require_editor(const httplib::Request& req, httplib::Response& res) const {
    const std::string header = req.get_header_value("Authorization");
    bool ok = false;
    if (header.size() > 7 && strncasecmp(header.c_str(), "Bearer ", 7) == 0) {
      const TokenDigest presented = sha256(collapse_spaces(std::string_view(header).substr(7)));
      for (const auto& d : token_digests) ok |= CRYPTO_memcmp(d.data(), presented.data(), d.size()) == 0;
    }
    if (!ok) {
      res.set_header("WWW-Authenticate", "Bearer realm=\"m4d-search editors\"");
      throw ApiError{401, "unauthorized",
                     token_digests.empty() ? "editing is disabled: the service has no editor tokens configured"
                                           : "a valid editor token is required (Authorization: Bearer <token>)",
                     ""};
    }
    if (!editor) throw ApiError{503, "unavailable", "editing is unavailable: " + editor_unavailable, ""};
  }

  static bool has_content_type(const httplib::Request& req, std::string_view type) {
    const std::string ct = req.get_header_value("Content-Type");
    return ct.size() >= type.size() && strncasecmp(ct.c_str(), type.data(), type.size()) == 0 &&
           (ct.size() == type.size() || ct[type.size()] == ';' || ct[type.size()] == ' ');
  }

  // The draft of a JSON body; type errors are field errors (422).
  static DocumentDraft draft_from_json(const httplib::Request& req) {
    if (!has_content_type(req, "application/json"))
      throw ApiError{415, "unsupported_media_type", "send the document as application/json", ""};
    if (req.body.size() > kMaxJsonBody)
      throw ApiError{413, "payload_too_large", "the JSON body is larger than 4 MiB", ""};
    json j;
    try {
      j = json::parse(req.body);
    } catch (const json::parse_error& e) {
      throw ApiError{400, "invalid_json", std::string("malformed JSON: ") + e.what(), ""};
    }
    if (!j.is_object()) throw InvalidDocument("body", "must be a JSON object");
    std::vector<FieldError> errors;
    DocumentDraft d;
    auto str = [&](const json& o, const std::string& name, const std::string& field) -> std::optional<std::string> {
      if (!o.contains(name) || o[name].is_null()) return std::nullopt;
      if (o[name].is_string()) return o[name].get<std::string>();
      if (field == "source.year" && o[name].is_number_integer()) return std::to_string(o[name].get<long long>());
      errors.push_back({field, "must be a string"});
      return std::nullopt;
    };
    auto list = [&](const std::string& name) -> std::optional<std::vector<std::string>> {
      if (!j.contains(name) || j[name].is_null()) return std::nullopt;
      std::vector<std::string> out;
      if (j[name].is_string()) return std::vector<std::string>{j[name].get<std::string>()};
      if (!j[name].is_array()) {
        errors.push_back({name, "must be an array of strings"});
        return std::nullopt;
      }
      for (const auto& v : j[name]) {
        if (!v.is_string()) {
          errors.push_back({name, "must be an array of strings"});
          return std::nullopt;
        }
        out.push_back(v.get<std::string>());
      }
      return out;
    };
    d.title = str(j, "title", "title");
    d.text = str(j, "text", "text");
    d.lang = str(j, "lang", "lang");
    d.type = str(j, "type", "type");
    d.countries = list("countries");
    d.themes = list("themes");
    d.sdg_targets = list("sdg_targets");
    if (j.contains("source") && !j["source"].is_null()) {
      const json& src = j["source"];
      if (!src.is_object()) {
        errors.push_back({"source", "must be an object"});
      } else {
        SourceRef r;
        r.publication = str(src, "publication", "source.publication").value_or("");
        r.publisher = str(src, "publisher", "source.publisher").value_or("");
        r.year = str(src, "year", "source.year").value_or("");
        r.section_path = str(src, "section_path", "source.section_path").value_or("");
        if (r.section_path.empty()) r.section_path = str(src, "url", "source.url").value_or("");
        d.source = r;
      }
    }
    if (!errors.empty()) throw InvalidDocument(std::move(errors));
    return d;
  }

  // The draft of a multipart/form-data upload: a PDF in `file`, other fields as form fields.
  static DocumentDraft draft_from_form(const httplib::Request& req) {
    auto field = [&](const std::string& name) -> std::optional<std::string> {
      if (!req.has_file(name)) return std::nullopt;
      return req.get_file_value(name).content;
    };
    auto fields = [&](const std::string& name) -> std::optional<std::vector<std::string>> {
      if (!req.has_file(name)) return std::nullopt;
      std::vector<std::string> out;
      const auto [begin, end] = req.files.equal_range(name);
      for (auto part = begin; part != end; ++part) {
        std::string_view rest = part->second.content;
        while (!rest.empty()) {
          const auto comma = rest.find(',');
          const std::string v = collapse_spaces(rest.substr(0, comma));
          if (!v.empty()) out.push_back(v);
          rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
      }
      return out;
    };
    if (!req.has_file("file")) throw InvalidDocument("file", "a PDF file is required (form field 'file')");
    const auto& file = req.get_file_value("file");
    if (file.content.size() > kMaxPdfBytes)
      throw ApiError{413, "payload_too_large", "the PDF is larger than 20 MB", ""};
    DocumentDraft d;
    try {
      d.text = indexer::extract_pdf_text(file.content);
    } catch (const InvalidInput& e) {
      throw InvalidDocument("file", e.what());
    }
    d.text_is_extracted = true;
    for (const char* name : {"title", "lang", "type"})
      if (auto v = field(name); v && !is_valid_utf8(*v)) throw InvalidDocument(name, "is not valid UTF-8");
    d.title = field("title");
    if (!d.title || collapse_spaces(*d.title).empty()) {
      // No title given: the first line of the PDF's text, else the file name.
      std::string first;
      for (std::string_view line : split_lines(*d.text))
        if (!(first = collapse_spaces(line)).empty()) break;
      if (first.size() < 3 || first.size() > 200) first = std::filesystem::path(file.filename).stem().string();
      d.title = first;
    }
    d.lang = field("lang");
    d.type = field("type");
    d.countries = fields("countries");
    d.themes = fields("themes");
    d.sdg_targets = fields("sdg_targets");
    if (auto pub = field("publication"))
      d.source = SourceRef{"", *pub, field("publisher").value_or(""), field("year").value_or(""), ""};
    return d;
  }

  void create_document(const httplib::Request& req, httplib::Response& res) {
    require_editor(req, res);
    DocumentDraft draft;
    if (has_content_type(req, "multipart/form-data"))
      draft = draft_from_form(req);
    else
      draft = draft_from_json(req);
    const Unit unit = editor->create(draft);
    res.set_header("Location", "/api/documents/" + unit.id);
    send_json(res, 201, document_json(unit, ui_lang(req)));
  }

  void update_document(const httplib::Request& req, httplib::Response& res) {
    require_editor(req, res);
    const std::string id = req.matches[1].str();
    const auto unit = editor->update(id, draft_from_json(req));
    if (!unit) throw ApiError{404, "not_found", "no document with id '" + id + "'", ""};
    send_json(res, 200, document_json(*unit, ui_lang(req)));
  }

  void delete_document(const httplib::Request& req, httplib::Response& res) {
    require_editor(req, res);
    const std::string id = req.matches[1].str();
    if (!editor->remove(id)) throw ApiError{404, "not_found", "no document with id '" + id + "'", ""};
    res.status = 204;
  }

  void suggest_tags(const httplib::Request& req, httplib::Response& res) {
    require_editor(req, res);
    const std::string lang = ui_lang(req);
    const Unit unit = editor->preview(draft_from_json(req));
    json regions = json::array();
    for (const auto& r : unit.regions) regions.push_back({{"id", r}, {"label", facet_label("region", r, lang)}});
    send_json(res, 200,
              json{{"lang", unit.lang},
                   {"themes", tags_json(unit.themes, "theme", lang)},
                   {"countries", tags_json(unit.countries, "country", lang)},
                   {"regions", regions},
                   {"sdg_targets", tags_json(unit.sdg_targets, "sdg_target", lang)}});
  }
};

HttpService::HttpService(ServiceConfig config, std::function<void(const std::string&)> log)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->cache = std::make_unique<ResponseCache>(static_cast<std::size_t>(impl_->config.cache_mb) << 20);
  impl_->log = std::move(log);
  auto& s = impl_->server;
  Impl* self = impl_.get();
  s.new_task_queue = [threads = impl_->config.threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a
  // second m4d-serve on the same port starts silently and shares the traffic.
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(100000);
  s.set_payload_max_length(kMaxRequestBody);
  s.set_read_timeout(10, 0);
  s.set_write_timeout(10, 0);
  s.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                         {"Referrer-Policy", "no-referrer"},
                         {"X-Frame-Options", "DENY"},
                         {"Content-Security-Policy",
                          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"}});

  auto route = [self](auto&& fn) {
    return [self, fn](const httplib::Request& req, httplib::Response& res) { self->handle(req, res, fn); };
  };
  s.Get("/healthz", route([self](const httplib::Request&, httplib::Response& r) {
          const IndexStats st = self->engine().stats();
          send_json(r, 200, json{{"status", "ok"}, {"documents", st.documents}, {"index_revision", st.revision}});
        }));
  s.Get("/metrics", route([self](const httplib::Request&, httplib::Response& r) {
          std::string text = self->metrics.render(self->engine().stats());
          text +=
              "# HELP m4d_response_cache_lookups_total Read requests looked up in the response cache.\n"
              "# TYPE m4d_response_cache_lookups_total counter\n"
              "m4d_response_cache_lookups_total{result=\"hit\"} " +
              std::to_string(self->cache->hits()) + "\nm4d_response_cache_lookups_total{result=\"miss\"} " +
              std::to_string(self->cache->misses()) + "\n";
          r.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
        }));
  s.Get("/api/search", route([self](const httplib::Request& q, httplib::Response& r) { self->search(q, r); }));
  s.Get("/api/export", route([self](const httplib::Request& q, httplib::Response& r) { self->export_results(q, r); }));
  s.Get("/api/taxonomy", route([self](const httplib::Request& q, httplib::Response& r) { self->taxonomy_json(q, r); }));
  s.Get("/api/suggest", route([self](const httplib::Request& q, httplib::Response& r) { self->suggest(q, r); }));
  s.Get(R"(/api/documents/([^/]+)/similar)", route([self](const httplib::Request& q, httplib::Response& r) {
          const int limit = int_param(q, "limit", 5, 1, kMaxSimilar);
          auto hits = self->engine().similar(q.matches[1].str(), limit);
          if (!hits) throw ApiError{404, "not_found", "no document with id '" + q.matches[1].str() + "'", ""};
          json arr = json::array();
          for (const auto& h : *hits) arr.push_back(Impl::hit_json(h));
          send_json(r, 200, json{{"id", q.matches[1].str()}, {"hits", arr}});
        }));
  s.Get(R"(/api/documents/([^/]+))", route([self](const httplib::Request& q, httplib::Response& r) {
          auto unit = self->engine().document(q.matches[1].str());
          if (!unit) throw ApiError{404, "not_found", "no document with id '" + q.matches[1].str() + "'", ""};
          send_json(r, 200, self->document_json(*unit, self->ui_lang(q)));
        }));
  // Editing (editors only).
  s.Post("/api/documents",
         route([self](const httplib::Request& q, httplib::Response& r) { self->create_document(q, r); }));
  s.Put(R"(/api/documents/([^/]+))",
        route([self](const httplib::Request& q, httplib::Response& r) { self->update_document(q, r); }));
  s.Delete(R"(/api/documents/([^/]+))",
           route([self](const httplib::Request& q, httplib::Response& r) { self->delete_document(q, r); }));
  s.Post("/api/tag", route([self](const httplib::Request& q, httplib::Response& r) { self->suggest_tags(q, r); }));

  // Known paths: OPTIONS lists their methods (204); a method they do not
  // support gets a 405 with the same list.
  auto not_allowed = [](const char* allow) {
    return [allow](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", allow);
      send_json(res, 405, error_body({405, "method_not_allowed", req.method + " is not allowed on " + req.path, ""}));
    };
  };
  auto options = [](const char* allow) {
    return [allow](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", allow);
      res.status = 204;
    };
  };
  for (const char* p : {"/healthz", "/metrics", "/api/search", "/api/export", "/api/taxonomy", "/api/suggest",
                        R"(/api/documents/([^/]+)/similar)"}) {
    s.Post(p, not_allowed("GET, HEAD, OPTIONS"));
    s.Put(p, not_allowed("GET, HEAD, OPTIONS"));
    s.Delete(p, not_allowed("GET, HEAD, OPTIONS"));
    s.Patch(p, not_allowed("GET, HEAD, OPTIONS"));
    s.Options(p, options("GET, HEAD, OPTIONS"));
  }
  s.Post(R"(/api/documents/([^/]+))", not_allowed("GET, HEAD, PUT, DELETE, OPTIONS"));
  s.Patch(R"(/api/documents/([^/]+))", not_allowed("GET, HEAD, PUT, DELETE, OPTIONS"));
  s.Options(R"(/api/documents/([^/]+))", options("GET, HEAD, PUT, DELETE, OPTIONS"));
  for (const char* p : {"/api/documents", "/api/tag"}) {
    s.Get(p, not_allowed("POST, OPTIONS"));
    s.Put(p, not_allowed("POST, OPTIONS"));
    s.Delete(p, not_allowed("POST, OPTIONS"));
    s.Patch(p, not_allowed("POST, OPTIONS"));
    s.Options(p, options("POST, OPTIONS"));
  }
  if (std::filesystem::is_directory(impl_->config.web)) s.set_mount_point("/", impl_->config.web.string());
  s.set_file_extension_and_mimetype_mapping("js", "text/javascript; charset=utf-8");
  s.set_file_extension_and_mimetype_mapping("html", "text/html; charset=utf-8");
  s.set_file_extension_and_mimetype_mapping("css", "text/css; charset=utf-8");

  // Anything that did not reach a route (unknown path, bad request line,
  // limits enforced by cpp-httplib) gets a JSON error naming what went wrong.
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty() && res.get_header_value("Content-Type").starts_with("application/json")) return;
    static const std::set<std::string> kServedMethods = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
    ApiError e{res.status, "http_error", "request failed with status " + std::to_string(res.status), ""};
    switch (res.status) {
      case 404:
        e = {404, "not_found", "no route for " + req.path, ""};
        break;
      case 400:
        // Our handlers answer 400 in JSON themselves: this one is cpp-httplib's.
        if (!req.method.empty() && !kServedMethods.count(req.method))
          e = {405, "method_not_allowed", req.method + " is not supported", ""};
        else
          e = {400, "bad_request", "malformed HTTP request line or header", ""};
        break;
      case 413:
        e = {413, "payload_too_large",
             "the request body is larger than " + std::to_string(kMaxRequestBody / (1024 * 1024)) + " MiB", ""};
        break;
      case 414:
        e = {414, "uri_too_long",
             "the URL is longer than " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) + " bytes", ""};
        break;
      default:
        break;
    }
    send_json(res, e.status, error_body(e));
  });
  s.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_start = std::chrono::steady_clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_logger([self](const httplib::Request& req, const httplib::Response& res) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - request_start).count();
    self->log(req.method + " " + req.path + " " + std::to_string(res.status) + " " + std::to_string(res.body.size()) +
              " " + std::to_string(static_cast<long long>(seconds * 1e6)) + "us");
    self->metrics.observe(route_of(req.path), res.status, seconds);
  });
}

HttpService::~HttpService() = default;

int HttpService::bind() {
  // Open the index once up front so a missing index fails at start, not per request.
  impl_->taxonomy = load_index_taxonomy(impl_->config.index);
  impl_->build_label_cache();
  impl_->expander = std::make_unique<Expander>(
      load_index_metadata(impl_->config.index, std::string(schema::kMetaTaxonomyPrefix) + "glossary.tsv"),
      impl_->config.wordnet);
  impl_->expander->add_taxonomy_labels(*impl_->taxonomy);
  Engine probe(impl_->config.index, impl_->expander.get());

  // Editing: tokens, the corpus the index came from, and recovery of any
  // contribution written to disk but not yet in the index (a crash).
  impl_->load_tokens();
  if (impl_->config.corpus.empty()) {
    const std::string built_from = load_index_metadata(impl_->config.index, std::string(schema::kMetaCorpus));
    impl_->config.corpus = built_from.empty() ? std::filesystem::path("corpus") : std::filesystem::path(built_from);
  }
  try {
    impl_->editor = std::make_unique<Editor>(impl_->config.index, impl_->config.corpus, impl_->write_gate, impl_->log);
    if (const std::size_t n = impl_->editor->recover())
      impl_->log("editing: applied " + std::to_string(n) + " contributions the index lacked");
  } catch (const InvalidInput& e) {
    throw RuntimeFailure(std::string("editor contributions: ") + e.what());
  } catch (const RuntimeFailure& e) {
    impl_->editor.reset();
    impl_->editor_unavailable = e.what();
    impl_->log(std::string("editing disabled: ") + e.what());
  }
  errno = 0;
  const int port = impl_->config.port == 0
                       ? impl_->server.bind_to_any_port(impl_->config.host)
                       : (impl_->server.bind_to_port(impl_->config.host, impl_->config.port) ? impl_->config.port : -1);
  if (port < 0) {
    const int error = errno;
    throw RuntimeFailure("cannot listen on " + impl_->config.host + ":" + std::to_string(impl_->config.port) +
                         (error ? std::string(": ") + std::strerror(error) : std::string()));
  }
  return port;
}

void HttpService::listen() { impl_->server.listen_after_bind(); }

void HttpService::stop() { impl_->server.stop(); }

}  // namespace m4d::search
