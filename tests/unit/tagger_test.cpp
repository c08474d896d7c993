#include "m4d/tagger.h"

#include <gtest/gtest.h>

#include "m4d/text.h"
#include "taxonomy_fixture.h"

namespace m4d {
namespace {

// A crude stemmer for unit tests: drops a plural "s".
std::string test_stem(const std::string& w, const std::string&) {
  return w.size() > 3 && w.back() == 's' ? w.substr(0, w.size() - 1) : w;
}

class TaggerTest : public ::testing::Test {
 protected:
  TaggerTest()
      : taxonomy_(Taxonomy::parse(testing::small_taxonomy())),
        tagger_(taxonomy_, test_stem,
                {{"ex-1",
                  "en",
                  "Remittances and financial literacy for families; transaction costs fall.",
                  {"10.c", "1.4"},
                  ""},
                 {"ex-2", "en", "Migration governance and mobility of people across the border.", {"10.7"}, ""},
                 {"ex-3", "en", "Civil society partnerships with the private sector.", {"17.17"}, ""}}) {}

  std::vector<std::string> primary(const std::string& text, const std::string& location = "") const {
    Unit u;
    u.id = "t";
    u.lang = "en";
    u.text = text;
    u.location = location;
    std::vector<std::string> out;
    for (const auto& t : tagger_.countries(u))
      if (t.role == "primary") out.push_back(t.id);
    return out;
  }
  std::vector<std::string> all(const std::string& text) const {
    Unit u;
    u.id = "t";
    u.lang = "en";
    u.text = text;
    std::vector<std::string> out;
    for (const auto& t : tagger_.countries(u)) out.push_back(t.id);
    std::sort(out.begin(), out.end());
    return out;
  }

  Taxonomy taxonomy_;
  Tagger tagger_;
};

TEST_F(TaggerTest, StatedTargetsAreNormalised) {
  const auto tags = tagger_.stated_targets(
      "11A \u2013 Support positive links\n16.B \u2013 Promote\n10.7 \u2013 Facilitate\n99.1 \u2013 bogus\n10.7 \u2013 "
      "again");
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0].id, "11.a");
  EXPECT_EQ(tags[1].id, "16.b");
  EXPECT_EQ(tags[2].id, "10.7");
  for (const auto& t : tags) {
    EXPECT_EQ(t.provenance, kProvenanceStated);
    EXPECT_EQ(t.score, 1.0);
    ASSERT_EQ(t.evidence.size(), 1u);
  }
  EXPECT_EQ(tags[1].evidence[0], "16.B \u2013 Promote");
}

TEST_F(TaggerTest, InfersTargetsWithEvidence) {
  Unit u;
  u.id = "u";
  u.lang = "en";
  u.title = "Cutting the cost of remittances";
  u.text = "The project reduced transaction costs of remittances sent by migrants. Families learnt financial literacy.";
  tagger_.tag(u);
  ASSERT_FALSE(u.sdg_targets.empty());
  EXPECT_EQ(u.sdg_targets[0].id, "10.c");
  EXPECT_EQ(u.sdg_targets[0].provenance, kProvenanceInferred);
  EXPECT_GT(u.sdg_targets[0].score, 0.25);
  ASSERT_FALSE(u.sdg_targets[0].evidence.empty());
  EXPECT_NE(u.sdg_targets[0].evidence[0].find("transaction costs"), std::string::npos);
  ASSERT_FALSE(u.themes.empty());
  EXPECT_EQ(u.themes[0].id, "remittances");
  EXPECT_FALSE(u.themes[0].evidence.empty());
}

TEST_F(TaggerTest, OwnStatedLinksAreNeverConsulted) {
  // ex-1 states 10.c; ranking ex-1's own text while excluding it must not see that label via kNN.
  const auto with = tagger_.rank_targets("Remittances and financial literacy for families.", "en", "other");
  const auto without = tagger_.rank_targets("Remittances and financial literacy for families.", "en", "ex-1");
  auto score_of = [](const std::vector<ScoredTarget>& r, const std::string& id) {
    for (const auto& s : r)
      if (s.id == id) return s.score;
    return 0.0;
  };
  EXPECT_GT(score_of(with, "1.4"), score_of(without, "1.4"));
}

