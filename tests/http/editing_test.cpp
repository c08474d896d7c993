// Editing through the HTTP API (issue E): statuses, durability on disk,
// searchability, and searches running while documents are added (a kill -9
// mid-burst: editing_crash_test.cpp).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>

#include "m4d/schema.h"
#include "service_fixture.h"

namespace m4d {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const httplib::Headers& kAuth = testing::kEditorAuth;

const char* kFrenchText =
    "La commune de Sédhiou au Sénégal accompagne les associations de la diaspora qui financent des "
    "coopératives maraîchères. Les femmes des villages reçoivent une formation à la gestion et à "
    "l'éducation financière, et les transferts de fonds servent à acheter des motopompes.";
const char* kSpanishText =
    "El municipio de Santa Rosa de Copán, en Honduras, creó una ventanilla para migrantes retornados "
    "deportados desde Estados Unidos. La oficina ofrece orientación laboral, apoyo psicológico y "
    "microcréditos para que las familias inicien pequeños negocios con sus remesas.";

class EditingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { service_ = new testing::ServiceFixture(); }
  static void TearDownTestSuite() { delete service_; }

  static httplib::Result post(const std::string& path, const json& body, const httplib::Headers& headers = kAuth) {
    return service_->client().Post(path.c_str(), headers, body.dump(), "application/json");
  }
  static json search(const std::string& query) {
    auto res =
        service_->client().Get(("/api/search?per_page=20&q=" + httplib::detail::encode_query_param(query)).c_str());
    EXPECT_TRUE(res && res->status == 200);
    return res ? json::parse(res->body) : json();
  }
  static std::vector<std::string> hit_ids(const json& r) {
    std::vector<std::string> ids;
    for (const auto& h : r["hits"]) ids.push_back(h["id"]);
    return ids;
  }
  static bool found(const std::string& query, const std::string& id) {
    const auto ids = hit_ids(search(query));
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
  static std::vector<std::string> tag_ids(const json& tags, const std::string& provenance = "") {
    std::vector<std::string> ids;
    for (const auto& t : tags)
      if (provenance.empty() || t["provenance"] == provenance) ids.push_back(t["id"]);
    return ids;
  }
  static fs::path contrib_dir() { return service_->dir() / "corpus" / "contrib"; }

  static testing::ServiceFixture* service_;
};

testing::ServiceFixture* EditingTest::service_ = nullptr;

TEST_F(EditingTest, EditingRequiresAValidTokenThatIsNeverLogged) {
  const json doc = {{"title", "Unauthorised"}, {"text", kFrenchText}};
  for (const auto& headers : {httplib::Headers{}, httplib::Headers{{"Authorization", "Bearer wrong-token-xyz"}},
                              httplib::Headers{{"Authorization", "Basic dGVzdA=="}}}) {
    auto res = post("/api/documents", doc, headers);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(res->get_header_value("WWW-Authenticate").rfind("Bearer", 0), 0u);
    EXPECT_EQ(json::parse(res->body)["error"]["code"], "unauthorized");
  }
  auto del = service_->client().Delete("/api/documents/ss-01", httplib::Headers{{"Authorization", "Bearer nope"}});
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 401);
  auto tag = post("/api/tag", doc, {});
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->status, 401);
  // Reads stay open; nothing was stored.
  EXPECT_EQ(service_->client().Get("/api/documents/ss-01")->status, 200);
  EXPECT_FALSE(fs::exists(contrib_dir() / "ss-01.json"));
  // A good request, then: neither token appears in the log.
  ASSERT_EQ(post("/api/tag", doc)->status, 200);
  const std::string log = service_->log_with("POST /api/tag 200");
  EXPECT_EQ(log.find(testing::kEditorToken), std::string::npos);
  EXPECT_EQ(log.find("wrong-token-xyz"), std::string::npos);
  EXPECT_NE(log.find("POST /api/tag 200"), std::string::npos);
}

