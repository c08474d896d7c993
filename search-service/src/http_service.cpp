#include "m4d/search/http_service.h"

#include <chrono>
#include <optional>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "m4d/errors.h"
#include "m4d/search/engine.h"
#include "m4d/text.h"

namespace m4d::search {

namespace {

using nlohmann::json;

constexpr int kMaxPerPage = 100;
constexpr int kMaxPage = 1000;
constexpr std::size_t kMaxQueryChars = 1000;

/// A request error with its status and the parameter at fault.
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

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

int int_param(const httplib::Request& req, const std::string& name, int fallback, int lo, int hi) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  try {
    std::size_t used = 0;
    int n = std::stoi(v, &used);
    if (used == v.size() && n >= lo && n <= hi) return n;
  } catch (const std::exception&) {
  }
  throw ApiError{400, "invalid_parameter",
                 name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), name};
}

std::vector<std::string> enum_params(const httplib::Request& req, const std::string& name,
                                     const std::vector<std::string>& allowed) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < req.get_param_value_count(name); ++i) {
    std::string v = req.get_param_value(name, i);
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
      throw ApiError{400, "invalid_parameter", "unknown " + name + " '" + v + "'", name};
    out.push_back(v);
  }
  return out;
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
  std::sort(goals.begin(), goals.end(), [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); });
  return goals;
}

json tags_json(const std::vector<Tag>& tags, const std::function<std::string(const std::string&)>& label) {
  json arr = json::array();
  for (const auto& t : tags) {
    json o = {{"id", t.id}, {"label", label(t.id)}, {"provenance", t.provenance}, {"score", t.score}, {"evidence", t.evidence}};
    if (!t.role.empty()) o["role"] = t.role;
    arr.push_back(std::move(o));
  }
  return arr;
}

json hit_json(const Hit& h) {
  const Unit& u = h.unit;
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

json document_json(const Unit& u, const Taxonomy& taxonomy, const std::string& ui_lang) {
  json sections = json::array();
  for (const auto& s : u.sections) sections.push_back({{"heading", s.heading}, {"text", s.text}});
  json source = {{"publication", u.source.publication}, {"publisher", u.source.publisher},
                 {"year", u.source.year},               {"section_path", u.source.section_path}};
  if (!u.project_id.empty()) source["project_id"] = u.project_id;
  return json{{"id", u.id},
              {"title", u.title},
              {"type", u.type},
              {"lang", u.lang},
              {"text", u.text},
              {"sections", sections},
              {"source", source},
              {"keywords", u.keywords},
              {"location", u.location},
              {"partners", u.partners},
              {"countries_printed", u.countries_printed},
              {"chapter_id", u.chapter_id},
              {"related_ids", u.related_ids},
              {"themes", tags_json(u.themes, [&](const std::string& id) {
                 const Theme* t = taxonomy.theme(id);
                 return t ? t->label.get(ui_lang) : id;
               })},
              {"countries", tags_json(u.countries, [&](const std::string& id) {
                 const Country* c = taxonomy.country(id);
                 return c ? c->name.get(ui_lang) : id;
               })},
              {"regions", u.regions},
              {"sdg_goals", goal_ids(u.sdg_targets)},
              {"sdg_targets", tags_json(u.sdg_targets, [&](const std::string& id) {
                 const SdgTarget* t = taxonomy.target(id);
                 return t ? t->title.get(ui_lang) : id;
               })}};
}

}  // namespace

struct HttpService::Impl {
  ServiceConfig config;
  std::optional<Taxonomy> taxonomy;  // loaded once from the index at bind()
  std::function<void(const std::string&)> log;
  httplib::Server server;
  int port = 0;

  // Each worker thread owns its engine (Xapian databases are per thread).
  Engine& engine() {
    thread_local std::unique_ptr<Engine> e;
    thread_local std::filesystem::path for_index;
    if (!e || for_index != config.index) {
      e = std::make_unique<Engine>(config.index);
      for_index = config.index;
    }
    return *e;
  }

  void handle(const httplib::Request& req, httplib::Response& res,
              const std::function<void(const httplib::Request&, httplib::Response&)>& route) {
    try {
      for (const auto& [k, v] : req.params)
        if (!is_valid_utf8(k) || !is_valid_utf8(v)) throw ApiError{400, "invalid_parameter", "parameter is not valid UTF-8", k};
      route(req, res);
    } catch (const ApiError& e) {
      send_json(res, e.status, error_body(e));
    } catch (const InvalidInput& e) {
      send_json(res, 400, error_body({400, "invalid_input", e.what(), ""}));
    } catch (const std::exception& e) {
      log(std::string("error: ") + e.what());
      send_json(res, 503, error_body({503, "unavailable", "the index is unavailable", ""}));
    }
  }

