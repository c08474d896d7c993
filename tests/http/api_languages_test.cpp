// The HTTP API of docs/API.md against a real service and index: languages, caching, programs.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "../../search-service/http/src/response_cache.h"
#include "api_fixture.h"
#include "m4d/errors.h"
#include "m4d/schema.h"
#include "m4d/unit_codec.h"

namespace m4d {
namespace {

using nlohmann::json;
using testing::ApiTest;

TEST_F(ApiTest, FrenchAndSpanishQueriesFindEnglishUnits) {
  std::ifstream in(testing::source_dir() / "tests/data/clir_queries.tsv");
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    std::string lang, q, en, ids;
    std::getline(row, lang, '\t');
    std::getline(row, q, '\t');
    std::getline(row, en, '\t');
    std::getline(row, ids, '\t');
    json r = get_json("/api/search?q=" + httplib::detail::encode_query_param(q));
    std::istringstream idss(ids);
    std::vector<std::string> expected{std::istream_iterator<std::string>(idss), {}};
    bool found = false;
    for (const auto& h : r["hits"])
      found = found || std::find(expected.begin(), expected.end(), h["id"]) != expected.end();
    EXPECT_TRUE(found) << lang << ": " << q;
    EXPECT_TRUE(has(r["query_languages"], lang)) << q << " " << r["query_languages"].dump();
    EXPECT_FALSE(r["expansions"].empty()) << q;
    EXPECT_TRUE(r["corrected_query"].is_null()) << q;
    ++checked;
  }
  EXPECT_GE(checked, 20);
  json remesas = get_json("/api/search?q=remesas");
  EXPECT_TRUE(has(remesas["expansions"]["remesas"], "remittances"));
  // A literal match of a name ("Remesas y Desarrollo", "Migration &
  // Développement") does not outrank the units about the concept asked for.
  const auto rank = [](const json& r, const std::string& id) {
    for (std::size_t i = 0; i < r["hits"].size(); ++i)
      if (r["hits"][i]["id"] == id) return i;
    return r["hits"].size();
  };
  EXPECT_LT(rank(remesas, "hb-ch3"), rank(remesas, "hb-8-1"));
  const json local = get_json("/api/search?q=transferts%20de%20fonds%20et%20d%C3%A9veloppement%20local");
  EXPECT_LT(rank(local, "prj-senegal-45"), rank(local, "ss-10"));
  // Nor the words of a query identified as French: "fin" alone may be English
  // (WordNet: a five-dollar bill), "la fin" is not.
  EXPECT_TRUE(has(get_json("/api/search?q=fin")["expansions"]["fin"], "five"));
  const json end = get_json("/api/search?q=la%20fin");
  EXPECT_FALSE(has(end["expansions"]["fin"], "five")) << end["expansions"].dump();
  // French and Spanish function words are not searched at all ("au" is also gold, "se" selenium).
  for (const char* q : {"bonnes%20pratiques%20au%20niveau%20des%20villes", "ni%C3%B1os%20que%20se%20quedan%20solos"}) {
    const json r = get_json(std::string("/api/search?q=") + q);
    for (const char* w : {"au", "que", "se", "des"})
      EXPECT_FALSE(r["expansions"].contains(w)) << r["expansions"].dump();
  }
  // English WordNet does not expand a word the glossary knows only in Spanish ("agua" is also a cane toad).
  json agua = get_json("/api/search?q=agua");
  EXPECT_TRUE(has(agua["expansions"]["agua"], "drinking water")) << agua["expansions"].dump();
  EXPECT_FALSE(has(agua["expansions"]["agua"], "bufo marinus")) << agua["expansions"].dump();
}

TEST_F(ApiTest, EnglishQueryFindsFrenchAndSpanishUnits) {
  // An English query, restricted to French or Spanish units, finds them through translation.
  json fr = get_json("/api/search?q=diaspora%20associations&lang=fr");
  EXPECT_TRUE(has(json(hit_ids(fr)), "test-fr")) << fr["hits"].dump().substr(0, 300);
  json es = get_json("/api/search?q=financial%20literacy&lang=es");
  EXPECT_TRUE(has(json(hit_ids(es)), "test-es"));
  EXPECT_EQ(get_json("/api/search?lang=fr")["total"], 1);
  EXPECT_EQ(get_json("/api/documents/test-es")["lang"], "es");
}

TEST_F(ApiTest, AccentCaseAndElisionInsensitive) {
  const json a = get_json("/api/search?q=Sedhiou&per_page=50");
  const json b = get_json("/api/search?q=s%C3%A9dhiou&per_page=50");
  const json c = get_json("/api/search?q=S%C3%89DHIOU&per_page=50");
  EXPECT_GT(a["total"].get<int>(), 3);
  EXPECT_EQ(a["total"], b["total"]);
  EXPECT_EQ(a["total"], c["total"]);
  EXPECT_TRUE(has(json(hit_ids(a)), "ss-09"));
  EXPECT_TRUE(has(json(hit_ids(a)), "test-fr"));
  EXPECT_TRUE(has(json(hit_ids(get_json("/api/search?q=Draa&per_page=50"))), "ss-26"));
  // French elisions: "l'emploi" is found by "emploi" and the other way round.
  EXPECT_TRUE(has(json(hit_ids(get_json("/api/search?q=emploi"))), "test-fr"));
  EXPECT_TRUE(has(json(hit_ids(get_json("/api/search?q=l%27emploi"))), "test-fr"));
  EXPECT_TRUE(has(json(hit_ids(get_json("/api/search?q=d%E2%80%99accueil"))), "test-fr"));
}

TEST(ResponseCache, ServesOnlyTheSameIndexVersionWithinItsBudget) {
  http::ResponseCache cache(64 * 1024);
  cache.put("/api/search?q=a&", "gen:1", {200, "application/json", "A1"});
  ASSERT_TRUE(cache.get("/api/search?q=a&", "gen:1"));
  EXPECT_EQ(cache.get("/api/search?q=a&", "gen:1")->body, "A1");
  EXPECT_FALSE(cache.get("/api/search?q=a&", "gen:2")) << "an entry of another index version is never served";
  cache.put("/api/search?q=a&", "gen:2", {200, "application/json", "A2"});
  EXPECT_EQ(cache.get("/api/search?q=a&", "gen:2")->body, "A2");
  EXPECT_EQ(cache.hits(), 3u);
  EXPECT_EQ(cache.misses(), 1u);
  // Bounded: old entries are evicted, the most recently used kept.
  for (int i = 0; i < 100; ++i)
    cache.put("k" + std::to_string(i), "gen:2", {200, "text/plain", std::string(4000, 'x')});
  EXPECT_FALSE(cache.get("/api/search?q=a&", "gen:2"));
  EXPECT_TRUE(cache.get("k99", "gen:2"));
  EXPECT_FALSE(cache.get("k0", "gen:2"));
  // Disabled with a zero budget.
  http::ResponseCache off(0);
  off.put("k", "v", {200, "text/plain", "x"});
  EXPECT_FALSE(off.get("k", "v"));
}

TEST_F(ApiTest, RepeatedSearchesAreServedFromTheCache) {
  auto lookups = [] {
    httplib::Client c("127.0.0.1", service_->port());
    const std::string m = c.Get("/metrics")->body;
    const auto at = m.find("m4d_response_cache_lookups_total{result=\"hit\"} ");
    return std::stoul(m.substr(m.find('}', at) + 2));
  };
  const std::size_t before = lookups();
  const json a = get_json("/api/search?q=brain%20drain&country=NP");
  const json b = get_json("/api/search?q=brain%20drain&country=NP");
  EXPECT_EQ(a.dump(), b.dump());
  EXPECT_EQ(lookups(), before + 1);
  // A query containing "&" and "=" is not mistaken for other parameters.
  const json plain = get_json("/api/search?q=migrants&sort=title");
  const json odd = get_json("/api/search?q=" + httplib::detail::encode_query_param("migrants&sort=title"));
  EXPECT_EQ(plain["query"], "migrants");
  EXPECT_EQ(odd["query"], "migrants&sort=title");
}

TEST_F(ApiTest, StemsOfEachLanguageAreKeptApart) {
  // In the index: the French unit's stems under "ZFR", the Spanish unit's under "ZES".
  Xapian::Database db((service_->dir() / "index").string());
  const auto dictionary = RecordDictionary::load(db.get_metadata(std::string(schema::kMetaRecordDictionary)));
  auto units_with = [&](const std::string& term) {
    std::set<std::string> ids;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p)
      ids.insert(m4d::decode_unit(db.get_document(*p).get_data(), dictionary.get()).id);
    return ids;
  };
  EXPECT_EQ(units_with(schema::stem_prefix("fr") + Xapian::Stem("fr")("migrants")), std::set<std::string>{"test-fr"});
  EXPECT_TRUE(units_with(schema::stem_prefix("es") + Xapian::Stem("es")("remesas")).count("test-es"));
  EXPECT_FALSE(units_with(schema::stem_prefix("en") + Xapian::Stem("en")("migrants")).count("test-fr"));
  // "partes" alone is ambiguous: its French stem is that of "partie" in the
  // French unit. Identified as Spanish ("las partes"), it no longer matches French stems.
  EXPECT_TRUE(has(json(hit_ids(get_json("/api/search?q=partes&lang=fr"))), "test-fr"));
  const json spanish = get_json("/api/search?q=las%20partes&lang=fr");
  EXPECT_FALSE(has(json(hit_ids(spanish)), "test-fr"));
  EXPECT_EQ(spanish["query_languages"][0], "es");
  // Identified as French, a query still reaches English units through English stems (cognates).
  const json tourisme = get_json("/api/search?q=le%20tourisme");
  EXPECT_EQ(tourisme["query_languages"][0], "fr");
  EXPECT_GT(tourisme["total"].get<int>(), 0);
}

