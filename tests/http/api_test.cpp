// The HTTP API of docs/API.md against a real service and index: searches, facets, documents, errors.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
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

TEST_F(ApiTest, HealthzReportsDocumentsAndRevision) {
  json h = get_json("/healthz");
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["documents"], 149);
  EXPECT_GE(h["index_revision"].get<int>(), 1);
}

TEST_F(ApiTest, SearchResponseHasTheContractShape) {
  json r = get_json("/api/search?q=remittances");
  for (const char* k :
       {"query", "total", "page", "per_page", "took_ms", "corrected_query", "query_languages", "hits", "facets"})
    EXPECT_TRUE(r.contains(k)) << k;
  EXPECT_EQ(r["query"], "remittances");
  EXPECT_EQ(r["page"], 1);
  EXPECT_EQ(r["per_page"], 10);
  EXPECT_GT(r["total"].get<int>(), 10);
  ASSERT_EQ(r["hits"].size(), 10u);
  for (const auto& h : r["hits"])
    for (const char* k : {"id", "title", "type", "lang", "source", "snippet", "score", "themes", "countries", "regions",
                          "sdg_goals", "sdg_targets"})
      EXPECT_TRUE(h.contains(k)) << k;
  for (const char* f : {"theme", "country", "region", "sdg_goal", "sdg_target", "type", "lang"}) {
    ASSERT_TRUE(r["facets"].contains(f)) << f;
    for (const auto& v : r["facets"][f]) {
      EXPECT_TRUE(v.contains("value") && v.contains("label") && v.contains("count"));
      EXPECT_FALSE(v["label"].get<std::string>().empty());
    }
  }
  EXPECT_NE(r["hits"][0]["snippet"].get<std::string>().find("<mark>"), std::string::npos);
}

TEST_F(ApiTest, SnippetsMarkWordsNotStopwordsOfExpandedPhrases) {
  // "human trafficking" expands to "trafficking in persons", "smuggling of
  // migrants"...: the snippets show the passage on trafficking or smuggling,
  // even deep in a long text, and mark the topic words, never a bare "of" or "in".
  json r = get_json("/api/search?q=human%20trafficking");
  ASSERT_GE(r["hits"].size(), 3u);
  for (const auto& h : r["hits"]) {
    const std::string s = h["snippet"];
    EXPECT_TRUE(s.find("<mark>traffick") != std::string::npos || s.find("<mark>smuggl") != std::string::npos) << s;
    for (const char* w : {"<mark>of</mark>", "<mark>in</mark>", "<mark>the</mark>"})
      EXPECT_EQ(s.find(w), std::string::npos) << s;
  }
  // A French query's window is placed by its English translations too: hb-1-1
  // mentions "human trafficking" only deep in its text.
  json fr = get_json("/api/search?q=traite%20des%20%C3%AAtres%20humains");
  bool seen = false;
  for (const auto& h : fr["hits"]) {
    if (h["id"] != "hb-1-1") continue;
    seen = true;
    EXPECT_NE(h["snippet"].get<std::string>().find("<mark>trafficking</mark>"), std::string::npos) << h["snippet"];
  }
  EXPECT_TRUE(seen) << fr["hits"].dump().substr(0, 400);
}

TEST_F(ApiTest, TitleAndKeyWordsRankAboveBodyText) {
  json r = get_json("/api/search?q=mental%20health");
  ASSERT_GE(r["hits"].size(), 3u);
  std::set<std::string> top3 = {r["hits"][0]["id"], r["hits"][1]["id"], r["hits"][2]["id"]};
  EXPECT_TRUE(top3.count("ss-02")) << r["hits"].dump().substr(0, 400);  // "Mental Health: A Key Success Factor..."
}

