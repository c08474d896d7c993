#pragma once
/// The HTTP layer: routes of ../shared/docs/API.md mapped onto the Engine.
/// The only place that knows HTTP and JSON.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace m4d::search {

/// Service options, parsed once in main.
struct ServiceConfig {
  std::filesystem::path index = "var/index";  ///< Index built by m4d-index.
  std::string host = "127.0.0.1";             ///< Listen address.
  int port = 8080;                            ///< Listen port; 0 picks a free one.
  std::filesystem::path web = "web";          ///< Static files of the web UI.
  std::filesystem::path corpus = "corpus";    ///< Corpus directory (editors' documents go here).
  int threads = 8;                            ///< Worker threads (one connection each while kept alive).
};

/// The running service. Thread-safe: start() blocks in the calling thread,
/// stop() may be called from any thread (e.g. a signal watcher).
class HttpService {
 public:
  /// `log` receives one access-log line per request.
  HttpService(ServiceConfig config, std::function<void(const std::string&)> log);
  ~HttpService();
  /// Binds (port 0: any free port) and returns the bound port. Throws RuntimeFailure.
  int bind();
  /// Serves until stop(). Call bind() first.
  void listen();
  /// Stops accepting and lets in-flight requests finish.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace m4d::search