TEST_F(ApiTest, TaxonomyLabelsTypedInAQueryMapToTheirFacets) {
  // Every unit tagged with the facet a label names is found, in any language of the label.
  auto tagged = [](const std::string& facet, const std::string& value) {
    std::set<std::string> ids;
    for (const auto& u : all_units()) {
      const auto v = values_of(u, facet);
      if (std::find(v.begin(), v.end(), value) != v.end()) ids.insert(u["id"].get<std::string>());
    }
    return ids;
  };
  auto found = [](const json& r) {
    const auto ids = hit_ids(r);
    return std::set<std::string>(ids.begin(), ids.end());
  };
  const json morocco = get_json("/api/search?q=Marruecos&per_page=100");
  EXPECT_TRUE(has(morocco["expansions"]["marruecos"], "country:MA")) << morocco["expansions"].dump();
  EXPECT_TRUE(has(morocco["expansions"]["marruecos"], "Morocco"));
  const auto ma = tagged("country", "MA");
  ASSERT_FALSE(ma.empty());
  for (const auto& id : ma) EXPECT_TRUE(found(morocco).count(id)) << id;
  // "ODD 10" is goal 10, not a misspelling of "add 10".
  const json odd = get_json("/api/search?q=ODD%2010&per_page=100");
  EXPECT_TRUE(odd["corrected_query"].is_null()) << odd["corrected_query"];
  EXPECT_TRUE(has(odd["expansions"]["odd 10"], "goal:10"));
  // More units than a page: the exact facet count says all of them matched.
  std::uint64_t goal10 = 0;
  for (const auto& v : odd["facets"]["sdg_goal"])
    if (v["value"] == "10") goal10 = v["count"];
  EXPECT_EQ(goal10, tagged("sdg_goal", "10").size());
  const json target = get_json("/api/search?q=10.7&per_page=100");
  EXPECT_TRUE(has(target["expansions"]["10.7"], "sdg:10.7"));
  EXPECT_EQ(found(target), tagged("sdg_target", "10.7"));
  // A theme label in French, a region in Spanish.
  const json theme =
      get_json("/api/search?q=" + httplib::detail::encode_query_param("transferts de fonds des migrants"));
  EXPECT_TRUE(has(theme["expansions"]["transferts de fonds des migrants"], "theme:remittances"))
      << theme["expansions"].dump();
  const json region = get_json("/api/search?q=" + httplib::detail::encode_query_param("África") + "&per_page=100");
  for (const auto& id : tagged("region", "002")) EXPECT_TRUE(found(region).count(id)) << id;
}