TEST_F(ApiTest, PhrasesExclusionOrAndFieldScopes) {
  json phrase = get_json("/api/search?q=%22cross-border%20women%22");
  EXPECT_EQ(hit_ids(phrase), std::vector<std::string>{"ss-07"});
  // Function words have no positions (schema 8): the phrase keeps its order and span.
  json with_function_words = get_json("/api/search?q=%22capacities%20of%20the%20diaspora%22&per_page=100");
  ASSERT_GE(with_function_words["hits"].size(), 1u);
  for (const auto& h : with_function_words["hits"]) {
    std::string text = get_json("/api/documents/" + h["id"].get<std::string>())["text"];
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_NE(text.find("capacities of the diaspora"), std::string::npos) << h["id"];
  }
  EXPECT_EQ(get_json("/api/search?q=%22diaspora%20of%20the%20capacities%22")["total"], 0) << "in order";
  EXPECT_EQ(get_json("/api/search?q=%22capacities%20diaspora%22")["total"], 0) << "within the phrase's length";

  json aqua = get_json("/api/search?q=aquaculture&per_page=100");
  json poultry = get_json("/api/search?q=poultry&per_page=100");
  json either = get_json("/api/search?q=aquaculture%20OR%20poultry&per_page=100");
  EXPECT_GT(either["total"].get<int>(), aqua["total"].get<int>());
  EXPECT_GT(either["total"].get<int>(), poultry["total"].get<int>());

  json with = get_json("/api/search?q=diaspora&per_page=100");
  json without = get_json("/api/search?q=diaspora%20-remittances&per_page=100");
  EXPECT_LT(without["total"].get<int>(), with["total"].get<int>());
  for (const auto& h : without["hits"]) {
    json doc = get_json("/api/documents/" + h["id"].get<std::string>());
    EXPECT_EQ(doc["text"].get<std::string>().find("emittance"), std::string::npos) << h["id"];
  }

  for (const auto& [q, check] : std::vector<std::pair<std::string, std::function<bool(const json&)>>>{
           {"country:np", [](const json& h) { return has(h["countries"], "NP"); }},
           {"sdg:10.7%20migration", [](const json& h) { return has(h["sdg_targets"], "10.7"); }},
           {"sdg:16.B", [](const json& h) { return has(h["sdg_targets"], "16.b"); }},
           {"theme:rights", [](const json& h) { return has(h["themes"], "rights"); }},
           {"title:diaspora",
            [](const json& h) { return h["title"].get<std::string>().find("iaspora") != std::string::npos; }}}) {
    json r = get_json("/api/search?per_page=100&q=" + q);
    EXPECT_GT(r["total"].get<int>(), 0) << q;
    for (const auto& h : r["hits"]) EXPECT_TRUE(check(h)) << q << " " << h["id"];
  }
}

TEST_F(ApiTest, MalformedSyntaxFallsBackToWords) {
  for (std::string q : {"%22unbalanced%20remittances", "country:", "((remittances", "-", "OR%20OR",
                        "sdg:", "--diaspora", "%22%22", "title:", "remittances%20%22", ":::", "-%22%22"}) {
    json r = get_json("/api/search?q=" + q);
    EXPECT_TRUE(r.contains("hits")) << q;
  }
  EXPECT_GT(get_json("/api/search?q=%22unbalanced%20remittances")["total"].get<int>(), 0);
}

TEST_F(ApiTest, EmptyQueryWithFiltersBrowses) {
  json r = get_json("/api/search?sdg=10.7&region=002&per_page=100");
  std::size_t expected = 0;
  for (const auto& u : all_units()) {
    auto t = values_of(u, "sdg_target"), g = values_of(u, "region");
    if (std::find(t.begin(), t.end(), "10.7") != t.end() && std::find(g.begin(), g.end(), "002") != g.end()) ++expected;
  }
  EXPECT_EQ(r["total"].get<std::size_t>(), expected);
  EXPECT_GT(expected, 5u);
  for (const auto& h : r["hits"]) {
    EXPECT_TRUE(has(h["sdg_targets"], "10.7"));
    EXPECT_TRUE(has(h["regions"], "002"));
  }
}

