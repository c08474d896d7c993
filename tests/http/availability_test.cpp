// What an ordinary client or one bad file must not be able to do to the
// service (issue J): hold every worker, make it wait for a body it will never
// get, forge log lines, serve a file as another type, start without a bad
// contribution file being set aside, write into an unreadable index, or
// create a document twice when a client retries.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "idempotency.h"
#include "m4d/indexer/contrib.h"
#include "service_fixture.h"

namespace m4d {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

const httplib::Headers& kAuth = testing::kEditorAuth;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int status_of(const std::string& raw) { return raw.size() > 12 ? std::stoi(raw.substr(9, 3)) : 0; }

// A well-formed PDF of `pages` empty pages.
std::string empty_pages_pdf(int pages) {
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>"};
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(3 + i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  for (int i = 0; i < pages; ++i) objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const std::size_t o : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

class AvailabilityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { service_ = new testing::ServiceFixture(); }
  static void TearDownTestSuite() { delete service_; }
  static testing::ServiceFixture* service_;
};

testing::ServiceFixture* AvailabilityTest::service_ = nullptr;

TEST_F(AvailabilityTest, PoliteKeepAliveClientsDoNotLockOthersOut) {
  // The fixture has 8 workers; 8 clients keep their connection and send a
  // request every 3 s. A new client is still answered: an idle connection
  // gives its worker back after 2 s.
  std::atomic<bool> stop{false};
  std::vector<std::thread> polite;
  for (int i = 0; i < 8; ++i)
    polite.emplace_back([&] {
      auto c = service_->client();
      c.set_keep_alive(true);
      while (!stop) {
        c.Get("/healthz");
        for (int k = 0; k < 30 && !stop; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto t0 = Clock::now();
  auto c = service_->client();
  c.set_read_timeout(12, 0);
  auto res = c.Get("/api/search?q=remittances");
  const double waited = seconds_since(t0);
  stop = true;
  for (auto& t : polite) t.join();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_LT(waited, 4.0);
}

TEST_F(AvailabilityTest, AConnectionBeyondTheWorkersAndTheirQueueIsToldToRetryAtOnce) {
  // 8 workers, 8 places in the queue: 16 clients sending their headers a byte
  // every 200 ms hold them all for as long as they go on (no timer frees them,
  // so the test does not depend on how fast this machine is). A new client is
  // answered 503 with Retry-After at once instead of waiting behind them.
  std::atomic<bool> stop{false};
  std::vector<std::thread> slow;
  for (int i = 0; i < 16; ++i)
    slow.emplace_back([&] {
      const int fd = testing::connect_local(service_->port());
      const std::string head = "GET /healthz HTTP/1.1\r\nX-Slow: ";
      ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
      while (!stop && ::send(fd, "y", 1, MSG_NOSIGNAL) == 1)
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ::close(fd);
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // The slow clients are taken in turn; a probe that still found a place is
  // answered at once (it asks for little), so try a few times.
  std::string raw;
  double waited = 0;
  for (int attempt = 0; attempt < 5 && status_of(raw) != 503; ++attempt) {
    if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto t0 = Clock::now();
    raw = testing::raw_exchange(service_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    waited = seconds_since(t0);
  }
  EXPECT_EQ(status_of(raw), 503) << raw.substr(0, 300);
  EXPECT_LT(waited, 1.0);
  EXPECT_NE(raw.find("Retry-After: 1\r\n"), std::string::npos) << raw.substr(0, 300);
  EXPECT_NE(raw.find("\"code\":\"busy\""), std::string::npos) << raw.substr(0, 300);
  // The slow clients leave: their workers are free again for everyone.
  stop = true;
  for (auto& t : slow) t.join();
  std::string again;
  for (int i = 0; i < 50 && status_of(again) != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again = testing::raw_exchange(service_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }
  EXPECT_EQ(status_of(again), 200) << again.substr(0, 300);
}

TEST_F(AvailabilityTest, ABurstOfNewConnectionsIsAnsweredWithoutHandshakeRetries) {
  // cpp-httplib listens with a backlog of 5: connections beyond it while its
  // accept loop was busy had their handshakes dropped and retried a second
  // later (bench/burst.py: p99 1-11 s). 200 clients connecting at once are
  // all answered (200, or 503 busy) before a first retry could have happened.
  constexpr int kClients = 200;
  std::atomic<bool> go{false};
  std::vector<double> took(kClients, 0);
  std::vector<int> status(kClients, 0);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i)
    clients.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      const auto t0 = Clock::now();
      status[i] = status_of(
          testing::raw_exchange(service_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      took[i] = seconds_since(t0);
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  go = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(std::count_if(status.begin(), status.end(), [](int s) { return s == 200 || s == 503; }), kClients);
  EXPECT_LT(*std::max_element(took.begin(), took.end()), 1.0);
}

TEST_F(AvailabilityTest, AnOversizedOrBogusContentLengthIsRefusedWithoutWaitingForTheBody) {
  auto refused_within = [](const std::string& headers, int status, double seconds) {
    const auto t0 = Clock::now();
    const std::string raw = testing::raw_exchange(
        service_->port(),
        "POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + headers + "\r\n");
    EXPECT_LT(seconds_since(t0), seconds) << headers;
    EXPECT_EQ(status_of(raw), status) << headers << raw.substr(0, 200);
    EXPECT_NE(raw.find("application/json"), std::string::npos) << raw.substr(0, 300);
  };
  refused_within("Content-Length: -1\r\n", 400, 1.0);
  refused_within("Content-Length: 12abc\r\n", 400, 1.0);
  refused_within("Content-Length: 26214400\r\nExpect: 100-continue\r\n", 413, 1.0);
  // Announced but never sent: one read timeout (3 s), no longer.
  refused_within("Content-Length: 26214400\r\n", 413, 4.5);
}

TEST_F(AvailabilityTest, ControlCharactersInThePathAreRefusedAndNeverReachTheLog) {
  for (const char* path : {"/index.html%00.js", "/api/search%0aGET%20/forged%20200", "/api/x%1b[31m"}) {
    const std::string raw =
        testing::raw_exchange(service_->port(), std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(status_of(raw), 400) << path << ": " << raw.substr(0, 200);
  }
  // Each request is logged by its worker after its answer, in no set order.
  service_->log_with("/api/x");
  const std::string log = service_->log_with("\\nGET /forged");
  EXPECT_EQ(log.find("\nGET /forged"), std::string::npos);
  EXPECT_EQ(log.find('\x1b'), std::string::npos);
  EXPECT_NE(log.find("\\nGET /forged"), std::string::npos) << "the escaped path is logged";
}

TEST_F(AvailabilityTest, AMalformedRequestIsLoggedWithItsOwnLatencyNotAStaleOne) {
  // Worker threads that served requests a while ago (a stale start time was
  // reused for requests that never reached routing: 29 s in the log and /metrics).
  for (int i = 0; i < 8; ++i) EXPECT_EQ(service_->client().Get("/healthz")->status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (int i = 0; i < 16; ++i) {
    const std::string raw = testing::raw_exchange(
        service_->port(), "GET /malformed-" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\nRange: bytes=zz\r\n\r\n");
    EXPECT_EQ(status_of(raw), 416) << raw.substr(0, 120);  // refused by cpp-httplib before routing
  }
  std::istringstream log(service_->log_with("/malformed-", 16));
  int seen = 0;
  for (std::string line; std::getline(log, line);) {
    if (line.find("/malformed-") == std::string::npos) continue;
    ++seen;
    const std::string latency = line.substr(line.rfind(' ') + 1);
    if (latency == "-") continue;
    ASSERT_TRUE(latency.ends_with("us")) << line;
    EXPECT_LT(std::stoll(latency), 1'000'000) << line;
  }
  EXPECT_EQ(seen, 16);
}

TEST_F(AvailabilityTest, ManyRangesGetTheFileOnceNotThousandsOfCopies) {
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 2000; ++i) ranges += ",0-";
  const std::string raw = testing::raw_exchange(
      service_->port(), "GET /index.html HTTP/1.1\r\nHost: x\r\nRange: " + ranges + "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(raw), 200) << raw.substr(0, 200);
  EXPECT_LT(raw.size(), 4096u);
}

TEST_F(AvailabilityTest, ATokenWithAControlCharacterIsNotTheToken) {
  const std::string body = R"({"title":"x"})";
  const std::string raw = testing::raw_exchange(
      service_->port(), std::string("POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                            testing::kEditorToken + std::string("\x01x", 2) +
                            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                            "\r\n\r\n" + body);
  EXPECT_EQ(status_of(raw), 401) << raw.substr(0, 200);
}

TEST_F(AvailabilityTest, ARetriedPostWithTheSameIdempotencyKeyCreatesOneDocument) {
  const json doc = {{"title", "Idempotent: diaspora savings groups in Kayes"},
                    {"text",
                     "In Kayes, Mali, savings groups of returnees and diaspora members pool remittances to fund "
                     "irrigation for market gardens run by women's cooperatives."},
                    {"type", "case_study"}};
  httplib::Headers headers = kAuth;
  headers.emplace("Idempotency-Key", "retry-test-0001");
  auto c = service_->client();
  auto first = c.Post("/api/documents", headers, doc.dump(), "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  auto again = c.Post("/api/documents", headers, doc.dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(json::parse(again->body)["id"], json::parse(first->body)["id"]);
  EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(again->get_header_value("Location"), first->get_header_value("Location"));

  json other = doc;
  other["title"] = "Another document under the same key";
  auto conflict = c.Post("/api/documents", headers, other.dump(), "application/json");
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->status, 409);
  EXPECT_EQ(json::parse(conflict->body)["error"]["code"], "idempotency_conflict");

  // Kept on disk: a restarted service (a new store over the same folder) answers the same.
  http::IdempotencyStore restarted(service_->dir() / "corpus" / "contrib" / ".idempotency");
  const auto answer = restarted.find("retry-test-0001");
  ASSERT_TRUE(answer);
  EXPECT_EQ(json::parse(answer->body)["id"], json::parse(first->body)["id"]);

  headers.erase("Idempotency-Key");
  headers.emplace("Idempotency-Key", std::string(300, 'k'));
  auto bad = c.Post("/api/documents", headers, doc.dump(), "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

// The window between storing a document and saving the answer to its key:
// the service stopped there, so the key is only reserved (with the id the
// document was to get). Key 1's document was stored (the contribution file is
// on disk and recovered at start), key 2's was not. Retries must not create a
// second document for key 1, and must create key 2's under its reserved id.
TEST(IdempotencyCrashWindow, ARetryAfterACrashFindsTheReservedDocument) {
  const json stored = {{"title", "Crash window: seed funds of a hometown association in Kolda"},
                       {"text",
                        "Members of a hometown association living in Turin pooled savings to fund a seed bank and "
                        "irrigation pumps for women farmers in Sinthiou, Kolda region, Senegal."},
                       {"type", "case_study"}};
  json lost = stored;
  lost["title"] = "Crash window: a diaspora-funded clinic in Koussanar";
  auto digest_of = [](const json& body) {
    httplib::Request req;
    req.body = body.dump();
    return http::IdempotencyStore::request_digest(req);
  };
  const std::string stored_id = "ed-crash-window-stored-00c0de";
  const std::string lost_id = "ed-crash-window-lost-00c0df";
  testing::ServiceFixture service(1, [&](const std::filesystem::path& corpus) {
    http::IdempotencyStore keys(corpus / "contrib" / ".idempotency");
    keys.save("crash-key-1", {digest_of(stored), 0, "", "", stored_id});
    keys.save("crash-key-2", {digest_of(lost), 0, "", "", lost_id});
    indexer::Contribution c;
    c.id = stored_id;
    c.title = stored["title"];
    c.text = stored["text"].get<std::string>();
    c.lang = "en";
    c.type = "case_study";
    c.source.publication_id = indexer::kContribPublicationId;
    c.source.publication = "Editors' contributions";
    c.created = c.updated = "2026-12-01T05:00:00Z";
    indexer::ContribStore(corpus).save(c);
  });
  auto c = service.client();
  // Documents titled `title` among the best answers to `word` (a duplicate has the same text).
  auto count = [&](const std::string& word, const json& title) {
    auto r = c.Get("/api/search?q=" + word + "&per_page=50");
    if (!r || r->status != 200) {
      ADD_FAILURE() << word << ": " << (r ? r->body : "no answer");
      return -1;
    }
    const json answer = json::parse(r->body);
    int n = 0;
    for (const auto& hit : answer["hits"]) n += hit["title"] == title;
    return n;
  };
  ASSERT_EQ(count("Sinthiou", stored["title"]), 1) << service.log();  // recovered at start

  auto post = [&](const std::string& key, const json& body) {
    httplib::Headers headers = kAuth;
    headers.emplace("Idempotency-Key", key);
    auto r = c.Post("/api/documents", headers, body.dump(), "application/json");
    EXPECT_TRUE(r);
    return r ? std::make_tuple(r->status, r->body, r->get_header_value("Idempotent-Replayed"))
             : std::make_tuple(0, std::string(), std::string());
  };
  auto id_of = [](const std::string& body) { return json::parse(body).value("id", ""); };

  auto [status, body, replayed] = post("crash-key-1", stored);
  EXPECT_EQ(status, 201) << body;
  EXPECT_EQ(id_of(body), stored_id);
  EXPECT_EQ(replayed, "true");
  EXPECT_EQ(count("Sinthiou", stored["title"]), 1);

  std::tie(status, body, replayed) = post("crash-key-2", lost);
  EXPECT_EQ(status, 201) << body;
  EXPECT_EQ(id_of(body), lost_id);
  EXPECT_EQ(replayed, "");
  std::tie(status, body, replayed) = post("crash-key-2", lost);
  EXPECT_EQ(id_of(body), lost_id);
  EXPECT_EQ(replayed, "true");
  EXPECT_EQ(count("Koussanar", lost["title"]), 1);

  // A request refused as invalid leaves its key free for the corrected one.
  json corrected = lost;
  corrected["title"] = "Crash window: corrected after a refusal";
  json too_short = corrected;
  too_short["text"] = "Too short.";
  EXPECT_EQ(std::get<0>(post("crash-key-3", too_short)), 422);
  EXPECT_EQ(std::get<0>(post("crash-key-3", corrected)), 201);
}

// Uploads near the size limit must not leave their buffers with the
// process: 16 clients posting 20 MiB at once, three times (four are read,
// the others told to come back), then the resident memory is back near
// where it was. glibc kept them (+183 MiB that never went) until m4d-serve
// fixed its mmap threshold.
TEST(UploadMemory, IsGivenBackAfterLargeUploads) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer's allocator keeps freed memory in quarantine: measured in the normal build";
#endif
  signal(SIGPIPE, SIG_IGN);  // a refused client's body may meet a closed socket
  testing::TempDir tmp;
  testing::ServeProcess serve;
  serve.start_on_a_copy(tmp.path());
  httplib::Client c("127.0.0.1", serve.port);
  ASSERT_TRUE(c.Get("/api/search?q=remittances"));
  const double before = serve.resident_mib();

  const std::string body = json{{"title", "A large upload"}, {"text", std::string(20 << 20, 'a')}}.dump();
  std::atomic<int> answered{0};
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> clients;
    for (int i = 0; i < 16; ++i)
      clients.emplace_back([&] {
        httplib::Client one("127.0.0.1", serve.port);
        one.set_write_timeout(30, 0);
        one.set_read_timeout(30, 0);
        if (auto r = one.Post("/api/documents", kAuth, body, "application/json"); r && r->status >= 400) ++answered;
      });
    for (auto& t : clients) t.join();
  }
  const double after = serve.resident_mib();
  serve.stop();
  EXPECT_GE(answered, 12);  // four read at a time, each refused as too long
  EXPECT_LT(after - before, 48) << "resident memory " << before << " MiB before, " << after << " MiB after";
}

TEST_F(AvailabilityTest, AtMostFourLargeUploadsAreReadAtOnce) {
  // Four clients announce 2 MiB bodies and send them slowly: they hold the
  // four upload slots. A fifth large upload is told to come back (503).
  const std::string head = std::string("POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                           testing::kEditorToken +
                           "\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n{\"title\": \"";
  std::vector<int> slow;
  for (int i = 0; i < 4; ++i) {
    const int fd = testing::connect_local(service_->port());
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
    slow.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::string raw = testing::raw_exchange(service_->port(), head);  // refused before its body
  EXPECT_EQ(status_of(raw), 503) << raw.substr(0, 300);
  EXPECT_NE(raw.find("Retry-After: 2"), std::string::npos) << raw.substr(0, 300);
  for (const int fd : slow) ::close(fd);
  // The slots come back: a small document goes through again.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto ok = service_->client().Post(
      "/api/tag", kAuth,
      R"({"title":"t","text":"Remittances from the diaspora fund a village clinic and a school in the region."})",
      "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST_F(AvailabilityTest, APdfWithTooManyPagesIsRefusedQuickly) {
  httplib::MultipartFormDataItems form = {{"file", empty_pages_pdf(501), "many.pdf", "application/pdf"},
                                          {"title", "Too many pages", "", ""}};
  const auto t0 = Clock::now();
  auto res = service_->client().Post("/api/documents", kAuth, form);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422) << res->body;
  EXPECT_NE(res->body.find("501 pages"), std::string::npos) << res->body;
  EXPECT_LT(seconds_since(t0), 2.0);
}

TEST(AvailabilityStartTest, AFullDiskAnswers507AndLeavesNothingHalfWritten) {
  std::filesystem::path contrib;
  testing::ServiceFixture service(1, [&](const std::filesystem::path& corpus) {
    contrib = corpus / "contrib";
    std::filesystem::create_directories(contrib);
    if (::mount("tmpfs", contrib.c_str(), "tmpfs", 0, "size=64k") != 0) contrib.clear();
  });
  if (contrib.empty()) GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
  auto c = service.client();
  const json small = {{"title", "Before the disk fills"},
                      {"text", "A short case study about a hometown association that funds a clinic in the village."}};
  auto first = c.Post("/api/documents", kAuth, small.dump(), "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  const std::string id = json::parse(first->body)["id"];
  {  // fill the disk
    std::ofstream filler(contrib / ".filler", std::ios::binary);
    filler << std::string(200 * 1024, 'x');
  }
  auto listing = [&] {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::recursive_directory_iterator(contrib))
      if (e.path().filename() != ".filler") names.push_back(e.path().lexically_relative(contrib).string());
    std::sort(names.begin(), names.end());
    return names;
  };
  const auto before = listing();
  json big = small;
  big["title"] = "After the disk filled";
  big["text"] = std::string(small["text"]) + " " + std::string(60000, 'a');
  auto full = c.Post("/api/documents", kAuth, big.dump(), "application/json");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->status, 507) << full->body;
  auto put = c.Put(("/api/documents/" + id).c_str(), kAuth, big.dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 507) << put->body;
  EXPECT_EQ(listing(), before) << "no temporary file, no new document, no empty history folder";
  auto still = c.Get(("/api/documents/" + id).c_str());
  ASSERT_TRUE(still);
  EXPECT_EQ(json::parse(still->body)["title"], "Before the disk fills");
  ::umount2(contrib.c_str(), MNT_DETACH);
}

TEST(AvailabilityStartTest, ABadContributionFileIsQuarantinedAndTheServiceStarts) {
  testing::ServiceFixture service(1, [](const std::filesystem::path& corpus) {
    std::filesystem::create_directories(corpus / "contrib");
    std::ofstream(corpus / "contrib" / "broken.json") << R"({"id":"broken","deleted":"yes"})";
    std::ofstream(corpus / "contrib" / "huge.json") << R"({"id":"huge","title":"t","n":1e999})";
    std::ofstream(corpus / "contrib" / "cut.json") << R"({"id":"cut","title":"Trunc)";
    std::ofstream(corpus / "contrib" / "ed-zz-000001.json")
        << R"({"id":"ed-zz-000001","title":"Unknown country","lang":"en","type":"case_study",)"
        << R"("text":"A document long enough to pass the length rule of the editing API, but tagged ZZ.",)"
        << R"("source":{"publication_id":"contrib"},"countries":["ZZ"]})";
  });
  auto res = service.client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const auto quarantine = service.dir() / "corpus" / "contrib" / "quarantine";
  for (const char* name : {"broken.json", "huge.json", "cut.json", "ed-zz-000001.json"}) {
    EXPECT_TRUE(std::filesystem::exists(quarantine / name)) << name;
    EXPECT_FALSE(std::filesystem::exists(service.dir() / "corpus" / "contrib" / name)) << name;
    EXPECT_NE(service.log().find(std::string("quarantined ") + (service.dir() / "corpus" / "contrib" / name).string()),
              std::string::npos)
        << service.log();
  }
  auto gone = service.client().Get("/api/documents/ed-zz-000001");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

TEST(AvailabilityStartTest, ACorruptIndexIsNotOkAndTakesNoWrites) {
  testing::ServiceFixture service;
  const auto shard = std::filesystem::canonical(service.dir() / "index") / "shard-0";
  for (const char* table : {"docdata.glass", "termlist.glass", "postlist.glass"}) {
    const auto size = std::filesystem::file_size(shard / table);
    std::fstream f(shard / table, std::ios::in | std::ios::out | std::ios::binary);
    const std::string junk(size, '\xA5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto health = service.client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503) << health->body;
  const json doc = {{"title", "Written into a corrupt index?"},
                    {"text", "This document must not be acknowledged while the index cannot be read back at all."}};
  auto post = service.client().Post("/api/documents", kAuth, doc.dump(), "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 503) << post->body;
}

}  // namespace
}  // namespace m4d
