// The language library and the facet contract.
#include <gtest/gtest.h>

#include <set>

#include "m4d/facets.h"
#include "m4d/lang/language.h"
#include "m4d/lang/normalize.h"
#include "m4d/lang/stemmer.h"
#include "m4d/lang/stopwords.h"
#include "m4d/lang/word.h"
#include "m4d/schema.h"

namespace m4d {
namespace {

TEST(FacetContract, EveryFacetHasDistinctNamesAndPrefixesInTableOrder) {
  std::set<std::string_view> names, params, fields, prefixes;
  for (std::size_t i = 0; i < kFacets.size(); ++i) {
    const FacetSpec& f = kFacets[i];
    EXPECT_EQ(static_cast<std::size_t>(f.facet), i) << f.name;
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_TRUE(params.insert(f.param).second) << f.param;
    EXPECT_TRUE(fields.insert(f.query_field).second) << f.query_field;
    EXPECT_TRUE(prefixes.insert(f.prefix).second) << f.prefix;
    EXPECT_EQ(facet_by_query_field(f.query_field), f.facet);
  }
  // The two facets whose API name and parameter differ.
  EXPECT_EQ(spec(Facet::kTarget).param, "sdg");
  EXPECT_EQ(spec(Facet::kGoal).name, "sdg_goal");
  EXPECT_FALSE(facet_by_query_field("title").has_value());  // a text scope, not a facet
  // Facet prefixes never collide with the schema's own.
  for (std::string_view p : {schema::kPrefixId, schema::kPrefixTitle, schema::kPrefixKeyword,
                             schema::kPrefixPublication, schema::kPrefixProject})
    EXPECT_FALSE(prefixes.count(p)) << p;
}

TEST(FacetContract, TypedValuesAreCanonicalised) {
  EXPECT_EQ(canonical_value(Facet::kCountry, "sn"), "SN");
  EXPECT_EQ(canonical_value(Facet::kTarget, "16.B"), "16.b");
  EXPECT_EQ(canonical_value(Facet::kTarget, "11A"), "11.a");
  EXPECT_EQ(canonical_value(Facet::kTheme, "Rights"), "rights");
  EXPECT_EQ(goal_of_target("10.7"), "10");
}

TEST(Lang, OneStopWordListWithItsUses) {
  EXPECT_TRUE(lang::is_function_word("of"));
  EXPECT_TRUE(lang::is_function_word("des"));
  EXPECT_TRUE(lang::is_function_word("los"));
  EXPECT_FALSE(lang::is_function_word("more"));  // a query word...
  EXPECT_TRUE(lang::is_topic_stopword("more"));  // ...that says nothing of a topic
  EXPECT_FALSE(lang::is_topic_stopword("remittances"));
  EXPECT_EQ(lang::marked_language("avec"), "fr");
  EXPECT_EQ(lang::marked_language("sobre"), "es");
  EXPECT_EQ(lang::marked_language("de"), "");  // French and Spanish alike
}

TEST(Lang, ElisionsAndNormalForms) {
  EXPECT_EQ(lang::elision_length("l'emploi"), 2u);
  EXPECT_EQ(lang::elision_length("d\u2019accueil"), 4u);
  EXPECT_EQ(lang::elision_length("dell'arte"), 5u);
  EXPECT_EQ(lang::elision_length("l'"), 0u);  // nothing would be left
  EXPECT_TRUE(lang::has_french_elision("qu'il"));
  EXPECT_FALSE(lang::has_french_elision("dell'arte"));
  EXPECT_EQ(lang::lower("ÉMIGRATION"), "émigration");
  EXPECT_EQ(lang::Word("L\u2019Emploi").key(), "emploi");
}

TEST(Lang, StemsPerLanguageAndScripts) {
  EXPECT_EQ(lang::stem("remittances", "en"), "remitt");
  EXPECT_EQ(lang::stem("migrants", "fr"), "migr");
  EXPECT_EQ(lang::stem("汇款", "zh"), "汇款");  // no Snowball stemmer: unchanged
  const lang::Word w("Remesas");
  EXPECT_EQ(w.stems("es"), std::vector<std::string>{"remes"});
  EXPECT_EQ(&w.stems("es"), &w.stems("es"));  // computed once
  EXPECT_EQ(lang::word_script("تحويلات"), USCRIPT_ARABIC);
  EXPECT_EQ(lang::language_script("ar"), USCRIPT_ARABIC);
  EXPECT_EQ(lang::word_script("2030"), USCRIPT_COMMON);
  EXPECT_TRUE(lang::is_unspaced_script("移民"));
  EXPECT_EQ(lang::detect_language("Les associations de la diaspora financent des coopératives agricoles au Sénégal."),
            "fr");
}

}  // namespace
}  // namespace m4d