TEST_F(ApiTest, DisjunctiveFacetCountsMatchBruteForce) {
  const std::map<std::string, std::vector<std::string>> selection = {
      {"country", {"NP", "SV", "PH"}}, {"theme", {"remittances"}}, {"type", {"case_study", "text_box"}}};
  const std::map<std::string, std::string> param = {{"country", "country"}, {"theme", "theme"}, {"type", "type"}};
  std::string url = "/api/search?per_page=1";
  for (const auto& [facet, values] : selection)
    for (const auto& v : values) url += "&" + param.at(facet) + "=" + v;
  json r = get_json(url);
  auto matches = [&](const json& u, const std::string& skip) {
    for (const auto& [facet, values] : selection) {
      if (facet == skip) continue;
      auto have = values_of(u, facet);
      if (std::none_of(values.begin(), values.end(),
                       [&](const std::string& v) { return std::find(have.begin(), have.end(), v) != have.end(); }))
        return false;
    }
    return true;
  };
  std::size_t total = 0;
  for (const auto& u : all_units()) total += matches(u, "");
  EXPECT_EQ(r["total"].get<std::size_t>(), total);
  for (const std::string facet : {"theme", "country", "region", "sdg_goal", "sdg_target", "type", "lang"}) {
    std::map<std::string, int> expected;
    for (const auto& u : all_units())
      if (matches(u, facet))
        for (const auto& v : values_of(u, facet)) ++expected[v];
    std::map<std::string, int> got;
    for (const auto& v : r["facets"][facet]) got[v["value"]] = v["count"];
    EXPECT_EQ(got, expected) << facet;
  }
  // The selected facet keeps other values visible: SV is selected, yet MA shows with its own count.
  bool ma = false;
  for (const auto& v : r["facets"]["country"]) ma = ma || v["value"] == "MA";
  EXPECT_TRUE(ma);
}

TEST_F(ApiTest, GoalsRollUpTargets) {
  json r = get_json("/api/search?per_page=1");
  int goal10 = 0, target107 = 0;
  for (const auto& v : r["facets"]["sdg_goal"])
    if (v["value"] == "10") goal10 = v["count"];
  for (const auto& v : r["facets"]["sdg_target"])
    if (v["value"] == "10.7") target107 = v["count"];
  EXPECT_GE(goal10, target107);
  std::size_t expected = 0;
  for (const auto& u : all_units()) {
    auto t = values_of(u, "sdg_target");
    expected += std::any_of(t.begin(), t.end(), [](const std::string& id) { return id.starts_with("10."); });
  }
  EXPECT_EQ(goal10, static_cast<int>(expected));
  EXPECT_EQ(get_json("/api/search?goal=10&per_page=1")["total"].get<std::size_t>(), expected);
}

