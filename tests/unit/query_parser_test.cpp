// The query syntax, parsed without an index.
#include "query_parser.h"

#include <gtest/gtest.h>

namespace m4d::search {
namespace {

std::vector<std::string> surfaces(const Clause& c) {
  std::vector<std::string> out;
  for (const auto& w : c.words) out.push_back(w.surface());
  return out;
}

TEST(QueryParser, WordsPhrasesExclusionsAndOr) {
  const auto c = parse_clauses("remittances \"financial literacy\" -Nepal youth OR women");
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].kind, Clause::Kind::kWords);
  EXPECT_EQ(surfaces(c[0]), std::vector<std::string>{"remittances"});
  EXPECT_EQ(c[1].kind, Clause::Kind::kPhrase);
  EXPECT_EQ(surfaces(c[1]), (std::vector<std::string>{"financial", "literacy"}));
  EXPECT_TRUE(c[2].negated);
  EXPECT_EQ(c[2].words[0].lower(), "nepal");
  EXPECT_FALSE(c[3].or_previous);
  EXPECT_TRUE(c[4].or_previous);
}

TEST(QueryParser, FieldScopesComeFromTheFacetContract) {
  const auto c = parse_clauses("sdg:10.7 Country:np title:\"local authorities\" -theme:rights goal:10 lang:fr");
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[0].kind, Clause::Kind::kField);
  EXPECT_EQ(c[0].facet, Facet::kTarget);
  EXPECT_EQ(c[0].value, "10.7");
  EXPECT_EQ(c[1].facet, Facet::kCountry);  // the field name is case-insensitive
  EXPECT_EQ(canonical_value(*c[1].facet, c[1].value), "NP");
  EXPECT_TRUE(c[2].title);
  EXPECT_EQ(c[2].kind, Clause::Kind::kPhrase);
  EXPECT_EQ(c[2].text(), "local authorities");
  EXPECT_TRUE(c[3].negated);
  EXPECT_EQ(c[3].facet, Facet::kTheme);
  EXPECT_EQ(c[4].facet, Facet::kGoal);
  EXPECT_EQ(c[5].facet, Facet::kLang);
}

TEST(QueryParser, MalformedSyntaxFallsBackToWords) {
  // An unbalanced quote, an unknown field, a lone '-', an empty field value.
  const auto c = parse_clauses("\"unbalanced quote foo:bar - sdg: OR");
  std::vector<std::string> all;
  for (const auto& cl : c) {
    EXPECT_FALSE(cl.facet.has_value());
    for (const auto& w : surfaces(cl)) all.push_back(w);
  }
  EXPECT_EQ(all, (std::vector<std::string>{"unbalanced", "quote", "foo", "bar"}));
  EXPECT_TRUE(parse_clauses("").empty());
  EXPECT_TRUE(parse_clauses("   \"\"  ").empty());
}

TEST(QueryParser, AHyphenatedTokenIsAJoinedPhrase) {
  const auto c = parse_clauses("cross-border Guinea-Bissau");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_TRUE(c[0].joined);
  EXPECT_EQ(c[0].kind, Clause::Kind::kPhrase);
  EXPECT_EQ(c[1].key(), "guinea bissau");
}

TEST(QueryParser, WordsAreAnalysedOnce) {
  const auto c = parse_clauses("L'Emploi Sédhiou");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].words[0].lower(), "l'emploi");
  EXPECT_EQ(c[0].words[0].key(), "emploi");
  EXPECT_EQ(c[1].words[0].key(), "sedhiou");
  EXPECT_EQ(c[1].words[0].script(), USCRIPT_LATIN);
}

TEST(QueryParser, IdentifiesFrenchAndSpanishQueries) {
  EXPECT_EQ(identify_query_language(parse_clauses("transferts de fonds des migrants")), "fr");
  EXPECT_EQ(identify_query_language(parse_clauses("l'emploi")), "fr");
  EXPECT_EQ(identify_query_language(parse_clauses("remesas para el desarrollo")), "es");
  EXPECT_EQ(identify_query_language(parse_clauses("migrants")), "");
  EXPECT_EQ(identify_query_language(parse_clauses("la migración con")), "");  // markers of both: ambiguous
  EXPECT_EQ(identify_query_language(parse_clauses("diaspora investment")), "");
}

}  // namespace
}  // namespace m4d::search