// The labelled examples are English: a French text meets them through the
// glossary ("transferts de fonds" is the concept whose English terms are
// "remittances", "money sent home"), so ex-1's targets lead.
TEST_F(TaggerTest, FrenchTextMeetsEnglishExamplesThroughTheGlossary) {
  const auto ranked = tagger_.rank_targets("Les transferts de fonds des familles.", "fr", "other");
  auto score_of = [&](const std::string& id) {
    for (const auto& s : ranked)
      if (s.id == id) return s.score;
    return 0.0;
  };
  EXPECT_GT(score_of("1.4"), score_of("17.17") + 0.1);
  EXPECT_GT(score_of("1.4"), score_of("10.7") + 0.1);
}

// Nine labelled stories on remittances and one on urban-rural links: at the
// document level the unit below is nearer to all nine remittance stories, yet
// its paragraph on rural areas still votes for the goal of the story whose
// paragraphs are like it.
TEST(TaggerGoals, EveryParagraphVotesForTheGoalsOfItsNearestLabelledParagraphs) {
  const Taxonomy taxonomy = Taxonomy::parse(testing::small_taxonomy());
  const std::string remittances =
      "Migrant families received remittances through cheaper transfer companies, banks and post offices, "
      "and transaction costs fell for every household in the villages of origin.";
  const std::string rural =
      "Farmers' cooperatives connected rural villages with urban markets, roads and peri-urban suppliers, "
      "and planners drew links between towns, countryside, fields and harvest storage.";
  std::vector<LabeledExample> examples;
  for (int i = 1; i <= 9; ++i)
    examples.push_back({"r" + std::to_string(i), "en", remittances + "\n\n" + remittances, {"10.c", "1.4"}, ""});
  examples.push_back({"u1", "en", rural + "\n\nThe city council funded a market hall.", {"11.a"}, ""});
  const Tagger tagger(taxonomy, test_stem, examples);

  const std::string unit = remittances + "\n\n" + remittances + "\n\n" + remittances + "\n\n" + rural;
  const auto goals = tagger.rank_goals(unit, "en", "");
  auto score_of = [&](const std::string& id) {
    for (const auto& g : goals)
      if (g.id == id) return g.score;
    return 0.0;
  };
  ASSERT_FALSE(goals.empty());
  EXPECT_TRUE(goals[0].id == "10" || goals[0].id == "1") << goals[0].id;
  // One paragraph in four: about a quarter of the votes, not a title similarity's crumbs.
  EXPECT_GT(score_of("11"), 0.25 * score_of("10"));
}

TEST_F(TaggerTest, HandbookChapterStatesTheme) {
  Unit u;
  u.id = "hb-3-1";
  u.lang = "en";
  u.title = "3.1 Improving financial tools";
  u.text = "Human rights and discrimination are discussed at length here, yet the chapter decides.";
  u.source.section_path = "Chapter 3. Migrant Remittances \u203A 3.1 Improving financial tools";
  tagger_.tag(u);
  ASSERT_EQ(u.themes.size(), 1u);
  EXPECT_EQ(u.themes[0].id, "remittances");
  EXPECT_EQ(u.themes[0].provenance, kProvenanceStated);
}

TEST_F(TaggerTest, PrimaryCountryFromLocationLine) {
  EXPECT_EQ(primary("Migrants from Nicaragua and Panama work in the coffee harvest of Los Santos.",
                    "Municipality of Los Santos, Costa Rica"),
            (std::vector<std::string>{"CR"}));
  EXPECT_EQ(primary("Services for migrants.", "Province of Pichincha, Ecuador"), (std::vector<std::string>{"EC"}));
}

TEST_F(TaggerTest, SubdivisionsCountForTheirCountry) {
  EXPECT_EQ(primary("The Province of Pichincha supports migrants. Pichincha also runs a helpline."),
            (std::vector<std::string>{"EC"}));
  // "Los Santos" (a Panamanian province) beside a named Costa Rica is not Panama.
  EXPECT_EQ(all("In Los Santos, Costa Rica, the coffee harvest employs migrants. Costa Rica welcomes them."),
            (std::vector<std::string>{"CR"}));
}

