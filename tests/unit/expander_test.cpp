// The expander's inflection rules (no vocabulary needed).
#include "m4d/search/expander.h"

#include <gtest/gtest.h>

namespace m4d::search {
namespace {

TEST(Feminine, AdjectivesParticiplesAndAgentNounsOnly) {
  EXPECT_EQ(Expander::feminine("travailleurs", "fr", false), "travailleuses");
  EXPECT_EQ(Expander::feminine("migrant", "fr", false), "migrante");
  EXPECT_EQ(Expander::feminine("local", "fr", false), "locale");
  EXPECT_EQ(Expander::feminine("marocains", "fr", false), "marocaines");
  EXPECT_EQ(Expander::feminine("employé", "fr", true), "employée");
  EXPECT_EQ(Expander::feminine("étranger", "fr", false), "étrangère");
  EXPECT_EQ(Expander::feminine("trabajadores", "es", false), "trabajadoras");
  EXPECT_EQ(Expander::feminine("retornado", "es", true), "retornada");
  // Nouns have no feminine: "migration" is no "migratione".
  EXPECT_EQ(Expander::feminine("migration", "fr", false), "");
  EXPECT_EQ(Expander::feminine("développement", "fr", false), "");
  EXPECT_EQ(Expander::feminine("emploi", "fr", false), "");
  EXPECT_EQ(Expander::feminine("transferts", "fr", false), "");
  EXPECT_EQ(Expander::feminine("migrante", "fr", false), "");  // its own feminine
}

}  // namespace
}  // namespace m4d::search
