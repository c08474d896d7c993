#pragma once
/// The HTTP layer: the routes of docs/API.md over the engine and the editor.
/// The only code that knows HTTP and JSON.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace m4d::http {

/// Service options, parsed once in main.
struct ServiceConfig {
  std::filesystem::path index = "var/index";  ///< Index built by m4d-index.
  std::string host = "127.0.0.1";             ///< Listen address.
  int port = 8080;                            ///< Listen port; 0 picks a free one.
  std::filesystem::path web = "web";          ///< Static files of the web UI (not served when missing).
  std::filesystem::path
      corpus;  ///< Corpus directory (editors' documents go to contrib/); empty: the one the index was built from.
  std::filesystem::path editor_tokens;  ///< File of SHA-256 hex digests of editor tokens, one per line; optional.
  int threads = 0;  ///< Worker threads, each serving one open connection at a time; 0: 64 per core (at least 64).
  std::filesystem::path wordnet = "/usr/share/wordnet";  ///< WordNet database (Debian wordnet-base); optional.
  /// Searches run at once (one engine each: a Xapian database and unit
  /// cache); more requests wait in line, first come first served. 0: one per
  /// core and one more.
  int engines = 0;
  int cache_mb = 64;  ///< Response cache for read routes, in MiB (0: off); entries never outlive their index version.
  /// Non-empty: this service is a read-only replica of the primary at this
  /// URL (its index is a copy kept current by xapian-replicate); writes are
  /// refused with 403 naming the primary, and no contribution file is read.
  std::string primary;
  /// Non-empty: the index's shards are served by xapian-tcpsrv at these
  /// addresses ("host:port"), in shard order. `index` is then this server's own
  /// directory: bind() writes its Xapian stub file (XAPIANDB, one "remote"
  /// line per shard) and spelling corrections read its spelling/ database
  /// (a copy of the generation's, e.g. kept by xapian-replicate) when present.
  /// Such a server takes no writes (403 naming `primary` when set).
  std::vector<std::string> shards;
};

/// The running service. Editor tokens come from `editor_tokens` and from the
/// M4D_EDITOR_TOKEN environment variable (the token itself). bind() and
/// listen() are called from one thread; stop() may be called from any
/// thread (e.g. a signal watcher).
class HttpService {
 public:
  /// `log` receives one access-log line per request (and error reports); it must be thread-safe.
  HttpService(ServiceConfig config, std::function<void(const std::string&)> log);
  ~HttpService();
  /// Opens the index and binds (port 0: any free port); returns the port. Throws RuntimeFailure.
  int bind();
  /// Serves until stop(). Call bind() first.
  void listen();
  /// Stops accepting and lets in-flight requests finish.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace m4d::http
