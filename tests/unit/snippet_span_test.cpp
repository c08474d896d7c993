// snippet_span: which 300 bytes of a unit its snippet shows. Hand-made texts
// for the cut at the span's end, and random texts against the contract: no
// sentence start near a match holds more idf than the chosen span.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "snippets.h"

namespace m4d::search {
namespace {

bool word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// The span from `from` as the contract states it: kSnippetLength bytes, cut
// before a word that does not fit.
std::size_t naive_end(const std::string& text, std::size_t from) {
  std::size_t to = std::min<std::size_t>(text.size(), from + kSnippetLength);
  while (to < text.size() && to > from && word_byte(text[to]) && word_byte(text[to - 1])) --to;
  return to;
}

// The idf of the distinct stems that start a word in [from, to).
double naive_weight(const std::string& text, std::size_t from, std::size_t to, const std::vector<MarkedStem>& stems) {
  std::set<std::size_t> counted;
  double weight = 0;
  for (std::size_t i = from; i < to; ++i) {
    if (!word_byte(text[i]) || (i > 0 && word_byte(text[i - 1]))) continue;
    for (std::size_t k = 0; k < stems.size(); ++k)
      if (text.compare(i, stems[k].text.size(), stems[k].text) == 0 && counted.insert(k).second) weight += stems[k].idf;
  }
  return weight;
}

TEST(SnippetSpanTest, AWordCutAtTheSpansEndDoesNotCount) {
  // "zebras" starts before byte 300 and ends after it: the span from the
  // text's start holds only "lion", so the span around "zebras" wins.
  std::string text = "Lion";
  while (text.size() < 296) text += " aa";
  const std::size_t zebras = text.size() + 1;
  text += " zebras";
  ASSERT_LT(zebras, kSnippetLength);
  ASSERT_GT(text.size(), kSnippetLength);
  while (text.size() < 700) text += " bb";
  const std::vector<MarkedStem> stems = {{"lion", 1.0}, {"zebra", 2.0}};
  const auto [from, to] = snippet_span(text, word_starts(text), stems);
  EXPECT_GT(from, 0U);
  EXPECT_LE(from, zebras);
  EXPECT_GT(to, zebras + 6);
  EXPECT_LE(to - from, kSnippetLength);
}

TEST(SnippetSpanTest, TheSentenceWithTheMostIdfWinsAndTheEarliestOnATie) {
  std::string filler;
  while (filler.size() < 400) filler += "Nothing here at all. ";
  const std::string text = "Migration policy matters. " + filler + "Remittances shape migration policy. " + filler +
                           "Remittances shape migration policy again. ";
  const std::vector<MarkedStem> stems = {{"migrat", 1.0}, {"remitt", 2.0}, {"polic", 0.5}};
  const auto [from, to] = snippet_span(text, word_starts(text), stems);
  EXPECT_EQ(from, text.find("Remittances"));
  EXPECT_LE(to - from, kSnippetLength);
}

TEST(SnippetSpanTest, NoSentenceNearAMatchHoldsMoreIdfOnRandomTexts) {
  const std::vector<std::string> vocabulary = {"migrant", "migration", "remit",  "remittance", "policy", "police",
                                               "aa",      "bbb",       "cccc",   "return",     "ret",    "diaspora",
                                               "dia",     "fund",      "funds.", "migr",       "x-y",    "road"};
  const std::vector<MarkedStem> stems = {{"migrat", 1.3}, {"remitt", 2.1}, {"polic", 0.7}, {"return", 1.1},
                                         {"dia", 0.4},    {"fund", 1.7},   {"mig", 0.2}};
  std::mt19937 random(42);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t words = 20 + random() % 300;
    for (std::size_t w = 0; w < words; ++w) {
      text += vocabulary[random() % vocabulary.size()];
      text += random() % 9 == 0 ? ". " : " ";
    }
    const auto [from, to] = snippet_span(text, word_starts(text), stems);
    ASSERT_LE(to - from, kSnippetLength) << text;
    ASSERT_EQ(to, naive_end(text, from)) << text;
    ASSERT_TRUE(from == 0 || !word_byte(text[from - 1])) << text;
    const double best = naive_weight(text, from, to, stems);  // sums in another order: 1e-9 below
    ASSERT_GE(best + 1e-9, naive_weight(text, 0, naive_end(text, 0), stems)) << text;
    // Every sentence start within half a snippet before a match was a candidate.
    std::size_t sentence = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
      if (at >= 2 && text[at - 1] == ' ' && text[at - 2] == '.') sentence = at;
      if (!word_byte(text[at]) || (at > 0 && word_byte(text[at - 1])) ||
          (sentence > 0 && sentence + kSnippetLength / 2 <= at))
        continue;
      if (naive_weight(text, at, at + 1, stems) == 0) continue;  // no match here
      ASSERT_GE(best + 1e-9, naive_weight(text, sentence, naive_end(text, sentence), stems)) << text << "\nat " << at;
    }
  }
}

}  // namespace
}  // namespace m4d::search
