#include "m4d/hyphenation.h"

#include <gtest/gtest.h>

namespace m4d {
namespace {

TEST(Hyphenation, CorpusEvidenceDecides) {
  HyphenationResolver r;
  r.observe("cross-border migration; cross-border women; an innovative idea");
  EXPECT_EQ(r.join("cross", "border"), "cross-border");
  EXPECT_EQ(r.join("inno", "vative"), "innovative");
}

TEST(Hyphenation, MoreFrequentFormWins) {
  HyphenationResolver r;
  r.observe("co-operation cooperation cooperation");
  EXPECT_EQ(r.join("co", "operation"), "cooperation");
  r.observe("co-operation co-operation co-operation");
  EXPECT_EQ(r.join("co", "operation"), "co-operation");
}

TEST(Hyphenation, WordListWhenCorpusIsSilent) {
  HyphenationResolver r({"development", "border", "cross", "ment"});
  EXPECT_EQ(r.join("develop", "ment"), "development");
  EXPECT_EQ(r.join("Develop", "ment"), "Development");   // case kept
  EXPECT_EQ(r.join("cross", "border"), "cross-border");  // both halves are words, joined form is not
}

TEST(Hyphenation, InflectedFormsOfListedWords) {
  HyphenationResolver r({"stakeholder"});
  EXPECT_EQ(r.join("stake", "holders"), "stakeholders");
}

TEST(Hyphenation, CapitalisedSecondHalfIsACompound) {
  HyphenationResolver r({"afrocolombian"});
  EXPECT_EQ(r.join("Afro", "Colombian"), "Afro-Colombian");
}

TEST(Hyphenation, UnknownFragmentsAreJoined) {
  HyphenationResolver r;
  EXPECT_EQ(r.join("recommen", "dations"), "recommendations");
}

}  // namespace
}  // namespace m4d
