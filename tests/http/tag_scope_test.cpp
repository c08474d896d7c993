// Issue L: SDG tags filtered and counted by provenance, countries by role
// (sdg_provenance, country_role), checked against every unit's own tags.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "service_fixture.h"

namespace m4d {
namespace {

using nlohmann::json;

class TagScopeService : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { service_ = new testing::ServiceFixture(); }
  static void TearDownTestSuite() { delete service_; }

  static json get(const std::string& path, int status = 200) {
    auto res = service_->client().Get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return json::parse(res->body);
  }
  // The documents (with their tags) of every unit an export of `filters` lists.
  static std::vector<json> documents(const std::string& filters) {
    std::vector<json> out;
    for (const auto& row : get("/api/export?format=json&" + filters)) out.push_back(get(row.at("link")));
    return out;
  }
  static bool has(const json& tags, const std::string& id, const std::set<std::string>& kinds, const char* field) {
    for (const auto& t : tags)
      if (t.at("id") == id && kinds.count(t.value(field, ""))) return true;
    return false;
  }
  static std::set<std::string> ids_of(const json& result) {
    std::set<std::string> ids;
    for (const auto& h : result.at("hits")) ids.insert(h.at("id"));
    return ids;
  }
  static std::map<std::string, std::uint64_t> counts(const json& result, const char* facet) {
    std::map<std::string, std::uint64_t> out;
    for (const auto& v : result.at("facets").at(facet)) out[v.at("value")] = v.at("count");
    return out;
  }
  static testing::ServiceFixture* service_;
};
testing::ServiceFixture* TagScopeService::service_ = nullptr;

TEST_F(TagScopeService, StatedOnlyGivesExactlyTheCaseStudiesWhoseAuthorsNameTheTarget) {
  const auto stories = documents("type=case_study");
  ASSERT_GE(stories.size(), 20u);
  std::set<std::string> stated;
  std::map<std::string, std::uint64_t> stated_targets;  // target -> case studies stating it
  for (const auto& d : stories) {
    if (has(d.at("sdg_targets"), "10.7", {"stated"}, "provenance")) stated.insert(d.at("id"));
    for (const auto& t : d.at("sdg_targets"))
      if (t.at("provenance") == "stated") ++stated_targets[t.at("id")];
  }
  ASSERT_FALSE(stated.empty());
  const json r = get("/api/search?type=case_study&sdg=10.7&sdg_provenance=stated&per_page=100");
  EXPECT_EQ(ids_of(r), stated);
  EXPECT_EQ(r.at("total"), stated.size());
  EXPECT_LT(stated.size(), stories.size()) << "10.7 is inferred on some stories: the filter must narrow";
  // The target facet has the selection: its counts are disjunctive, over
  // the case studies (the other selection), each by its stated targets.
  EXPECT_EQ(counts(r, "sdg_target"), stated_targets);
}

TEST_F(TagScopeService, ProvenancesCombineAndAllOfThemIsNoRestriction) {
  const json inferred = get("/api/search?type=case_study&sdg=10.7&sdg_provenance=inferred&per_page=100");
  const json stated = get("/api/search?type=case_study&sdg=10.7&sdg_provenance=stated&per_page=100");
  const json both = get("/api/search?type=case_study&sdg=10.7&sdg_provenance=stated,inferred&per_page=100");
  const json all = get("/api/search?type=case_study&sdg=10.7&per_page=100");
  EXPECT_EQ(inferred.at("total").get<int>() + stated.at("total").get<int>(), all.at("total").get<int>());
  EXPECT_EQ(ids_of(both), ids_of(all));
  EXPECT_EQ(
      get("/api/search?type=case_study&sdg=10.7&sdg_provenance=stated&sdg_provenance=inferred,editor").at("total"),
      all.at("total"));
  for (const auto& d : documents("type=case_study&sdg=10.7&sdg_provenance=inferred"))
    EXPECT_TRUE(has(d.at("sdg_targets"), "10.7", {"inferred"}, "provenance")) << d.at("id");
}

TEST_F(TagScopeService, GoalsCountTheGoalsOfTargetsOfTheAskedProvenance) {
  const json r = get("/api/search?type=case_study&goal=8&sdg_provenance=stated&per_page=100");
  std::set<std::string> expected;
  for (const auto& d : documents("type=case_study"))
    for (const auto& t : d.at("sdg_targets"))
      if (t.at("provenance") == "stated" && t.at("id").get<std::string>().rfind("8.", 0) == 0)
        expected.insert(d.at("id"));
  EXPECT_EQ(ids_of(r), expected);
  EXPECT_EQ(counts(r, "sdg_goal").at("8"), expected.size());
}

TEST_F(TagScopeService, PrimaryCountryOnlyLeavesOutTheUnitsThatMerelyMentionIt) {
  std::set<std::string> primary, any;
  for (const auto& d : documents("country=SN")) {
    any.insert(d.at("id"));
    if (has(d.at("countries"), "SN", {"primary"}, "role")) primary.insert(d.at("id"));
  }
  ASSERT_FALSE(primary.empty());
  ASSERT_LT(primary.size(), any.size());
  const json r = get("/api/search?country=SN&country_role=primary&per_page=100");
  EXPECT_EQ(ids_of(r), primary);
  EXPECT_EQ(counts(r, "country").at("SN"), primary.size());
  const json mentioned = get("/api/search?country=SN&country_role=mentioned&per_page=100");
  EXPECT_EQ(r.at("total").get<std::size_t>() + mentioned.at("total").get<std::size_t>(), any.size());
}

TEST_F(TagScopeService, TheScopeAppliesToExportsAndBadValuesAreNamed) {
  const json exported = get("/api/export?format=json&type=case_study&sdg=10.7&sdg_provenance=stated");
  EXPECT_EQ(exported.size(), get("/api/search?type=case_study&sdg=10.7&sdg_provenance=stated").at("total"));
  const json bad = get("/api/search?sdg=10.7&sdg_provenance=authors", 400);
  EXPECT_EQ(bad.at("error").at("param"), "sdg_provenance");
  EXPECT_EQ(get("/api/search?country_role=main", 400).at("error").at("param"), "country_role");
}

}  // namespace
}  // namespace m4d
