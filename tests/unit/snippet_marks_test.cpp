// SnippetMarks against the code it replaces: Xapian's own MSet::snippet over
// an in-memory database, on hand-picked texts and on 20,000 random ones made
// of the tokens where word splitting is subtle.
#include <gtest/gtest.h>
#include <xapian.h>

#include <random>
#include <string>
#include <vector>

#include "snippets.h"

namespace m4d::search {
namespace {

Xapian::Query terms_query(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// What MSet::snippet gives for `text` with an MSet of `marked`.
std::string xapian_snippet(const Xapian::Query& marked, const std::string& text, const std::string& lang) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  doc.add_term("x");
  db.add_document(doc);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(marked);
  const Xapian::MSet mset = enquire.get_mset(0, 0);
  return mset.snippet(text, kSnippetLength + 1, Xapian::Stem(lang), 0, "<mark>", "</mark>", "\u2026");
}

TEST(SnippetMarksTest, MarksAskedWordsAndStemsLikeXapian) {
  // A built query's text part: per-language stems and a phrase's words.
  const std::vector<Xapian::Query> parts = {
      Xapian::Query("ZENremitt"), Xapian::Query("ZFRemploi"),
      Xapian::Query(Xapian::Query::OP_PHRASE, Xapian::Query("money"), Xapian::Query("home"))};
  const Xapian::Query text(Xapian::Query::OP_OR, parts.begin(), parts.end());
  const SnippetMarks marks(text);
  EXPECT_EQ(marks.mark("Remittances sent home: money & <b>hope</b>", "en"),
            "<mark>Remittances</mark> sent <mark>home</mark>: <mark>money</mark> &amp; &lt;b&gt;hope&lt;/b&gt;");
  EXPECT_EQ(marks.mark("Pour l'emploi des jeunes, l\u2019emploi local.", "fr"),
            "Pour l'emploi des jeunes, l\u2019emploi local.");
  EXPECT_EQ(marks.mark("(Emploi) des migrants", "fr"), "(<mark>Emploi</mark>) des migrants");
  EXPECT_EQ(marks.mark("money, home,", "en"), "<mark>money</mark>, <mark>home</mark>\u2026");
  for (const std::string s : {"Remittances sent home: money & <b>hope</b>", "Pour l'emploi des jeunes, l\u2019emploi.",
                              "(Emploi) des migrants", "", "...", " --> money!", "U.N. money; AT&T home C++ x"})
    for (const std::string lang : {"en", "fr"})
      EXPECT_EQ(marks.mark(s, lang), xapian_snippet(snippet_query(text), s, lang)) << s;
}

TEST(SnippetMarksTest, AgreesWithXapianOnEveryAsciiCharacterBetweenWords) {
  const std::vector<std::string> asked = {"money", "ZENhome", "a_b", "x1"};
  const Xapian::Query built = terms_query(asked);
  const SnippetMarks marks(built);
  for (int c = 1; c < 0x80; ++c) {
    const std::string sep(1, static_cast<char>(c));
    for (const std::string& text :
         {"Money" + sep + "homes" + sep + "a_b" + sep + "X1", sep + "money" + sep + sep + "Home" + sep,
          sep + sep + sep + sep + sep + "money", "money." + sep + "x1" + sep + sep + sep + sep + sep})
      EXPECT_EQ(marks.mark(text, "en"), xapian_snippet(snippet_query(built), text, "en")) << "character " << c;
  }
}

TEST(SnippetMarksTest, AgreesWithXapianOnRandomTexts) {
  const std::vector<std::string> tokens = {"money",
                                           "Money",
                                           "MONEY",
                                           "home",
                                           "homes",
                                           "remittances",
                                           "Remitted",
                                           "migrants'",
                                           "l'emploi",
                                           "L\u2019emploi",
                                           "emplois",
                                           "d'emploi",
                                           "qu\u2019il",
                                           "U.N.",
                                           "U.S.A",
                                           "A.",
                                           "AT&T",
                                           "M&S",
                                           "C++",
                                           "C#",
                                           "fish+chips",
                                           "x+++",
                                           "1,000",
                                           "3.5",
                                           "2030",
                                           "3x1",
                                           "10.7",
                                           "SDG",
                                           "ODD",
                                           "remesas",
                                           "envíos",
                                           "Éducation",
                                           "éducation",
                                           "niños",
                                           "التحويلات",
                                           "تحويلات",
                                           "مهاجرين",
                                           "fuga",
                                           "cerebros",
                                           "don't",
                                           "rock'n'roll",
                                           "e-mail",
                                           "co-operation",
                                           "snake_case",
                                           "\u200bmoney",
                                           "mon\u200bey",
                                           "naïve",
                                           "Straße",
                                           "İstanbul",
                                           std::string(70, 'a'),
                                           "remittanceremittanceremittanceremittanceremittanceremittanceremittance"};
  const std::vector<std::string> gaps = {
      " ",  "  ", "\n",      ", ", ". ",      "! ",      "? ",       "... ",    " (", ") ", " \"", "\" ",
      " «", "» ", " $",      "% ", " -",      "- ",      " \u2014 ", " /",      "/ ", "@",  "#",   " <",
      "> ", " &", " '",      "' ", " \u201c", "\u201d ", " \u00bf",  " \u00a1", ":",  ";",  "",    "~",
      "`",  "\\", " \u20ac", "\t", "\u00a7 ", "+",       "*",        "|",       "_"};
  // Words and per-language stems, as a built query holds them.
  const std::vector<std::string> asked = {
      "money",     "ZENhome",   "ZENremitt",  "ZENremitted", "u.n.",         "at&t",    "c++",
      "c#",        "ZFRemploi", "l'emploi",   "1,000",       "ZESremes",     "ZESenvi", "ZFRéducation",
      "التحويلات", "ZARتحويل",  "ZENmigrant", "don't",       "ZENmigrants'", "ZFRnaïv", "fish",
      "chip",      "ZENsdg",    "3x1",        "x",           "ZESniñ",       "straße",  "ZEScerebr"};
  std::mt19937 rng(20261201);
  auto pick = [&](const std::vector<std::string>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
  };
  int compared = 0;
  for (int n = 0; n < 20000; ++n) {
    std::vector<std::string> marked;
    for (int k = 0; k < 4; ++k) marked.push_back(pick(asked));
    const Xapian::Query built = terms_query(marked);
    const Xapian::Query query = snippet_query(built);
    const SnippetMarks marks(built);
    std::string text = n % 3 == 0 ? pick(gaps) : "";
    while (text.size() < kSnippetLength - 80) {
      text += pick(tokens);
      text += pick(gaps);
      if (rng() % 7 == 0) break;
    }
    for (const std::string lang : {"en", "fr", "es", "ar"}) {
      ASSERT_EQ(marks.mark(text, lang), xapian_snippet(query, text, lang)) << "text: [" << text << "] lang " << lang;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 80000);
}

// One prepared query marks many snippets: the words it has decided stay
// decided, up to DecidedWords::kMax, and marking agrees with Xapian before,
// while and after the table grows and once it is full.
TEST(SnippetMarksTest, AgreesWithXapianOverManySnippetsOfOneQuery) {
  const Xapian::Query built = terms_query({"money", "ZENhome", "ZENword7"});
  const Xapian::Query query = snippet_query(built);
  const SnippetMarks marks(built);
  for (int n = 0; n < 700; ++n) {
    std::string text = "Money sent home:";
    for (int k = 0; k < 8; ++k) text += " word" + std::to_string(n * 8 + k) + (k % 3 ? "," : " homes");
    ASSERT_EQ(marks.mark(text, "en"), xapian_snippet(query, text, "en")) << text;
  }
}

TEST(DecidedWordsTest, KeepsEachDecisionUpToItsLimit) {
  DecidedWords decided;
  EXPECT_EQ(decided.find("money"), -1);
  for (std::size_t i = 0; i < DecidedWords::kMax + 100; ++i) decided.add("w" + std::to_string(i), i % 2 == 0);
  for (std::size_t i = 0; i < DecidedWords::kMax; ++i)
    ASSERT_EQ(decided.find("w" + std::to_string(i)), i % 2 == 0 ? 1 : 0) << i;
  for (std::size_t i = DecidedWords::kMax; i < DecidedWords::kMax + 100; ++i)
    EXPECT_EQ(decided.find("w" + std::to_string(i)), -1) << i;
  EXPECT_EQ(decided.find(""), -1);
}

}  // namespace
}  // namespace m4d::search