// CLDR says "Western Africa", "Afrique occidentale", "Latinoamérica"; people
// write "West Africa", "Afrique de l'Ouest", "América Latina". Every unit
// tagged with the region is found, those naming its countries first (a
// boolean facet match alone has no weight to rank by).
TEST_F(ApiTest, CommonRegionNamesMapToTheirRegion) {
  const std::vector<std::array<std::string, 3>> cases = {{"West Africa", "west africa", "011"},
                                                         {"Afrique de l'Ouest", "afrique de l'ouest", "011"},
                                                         {"North Africa", "north africa", "015"},
                                                         {"Am\u00e9rica Latina", "am\u00e9rica latina", "419"},
                                                         {"South Asia", "south asia", "034"}};
  for (const auto& [typed, key, code] : cases) {
    const json r = get_json("/api/search?per_page=100&q=" + httplib::detail::encode_query_param(typed));
    const json& expansions = r["expansions"][key];
    EXPECT_TRUE(has(expansions, "region:" + code)) << typed << ": " << r["expansions"].dump();
    std::uint64_t tagged = 0;
    for (const auto& v : r["facets"]["region"])
      if (v["value"] == code) tagged = v["count"];
    EXPECT_GT(tagged, 0u) << typed;
    ASSERT_FALSE(r["hits"].empty()) << typed;
    EXPECT_TRUE(has(r["hits"][0]["regions"], code)) << typed << ": " << r["hits"][0]["id"];
    EXPECT_GT(r["hits"][0]["score"].get<double>(), 0.0) << typed;
  }
  // A Spanish region name is not an English word: "Caribe" is no piranha.
  const json caribe = get_json("/api/search?q=Caribe");
  EXPECT_TRUE(has(caribe["expansions"]["caribe"], "region:029")) << caribe["expansions"].dump();
  EXPECT_FALSE(has(caribe["expansions"]["caribe"], "piranha")) << caribe["expansions"].dump();
}