  // ui_lang: en, fr, es or ar (labels fall back to English).
  std::string ui_lang(const httplib::Request& req) const {
    if (!req.has_param("ui_lang")) return "en";
    return enum_params(req, "ui_lang", {"en", "fr", "es", "ar"}).front();
  }

  void search(const httplib::Request& req, httplib::Response& res) {
    const auto t0 = std::chrono::steady_clock::now();
    SearchRequest r;
    r.q = req.get_param_value("q");
    if (r.q.size() > kMaxQueryChars * 4 || collapse_spaces(r.q).size() > kMaxQueryChars * 4)
      throw ApiError{400, "invalid_parameter", "q is longer than 1000 characters", "q"};
    r.types = enum_params(req, "type", {"case_study", "text_box", "handbook_section", "project", "article"});
    r.langs = enum_params(req, "lang", {"en", "fr", "es", "ar"});
    r.page = int_param(req, "page", 1, 1, kMaxPage);
    r.per_page = int_param(req, "per_page", 10, 1, kMaxPerPage);
    if (req.has_param("sort")) r.sort = enum_params(req, "sort", {"relevance", "title", "date"}).front();
    SearchResult result = engine().search(r);
    json hits = json::array();
    for (const auto& h : result.hits) hits.push_back(hit_json(h));
    json facets = json::object();
    for (const auto& [name, values] : result.facets) {
      json arr = json::array();
      for (const auto& v : values) arr.push_back({{"value", v.value}, {"label", v.value}, {"count", v.count}});
      facets[name] = arr;
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    send_json(res, 200,
              json{{"query", r.q},           {"total", result.total},       {"page", r.page},
                   {"per_page", r.per_page}, {"took_ms", ms},               {"corrected_query", nullptr},
                   {"query_languages", json::array({"en"})}, {"hits", hits}, {"facets", facets}});
  }
};

HttpService::HttpService(ServiceConfig config, std::function<void(const std::string&)> log)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->log = std::move(log);
  auto& s = impl_->server;
  Impl* self = impl_.get();
  s.new_task_queue = [threads = impl_->config.threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(10000);
  s.set_payload_max_length(20 * 1024 * 1024);
  s.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                         {"Content-Security-Policy", "default-src 'self'; object-src 'none'; frame-ancestors 'none'"}});

  s.Get("/healthz", [self](const httplib::Request& req, httplib::Response& res) {
    self->handle(req, res, [self](const httplib::Request&, httplib::Response& r) {
      const IndexStats st = self->engine().stats();
      send_json(r, 200, json{{"status", "ok"}, {"documents", st.documents}, {"index_revision", st.revision}});
    });
  });
  s.Get("/api/search", [self](const httplib::Request& req, httplib::Response& res) {
    self->handle(req, res, [self](const httplib::Request& q, httplib::Response& r) { self->search(q, r); });
  });
  s.Get(R"(/api/documents/([A-Za-z0-9_-]{1,100}))", [self](const httplib::Request& req, httplib::Response& res) {
    self->handle(req, res, [self](const httplib::Request& q, httplib::Response& r) {
      auto unit = self->engine().document(q.matches[1].str());
      if (!unit) throw ApiError{404, "not_found", "no document with id '" + q.matches[1].str() + "'", ""};
      send_json(r, 200, document_json(*unit, *self->taxonomy, self->ui_lang(q)));
    });
  });
  if (std::filesystem::is_directory(impl_->config.web)) s.set_mount_point("/", impl_->config.web.string());
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && res.body.empty())
      send_json(res, 404, error_body({404, "not_found", "no route for " + req.path, ""}));
    else if (res.status == 405)
      send_json(res, 405, error_body({405, "method_not_allowed", req.method + " is not allowed on " + req.path, ""}));
    else if (res.body.empty())
      send_json(res, res.status, error_body(ApiError{res.status, "error", "request failed with status " + std::to_string(res.status), ""}));
  });
  s.set_logger([self](const httplib::Request& req, const httplib::Response& res) {
    self->log(req.method + " " + req.path + " " + std::to_string(res.status) + " " + std::to_string(res.body.size()));
  });
}

HttpService::~HttpService() = default;

int HttpService::bind() {
  // Open the index once up front so a missing index fails at start, not per request.
  Engine probe(impl_->config.index);
  impl_->taxonomy = load_index_taxonomy(impl_->config.index);
  const int port = impl_->config.port == 0 ? impl_->server.bind_to_any_port(impl_->config.host)
                                           : (impl_->server.bind_to_port(impl_->config.host, impl_->config.port)
                                                  ? impl_->config.port
                                                  : -1);
  if (port < 0) throw RuntimeFailure("cannot listen on " + impl_->config.host + ":" + std::to_string(impl_->config.port));
  impl_->port = port;
  return port;
}

void HttpService::listen() { impl_->server.listen_after_bind(); }

void HttpService::stop() { impl_->server.stop(); }

}  // namespace m4d::search
