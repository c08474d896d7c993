// m4d-serve: serves the HTTP API and the web UI over an index built by m4d-index.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "m4d/errors.h"
#include "m4d/http/http_service.h"

namespace {

// The shard addresses of --shards: "host:port,host:port", or a file naming
// one per line ("host:port", or a Xapian stub's "remote host:port").
std::vector<std::string> parse_shards(const std::string& arg) {
  std::string list = arg;
  if (arg.find(',') == std::string::npos && arg.find('/') != std::string::npos) {
    std::ifstream in(arg);
    if (!in) throw CLI::ValidationError("--shards", arg + ": cannot read");
    std::ostringstream text;
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("remote ")) line.erase(0, 7);
      if (!line.empty() && line[0] != '#') text << line << ',';
    }
    list = text.str();
  }
  std::vector<std::string> shards;
  std::istringstream in(list);
  for (std::string shard; std::getline(in, shard, ',');) {
    if (shard.empty()) continue;
    const auto colon = shard.rfind(':');
    const std::string port = colon == std::string::npos ? "" : shard.substr(colon + 1);
    if (colon == 0 || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) < 1 || std::stoi(port) > 65535 || shard.find_first_of(" \t") != std::string::npos)
      throw CLI::ValidationError("--shards", "'" + shard + "' is not host:port");
    shards.push_back(shard);
  }
  if (shards.empty()) throw CLI::ValidationError("--shards", "names no shard");
  return shards;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"m4d-serve: the m4d-search HTTP service"};
  m4d::http::ServiceConfig config;
  app.add_option("--index", config.index, "Index directory built by m4d-index")->required();
  app.add_option("--host", config.host, "Listen address (default 127.0.0.1)");
  app.add_option("--port", config.port, "Listen port (default 8080)")->check(CLI::Range(0, 65535));
  app.add_option("--web", config.web, "Web UI directory (default web)");
  app.add_option("--corpus", config.corpus,
                 "Corpus directory; editors' documents go to its contrib/ (default: the one the index was built from)");
  app.add_option("--editor-tokens", config.editor_tokens,
                 "File with the SHA-256 hex digest of each editor token, one per line (also: M4D_EDITOR_TOKEN)");
  app.add_option(
         "--threads", config.threads,
         "Worker threads, one per open connection (default: 64 per core, at least 64); as many more connections "
         "may wait, beyond that they are answered 503 with Retry-After")
      ->check(CLI::Range(1, 4096));
  app.add_option("--engines", config.engines,
                 "Searches run at once, each with its own engine; more requests wait in line, first come first "
                 "served (default: one per core and one more)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--cache-mb", config.cache_mb,
                 "Response cache for read requests in MiB (default 64, 0 disables); invalidated by any index change")
      ->check(CLI::Range(0, 65536));
  app.add_option("--wordnet", config.wordnet, "WordNet directory for English synonyms (default /usr/share/wordnet)");
  app.add_option("--primary", config.primary,
                 "Serve as a read-only replica of the primary at this URL (http://host:port): the index is a copy "
                 "kept current by xapian-replicate, and writes are refused naming the primary");
  std::string shards;
  app.add_option("--shards", shards,
                 "Serve an index whose shards xapian-tcpsrv serves at host:port,host:port,... (or a file naming "
                 "one per line), in shard order; --index is then this server's own directory (stub file, "
                 "spelling copy). Takes no writes");
  int changesets = 0;
  app.add_option("--replication-changesets", changesets,
                 "On a primary with replicas: keep this many changesets of editors' changes for xapian-replicate "
                 "(sets XAPIAN_MAX_CHANGESETS; default 0: none)")
      ->check(CLI::Range(0, 100000));
  // A flag given twice takes its last value: scripts/serve passes its defaults
  // first, so that `scripts/serve --port 9090` overrides them.
  for (CLI::Option* option : app.get_options()) option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "m4d-serve: error: " << e.what() << " (see --help)\n";
    return 2;
  }
  try {
    if (!shards.empty()) config.shards = parse_shards(shards);
  } catch (const CLI::ValidationError& e) {
    std::cerr << "m4d-serve: error: " << e.what() << " (see --help)\n";
    return 2;
  }
  if (changesets > 0) ::setenv("XAPIAN_MAX_CHANGESETS", std::to_string(changesets).c_str(), 1);
  // Request bodies of up to 21 MiB are read into memory. glibc raises its
  // mmap threshold to the size of each large block freed, after which such
  // blocks come from the worker threads' arenas and are never given back
  // (16 concurrent 20 MiB uploads: +183 MiB for good). A fixed threshold
  // keeps every block of 1 MiB or more mapped on its own and unmapped when
  // freed. Measured by tests/http availability_test UploadMemory.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  // SIGTERM/SIGINT: stop accepting, drain in-flight requests, exit 0.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::mutex log_mutex;
  try {
    m4d::http::HttpService service(config, [&](const std::string& line) {
      // One write(2) a line: std::cerr flushes after every <<.
      const std::string out = line + '\n';
      std::lock_guard lock(log_mutex);
      std::cerr.write(out.data(), static_cast<std::streamsize>(out.size()));
    });
    const int port = service.bind();
    std::cerr << "m4d-serve: serving " << config.index.string() << " on http://" << config.host << ":" << port << "/"
              << (config.primary.empty() ? "" : " (read-only replica of " + config.primary + ")")
              << (config.shards.empty() ? "" : " (" + std::to_string(config.shards.size()) + " remote shards)") << "\n";
    std::thread watcher([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      std::cerr << "m4d-serve: signal " << sig << ", draining and stopping\n";
      service.stop();
    });
    service.listen();
    pthread_kill(watcher.native_handle(), SIGTERM);
    watcher.join();
  } catch (const m4d::Error& e) {
    std::cerr << "m4d-serve: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