// A query that only names a tag ("cible 10.7", "Marruecos") ranks the units
// whose tag is surest first: stated targets before inferred ones, the
// primary country before a mention (a boolean match alone has no weight).
TEST_F(ApiTest, TagLabelsRankTheSurestTagsFirst) {
  auto tag_of = [&](const json& hit, const std::string& field, const std::string& value) {
    const json doc = get_json("/api/documents/" + hit["id"].get<std::string>());
    for (const auto& t : doc[field])
      if (t["id"] == value) return t;
    return json::object();
  };
  for (const auto& [query, target] : std::vector<std::pair<std::string, std::string>>{
           {"cible 10.7", "10.7"}, {"meta 10.c", "10.c"}, {"SDG 17.16", "17.16"}}) {
    const json hits = get_json("/api/search?per_page=100&q=" + httplib::detail::encode_query_param(query))["hits"];
    ASSERT_GT(hits.size(), 2u) << query;
    EXPECT_EQ(tag_of(hits[0], "sdg_targets", target).value("provenance", ""), "stated") << query;
    const json& last = hits[hits.size() - 1];
    const json last_tag = tag_of(last, "sdg_targets", target);
    EXPECT_EQ(last_tag.value("provenance", ""), "inferred") << query << ": " << last["id"];
    EXPECT_GT(hits[0]["score"].get<double>(), last["score"].get<double>()) << query;
  }
  // The primary country first.
  const json morocco = get_json("/api/search?q=Marruecos")["hits"];
  ASSERT_FALSE(morocco.empty());
  EXPECT_EQ(tag_of(morocco[0], "countries", "MA").value("role", ""), "primary");
}

TEST_F(ApiTest, ArabicIsIndexedAndFound) {
  // The unit is written with full diacritics; the query has none.
  const json r = get_json(
      "/api/search?q=" +
      httplib::detail::encode_query_param(
          "\u062A\u062D\u0648\u064A\u0644\u0627\u062A \u0627\u0644\u0645\u0647\u0627\u062C\u0631\u064A\u0646"));
  EXPECT_TRUE(has(json(hit_ids(r)), "test-ar")) << r.dump().substr(0, 400);
  EXPECT_TRUE(has(r["query_languages"], "ar"));
  // A glossary term without its article: "عودة" (return) as "العودة".
  const json ret = get_json("/api/search?q=" + httplib::detail::encode_query_param("\u0639\u0648\u062F\u0629"));
  EXPECT_TRUE(has(ret["expansions"]["\u0639\u0648\u062F\u0629"], "return")) << ret["expansions"].dump();
}