TEST_F(TaggerTest, AmbiguousNamesUseContext) {
  EXPECT_EQ(all("Returnees in Niger and in Nigeria receive support."), (std::vector<std::string>{"NE", "NG"}));
  EXPECT_EQ(all("Partners in Guinea-Bissau and Guinea met in Conakry."), (std::vector<std::string>{"GN", "GW"}));
  EXPECT_EQ(all("The project in Georgia helped Georgian returnees find jobs in Tbilisi."),
            (std::vector<std::string>{"GE"}));
  EXPECT_EQ(all("A conference in Atlanta, Georgia, discussed U.S. state policies."), std::vector<std::string>{});
  EXPECT_EQ(all("Michael Jordan spoke to the students."), std::vector<std::string>{});
  EXPECT_EQ(all("Refugees in Jordan receive cash transfers."), (std::vector<std::string>{"JO"}));
  EXPECT_EQ(all("Chad Smith coordinated the workshop."), std::vector<std::string>{});
  EXPECT_EQ(all("Migrants from Niger and Chad crossed the Sahara."), (std::vector<std::string>{"NE", "TD"}));
  EXPECT_EQ(all("Farmers live on the shore of Lake Nicaragua in Costa Rica."), (std::vector<std::string>{"CR"}));
  EXPECT_EQ(all("We cooked a turkey and some chile peppers."), std::vector<std::string>{});
}

TEST_F(TaggerTest, DemonymsAliasesAndOtherLanguages) {
  EXPECT_EQ(all("Filipino seafarers send money home."), (std::vector<std::string>{"PH"}));
  EXPECT_EQ(all("A partner in the UK and one in the Netherlands."), (std::vector<std::string>{"GB", "NL"}));
  EXPECT_EQ(all("Salvadoran associations abroad."), (std::vector<std::string>{"SV"}));
  Unit fr;
  fr.id = "fr";
  fr.lang = "fr";
  fr.text = "Au S\u00E9n\u00E9gal et au Maroc, les migrants de retour cr\u00E9ent des entreprises.";
  std::vector<std::string> codes;
  for (const auto& t : tagger_.countries(fr)) codes.push_back(t.id);
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<std::string>{"MA", "SN"}));
}

TEST_F(TaggerTest, RegionsRollUpFromCountries) {
  Unit u;
  u.id = "u";
  u.lang = "en";
  u.location = "Municipality of Upala, Costa Rica";
  u.text = "Cross-border migrants in Costa Rica.";
  tagger_.tag(u);
  EXPECT_NE(std::find(u.regions.begin(), u.regions.end(), "013"), u.regions.end());
  EXPECT_NE(std::find(u.regions.begin(), u.regions.end(), "419"), u.regions.end());
  EXPECT_NE(std::find(u.regions.begin(), u.regions.end(), "019"), u.regions.end());
}

TEST_F(TaggerTest, BadInputGivesNoTagsAndNeverThrows) {
  Unit empty;
  EXPECT_NO_THROW(tagger_.tag(empty));
  EXPECT_TRUE(empty.sdg_targets.empty() && empty.themes.empty() && empty.countries.empty());

  Unit huge;
  huge.id = "h";
  huge.lang = "en";
  huge.text.reserve(1 << 20);
  while (huge.text.size() < (1 << 20)) huge.text += "migration ";
  EXPECT_NO_THROW(tagger_.tag(huge));
  EXPECT_TRUE(huge.countries.empty());

  Unit mixed;
  mixed.id = "m";
  mixed.lang = "xx";
  mixed.text =
      "\u062A\u062D\u0648\u064A\u0644\u0627\u062A \u4E2D\u6587 remittances \u0928\u0947\u092A\u093E\u0932 \U0001F600";
  EXPECT_NO_THROW(tagger_.tag(mixed));

  Unit invalid;
  invalid.id = "i";
  invalid.text = "bad \xFF\xFE bytes";
  EXPECT_NO_THROW(tagger_.tag(invalid));
  EXPECT_TRUE(invalid.sdg_targets.empty() && invalid.themes.empty() && invalid.countries.empty());
}

}  // namespace
}  // namespace m4d
