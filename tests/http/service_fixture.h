#pragma once
// Starts the real service in-process on a free port over an index built, in a
// fresh temporary directory, from the bundled corpus plus tests/data/http.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "../integration/test_support.h"
#include "index_cache.h"
#include "m4d/http/http_service.h"
#include "m4d/indexer/index_builder.h"

namespace m4d::testing {

/// A TCP port free on 127.0.0.1 right now (bound to port 0, read, closed),
/// for starting m4d-serve as a separate process.
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  if (fd >= 0) ::close(fd);
  return port;
}

/// A TCP connection to 127.0.0.1:`port`: its descriptor, or -1.
inline int connect_local(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
  ::close(fd);
  return -1;
}

/// Sends `request` as it is to 127.0.0.1:`port` and returns what comes back
/// until the response's Content-Length is read, the peer closes or 5 s pass.
inline std::string raw_exchange(int port, const std::string& request) {
  const int fd = connect_local(port);
  if (fd < 0) return {};
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string out;
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
      out.append(buf, static_cast<std::size_t>(n));
      const auto head_end = out.find("\r\n\r\n");
      const auto length_at = out.find("Content-Length: ");
      if (head_end != std::string::npos && length_at != std::string::npos && length_at < head_end &&
          out.size() >= head_end + 4 + std::stoul(out.substr(length_at + 16)))
        break;
    }
  }
  ::close(fd);
  return out;
}

/// The editor token the test services accept (its SHA-256 digest is in the token file).
inline constexpr const char* kEditorToken = "test-editor-token";
/// The Authorization header of an editor holding kEditorToken.
inline const httplib::Headers kEditorAuth = {{"Authorization", std::string("Bearer ") + kEditorToken}};
inline constexpr const char* kEditorTokenDigest = "d2f693d29061c5e22e1776e7c8b4f2f8c5453cee346d087db1c19522bf56c829";

class ServiceFixture {
 public:
  /// `shards`: how many shard databases the index is built with; `before_start`
  /// runs on the corpus directory after the index is built, before the service starts.
  explicit ServiceFixture(unsigned shards = 1,
                          const std::function<void(const std::filesystem::path&)>& before_start = {}) {
    namespace fs = std::filesystem;
    const fs::path corpus = tmp_.path() / "corpus";
    fs::copy(source_dir() / "corpus", corpus, fs::copy_options::recursive);
    auto manifest = nlohmann::json::parse(read_file(corpus / "manifest.json"));
    for (const auto& extra : nlohmann::json::parse(read_file(source_dir() / "tests/data/http/manifest-extra.json"))) {
      fs::copy(source_dir() / "tests/data/http" / extra["file"].get<std::string>(),
               corpus / extra["file"].get<std::string>());
      manifest["publications"].push_back(extra);
    }
    std::ofstream(corpus / "manifest.json") << manifest.dump(2);
    fs::create_directories(tmp_.path() / "web");
    std::ofstream(tmp_.path() / "web" / "index.html") << "<!doctype html><title>m4d</title><p>m4d-search</p>\n";
    std::ofstream(tmp_.path() / "secret.txt") << "TOP-SECRET\n";
    std::ofstream(tmp_.path() / "editor-tokens") << "# test editors\n" << kEditorTokenDigest << "\n";

    indexer::IndexerConfig ic;
    ic.corpus_dir = corpus;
    ic.taxonomy_dir = source_dir() / "taxonomy";
    ic.out = tmp_.path() / "index";
    ic.shards = shards;
    build_index_cached(ic);
    if (before_start) before_start(corpus);

    http::ServiceConfig sc;
    sc.index = ic.out;
    sc.port = 0;
    sc.web = tmp_.path() / "web";
    sc.corpus = corpus;
    sc.editor_tokens = tmp_.path() / "editor-tokens";
    sc.threads = 8;
    service_ = std::make_unique<http::HttpService>(sc, [this](const std::string& line) {
      std::lock_guard lock(log_mutex_);
      log_ += line + "\n";
    });
    port_ = service_->bind();
    thread_ = std::thread([this] { service_->listen(); });
    httplib::Client probe("127.0.0.1", port_);
    for (int i = 0; i < 200 && !probe.Get("/healthz"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~ServiceFixture() {
    service_->stop();
    thread_.join();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }
  std::string log() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }
  /// The log once it holds `needle` `times` times, or as it is after 5 s: a
  /// request's access-log line is written just after its response is sent.
  std::string log_with(const std::string& needle, int times = 1) {
    std::string text;
    for (int i = 0; i < 500; ++i) {
      text = log();
      int found = 0;
      for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++found;
      if (found >= times) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return text;
  }
  const std::filesystem::path& dir() const { return tmp_.path(); }

 private:
  TempDir tmp_;
  std::unique_ptr<http::HttpService> service_;
  std::thread thread_;
  int port_ = 0;
  std::mutex log_mutex_;
  std::string log_;
};

/// A copy of the bundled corpus in `dir`/corpus and its index in `dir`/index;
/// returns how the index was built.
inline indexer::IndexerConfig copy_corpus_and_index(const std::filesystem::path& dir) {
  indexer::IndexerConfig ic;
  ic.corpus_dir = dir / "corpus";
  std::filesystem::copy(source_dir() / "corpus", ic.corpus_dir, std::filesystem::copy_options::recursive);
  ic.taxonomy_dir = source_dir() / "taxonomy";
  ic.out = dir / "index";
  build_index_cached(ic);
  return ic;
}

/// m4d-serve as a process of its own (M4D_SERVE_BIN), for crashes and for its memory.
struct ServeProcess {
  pid_t pid = -1;
  int port = 0;
  // Starts m4d-serve and waits for /healthz; false (with the log in `why`) when it does not come up.
  bool start(const std::filesystem::path& index, const std::filesystem::path& corpus, const std::filesystem::path& log,
             std::string& why) {
    port = free_port();
    pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
      const std::string p = std::to_string(port), i = index.string(), c = corpus.string(), l = log.string();
      if (!freopen(l.c_str(), "a", stderr)) _exit(126);
      setenv("M4D_EDITOR_TOKEN", kEditorToken, 1);
      execl(M4D_SERVE_BIN, M4D_SERVE_BIN, "--index", i.c_str(), "--corpus", c.c_str(), "--port", p.c_str(), "--threads",
            "8", static_cast<char*>(nullptr));
      _exit(127);
    }
    httplib::Client c("127.0.0.1", port);
    for (int i = 0; i < 500; ++i) {
      auto r = c.Get("/healthz");
      if (r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    why = read_file(log);
    return false;
  }
  /// Copies the bundled corpus into `dir`, indexes it and starts on it (log in
  /// `dir`/log); returns how the index was built. Throws when it does not come up.
  indexer::IndexerConfig start_on_a_copy(const std::filesystem::path& dir) {
    indexer::IndexerConfig ic = copy_corpus_and_index(dir);
    if (std::string why; !start(ic.out, ic.corpus_dir, dir / "log", why))
      throw std::runtime_error("m4d-serve did not come up: " + why);
    return ic;
  }
  /// Its resident memory (VmRSS) in MiB, or -1 when unreadable.
  double resident_mib() const {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
      if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024;
    return -1;
  }
  void kill_hard() {
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
  }
  void stop() {
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
  }
};

}  // namespace m4d::testing