TEST_F(ApiTest, DictionaryTranslatesWordsOutsideTheGlossary) {
  // "pêcheurs" and "enfermeras" are not in taxonomy/glossary.tsv: FreeDict gives fisherman, nurse.
  const json fish = get_json("/api/search?q=" + httplib::detail::encode_query_param("pêcheurs"));
  EXPECT_TRUE(has(json(hit_ids(fish)), "hb-tb-10")) << fish.dump().substr(0, 400);
  EXPECT_TRUE(has(fish["expansions"]["pêcheurs"], "fisherman"));
  EXPECT_TRUE(has(fish["query_languages"], "fr"));
  const json nurses = get_json("/api/search?q=enfermeras");
  EXPECT_TRUE(has(json(hit_ids(nurses)), "hb-tb-15")) << nurses.dump().substr(0, 400);
  EXPECT_TRUE(has(nurses["expansions"]["enfermeras"], "nurse"));
  // A word the collection uses is not translated.
  const json used = get_json("/api/search?q=fishermen");
  EXPECT_FALSE(used["expansions"].contains("fishermen") && has(used["expansions"]["fishermen"], "pêcheur"));
}

TEST_F(ApiTest, SecondServiceOnTheSamePortIsRefused) {
  http::ServiceConfig sc;
  sc.index = service_->dir() / "index";
  sc.web = service_->dir() / "web";
  sc.port = service_->port();
  http::HttpService second(sc, [](const std::string&) {});
  try {
    second.bind();
    FAIL() << "a second service bound port " << sc.port << " while the first serves it";
  } catch (const RuntimeFailure& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
  EXPECT_EQ(get_json("/healthz")["status"], "ok");
}

TEST(ServeProgram, LaterFlagsOverrideAndSigtermDrainsAndExitsZero) {
  testing::TempDir tmp;
  indexer::IndexerConfig ic;
  ic.corpus_dir = testing::source_dir() / "corpus";
  ic.taxonomy_dir = testing::source_dir() / "taxonomy";
  ic.out = tmp.path() / "index";
  testing::build_index_cached(ic);
  const int port = testing::free_port();
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string p = std::to_string(port), index = ic.out.string(), log = (tmp.path() / "log").string();
    if (!freopen(log.c_str(), "w", stderr)) _exit(126);
    // scripts/serve passes its defaults first: a later flag overrides an earlier one.
    execl(M4D_SERVE_BIN, M4D_SERVE_BIN, "--index", "/nonexistent", "--port", "1", "--index", index.c_str(), "--port",
          p.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  httplib::Client c("127.0.0.1", port);
  bool up = false;
  for (int i = 0; i < 300 && !up; ++i) {
    auto r = c.Get("/healthz");
    up = r && r->status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(up);
  kill(pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 250 && waitpid(pid, &status, WNOHANG) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(WIFEXITED(status)) << "m4d-serve did not exit after SIGTERM";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// Terms no unit has are left out of the built query (they cannot match): a
// query left with nothing matches nothing; it does not browse everything.
TEST_F(ApiTest, WordsNoUnitHasFindNothingRatherThanEverything) {
  for (const char* q : {"qzxwvk", "qzxwvk%20jjfqpz", "%22qzxwvk%20jjfqpz%22", "title:qzxwvk", "qzxwvk%20OR%20jjfqpz",
                        "%22remittances%20qzxwvk%22"}) {
    const json r = get_json(std::string("/api/search?correct=false&q=") + q);
    EXPECT_EQ(r["total"], 0) << q;
    EXPECT_TRUE(r["hits"].empty()) << q;
  }
  // A known word beside an unknown one: relaxed to any word, as before.
  EXPECT_GT(get_json("/api/search?correct=false&q=remittances%20qzxwvk")["total"], 0);
  // A Spanish word no unit has: found through its translations, which units have.
  EXPECT_GT(get_json("/api/search?q=remesas")["total"], 0);
}

}  // namespace
}  // namespace m4d