TEST_F(EditingTest, FrenchAndSpanishDocumentsArePostedStoredAndFound) {
  auto fr = post("/api/documents", {{"title", "Coopératives maraîchères de la diaspora à Sédhiou"},
                                    {"text", kFrenchText},
                                    {"themes", {"communities"}},
                                    {"sdg_targets", {"10.C", "2.3"}}});
  ASSERT_TRUE(fr);
  ASSERT_EQ(fr->status, 201) << fr->body;
  const json fr_doc = json::parse(fr->body);
  const std::string fr_id = fr_doc["id"];
  EXPECT_EQ(fr->get_header_value("Location"), "/api/documents/" + fr_id);
  EXPECT_EQ(fr_doc["lang"], "fr") << "detected from the text";
  EXPECT_EQ(tag_ids(fr_doc["sdg_targets"], "editor"), (std::vector<std::string>{"10.c", "2.3"}));
  EXPECT_EQ(tag_ids(fr_doc["themes"], "editor"), std::vector<std::string>{"communities"});
  EXPECT_EQ(tag_ids(fr_doc["countries"]).at(0), "SN") << "inferred from Sédhiou";
  EXPECT_EQ(fr_doc["countries"][0]["provenance"], "inferred");
  // Durable on disk before the answer: the corpus holds the editor's record.
  ASSERT_TRUE(fs::exists(contrib_dir() / (fr_id + ".json")));
  EXPECT_NE(testing::read_file(contrib_dir() / (fr_id + ".json")).find("Sédhiou"), std::string::npos);

  auto es = post(
      "/api/documents",
      {{"title", "Ventanilla para migrantes retornados en Santa Rosa de Copán"},
       {"text", kSpanishText},
       {"lang", "es"},
       {"countries", {"hn"}},
       {"type", "text_box"},
       {"source",
        {{"publication", "Boletín municipal"}, {"year", 2025}, {"url", "https://santarosadecopan.example/boletin"}}}});
  ASSERT_TRUE(es);
  ASSERT_EQ(es->status, 201) << es->body;
  const json es_doc = json::parse(es->body);
  const std::string es_id = es_doc["id"];
  EXPECT_EQ(es_doc["type"], "text_box");
  EXPECT_EQ(es_doc["source"]["publication"], "Boletín municipal");
  EXPECT_EQ(es_doc["source"]["year"], "2025");
  EXPECT_EQ(es_doc["source"]["url"], "https://santarosadecopan.example/boletin");
  EXPECT_EQ(es_doc["countries"][0]["id"], "HN");
  EXPECT_EQ(es_doc["countries"][0]["provenance"], "editor");
  EXPECT_EQ(es_doc["countries"][0]["role"], "primary");

  // Searchable as soon as 201 was sent: in their language, without accents, and across languages.
  EXPECT_TRUE(found("coopératives maraîchères", fr_id));
  EXPECT_TRUE(found("cooperatives maraicheres Sedhiou", fr_id));
  EXPECT_TRUE(found("diaspora associations financial literacy Senegal", fr_id));
  EXPECT_TRUE(found("migrantes retornados deportados", es_id));
  EXPECT_TRUE(found("return migrants Honduras", es_id));
  auto facet = service_->client().Get("/api/search?country=HN&type=text_box");
  ASSERT_TRUE(facet);
  EXPECT_EQ(hit_ids(json::parse(facet->body)), std::vector<std::string>{es_id});
  auto got = service_->client().Get(("/api/documents/" + es_id).c_str());
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(json::parse(got->body)["text"], json::parse(es->body)["text"]);
  // Stored like the built units: compressed with the index's record dictionary.
  Xapian::Database db((service_->dir() / "index").string());
  const auto posted = db.postlist_begin(std::string(schema::kPrefixId) + es_id);
  ASSERT_NE(posted, db.postlist_end(std::string(schema::kPrefixId) + es_id));
  EXPECT_EQ(db.get_document(*posted).get_data().front(), '\x02');
}

