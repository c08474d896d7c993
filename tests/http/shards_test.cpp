// The same corpus indexed as one database and as three shards (m4d-index
// --shards 3) answers every read request with the same JSON, and editing works
// on the sharded index.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "service_fixture.h"

namespace m4d {
namespace {

using nlohmann::json;

const httplib::Headers& kAuth = testing::kEditorAuth;

class ShardsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    single_ = new testing::ServiceFixture(1);
    sharded_ = new testing::ServiceFixture(3);
  }
  static void TearDownTestSuite() {
    delete single_;
    delete sharded_;
  }
  // The body of GET `path`, with the timing field removed; one Host for
  // both servers, so the page links of exports are the same.
  static std::string body(testing::ServiceFixture& service, const std::string& path) {
    auto res = service.client().Get(path.c_str(), {{"Host", "m4d.example"}});
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << path << " -> " << res->body.substr(0, 200);
    if (res->get_header_value("Content-Type").rfind("application/json", 0) != 0) return res->body;
    json j = json::parse(res->body);
    if (j.is_object()) j.erase("took_ms");
    return j.dump(1);
  }
  static testing::ServiceFixture* single_;
  static testing::ServiceFixture* sharded_;
};

testing::ServiceFixture* ShardsTest::single_ = nullptr;
testing::ServiceFixture* ShardsTest::sharded_ = nullptr;

TEST_F(ShardsTest, TheIndexDirectoryHoldsThreeShardsAndASpellingDatabase) {
  const auto dir = std::filesystem::canonical(sharded_->dir() / "index");
  for (const char* name : {"shard-0", "shard-1", "shard-2", "spelling", "XAPIANDB"})
    EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
  EXPECT_FALSE(std::filesystem::exists(dir / "shard-3"));
}

TEST_F(ShardsTest, EveryReadRequestAnswersTheSameJsonAsOneDatabase) {
  const std::vector<std::string> paths = {
      "/api/search?q=remittances",
      "/api/search?q=migrant%20resource%20centre",
      "/api/search?q=circular%20migration&page=2",
      "/api/search?q=%22local%20authorities%22",
      "/api/search?q=diaspora&theme=communities",
      "/api/search?q=diaspora&theme=communities&country=SN&country=ML&sdg=10.7",
      "/api/search?q=return%20reintegration&country=SN",
      "/api/search?q=gender%20equality&theme=rights",
      "/api/search?q=Ecuador%20return",
      "/api/search?q=women%20training%20employment%20rights",
      "/api/search?q=women%20training%20employment%20rights&theme=rights&per_page=5&page=2",
      "/api/search?q=youth%20employment%20entrepreneurship&facets=false&sort=date",
      "/api/search?q=remitances",
      "/api/search?q=emploi%20des%20jeunes",
      "/api/search?q=l%27emploi%20des%20femmes",
      "/api/search?q=remesas%20familias",
      "/api/search?q=%D8%A7%D9%84%D9%87%D8%AC%D8%B1%D8%A9",
      "/api/search?q=remessas",
      "/api/search?q=financial%20literacy&region=002",
      "/api/search?sdg=10.7&type=case_study",
      "/api/search?goal=8&sort=title",
      "/api/search?q=health&sort=date",
      "/api/search?q=&theme=remittances&per_page=50",
      "/api/search?q=title:diaspora",
      "/api/search?q=diaspora%20-France",
      "/api/search?q=youth&lang=en&type=project",
      "/api/search?q=capacity%20building&ui_lang=fr",
      "/api/export?q=remittances&format=csv",
      "/api/export?sdg=10.7",
      "/api/export?format=json&theme=communities",
      "/api/suggest?q=remit",
      "/api/suggest?q=Sen",
      "/api/taxonomy",
      "/api/documents/hb-3-1",
      "/api/documents/hb-3-1/similar",
      "/api/documents/prj-senegal-45/similar?country=SN",
      "/api/documents/ss-01/similar",
  };
  ASSERT_GE(paths.size(), 30u);
  for (const auto& path : paths) EXPECT_EQ(body(*single_, path), body(*sharded_, path)) << path;
}

TEST_F(ShardsTest, DocumentsAreAddedReplacedAndDeletedOnTheShardedIndex) {
  auto c = sharded_->client();
  const json doc = {{"title", "Zanzibar seaweed cooperatives of returning migrants"},
                    {"text",
                     "Returning migrants in Zanzibar, Tanzania, founded seaweed cooperatives with the support of the "
                     "district council and used their savings to buy drying racks and boats for the village."},
                    {"type", "case_study"}};
  auto created = c.Post("/api/documents", kAuth, doc.dump(), "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json::parse(created->body)["id"];
  const json found = json::parse(body(*sharded_, "/api/search?q=zanzibar%20seaweed"));
  ASSERT_FALSE(found["hits"].empty());
  EXPECT_EQ(found["hits"][0]["id"], id);

  json changed = doc;
  changed["title"] = "Pemba seaweed cooperatives of returning migrants";
  auto put = c.Put(("/api/documents/" + id).c_str(), kAuth, changed.dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(json::parse(body(*sharded_, "/api/documents/" + id))["title"], changed["title"]);
  const json replaced = json::parse(body(*sharded_, "/api/search?q=pemba%20zanzibar%20seaweed"));
  ASSERT_FALSE(replaced["hits"].empty());
  EXPECT_EQ(replaced["hits"][0]["id"], id);
  EXPECT_EQ(replaced["hits"][0]["title"], changed["title"]);

  auto del = c.Delete(("/api/documents/" + id).c_str(), kAuth);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 204);
  const json after = json::parse(body(*sharded_, "/api/search?q=zanzibar%20seaweed"));
  for (const auto& hit : after["hits"]) EXPECT_NE(hit["id"], id);
  auto gone = c.Get(("/api/documents/" + id).c_str());
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
  // Spelling data of the sharded index follows new words ("did you mean").
  const json fixed = json::parse(body(*sharded_, "/api/search?q=remitances"));
  EXPECT_EQ(fixed.value("corrected_query", ""), "remittances");
}

}  // namespace
}  // namespace m4d
