// The glossary's phrases marked by index terms (PhraseTerms).
#include "m4d/phrase_terms.h"

#include <gtest/gtest.h>

#include "m4d/schema.h"

namespace m4d {
namespace {

const std::string kGlossary =
    "# concept\tlang\tterm\n"
    "local\ten\tLocal Development\n"
    "local\tfr\tdéveloppement local\n"
    "rights\ten\trights of migrants\n"
    "remittances\ten\tremittances\n"
    "long\ten\tone two three four five\n"
    "cities\ten\tcity to city cooperation\n";

TEST(PhraseTerms, KeepsTheGlossaryPhrasesWhosePositionsAPhraseTests) {
  const PhraseTerms set = PhraseTerms::from_glossary(kGlossary);
  EXPECT_EQ(set.term_of({"local", "development"}), std::string(schema::kPrefixPhrase) + "local development");
  EXPECT_EQ(set.term_of({"développement", "local"}), std::string(schema::kPrefixPhrase) + "développement local");
  // A phrase with a word that has no positions ("of", "to"), a single word,
  // a phrase longer than kMaxWords and one not in the glossary are not marked.
  EXPECT_EQ(set.term_of({"rights", "migrants"}), "");
  EXPECT_EQ(set.term_of({"rights", "of", "migrants"}), "");
  EXPECT_EQ(set.term_of({"city", "city", "cooperation"}), "");
  EXPECT_EQ(set.term_of({"remittances"}), "");
  EXPECT_EQ(set.term_of({"one", "two", "three", "four"}), "");
  EXPECT_EQ(set.term_of({"development", "local"}), "");
  // Stored and loaded: the same set.
  const PhraseTerms loaded = PhraseTerms::load(set.bytes());
  EXPECT_EQ(loaded.bytes(), set.bytes());
  EXPECT_EQ(loaded.term_of({"local", "development"}), set.term_of({"local", "development"}));
  EXPECT_TRUE(PhraseTerms::load("").empty());
  EXPECT_FALSE(set.empty());
}

TEST(PhraseTerms, FindsPhrasesOnlyAtConsecutivePositions) {
  const PhraseTerms set = PhraseTerms::load("local development\nlocal development plans\none stop shop\n");
  const std::string p(schema::kPrefixPhrase);
  // "local development plans for a one stop shop": "for" and "a" have no positions.
  EXPECT_EQ(set.terms_in({{1, "local"}, {2, "development"}, {3, "plans"}, {6, "one"}, {7, "stop"}, {8, "shop"}}),
            (std::vector<std::string>{p + "local development", p + "local development plans", p + "one stop shop"}));
  // "local [of] development": a gap is no phrase; nor is the wrong order.
  EXPECT_TRUE(set.terms_in({{1, "local"}, {3, "development"}}).empty());
  EXPECT_TRUE(set.terms_in({{1, "development"}, {2, "local"}}).empty());
  // Twice in a text: one term.
  EXPECT_EQ(set.terms_in({{1, "local"}, {2, "development"}, {9, "local"}, {10, "development"}}).size(), 1u);
  EXPECT_TRUE(PhraseTerms().terms_in({{1, "local"}, {2, "development"}}).empty());
}

}  // namespace
}  // namespace m4d
