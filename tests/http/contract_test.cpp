// The contract: docs/openapi.json, the route table, the facet contract as
// served to clients, and honest statuses.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "handlers.h"
#include "m4d/facets.h"
#include "service_fixture.h"

namespace m4d {
namespace {

using nlohmann::json;
using Methods = std::map<std::string, std::set<std::string>>;  // path -> methods

Methods openapi_methods(const json& doc) {
  Methods out;
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [key, value] : item.items())
      if (key != "parameters") {
        std::string m = key;
        for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out[path].insert(m);
      }
  return out;
}

TEST(Contract, TheRouteTableAndTheOpenApiDocumentListTheSamePathsAndMethods) {
  http::ServiceState state;
  Methods table;
  for (const auto& route : http::api_routes(state))
    for (const auto& op : route.operations) table[std::string(route.path)].insert(std::string(op.method));
  const json doc = json::parse(http::openapi_document());
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(openapi_methods(doc), table);
}

class ContractService : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { service_ = new testing::ServiceFixture(); }
  static void TearDownTestSuite() { delete service_; }
  static testing::ServiceFixture* service_;
};
testing::ServiceFixture* ContractService::service_ = nullptr;

TEST_F(ContractService, EveryDocumentedPathAnswersItsMethodsAndOptionsListsThem) {
  auto c = service_->client();
  auto served = c.Get("/api/openapi.json");
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  EXPECT_TRUE(served->get_header_value("Content-Type").starts_with("application/json"));
  const Methods documented = openapi_methods(json::parse(served->body));
  ASSERT_GE(documented.size(), 10u);
  for (const auto& [path, methods] : documented) {
    std::string concrete = path;
    if (auto at = concrete.find("{id}"); at != std::string::npos) concrete.replace(at, 4, "ss-01");
    auto options = c.Options(concrete.c_str());
    ASSERT_TRUE(options) << path;
    EXPECT_EQ(options->status, 204) << path;
    std::set<std::string> allowed;
    std::string allow = options->get_header_value("Allow");
    for (std::size_t from = 0; from < allow.size();) {
      std::size_t comma = allow.find(", ", from);
      if (comma == std::string::npos) comma = allow.size();
      allowed.insert(allow.substr(from, comma - from));
      from = comma + 2;
    }
    std::set<std::string> expected = methods;
    expected.insert("OPTIONS");
    if (methods.count("GET")) expected.insert("HEAD");
    EXPECT_EQ(allowed, expected) << path;
    // A method the path does not document: 405 with the same Allow.
    for (const char* m : {"GET", "POST", "PUT", "DELETE"}) {
      if (methods.count(m)) continue;
      auto res = c.send([&] {
        httplib::Request r;
        r.method = m;
        r.path = concrete;
        return r;
      }());
      ASSERT_TRUE(res) << m << " " << path;
      EXPECT_EQ(res->status, 405) << m << " " << path;
      EXPECT_EQ(res->get_header_value("Allow"), allow) << m << " " << path;
    }
  }
}

TEST_F(ContractService, TheFacetContractIsServedToClients) {
  auto res = service_->client().Get("/api/taxonomy?ui_lang=fr");
  ASSERT_TRUE(res);
  const json body = json::parse(res->body);
  ASSERT_EQ(body.at("facets").size(), kFacets.size());
  for (std::size_t i = 0; i < kFacets.size(); ++i) {
    EXPECT_EQ(body["facets"][i]["name"], kFacets[i].name);
    EXPECT_EQ(body["facets"][i]["param"], kFacets[i].param);
    EXPECT_EQ(body["facets"][i]["query_field"], kFacets[i].query_field);
  }
  // Unit type labels come from the taxonomy, in the UI language.
  bool case_study = false;
  for (const auto& t : body["types"])
    case_study = case_study || (t["id"] == "case_study" && t["label"] == "Étude de cas");
  EXPECT_TRUE(case_study) << body["types"].dump();
  // Every facet of a search answer is one of the contract's.
  auto search = service_->client().Get("/api/search?q=remittances&sdg=10.C&country=np");
  ASSERT_TRUE(search);
  ASSERT_EQ(search->status, 200) << search->body;
  const json s = json::parse(search->body);
  for (const FacetSpec& f : kFacets) EXPECT_TRUE(s["facets"].contains(std::string(f.name))) << f.name;
  EXPECT_EQ(s["facets"].size(), kFacets.size());
}

TEST_F(ContractService, BadNumbersAndBadUtf8InBodiesAreTheClientsFaultNotAnOutage) {
  auto c = service_->client();
  const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + testing::kEditorToken}};
  // A number JSON cannot hold: 400, not 503 "index unavailable".
  auto huge = c.Post("/api/tag", auth, "1e999999", "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 400) << huge->body;
  EXPECT_EQ(json::parse(huge->body)["error"]["code"], "invalid_json");
  auto year = c.Post("/api/tag", auth, R"({"title":"t","text":"x","source":{"year":1e999}})", "application/json");
  ASSERT_TRUE(year);
  EXPECT_EQ(year->status, 400) << year->body;
  // Invalid UTF-8 in any multipart field: 422 naming the field.
  const std::string pdf = testing::read_file(testing::source_dir() / "tests/data/http/dakar-youth.pdf");
  httplib::MultipartFormDataItems form = {{"file", pdf, "dakar-youth.pdf", "application/pdf"},
                                          {"publisher", "\xff\xfe", "", ""}};
  auto bad = c.Post("/api/documents", auth, form);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422) << bad->body;
  EXPECT_EQ(json::parse(bad->body)["error"]["param"], "publisher");
  EXPECT_EQ(service_->log().find("error: "), std::string::npos) << service_->log();
}

}  // namespace
}  // namespace m4d
