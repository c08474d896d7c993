#include "m4d/http/http_service.h"

#include <malloc.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <set>
#include <thread>

#include "api_error.h"
#include "handlers.h"
#include "m4d/errors.h"
#include "m4d/indexer/contrib.h"
#include "m4d/schema.h"
#include "params.h"
#include "worker_pool.h"

namespace m4d::http {

namespace {

using nlohmann::json;

// Threads that answer 503 to connections beyond the workers and their backlog.
constexpr std::size_t kRefuserThreads = 4;
// Connections the kernel completes and holds until the accept loop takes them.
constexpr int kListenBacklog = 1024;

// The request the current worker thread is serving: its start (unset for a
// request cpp-httplib refused before routing) and its route, for the access
// log and metrics.
thread_local std::optional<std::chrono::steady_clock::time_point> request_start;
thread_local std::string_view request_route;

// 422: every invalid field, keyed by field name, and in `details` what is
// wrong with it as a code and numbers a client can put in its own words.
json error_body(const editing::InvalidDocument& e) {
  json fields = json::object();
  json details = json::array();
  for (const auto& f : e.fields()) {
    fields[f.field] = f.message;
    json d = {{"field", f.field}, {"code", f.code}, {"message", f.message}};
    if (f.limit) d["limit"] = f.limit;
    if (f.code == "too_short" || f.code == "too_long") d["got"] = f.got;
    if (!f.value.empty()) d["value"] = f.value;
    details.push_back(std::move(d));
  }
  json err = {{"code", "invalid_document"}, {"message", e.what()}, {"fields", fields}, {"details", details}};
  if (!e.fields().empty()) err["param"] = e.fields().front().field;
  return json{{"error", err}};
}

// Metric label of a request that matched no route.
std::string_view unrouted_label(const std::string& path) {
  return path.starts_with("/api/") ? "/api/other" : "/static";
}

}  // namespace

std::size_t ServiceState::engine_pool_size() const {
  if (config.engines > 0) return static_cast<std::size_t>(config.engines);
  return std::max(1U, std::thread::hardware_concurrency()) + 1;
}

std::string ServiceState::index_version() {
  std::lock_guard lock(version_mutex_);
  if (!version_engine_) version_engine_ = std::make_unique<search::Engine>(config.index, resources.get(), &write_gate);
  return version_engine_->index_version();
}

ServiceState::EngineUse ServiceState::engine_use() {
  std::lock_guard lock(engines_mutex_);
  return {engines_out_, waiting_.size()};
}

ServiceState::EngineLease ServiceState::engine() {
  std::unique_lock lock(engines_mutex_);
  std::unique_ptr<search::Engine> engine;
  if (!waiting_.empty() || (idle_engines_.empty() && engines_out_ >= engine_pool_size())) {
    // Wait in line: the engine returned next is handed to the first waiter.
    Waiter me;
    waiting_.push_back(&me);
    me.ready.wait(lock, [&] { return me.served; });
    engine = std::move(me.engine);  // null: the slot was free, make an engine
  } else {
    ++engines_out_;
    if (!idle_engines_.empty()) {
      engine = std::move(idle_engines_.back());
      idle_engines_.pop_back();
    }
  }
  lock.unlock();
  if (engine) return EngineLease(*this, std::move(engine));
  try {
    return EngineLease(*this, std::make_unique<search::Engine>(config.index, resources.get(), &write_gate));
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

void ServiceState::give_back(std::unique_ptr<search::Engine> engine) {
  std::lock_guard lock(engines_mutex_);
  if (waiting_.empty()) {
    --engines_out_;
    if (engine) idle_engines_.push_back(std::move(engine));
    return;
  }
  Waiter* first = waiting_.front();
  waiting_.pop_front();
  first->engine = std::move(engine);
  first->served = true;
  first->ready.notify_one();
}

ServiceState::EngineLease::~EngineLease() {
  if (engine_) state_->give_back(std::move(engine_));  // not when moved from
}

struct HttpService::Impl {
  ServiceState state;
  httplib::Server server;
  std::vector<Route> routes;
  int listen_socket = -1;  // as cpp-httplib created it (see configure_server)

  // Runs a handler; every error becomes JSON here and only here: 4xx for bad
  // input, 503 when the index cannot be read, 507 when a write finds no
  // space, 500 (logged with its message) for anything else.
  void handle(const Route& route, const Operation& op, const httplib::Request& req, httplib::Response& res) {
    request_route = route.path;
    try {
      check_utf8(req);
      if (route.cacheable && op.method == "GET" && state.cache->enabled()) {
        // Responses of read routes are a function of the URL and the index version.
        // Length-prefixed, so that q="a&x=1" and q=a&x=1 can never share a key.
        std::string key = req.path;
        for (const auto& [k, v] : req.params)
          key += '\n' + std::to_string(k.size()) + ':' + k + std::to_string(v.size()) + ':' + v;
        const std::string version = state.index_version();
        if (auto hit = state.cache->get(key, version)) {
          res.status = hit->status;
          res.set_content(hit->body, hit->content_type);
          return;
        }
        op.handler(req, res);
        if (res.status == 200)
          state.cache->put(key, version, {res.status, res.get_header_value("Content-Type"), res.body});
        return;
      }
      op.handler(req, res);
    } catch (const ApiError& e) {
      send_json(res, e.status, error_body(e));
    } catch (const editing::InvalidDocument& e) {
      send_json(res, 422, error_body(e));
    } catch (const InvalidInput& e) {
      send_json(res, 400, error_body({400, "invalid_input", e.what(), ""}));
    } catch (const ShardUnavailable& e) {
      state.log(std::string("error: ") + req.method + " " + req.path + ": " + e.what());
      res.set_header("Retry-After", "5");
      send_json(res, 503,
                error_body({503, "shard_unavailable",
                            "shard " + e.shard() + " of the index cannot be reached; try again shortly", ""}));
    } catch (const IndexUnavailable& e) {
      state.log(std::string("error: ") + req.method + " " + req.path + ": " + e.what());
      send_json(res, 503, error_body({503, "unavailable", "the index is unavailable, try again", ""}));
    } catch (const StorageFull& e) {
      state.log(std::string("error: ") + req.method + " " + req.path + ": " + e.what());
      send_json(res, 507, error_body({507, "insufficient_storage", "no space left to store the document", ""}));
    } catch (const std::exception& e) {
      state.log(std::string("error: ") + req.method + " " + req.path + ": " + e.what());
      send_json(res, 500, error_body({500, "internal", "internal error", ""}));
    } catch (...) {
      state.log(std::string("error: ") + req.method + " " + req.path + ": unexpected exception");
      send_json(res, 500, error_body({500, "internal", "internal error", ""}));
    }
  }

  void configure_server() {
    auto& s = server;
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    const auto threads =
        static_cast<std::size_t>(state.config.threads > 0 ? state.config.threads : std::max(64U, 64 * cores));
    // As many connections again may wait for a worker (about one keep-alive
    // timeout); beyond that a few threads answer 503 at once (WorkerPool).
    s.new_task_queue = [threads] { return new WorkerPool(threads, threads, kRefuserThreads); };
    // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a
    // second m4d-serve on the same port starts silently and shares the traffic.
    s.set_socket_options([this](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
      listen_socket = sock;
    });
    s.set_tcp_nodelay(true);
    // One worker thread per open connection (cpp-httplib's model): many
    // workers, few engines (see ServiceState::engine), short waits for idle
    // and slow clients, so they cannot hold every worker. Measured by
    // bench/slow_clients.sh; see docs/decisions.md.
    s.set_keep_alive_max_count(1000);
    s.set_keep_alive_timeout(2);
    s.set_payload_max_length(kMaxRequestBody);
    s.set_read_timeout(3, 0);
    s.set_write_timeout(10, 0);
    s.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                           {"Referrer-Policy", "no-referrer"},
                           {"X-Frame-Options", "DENY"},
                           {"Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"}});
    if (std::filesystem::is_directory(state.config.web)) s.set_mount_point("/", state.config.web.string());
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
    // A client that waits for "100 Continue" before sending a body learns now that it is too large.
    s.set_expect_100_continue_handler([](const httplib::Request& req, httplib::Response& res) {
      const auto refused = too_large_to_continue(req);
      if (!refused) return 100;
      res.set_header("Connection", "close");
      send_json(res, refused->status, error_body(*refused));
      return refused->status;
    });
    // Runs before the body is read: limits that must not wait for it.
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      request_start = std::chrono::steady_clock::now();
      request_route = {};
      if (WorkerPool::saturated()) {
        res.set_header("Retry-After", "1");
        res.set_header("Connection", "close");
        send_json(res, 503, error_body({503, "busy", "the server is at capacity, try again in a second", ""}));
        return httplib::Server::HandlerResponse::Handled;
      }
      // cpp-httplib hands a const request; its ranges are ours to trim.
      if (auto refused = refuse_before_reading(const_cast<httplib::Request&>(req))) {
        res.set_header("Connection", "close");
        send_json(res, refused->status, error_body(*refused));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (!state.uploads.take(req)) {
        res.set_header("Retry-After", "2");
        res.set_header("Connection", "close");
        send_json(res, 503, error_body({503, "busy", "too many uploads at once, try again in a few seconds", ""}));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      state.uploads.give_back();
      const auto now = std::chrono::steady_clock::now();
      const double seconds = request_start ? std::chrono::duration<double>(now - *request_start).count() : 0.0;
      state.log(log_escape(req.method) + " " + log_escape(req.path) + " " + std::to_string(res.status) + " " +
                std::to_string(res.body.size()) + " " +
                (request_start ? std::to_string(static_cast<long long>(seconds * 1e6)) + "us" : "-"));
      const std::string_view route = request_route.empty() ? unrouted_label(req.path) : request_route;
      state.metrics.observe(std::string(route), res.status, seconds);
      request_start.reset();
      // Memory a large body took goes back to the system.
      if (req.body.size() > kUploadBytes) ::malloc_trim(0);
    });
  }
};

HttpService::HttpService(ServiceConfig config, std::function<void(const std::string&)> log)
    : impl_(std::make_unique<Impl>()) {
  impl_->state.config = std::move(config);
  impl_->state.cache = std::make_unique<ResponseCache>(static_cast<std::size_t>(impl_->state.config.cache_mb) << 20);
  impl_->state.log = std::move(log);
  impl_->configure_server();
}

HttpService::~HttpService() = default;

namespace {

// Editing: the corpus the index came from, and recovery of any contribution
// written to disk but not yet in the index (a crash).
void start_editing(ServiceState& s) {
  if (s.config.corpus.empty())
    s.config.corpus = s.resources->corpus.empty() ? std::filesystem::path("corpus") : s.resources->corpus;
  s.idempotency = std::make_unique<IdempotencyStore>(s.config.corpus / "contrib" / ".idempotency");
  try {
    s.editor = std::make_unique<editing::Editor>(s.config.index, s.config.corpus, s.write_gate, s.log);
    if (const std::size_t n = s.editor->recover())
      s.log("editing: applied " + std::to_string(n) + " contributions the index lacked");
  } catch (const InvalidInput& e) {
    throw RuntimeFailure(std::string("editor contributions: ") + e.what());
  } catch (const RuntimeFailure& e) {
    s.editor.reset();
    s.editor_unavailable = e.what();
    s.log(std::string("editing disabled: ") + e.what());
  }
}

// A server of remote shards: its index directory holds the stub file naming
// them (rewritten at each start) and perhaps a spelling database, never a
// built index (that would be the primary's: its stub must not be replaced).
void write_shards_stub(const ServiceConfig& config) {
  const std::filesystem::path& dir = config.index;
  if (std::filesystem::exists(dir / (std::string(schema::kShardDirPrefix) + "0")))
    throw InvalidInput(dir.string() +
                       " holds a built index; --shards needs a directory of this server's own "
                       "(for the stub naming the shards and a copy of the spelling database)");
  std::string stub;
  for (const auto& shard : config.shards) stub += "remote " + shard + "\n";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw RuntimeFailure(dir.string() + ": cannot create (" + ec.message() + ")");
  indexer::write_file_atomically(dir / schema::kStubFile, stub);
}

}  // namespace

int HttpService::bind() {
  ServiceState& s = impl_->state;
  if (!s.config.shards.empty()) write_shards_stub(s.config);
  // Open the index once up front so a missing index fails at start, not per request.
  s.resources = search::IndexResources::load(s.config.index, s.config.wordnet);
  s.labels = std::make_unique<Labels>(s.resources->taxonomy);
  search::Engine probe(s.config.index, s.resources.get());
  impl_->routes = api_routes(s);
  register_routes(impl_->server, impl_->routes, [this](const Route& route, const Operation& op) -> Handler {
    return [this, &route, &op](const httplib::Request& req, httplib::Response& res) {
      impl_->handle(route, op, req, res);
    };
  });

  // Editing: tokens, the corpus the index came from, and recovery of any
  // contribution written to disk but not yet in the index (a crash).
  s.tokens.load(s.config.editor_tokens);
  if (!s.config.primary.empty()) {
    s.editor_unavailable = "this server is a read-only replica of " + s.config.primary;
  } else if (!s.config.shards.empty()) {
    s.editor_unavailable = "this server reads remote shards and takes no writes";
  } else {
    start_editing(s);
  }
  errno = 0;
  auto& server = impl_->server;
  const int port = s.config.port == 0 ? server.bind_to_any_port(s.config.host)
                                      : (server.bind_to_port(s.config.host, s.config.port) ? s.config.port : -1);
  if (port < 0) {
    const int error = errno;
    throw RuntimeFailure("cannot listen on " + s.config.host + ":" + std::to_string(s.config.port) +
                         (error ? std::string(": ") + std::strerror(error) : std::string()));
  }
  // cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections
  // while its accept loop is busy had their handshakes dropped and retried a
  // second later. Listening again on the same socket raises it (Linux; the
  // kernel caps it at net.core.somaxconn).
  if (impl_->listen_socket >= 0) ::listen(impl_->listen_socket, kListenBacklog);
  return port;
}

void HttpService::listen() { impl_->server.listen_after_bind(); }

void HttpService::stop() { impl_->server.stop(); }

}  // namespace m4d::http