// Editors write the feminine ("travailleuses domestiques"); the glossary and
// the translations of other languages' queries have the masculine.
TEST_F(EditingTest, DocumentsInTheFeminineAreFoundFromEveryLanguage) {
  auto res = post("/api/documents",
                  {{"title", "Un guichet pour les travailleuses domestiques à Dakar"},
                   {"text",
                    "La ville de Dakar accueille les travailleuses domestiques migrantes et leurs familles : "
                    "conseil juridique, cours de langue et éducation financière sur les transferts de fonds."}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const std::string id = json::parse(res->body)["id"];
  for (const char* q : {"travailleurs domestiques", "trabajadoras domésticas", "trabajadores domésticos"})
    EXPECT_EQ(hit_ids(search(q)).at(0), id) << q;  // the one unit that says it, before loose matches
  EXPECT_TRUE(found("domestic workers", id));
}

TEST_F(EditingTest, ChineseDocumentIsSegmentedIntoWords) {
  // Chinese has no spaces: ICU's word breaker gives the index its words.
  auto zh =
      post("/api/documents", {{"title", "\u79FB\u6C11\u6C47\u6B3E\u4E0E\u5730\u65B9\u53D1\u5C55"},
                              {"text",
                               "\u6D77\u5916\u4FA8\u6C11\u534F\u4F1A\u652F\u6301\u5BB6\u4E61\u7684\u6559\u80B2\u9879"
                               "\u76EE\u3002\u79FB\u6C11\u6C47\u6B3E\u4FC3\u8FDB\u5730\u65B9\u53D1\u5C55\uFF0C\u5E02"
                               "\u653F\u5E9C\u4E3A\u79FB\u6C11\u5BB6\u5EAD\u63D0\u4F9B\u91D1\u878D\u6559\u80B2\u8BFE"
                               "\u7A0B\u3002"
                               "\u8FD9\u4E9B\u9879\u76EE\u7531\u5730\u65B9\u653F\u5E9C\u548C\u4FA8\u6C11\u7EC4\u7EC7"
                               "\u5171\u540C\u7BA1\u7406\u3002"},
                              {"lang", "zh"}});
  ASSERT_TRUE(zh);
  ASSERT_EQ(zh->status, 201) << zh->body;
  const std::string id = json::parse(zh->body)["id"];
  EXPECT_TRUE(found("\u6C47\u6B3E", id));               // "remittances", inside a run of characters
  EXPECT_TRUE(found("\u91D1\u878D\u6559\u80B2", id));   // "financial education", two words as a phrase
  EXPECT_FALSE(found("\u6C47\u6B3E\u6559\u80B2", id));  // not adjacent in the text
}

TEST_F(EditingTest, CachedSearchesSeeANewDocumentAtOnce) {
  // The same search twice: the second answer comes from the response cache...
  const std::string query = "seaweed cooperatives of Zanzibar";
  // Facet counts too are those of the newest index version.
  auto tanzania_units = [] {
    const json r = search("");
    for (const auto& v : r["facets"]["country"])
      if (v["value"] == "TZ") return v["count"].get<int>();
    return 0;
  };
  const int tanzania_before = tanzania_units();
  const json before = search(query);
  EXPECT_EQ(search(query).dump(), before.dump());
  for (const auto& h : before["hits"]) ASSERT_NE(h["title"], "Seaweed cooperatives of Zanzibar");
  // ...until the index changes: the next search after the 201 finds the new document.
  auto res = post("/api/documents", {{"title", "Seaweed cooperatives of Zanzibar"},
                                     {"text",
                                      "Returning migrants trained seaweed farmers in Zanzibar and set up cooperatives "
                                      "that sell to the diaspora's shops abroad."},
                                     {"lang", "en"},
                                     {"countries", {"TZ"}}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_TRUE(found(query, json::parse(res->body)["id"]));
  EXPECT_EQ(json::parse(res->body)["countries"][0]["id"], "TZ");
  EXPECT_EQ(tanzania_units(), tanzania_before + 1);
}

TEST_F(EditingTest, AfterReviewingSuggestionsOnlyTheAcceptedTagsAreStored) {
  const json doc = {
      {"title", "Diaspora savings groups finance clinics in Kayes"},
      {"text",
       "Malian migrants living in Montreuil, France, pool their savings and send collective remittances to "
       "Kayes, Mali, where the municipal council builds health clinics with the money. Transaction costs "
       "fell after a partnership with a cooperative bank."},
      {"themes", {"remittances"}},
      {"countries", {"ML"}},
      {"sdg_targets", {"10.c"}},
      {"tags_reviewed", true}};
  auto res = post("/api/documents", doc);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const json stored = json::parse(res->body);
  for (const char* facet : {"themes", "countries", "sdg_targets"})
    for (const auto& tag : stored[facet]) EXPECT_EQ(tag["provenance"], "editor") << facet << " " << tag.dump();
  EXPECT_EQ(stored["sdg_targets"].size(), 1u);
  EXPECT_EQ(stored["countries"].size(), 1u);
  // Without the review the tagger's suggestions join the editor's tags, as inferred.
  json unreviewed = doc;
  unreviewed["title"] = "Diaspora savings groups finance clinics in Kayes (draft 2)";
  unreviewed.erase("tags_reviewed");
  const json plain = json::parse(post("/api/documents", unreviewed)->body);
  EXPECT_GT(plain["sdg_targets"].size(), 1u);
  auto bad = post("/api/documents", json{{"title", "x"}, {"tags_reviewed", "yes"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_NE(bad->body.find("tags_reviewed"), std::string::npos);
}

// A diaspora in France running a practice in Mali: the editor says which country
// is where the practice happens and which is only mentioned.
TEST_F(EditingTest, AnEditorSaysWhichCountriesAreOnlyMentioned) {
  json doc = {{"title", "Kayes clinics financed by savings groups in Montreuil"},
              {"text",
               "Malian migrants living in Montreuil, France, pool their savings and send collective remittances "
               "to Kayes, Mali, where the municipal council builds health clinics with the money."},
              {"countries", {"ml"}},
              {"mentioned_countries", {"FR", "ML"}},
              {"tags_reviewed", true}};
  auto res = post("/api/documents", doc);
  ASSERT_EQ(res->status, 201) << res->body;
  const json stored = json::parse(res->body);
  std::map<std::string, std::string> roles;
  for (const auto& c : stored["countries"]) {
    EXPECT_EQ(c["provenance"], "editor") << c.dump();
    roles[c["id"]] = c["role"];
  }
  EXPECT_EQ(roles, (std::map<std::string, std::string>{{"ML", "primary"}, {"FR", "mentioned"}}))
      << "a primary country is not also mentioned";
  const std::string id = stored["id"];
  EXPECT_NE(testing::read_file(contrib_dir() / (id + ".json")).find("\"mentioned_countries\""), std::string::npos);
  auto ids_for = [&](const std::string& query) { return hit_ids(json::parse(service_->client().Get(query)->body)); };
  auto has = [](const std::vector<std::string>& ids, const std::string& x) {
    return std::find(ids.begin(), ids.end(), x) != ids.end();
  };
  EXPECT_TRUE(has(ids_for("/api/search?per_page=100&country=FR"), id));
  EXPECT_FALSE(has(ids_for("/api/search?per_page=100&country=FR&country_role=primary"), id));
  EXPECT_TRUE(has(ids_for("/api/search?per_page=100&country=ML&country_role=primary"), id));
  // A change can swap the roles; an unknown country is named by its place in the list.
  auto put =
      service_->client().Put(("/api/documents/" + id).c_str(), kAuth,
                             json{{"countries", {"FR"}}, {"mentioned_countries", {"ML"}}}.dump(), "application/json");
  ASSERT_EQ(put->status, 200) << put->body;
  const json changed = json::parse(put->body);  // kept alive: the loop reads into it
  for (const auto& c : changed["countries"])
    EXPECT_EQ(c["role"], c["id"] == "FR" ? "primary" : "mentioned") << c.dump();
  doc["mentioned_countries"] = {"FR", "ZZ"};
  auto bad = post("/api/documents", doc);
  ASSERT_EQ(bad->status, 422);
  EXPECT_TRUE(json::parse(bad->body)["error"]["fields"].contains("mentioned_countries[1]")) << bad->body;
}

// A search as an Atom feed: the document an editor just added comes first,
// dated by its change; the others by their publication year, newest first.
// (Tunisia: no other test of this suite adds or changes a document there.)
TEST_F(EditingTest, AFeedOfASearchShowsNewDocumentsFirst) {
  auto created = post("/api/documents", {{"title", "Feed: savings & <loans> for returnees in Gabès"},
                                         {"text",
                                          "A diaspora association funds a savings and loans scheme for returnees in "
                                          "Gabès, Tunisia, with the municipality and a microfinance bank."},
                                         {"countries", {"TN"}}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json::parse(created->body)["id"];
  auto feed = service_->client().Get("/api/feed?country=TN&per_page=5");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->status, 200);
  EXPECT_EQ(feed->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  const std::string& xml = feed->body;
  EXPECT_TRUE(
      xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_NE(xml.find("<title>m4d-search: country=TN</title>"), std::string::npos);
  EXPECT_NE(xml.find("Feed: savings &amp; &lt;loans&gt; for returnees in Gabès"), std::string::npos);
  EXPECT_EQ(xml.find("<loans>"), std::string::npos);
  // Entries: the new document first, then by updated time, newest first.
  std::vector<std::string> ids, updated;
  for (std::size_t at = xml.find("<entry>"); at != std::string::npos; at = xml.find("<entry>", at + 1)) {
    const auto id_at = xml.find("<id>urn:m4d-search:unit:", at) + 24;
    ids.push_back(xml.substr(id_at, xml.find("</id>", id_at) - id_at));
    const auto up_at = xml.find("<updated>", at) + 9;
    updated.push_back(xml.substr(up_at, xml.find("</updated>", up_at) - up_at));
  }
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_EQ(ids[0], id);
  EXPECT_TRUE(std::is_sorted(updated.rbegin(), updated.rend())) << ::testing::PrintToString(updated);
  EXPECT_TRUE(updated[1].ends_with("-01-01T00:00:00Z")) << updated[1];
  EXPECT_LT(xml.find("<updated>" + updated[0] + "</updated>"), xml.find("<entry>"))
      << "the feed is as new as its newest entry";
  // The same order in a search.
  auto sorted = service_->client().Get("/api/search?country=TN&sort=updated&per_page=1");
  ASSERT_TRUE(sorted);
  EXPECT_EQ(json::parse(sorted->body)["hits"][0]["id"], id);
}

TEST_F(EditingTest, InvalidDocumentsGetPerFieldErrors) {
  auto res = post("/api/documents", {{"title", ""},
                                     {"text", "too short"},
                                     {"lang", "xx"},
                                     {"type", "novel"},
                                     {"countries", {"SN", "XX"}},
                                     {"themes", {"weather"}},
                                     {"sdg_targets", {"10.7", "99.9"}}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  const json err = json::parse(res->body)["error"];
  EXPECT_EQ(err["code"], "invalid_document");
  for (const char* field : {"title", "text", "lang", "type", "countries[1]", "themes[0]", "sdg_targets[1]"})
    EXPECT_TRUE(err["fields"].contains(field)) << field << " in " << err.dump();
  EXPECT_FALSE(err["fields"].contains("countries[0]"));
  // The same, as codes and numbers a client says in its own words.
  std::map<std::string, json> details;
  for (const auto& d : err["details"]) details[d["field"]] = d;
  EXPECT_EQ(details["title"]["code"], "required");
  EXPECT_EQ(details["text"]["code"], "too_short");
  EXPECT_EQ(details["text"]["limit"], 50);
  EXPECT_EQ(details["text"]["got"], 9);
  EXPECT_EQ(details["lang"]["code"], "unknown_value");
  EXPECT_EQ(details["lang"]["value"], "xx");
  EXPECT_EQ(details["countries[1]"]["code"], "unknown_value");
  EXPECT_EQ(details["countries[1]"]["value"], "XX");
  EXPECT_EQ(details["sdg_targets[1]"]["value"], "99.9");
  const json long_title =
      json::parse(post("/api/documents", {{"title", std::string(301, 'a')}, {"text", kFrenchText}})->body)["error"];
  EXPECT_EQ(long_title["details"][0]["code"], "too_long");
  EXPECT_EQ(long_title["details"][0]["limit"], 300);
  EXPECT_EQ(long_title["details"][0]["got"], 301);

  EXPECT_EQ(post("/api/documents", {{"title", std::string(301, 'a')}, {"text", kFrenchText}})->status, 422);
  for (const char* link : {"javascript:alert(1)", "www.example.org", "https://example.org/a b"}) {
    const auto bad_link =
        post("/api/documents",
             {{"title", "Linked"}, {"text", kFrenchText}, {"source", {{"publication", "Bulletin"}, {"url", link}}}});
    ASSERT_EQ(bad_link->status, 422) << link;
    EXPECT_EQ(json::parse(bad_link->body)["error"]["details"][0]["field"], "source.url") << bad_link->body;
    EXPECT_EQ(json::parse(bad_link->body)["error"]["details"][0]["code"], "not_a_link") << bad_link->body;
  }
  EXPECT_EQ(post("/api/documents", {{"title", 42}, {"text", kFrenchText}})->status, 422);
  EXPECT_EQ(post("/api/documents", {{"title", "No text"}})->status, 422);
  EXPECT_EQ(post("/api/documents", json::array({1, 2}))->status, 422);
  EXPECT_EQ(post("/api/documents", {{"title", "Huge"}, {"text", std::string(200001, 'a')}})->status, 422);
  auto c = service_->client();
  auto malformed = c.Post("/api/documents", kAuth, "{\"title\": ", "application/json");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(json::parse(malformed->body)["error"]["code"], "invalid_json");
  auto wrong_type = c.Post("/api/documents", kAuth, "title=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(wrong_type);
  EXPECT_EQ(wrong_type->status, 415);
  auto too_large = c.Post("/api/documents", kAuth, std::string(5 * 1024 * 1024, ' '), "application/json");
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 413);
  EXPECT_EQ(too_large->get_header_value("Content-Type"), "application/json; charset=utf-8");
  auto far_too_large = c.Post("/api/documents", kAuth, std::string(22 * 1024 * 1024, ' '), "application/json");
  ASSERT_TRUE(far_too_large);
  EXPECT_EQ(far_too_large->status, 413);
  auto health = json::parse(c.Get("/healthz")->body);
  EXPECT_EQ(c.Put("/api/documents/no-such-unit", kAuth, json{{"title", "x"}}.dump(), "application/json")->status, 404);
  EXPECT_EQ(c.Delete("/api/documents/no-such-unit", kAuth)->status, 404);
  EXPECT_EQ(c.Patch("/api/documents/ss-01", kAuth, "{}", "application/json")->status, 405);
  EXPECT_EQ(c.Get("/api/tag")->status, 405);
  EXPECT_EQ(json::parse(c.Get("/healthz")->body)["documents"], health["documents"]) << "nothing invalid was stored";
}

TEST_F(EditingTest, PutChangesTextAndTagsAndKeepsHistory) {
  auto created = post("/api/documents", {{"title", "Hometown association water project"},
                                         {"text", std::string("The hometown association of Zacatecas migrants in "
                                                              "Chicago co-finances a drinking water network in "
                                                              "their village with the municipality.")},
                                         {"lang", "en"}});
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json::parse(created->body)["id"];
  EXPECT_TRUE(found("Zacatecas drinking water", id));

  auto c = service_->client();
  const json change = {{"text",
                        "The hometown association of Oaxaca migrants in Los Angeles co-finances a "
                        "solar irrigation scheme and a training centre for young farmers."},
                       {"countries", {"MX"}},
                       {"sdg_targets", {"6.1", "17.17"}}};
  auto put = c.Put(("/api/documents/" + id).c_str(), kAuth, change.dump(), "application/json");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  const json doc = json::parse(put->body);
  EXPECT_EQ(doc["title"], "Hometown association water project") << "absent fields keep their value";
  EXPECT_EQ(tag_ids(doc["sdg_targets"], "editor"), (std::vector<std::string>{"6.1", "17.17"}));
  EXPECT_EQ(tag_ids(doc["countries"], "editor"), std::vector<std::string>{"MX"});
  EXPECT_TRUE(found("Oaxaca solar irrigation", id));
  EXPECT_FALSE(found("Zacatecas", id));
  const auto by_target = hit_ids(json::parse(c.Get("/api/search?per_page=100&sdg=17.17&country=MX")->body));
  EXPECT_NE(std::find(by_target.begin(), by_target.end(), id), by_target.end());
  // The replaced version is kept.
  ASSERT_TRUE(fs::is_directory(contrib_dir() / "history" / id));
  EXPECT_EQ(std::distance(fs::directory_iterator(contrib_dir() / "history" / id), fs::directory_iterator{}), 1);

  // An editor corrects a publication's unit: its sections and stated targets stay.
  auto fix = c.Put("/api/documents/ss-11", kAuth, json{{"countries", {"NP", "IN"}}}.dump(), "application/json");
  ASSERT_EQ(fix->status, 200) << fix->body;
  const json ss = json::parse(fix->body);
  EXPECT_FALSE(ss["sections"].empty());
  EXPECT_FALSE(tag_ids(ss["sdg_targets"], "stated").empty());
  EXPECT_EQ(tag_ids(ss["countries"], "editor"), (std::vector<std::string>{"NP", "IN"}));
}

TEST_F(EditingTest, DeleteRemovesFromSearchAndKeepsATombstone) {
  auto created = post("/api/documents", {{"title", "Temporary note on seasonal workers"},
                                         {"text",
                                          "Seasonal agricultural workers from Moldova in the Quokkaville "
                                          "region receive pre-departure orientation sessions."}});
  ASSERT_EQ(created->status, 201);
  const std::string id = json::parse(created->body)["id"];
  EXPECT_TRUE(found("Quokkaville", id));
  auto c = service_->client();
  auto del = c.Delete(("/api/documents/" + id).c_str(), kAuth);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 204);
  EXPECT_TRUE(del->body.empty());
  EXPECT_EQ(c.Get(("/api/documents/" + id).c_str())->status, 404);
  EXPECT_FALSE(found("Quokkaville", id));
  EXPECT_NE(testing::read_file(contrib_dir() / (id + ".json")).find("\"deleted\": true"), std::string::npos);
  EXPECT_EQ(c.Delete(("/api/documents/" + id).c_str(), kAuth)->status, 404);
  EXPECT_EQ(c.Put(("/api/documents/" + id).c_str(), kAuth, json{{"title", "back"}}.dump(), "application/json")->status,
            404);
}

TEST_F(EditingTest, TagPreviewStoresNothing) {
  const auto before = json::parse(service_->client().Get("/healthz")->body)["documents"];
  auto res = post("/api/tag", {{"text", kSpanishText}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json tags = json::parse(res->body);
  EXPECT_EQ(tags["lang"], "es");
  EXPECT_EQ(tag_ids(tags["countries"]).at(0), "HN");
  for (const auto& t : tags["sdg_targets"]) {
    EXPECT_EQ(t["provenance"], "inferred");
    EXPECT_FALSE(t["evidence"].empty()) << t.dump();
  }
  EXPECT_EQ(json::parse(service_->client().Get("/healthz")->body)["documents"], before);
}

TEST_F(EditingTest, PdfUploadIsExtractedCleanedAndIndexed) {
  const std::string pdf = testing::read_file(testing::source_dir() / "tests/data/http/dakar-youth.pdf");
  httplib::MultipartFormDataItems form = {{"file", pdf, "dakar-youth.pdf", "application/pdf"},
                                          {"themes", "remittances,capacities", "", ""},
                                          {"mentioned_countries", "FR", "", ""},
                                          {"url", "https://dakar.example/youth.pdf", "", ""}};
  auto res = service_->client().Post("/api/documents", kAuth, form);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const json doc = json::parse(res->body);
  EXPECT_EQ(doc["title"], "Remittances and youth employment in Dakar") << "first line of the PDF";
  const std::string text = doc["text"];
  EXPECT_NE(text.find("diaspora associations in France"), std::string::npos) << "hyphenation repaired: " << text;
  EXPECT_NE(text.find("their home towns"), std::string::npos) << "wrapped lines joined: " << text;
  EXPECT_EQ(tag_ids(doc["countries"]).at(0), "FR") << "the editor's country first";
  EXPECT_EQ(doc["countries"][0]["role"], "mentioned");
  const auto sn =
      std::find_if(doc["countries"].begin(), doc["countries"].end(), [](const json& c) { return c["id"] == "SN"; });
  ASSERT_NE(sn, doc["countries"].end()) << doc["countries"].dump();
  EXPECT_EQ((*sn)["role"], "primary") << "the tagger's place of the practice stays primary";
  EXPECT_EQ(doc["source"]["url"], "https://dakar.example/youth.pdf");
  EXPECT_EQ(tag_ids(doc["themes"], "editor"), (std::vector<std::string>{"remittances", "capacities"}));
  EXPECT_TRUE(found("young entrepreneurs Dakar mentors", doc["id"]));

  httplib::MultipartFormDataItems not_pdf = {{"file", "hello, I am not a PDF", "x.pdf", "application/pdf"}};
  auto bad = service_->client().Post("/api/documents", kAuth, not_pdf);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_TRUE(json::parse(bad->body)["error"]["fields"].contains("file"));
}

TEST_F(EditingTest, SearchesKeepSucceedingWhileDocumentsAreAdded) {
  std::atomic<bool> writing{true};
  std::atomic<int> searches{0}, failures{0};
  std::mutex first_failure_mutex;
  std::string first_failure;
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&, t] {
      auto c = service_->client();
      const char* queries[] = {"/api/search?q=remittances", "/api/search?q=diaspora&country=SN", "/api/search?sdg=10.7",
                               "/api/search?q=migrantes+retornados"};
      while (writing) {
        auto r = c.Get(queries[t]);
        ++searches;
        if (!r || r->status != 200) {
          ++failures;
          std::lock_guard lock(first_failure_mutex);
          if (first_failure.empty())
            first_failure = r ? std::to_string(r->status) + " " + r->body : httplib::to_string(r.error());
        }
      }
    });
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto r = post("/api/documents", {{"title", "Concurrent practice number " + std::to_string(i)},
                                     {"text",
                                      "Diaspora volunteers from the Philippines teach financial literacy to remittance "
                                      "families in Batangas, session " +
                                          std::to_string(i) + "."}});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    ids.push_back(json::parse(r->body)["id"]);
  }
  writing = false;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures, 0) << "of " << searches << " searches; first: " << first_failure << "\n" << service_->log();
  EXPECT_GT(searches, 20);
  const json all = search("\"Concurrent practice number\"");
  EXPECT_EQ(all["total"], 20);
}

}  // namespace
}  // namespace m4d
