// The service around the API, against a real service and index: static files
// without traversal, /metrics and the access log, concurrent clients.
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "api_fixture.h"
#include "m4d/record_dictionary.h"
#include "m4d/schema.h"

namespace m4d {
namespace {

using nlohmann::json;
using testing::ApiTest;

TEST_F(ApiTest, StaticFilesWithoutTraversal) {
  auto c = service_->client();
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("m4d-search"), std::string::npos);
  EXPECT_TRUE(index->get_header_value("Content-Type").starts_with("text/html"));
  EXPECT_NE(index->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  for (const char* p : {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                        "/web/../../secret.txt", "/./../secret.txt", "/..\\secret.txt"}) {
    auto r = c.Get(p);
    if (!r) continue;
    EXPECT_NE(r->status, 200) << p;
    EXPECT_EQ(r->body.find("TOP-SECRET"), std::string::npos) << p;
  }
}

TEST_F(ApiTest, MetricsAndAccessLog) {
  get_json("/api/search?q=diaspora");
  auto c = service_->client();
  // The access log and the metrics are written just after the response is sent.
  auto m = c.Get("/metrics");
  for (int i = 0; i < 100 && !(m && m->body.find("route=\"/api/search\",status=\"200\"") != std::string::npos); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    m = c.Get("/metrics");
  }
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_NE(m->body.find("m4d_http_requests_total{route=\"/api/search\",status=\"200\"}"), std::string::npos);
  EXPECT_NE(m->body.find("m4d_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(m->body.find("m4d_index_documents 149"), std::string::npos);
  // Nothing runs or waits between requests (the /metrics request's own engine is back).
  EXPECT_NE(m->body.find("\nm4d_search_engines_busy 0\n"), std::string::npos) << m->body;
  EXPECT_NE(m->body.find("\nm4d_search_waiting 0\n"), std::string::npos);
  const std::string log = service_->log_with("GET /api/search 200 ");
  EXPECT_NE(log.find("GET /api/search 200 "), std::string::npos);
  EXPECT_NE(log.find("us\n"), std::string::npos);
}

TEST_F(ApiTest, ConcurrentClientsAllSucceed) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      auto c = service_->client();
      for (int i = 0; i < 20; ++i) {
        // Browse requests too: they once shared a Xapian::Query across threads.
        const char* path = i % 3 == 0   ? "/api/search?q=remittances&country=NP"
                           : i % 3 == 1 ? "/api/search?q=diaspora&sdg=10.7&theme=communities"
                                        : "/api/search?sdg=10.7&region=002";
        auto r = c.Get(path);
        if (r && r->status == 200 && json::parse(r->body).contains("hits")) ++ok;
      }
      (void)t;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 120);
}

// A new generation swapped in under the running service (what m4d-index
// does at the end of a rebuild; here the old generation stays on disk, so
// only the symlink tells): the next request reads the new one, including a
// query the service answered, and built, before.
TEST(ServiceRebuild, TheNextRequestReadsTheSwappedInGeneration) {
  namespace fs = std::filesystem;
  testing::ServiceFixture service;
  auto c = service.client();
  const auto total = [&](const char* path) { return json::parse(c.Get(path)->body)["total"].get<int>(); };
  ASSERT_EQ(total("/api/search?q=scriptinjection"), 1);
  ASSERT_EQ(total("/api/search?q=scriptinjection"), 1);  // built and remembered on this generation

  // The same corpus without the publication that says "scriptinjection" and
  // without the handbook, built beside the served index.
  const fs::path corpus = service.dir() / "corpus";
  auto manifest = json::parse(testing::read_file(corpus / "manifest.json"));
  auto& publications = manifest["publications"];
  for (auto it = publications.begin(); it != publications.end();)
    it = (*it)["id"] == "test-escaping" || (*it)["id"] == "hb" ? publications.erase(it) : it + 1;
  std::ofstream(corpus / "manifest.json") << manifest.dump(2);
  indexer::IndexerConfig ic;
  ic.corpus_dir = corpus;
  ic.taxonomy_dir = testing::source_dir() / "taxonomy";
  ic.out = service.dir() / "rebuilt";
  indexer::build_index(ic, {});
  const fs::path served = service.dir() / "index";
  const fs::path old_generation = fs::canonical(served);
  fs::create_symlink(fs::read_symlink(ic.out), service.dir() / "index.new");
  fs::rename(service.dir() / "index.new", served);
  ASSERT_TRUE(fs::exists(old_generation / "XAPIANDB"));
  // Its records are compressed with a dictionary of its own, which the
  // service must take up to read them.
  const auto dictionary_id = [](const fs::path& index) {
    const Xapian::Database db(index.string());
    return RecordDictionary::load(db.get_metadata(std::string(schema::kMetaRecordDictionary)))->id();
  };
  ASSERT_NE(dictionary_id(old_generation), dictionary_id(ic.out));

  EXPECT_EQ(total("/api/search?q=scriptinjection"), 0);
  EXPECT_GT(total("/api/search?q=remittances"), 0);
  const auto unit = c.Get("/api/documents/ss-10");
  ASSERT_TRUE(unit);
  EXPECT_EQ(unit->status, 200) << unit->body;
}

}  // namespace
}  // namespace m4d