TEST_F(ApiTest, SnippetsAreEscaped) {
  json r = get_json("/api/search?q=scriptinjection");
  ASSERT_EQ(r["hits"].size(), 1u);
  const std::string snippet = r["hits"][0]["snippet"];
  EXPECT_EQ(snippet.find("<script"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<img"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;script&gt;"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>scriptinjection</mark>"), std::string::npos) << snippet;
  // Only <mark> tags remain as markup.
  std::string rest = snippet;
  for (const char* t : {"<mark>", "</mark>"})
    for (std::size_t p; (p = rest.find(t)) != std::string::npos;) rest.erase(p, std::strlen(t));
  EXPECT_EQ(rest.find('<'), std::string::npos) << snippet;
}

TEST_F(ApiTest, SpellingCorrection) {
  json r = get_json("/api/search?q=aquacultre");
  EXPECT_EQ(r["corrected_query"], "aquaculture");
  EXPECT_TRUE(has(json(hit_ids(r)), "hb-tb-10"));
  json r2 = get_json("/api/search?q=remitances");
  EXPECT_EQ(r2["corrected_query"], "remittances");
  EXPECT_TRUE(get_json("/api/search?q=remittances")["corrected_query"].is_null());
  // "Search instead for": the words as typed.
  json typed = get_json("/api/search?q=remitances&correct=false");
  EXPECT_TRUE(typed["corrected_query"].is_null());
  EXPECT_NE(typed["total"], r2["total"]);  // the words as typed match otherwise
  expect_error("/api/search?q=remitances&correct=no", 400, "correct");
  // A Spanish word is not corrected into an English one ("trata" is no misspelt "data")...
  json trata = get_json("/api/search?q=trata");
  EXPECT_TRUE(trata["corrected_query"].is_null()) << trata["corrected_query"];
  EXPECT_TRUE(has(json(hit_ids(trata)), "hb-1-1")) << trata["hits"].dump().substr(0, 300);  // human trafficking
  for (const char* q : {"trafic", "tr%C3%A1fico", "traite"})  // the single words of the field, too
    EXPECT_TRUE(has(json(hit_ids(get_json(std::string("/api/search?q=") + q))), "hb-1-1")) << q;
  // Nor is a name with digits ("3x1", the Mexican matching-fund programme: "31" finds nothing of it).
  EXPECT_TRUE(get_json("/api/search?q=3x1")["corrected_query"].is_null());
  // A glossary term in the other grammatical number is no misspelling either.
  const json remesa = get_json("/api/search?q=remesa");
  EXPECT_TRUE(remesa["corrected_query"].is_null()) << remesa["corrected_query"];
  EXPECT_TRUE(has(remesa["expansions"]["remesa"], "remittances")) << remesa["expansions"].dump();
}

// Core words of the field, typed alone in French or Spanish, find about what
// the English word finds: glossary translations where FreeDict has none
// ("développement" -> accretion, growth; no "desarrollo"), and an alternative
// spelt alike in two languages ("migration" for "mobilité") searched in both.
TEST_F(ApiTest, SingleFieldWordsCrossLanguages) {
  const std::vector<std::array<const char*, 3>> words = {{"development", "d%C3%A9veloppement", "desarrollo"},
                                                         {"governance", "gouvernance", "gobernanza"},
                                                         {"community", "communaut%C3%A9", "comunidad"},
                                                         {"mobility", "mobilit%C3%A9", "movilidad"},
                                                         {"partnership", "partenariat", "alianzas"},
                                                         {"planning", "planification", "planificaci%C3%B3n"},
                                                         {"co-development", "cod%C3%A9veloppement", "codesarrollo"}};
  for (const auto& [en, fr, es] : words) {
    const int english = get_json(std::string("/api/search?q=") + en)["total"];
    ASSERT_GT(english, 0) << en;
    for (const char* other : {fr, es}) {
      const int total = get_json(std::string("/api/search?q=") + other)["total"];
      EXPECT_GE(total, english * 9 / 10) << other << " finds " << total << ", " << en << " " << english;
    }
  }
}

// The glossary lists "municipalités", "hogares", "households", "transferts de
// fonds", "guichets uniques", "profil migratoire": the other grammatical number
// of a one-word term, and of a phrase's words, expand the same way.
TEST_F(ApiTest, GlossaryTermsMatchInBothNumbers) {
  const std::vector<std::array<std::string, 3>> cases = {
      {"municipalit%C3%A9", "municipalit\u00e9", "municipalities"},
      {"hogar", "hogar", "households"},
      {"household", "household", "hogares"},
      {"transfert%20de%20fonds", "transfert de fonds", "remittances"},
      {"guichet%20unique", "guichet unique", "one-stop shops"},
      {"ventanilla%20%C3%BAnica", "ventanilla \u00fanica", "one-stop shops"},
      {"profils%20migratoires", "profils migratoires", "migration profile"},
      {"perfiles%20migratorios", "perfiles migratorios", "migration profile"}};
  for (const auto& [query, typed, alternative] : cases)
    EXPECT_GT(expect_expansion(query, typed, alternative)["total"].get<int>(), 0) << typed;
}

// French and Spanish speakers write the feminine: "trabajadoras domésticas",
// "travailleuses migrantes", "retornadas" expand as the glossary's masculine
// terms do.
TEST_F(ApiTest, GlossaryTermsMatchInTheFeminine) {
  const std::vector<std::array<std::string, 3>> cases = {
      {"trabajadoras%20dom%C3%A9sticas", "trabajadoras dom\u00e9sticas", "domestic workers"},
      {"travailleuses%20migrantes", "travailleuses migrantes", "migrant workers"},
      {"employ%C3%A9es%20de%20maison", "employ\u00e9es de maison", "domestic workers"},
      {"retornadas", "retornadas", "returnees"}};
  for (const auto& [query, typed, alternative] : cases) expect_expansion(query, typed, alternative);
}

// The collection never says "domestic workers" as a phrase, but the English
// query finds units with both words; its French and Spanish translations,
// whose alternatives are that phrase, find them too instead of nothing.
TEST_F(ApiTest, TranslatedPhrasesMatchLooselyRatherThanNotAtAll) {
  const json english = get_json("/api/search?q=domestic%20workers");
  ASSERT_GT(english["total"].get<int>(), 0);
  for (const char* q : {"travailleurs%20domestiques", "trabajadoras%20dom%C3%A9sticas"}) {
    const json r = get_json(std::string("/api/search?q=") + q);
    EXPECT_GE(r["total"].get<int>(), english["total"].get<int>()) << q;
    for (const auto& id : hit_ids(english)) EXPECT_TRUE(has(json(hit_ids(r)), id)) << q << " misses " << id;
  }
  // A translation the collection uses finds what the English word finds, no
  // more: loose matching is only for queries that match next to nothing.
  EXPECT_EQ(get_json("/api/search?q=transferts%20de%20fonds&facets=false")["total"],
            get_json("/api/search?q=remittances&facets=false")["total"]);
}

// Glossary terms and taxonomy labels typed with their hyphens, as people write them.
TEST_F(ApiTest, HyphenatedTermsAreRecognised) {
  const json gbv = get_json("/api/search?q=gender-based%20violence");
  EXPECT_TRUE(has(gbv["expansions"]["gender based violence"], "violence against women")) << gbv["expansions"].dump();
  EXPECT_FALSE(gbv["expansions"].contains("violence")) << gbv["expansions"].dump();  // not "peacebuilding"
  const json shops = get_json("/api/search?q=one-stop%20shops");
  EXPECT_TRUE(has(shops["expansions"]["one stop shops"], "migrant resource centres")) << shops["expansions"].dump();
  const json gw = get_json("/api/search?q=Guinea-Bissau");
  EXPECT_TRUE(has(gw["expansions"]["guinea bissau"], "country:GW")) << gw["expansions"].dump();
  // A quoted phrase stays a phrase; an excluded hyphenated word stays excluded.
  EXPECT_LE(get_json("/api/search?q=%22cross-border%20migration%22")["total"].get<int>(),
            get_json("/api/search?q=cross-border%20migration")["total"].get<int>());
  EXPECT_FALSE(has(json(hit_ids(get_json("/api/search?q=migrants%20-cross-border"))), "ss-01"));
}

TEST_F(ApiTest, FieldVocabularyClosesTheGap) {
  json fish = get_json("/api/search?q=fish%20farming");
  EXPECT_TRUE(has(json(hit_ids(fish)), "hb-tb-10"));
  json deport = get_json("/api/search?q=deportees");
  EXPECT_TRUE(has(json(hit_ids(deport)), "hb-tb-14")) << deport["hits"].dump().substr(0, 300);
  json home = get_json("/api/search?q=hometown%20associations");
  EXPECT_TRUE(home["expansions"].contains("hometown associations"));
  EXPECT_TRUE(has(home["expansions"]["hometown associations"], "diaspora associations"));
  json gain = get_json("/api/search?q=brain%20gain");
  EXPECT_TRUE(has(gain["expansions"]["brain gain"], "brain circulation"));
  // SDG 10.7's wording in Spanish, and field words FreeDict does not carry.
  json safe = get_json("/api/search?q=" + httplib::detail::encode_query_param("migración segura, ordenada y regular"));
  EXPECT_TRUE(has(safe["expansions"]["migración segura ordenada y regular"], "safe migration"))
      << safe["expansions"].dump();
  json youth = get_json("/api/search?q=empleo%20juvenil");
  EXPECT_TRUE(has(youth["expansions"]["juvenil"], "youth")) << youth["expansions"].dump();
  EXPECT_TRUE(has(json(hit_ids(youth)), "ss-12"));  // Supporting Youth-led Entrepreneurship
  // "coût" and "au niveau local" are not in FreeDict's French: the glossary has them.
  json cost = get_json("/api/search?q=" + httplib::detail::encode_query_param("réduire le coût des envois de fonds"));
  EXPECT_TRUE(has(cost["expansions"]["coût des envois de fonds"], "transaction costs")) << cost["expansions"].dump();
  json left = get_json("/api/search?q=" + httplib::detail::encode_query_param("enfants laissés au pays"));
  EXPECT_TRUE(has(left["expansions"]["enfants laissés au pays"], "children left behind")) << left["expansions"].dump();
  EXPECT_EQ(hit_ids(left).at(0), "hb-tb-11");  // Support for children and parents in migration
  json partners = get_json("/api/search?q=partenariats%20multipartites");
  EXPECT_TRUE(has(partners["expansions"]["partenariats multipartites"], "multi-stakeholder partnerships"));
}

TEST_F(ApiTest, DocumentsWithTagsProvenanceAndEvidence) {
  json d = get_json("/api/documents/ss-01?ui_lang=es");
  EXPECT_EQ(d["title"], "An Integral Model for the Management of Cross-Border Mobility");
  EXPECT_EQ(d["sections"][0]["heading"], "Introduction");
  EXPECT_EQ(d["source"]["publisher"], "UN Joint Migration and Development Initiative (JMDI)");
  EXPECT_EQ(d["source"]["url"], "http://www.migration4development.org/es/node/409") << "from corpus/manifest.json";
  bool cr = false;
  for (const auto& c : d["countries"])
    if (c["id"] == "CR") {
      cr = true;
      EXPECT_EQ(c["role"], "primary");
      EXPECT_EQ(c["label"], "Costa Rica");
      EXPECT_EQ(c["provenance"], "stated");
    }
  EXPECT_TRUE(cr);
  bool stated = false;
  for (const auto& t : d["sdg_targets"]) {
    EXPECT_FALSE(t["evidence"].empty());
    if (t["id"] == "16.b") stated = t["provenance"] == "stated";
  }
  EXPECT_TRUE(stated);
  json tb = get_json("/api/documents/hb-tb-20");
  EXPECT_EQ(tb["source"]["project_id"], "Sri Lanka-49");
  EXPECT_TRUE(has(tb["related_ids"], "prj-sri-lanka-49"));
  expect_error("/api/documents/no-such-unit", 404);
}

TEST_F(ApiTest, SimilarExcludesItself) {
  json r = get_json("/api/documents/ss-07/similar?limit=4");
  ASSERT_EQ(r["hits"].size(), 4u);
  for (const auto& h : r["hits"]) EXPECT_NE(h["id"], "ss-07");
  EXPECT_EQ(get_json("/api/documents/ss-07/similar")["hits"].size(), 5u);
  expect_error("/api/documents/no-such-unit/similar", 404);
  expect_error("/api/documents/ss-07/similar?limit=0", 400, "limit");
}

TEST_F(ApiTest, SuggestAndTaxonomy) {
  json s = get_json("/api/suggest?q=remi");
  EXPECT_TRUE(has(s["suggestions"], "remittances")) << s.dump();
  json n = get_json("/api/suggest?q=Nep");
  EXPECT_TRUE(has(n["suggestions"], "Nepal")) << n.dump();
  // Labels in ui_lang: a French country name, a Spanish region name.
  json fr = get_json("/api/suggest?q=nep&ui_lang=fr");
  EXPECT_TRUE(has(fr["suggestions"], "N\u00E9pal")) << fr.dump();
  json es = get_json("/api/suggest?q=afr&ui_lang=es");
  EXPECT_TRUE(has(es["suggestions"], "\u00C1frica")) << es.dump();
  // Glossary terms complete a phrase in any language; case variants are one suggestion.
  json g = get_json("/api/suggest?q=educaci%C3%B3n%20fin&ui_lang=es");
  ASSERT_FALSE(g["suggestions"].empty());
  EXPECT_EQ(g["suggestions"][0], "educaci\u00F3n financiera") << g.dump();
  json a = get_json("/api/suggest?q=%D8%AA%D8%AD%D9%88");                                        // "تحو"
  EXPECT_TRUE(has(a["suggestions"], "\u062A\u062D\u0648\u064A\u0644\u0627\u062A")) << a.dump();  // "تحويلات"
  json sn = get_json("/api/suggest?q=S%C3%A9n%C3%A9&ui_lang=fr");
  EXPECT_TRUE(has(sn["suggestions"], "S\u00E9n\u00E9gal")) << sn.dump();
  EXPECT_FALSE(has(sn["suggestions"], "s\u00E9n\u00E9gal")) << sn.dump();
  // Regions by their common names, and place names in another language than the UI's.
  json wa = get_json("/api/suggest?q=West%20Af");
  EXPECT_TRUE(has(wa["suggestions"], "West Africa")) << wa.dump();
  json ao = get_json("/api/suggest?q=" + httplib::detail::encode_query_param("Afrique de l"));
  EXPECT_TRUE(has(ao["suggestions"], "Afrique de l'Ouest")) << ao.dump();
  json ma = get_json("/api/suggest?q=Marru");
  EXPECT_TRUE(has(ma["suggestions"], "Marruecos")) << ma.dump();
  json t = get_json("/api/taxonomy?ui_lang=fr");
  ASSERT_EQ(t["themes"].size(), 4u);
  EXPECT_EQ(t["themes"][1]["label"], "Transferts de fonds des migrants");
  ASSERT_EQ(t["goals"].size(), 17u);
  EXPECT_EQ(t["goals"][9]["colour"], "#DD1367");
  EXPECT_EQ(t["goals"][9]["targets"].size(), 10u);
  EXPECT_GT(t["goals"][9]["count"].get<int>(), 20);
  EXPECT_EQ(t["goals"][7]["label"], "Travail d\u00E9cent et croissance \u00E9conomique");  // erratum of the source
  bool np = false;
  for (const auto& c : t["countries"])
    if (c["id"] == "NP") np = c["label"] == "N\u00E9pal" && c["count"].get<int>() >= 3;
  EXPECT_TRUE(np);
  json ar = get_json("/api/taxonomy?ui_lang=ar");
  EXPECT_NE(ar["themes"][0]["label"], t["themes"][0]["label"]);
}

TEST_F(ApiTest, ExportCsvAndJson) {
  auto c = service_->client();
  auto res = c.Get("/api/export?sdg=10.7&format=csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  const std::string& csv = res->body;
  const auto total = get_json("/api/search?sdg=10.7")["total"].get<std::size_t>();
  // Excel needs the byte order mark to read UTF-8; the first line says what was searched.
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF# m4d-search export: sdg=10.7; " + std::to_string(total) + " units\r\n"))
      << csv.substr(0, 200);
  EXPECT_NE(csv.find("\r\nid,title,type,lang,year,primary_countries,mentioned_countries,themes,sdg_targets_stated,"
                     "sdg_targets_inferred,sdg_targets_editor,source,page\r\n"),
            std::string::npos);
  const std::size_t rows = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) - 2;
  EXPECT_EQ(rows, total);
  EXPECT_NE(csv.find("\"1.2 Decentralised cooperation, migration and small-scale actors\""), std::string::npos);
  // Countries by name and role, themes by name, targets by provenance, a page link.
  const std::string story =
      csv.substr(csv.find("\r\nss-15,") + 2, csv.find("\r\n", csv.find("\r\nss-15,") + 2) - csv.find("\r\nss-15,") - 2);
  EXPECT_NE(story.find(",Senegal (SN),Mali (ML),"), std::string::npos) << story;
  EXPECT_NE(story.find(",8.2; 8.8; 10.3;"), std::string::npos) << story;
  EXPECT_NE(story.find("/?doc=ss-15"), std::string::npos) << story;
  json scoped = get_json("/api/export?format=json&sdg=10.7&sdg_provenance=stated");
  ASSERT_FALSE(scoped.empty());
  for (const auto& unit : scoped) {
    bool stated = false;
    for (const auto& t : unit["sdg_tags"]) stated |= t["id"] == "10.7" && t["provenance"] == "stated";
    EXPECT_TRUE(stated) << unit["id"];
    EXPECT_TRUE(unit["page"].get<std::string>().ends_with("/?doc=" + unit["id"].get<std::string>()));
  }
  json all = get_json("/api/export?format=json");
  EXPECT_EQ(all.size(), 149u);
  expect_error("/api/export?format=xml", 400, "format");
}

TEST_F(ApiTest, BadInputGivesJsonErrors) {
  expect_error("/api/search?sdg=99.9", 400, "sdg");
  expect_error("/api/search?country=XX", 400, "country");
  expect_error("/api/search?theme=weather", 400, "theme");
  expect_error("/api/search?region=999", 400, "region");
  expect_error("/api/search?goal=18", 400, "goal");
  expect_error("/api/search?type=book", 400, "type");
  expect_error("/api/search?per_page=101", 400, "per_page");
  expect_error("/api/search?per_page=abc", 400, "per_page");
  expect_error("/api/search?page=1001", 400, "page");
  expect_error("/api/search?page=0", 400, "page");
  expect_error("/api/search?sort=random", 400, "sort");
  expect_error("/api/search?ui_lang=xx", 400, "ui_lang");
  expect_error("/api/search?lang=xx", 400, "lang");
  get_json("/api/search?lang=pt");  // a document language editors may use, even with no such unit yet
  expect_error("/api/search?q=%FF%FE", 400, "q");
  expect_error("/api/search?q=" + std::string(1001, 'a'), 400, "q");
  get_json("/api/search?q=" + std::string(1000, 'a'));
  // 1,000 characters, not bytes: 1,000 accented letters pass.
  std::string accented;
  for (int i = 0; i < 1000; ++i) accented += "%C3%A9";
  get_json("/api/search?q=" + accented);
  expect_error("/api/nothing-here", 404);
  expect_error("/no/such/page", 404);
  auto c = service_->client();
  auto post = c.Post("/api/search", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Content-Type"), "application/json; charset=utf-8");
  auto del = c.Delete("/healthz");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  auto longurl = c.Get(("/api/search?q=" + std::string(9000, 'a')).c_str());
  ASSERT_TRUE(longurl);
  EXPECT_EQ(longurl->status, 414);
  EXPECT_EQ(json::parse(longurl->body)["error"]["code"], "uri_too_long");
  auto huge = c.Post("/api/tag", std::string(22 * 1024 * 1024, 'a'), "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(json::parse(huge->body)["error"]["code"], "payload_too_large");
  // OPTIONS lists the methods of a known path; the 405 of a wrong method says the same.
  for (const auto& [path, allow] :
       std::vector<std::pair<std::string, std::string>>{{"/api/search", "GET, HEAD, OPTIONS"},
                                                        {"/api/documents/ss-01", "GET, HEAD, PUT, DELETE, OPTIONS"},
                                                        {"/api/documents", "POST, OPTIONS"}}) {
    auto opt = c.Options(path.c_str());
    ASSERT_TRUE(opt) << path;
    EXPECT_EQ(opt->status, 204) << path;
    EXPECT_EQ(opt->get_header_value("Allow"), allow) << path;
  }
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD, OPTIONS");
  const std::string trace = testing::raw_exchange(service_->port(), "TRACE /api/search HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(trace.starts_with("HTTP/1.1 405")) << trace;
  EXPECT_NE(trace.find("\"method_not_allowed\""), std::string::npos) << trace;
  // A request line cpp-httplib cannot parse (a raw space in the URL) still gets a JSON error.
  const std::string raw = testing::raw_exchange(service_->port(), "GET /api/search?q= 1 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << raw;
  EXPECT_NE(raw.find("application/json"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\"bad_request\""), std::string::npos) << raw;
}

}  // namespace
}  // namespace m4d
