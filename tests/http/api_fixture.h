#pragma once
// The read API's test fixture: one service over the bundled corpus (and the
// test documents of tests/data/http) for every ApiTest, with JSON helpers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "service_fixture.h"

namespace m4d::testing {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { service_ = new ServiceFixture(); }
  // Suites derived from this one set up their own service.
  static void TearDownTestSuite() {
    delete service_;
    service_ = nullptr;
    delete all_units_;
    all_units_ = nullptr;
  }

  static json get_json(const std::string& path, int expected_status = 200) {
    auto c = service_->client();
    auto res = c.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, expected_status) << path << " -> " << res->body.substr(0, 300);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8") << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    return json::parse(res->body);
  }
  static std::vector<std::string> hit_ids(const json& r) {
    std::vector<std::string> ids;
    for (const auto& h : r["hits"]) ids.push_back(h["id"]);
    return ids;
  }
  static bool has(const json& arr, const std::string& v) {
    for (const auto& x : arr)
      if (x == v) return true;
    return false;
  }
  // Searches `query` (URL-encoded) and expects `alternative` among the expansions of `typed`.
  static json expect_expansion(const std::string& query, const std::string& typed, const std::string& alternative) {
    json r = get_json("/api/search?q=" + query);
    EXPECT_TRUE(has(r["expansions"][typed], alternative)) << typed << ": " << r["expansions"].dump();
    return r;
  }
  static void expect_error(const std::string& path, int status, const std::string& param = "") {
    json e = get_json(path, status);
    ASSERT_TRUE(e.contains("error")) << path;
    EXPECT_TRUE(e["error"].contains("code"));
    EXPECT_TRUE(e["error"].contains("message"));
    if (!param.empty()) {
      EXPECT_EQ(e["error"].value("param", ""), param) << path;
    }
  }
  // Every unit with its tags, fetched one by one (for brute-force counts).
  static const std::vector<json>& all_units() {
    if (!all_units_) {
      all_units_ = new std::vector<json>;
      json page = get_json("/api/export?format=json");
      for (const auto& row : page) all_units_->push_back(get_json("/api/documents/" + row["id"].get<std::string>()));
    }
    return *all_units_;
  }
  static std::vector<std::string> values_of(const json& unit, const std::string& facet) {
    std::vector<std::string> out;
    if (facet == "type" || facet == "lang") return {unit[facet].get<std::string>()};
    const std::string field = facet == "theme"      ? "themes"
                              : facet == "country"  ? "countries"
                              : facet == "region"   ? "regions"
                              : facet == "sdg_goal" ? "sdg_goals"
                                                    : "sdg_targets";
    for (const auto& t : unit[field]) {
      std::string id = t["id"];
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    return out;
  }
  inline static ServiceFixture* service_ = nullptr;
  inline static std::vector<json>* all_units_ = nullptr;
};

}  // namespace m4d::testing
