// Editing durability (issue E): a real m4d-serve process killed with SIGKILL
// in the middle of a burst of POSTs loses no acknowledged document, restarts
// cleanly, and a rebuild from the corpus agrees with it.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "service_fixture.h"

namespace m4d {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

TEST(EditingCrash, EveryAcknowledgedDocumentSurvivesKillDashNine) {
  signal(SIGPIPE, SIG_IGN);  // clients write to a socket whose server was just killed
  testing::TempDir tmp;
  testing::ServeProcess serve;
  const indexer::IndexerConfig ic = serve.start_on_a_copy(tmp.path());
  const auto& corpus = ic.corpus_dir;
  std::string why;
  const int base = json::parse(httplib::Client("127.0.0.1", serve.port).Get("/healthz")->body)["documents"];

  // Four clients post documents with unique marker words until the process dies.
  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // marker word -> id
  std::atomic<int> sent{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", serve.port);
      c.set_read_timeout(10, 0);
      for (int i = 0;; ++i) {
        const std::string marker = "crashmarker" + std::string(1, static_cast<char>('a' + t)) + "x" + std::to_string(i);
        const json body = {{"title", "Burst document " + marker},
                           {"text", "A municipality supports return migrants with job placement; marker " + marker +
                                        " identifies this practice."},
                           {"lang", "en"}};
        ++sent;
        auto r = c.Post("/api/documents", testing::kEditorAuth, body.dump(), "application/json");
        if (!r) return;  // the service is gone
        if (r->status == 201) {
          std::lock_guard lock(mutex);
          acknowledged[marker] = json::parse(r->body)["id"];
        }
      }
    });
  for (int i = 0; i < 6000 && sent < 40; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  serve.kill_hard();
  for (auto& t : clients) t.join();
  ASSERT_GE(acknowledged.size(), 10u);

  // Restart: the index opens cleanly and every acknowledged document is there, once.
  testing::ServeProcess again;
  ASSERT_TRUE(again.start(ic.out, corpus, tmp.path() / "log", why)) << why;
  httplib::Client c("127.0.0.1", again.port);
  for (const auto& [marker, id] : acknowledged) {
    auto doc = c.Get(("/api/documents/" + id).c_str());
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->status, 200) << id;
    const json r = json::parse(c.Get(("/api/search?q=title:" + marker).c_str())->body);
    EXPECT_EQ(r["total"], 1) << marker;
    if (r["total"] == 1) {
      EXPECT_EQ(r["hits"][0]["id"], id);
    }
  }
  // Nothing duplicated: the index holds exactly the publications plus the files on disk.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(corpus / "contrib"))
    if (e.is_regular_file() && e.path().extension() == ".json") ++files;
  EXPECT_GE(files, acknowledged.size());
  EXPECT_EQ(json::parse(c.Get("/healthz")->body)["documents"], base + static_cast<int>(files));
  again.stop();

  // A rebuild from the corpus gives the same units as the live service had.
  indexer::build_index(ic, {});
  testing::ServeProcess rebuilt;
  ASSERT_TRUE(rebuilt.start(ic.out, corpus, tmp.path() / "log", why)) << why;
  httplib::Client r("127.0.0.1", rebuilt.port);
  EXPECT_EQ(json::parse(r.Get("/healthz")->body)["documents"], base + static_cast<int>(files));
  for (const auto& [marker, id] : acknowledged) EXPECT_EQ(r.Get(("/api/documents/" + id).c_str())->status, 200);
  rebuilt.stop();
}

}  // namespace
}  // namespace m4d
