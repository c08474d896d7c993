#include "m4d/taxonomy.h"

#include <gtest/gtest.h>

#include "m4d/errors.h"
#include "taxonomy_fixture.h"

namespace m4d {
namespace {

TEST(Taxonomy, ParsesThemesGoalsAndTargets) {
  const Taxonomy t = Taxonomy::parse(testing::small_taxonomy());
  ASSERT_NE(t.theme("remittances"), nullptr);
  EXPECT_EQ(t.theme("remittances")->label.get("fr"), "Transferts de fonds des migrants");
  EXPECT_EQ(t.theme("remittances")->label.get("ru"), "Migrant remittances");  // falls back to English
  ASSERT_NE(t.goal("10"), nullptr);
  EXPECT_EQ(t.goal("10")->colour, "#DD1367");
  ASSERT_NE(t.target("10.7"), nullptr);
  EXPECT_EQ(t.target("10.7")->goal, "10");
  EXPECT_EQ(t.target("10.c")->indicators.size(), 1u);
  EXPECT_EQ(t.target("99.9"), nullptr);
}

TEST(Taxonomy, CanonicalTargetIds) {
  const Taxonomy t = Taxonomy::parse(testing::small_taxonomy());
  EXPECT_EQ(t.canonical_target("11A \u2013 Support positive links"), "11.a");
  EXPECT_EQ(t.canonical_target("16.B \u2013 Promote"), "16.b");
  EXPECT_EQ(t.canonical_target("10.7"), "10.7");
  EXPECT_EQ(t.canonical_target("10.C"), "10.c");
  EXPECT_EQ(t.canonical_target("17.16 \u2013 Enhance"), "17.16");
  EXPECT_EQ(t.canonical_target("99.9"), std::nullopt);   // no such target
  EXPECT_EQ(t.canonical_target("10.77"), std::nullopt);  // no such target
  EXPECT_EQ(t.canonical_target("By 2030"), std::nullopt);
  EXPECT_EQ(t.canonical_target(""), std::nullopt);
}

TEST(Taxonomy, CountriesAndRegionsComeFromIcu) {
  const Taxonomy t = Taxonomy::parse(testing::small_taxonomy());
  const Country* np = t.country("NP");
  ASSERT_NE(np, nullptr);
  EXPECT_EQ(np->name.get("en"), "Nepal");
  EXPECT_EQ(np->name.get("fr"), "N\u00E9pal");
  EXPECT_FALSE(np->name.get("ar").empty());
  EXPECT_EQ(np->regions, (std::vector<std::string>{"034", "142"}));
  const Country* cr = t.country("CR");
  ASSERT_NE(cr, nullptr);
  EXPECT_NE(std::find(cr->regions.begin(), cr->regions.end(), "419"), cr->regions.end());  // M49 grouping added
  ASSERT_NE(t.region("419"), nullptr);
  EXPECT_EQ(t.country("XX"), nullptr);
}

TEST(Taxonomy, RejectsMalformedFilesWithFileAndLine) {
  TaxonomyFiles files = testing::small_taxonomy();
  files["sdg/cues.tsv"] = "# comment\n10.7\ten\tmany\tmigration governance\n";
  try {
    Taxonomy::parse(files);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("taxonomy/sdg/cues.tsv:2"), std::string::npos) << e.what();
  }
  files = testing::small_taxonomy();
  files.erase("themes.tsv");
  EXPECT_THROW(Taxonomy::parse(files), InvalidInput);
  files = testing::small_taxonomy();
  files["countries/aliases.tsv"] = "XX\ten\tNowhere\n";
  EXPECT_THROW(Taxonomy::parse(files), InvalidInput);
}

}  // namespace
}  // namespace m4d
