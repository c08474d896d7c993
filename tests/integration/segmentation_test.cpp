// Segmentation and cleaning of the real bundled corpus.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "m4d/indexer/corpus.h"
#include "m4d/text.h"
#include "test_support.h"

namespace m4d::indexer {
namespace {

using m4d::testing::read_tsv;
using m4d::testing::source_dir;

class CorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    corpus_ = new LoadedCorpus(load_corpus(source_dir() / "corpus", kEnglishWordList, {}));
  }
  static void TearDownTestSuite() { delete corpus_; }
  static std::vector<const Unit*> of_type(std::string_view type) {
    std::vector<const Unit*> out;
    for (const auto& u : corpus_->units)
      if (u.type == type) out.push_back(&u);
    return out;
  }
  static const Unit* find(std::string_view id) {
    for (const auto& u : corpus_->units)
      if (u.id == id) return &u;
    return nullptr;
  }
  static LoadedCorpus* corpus_;
};
LoadedCorpus* CorpusTest::corpus_ = nullptr;

TEST_F(CorpusTest, CaseStudiesMatchThePublication) {
  const auto rows = read_tsv(source_dir() / "tests/data/case_studies.tsv");
  ASSERT_EQ(rows.size(), 26u);
  const auto studies = of_type(kTypeCaseStudy);
  ASSERT_EQ(studies.size(), 26u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(rows[i][0]);
    const Unit* u = find(rows[i][0]);
    ASSERT_NE(u, nullptr);
    EXPECT_EQ(u->title, rows[i][1]);
    EXPECT_EQ(u->location, rows[i][2]);
    EXPECT_EQ(u->theme_group, rows[i][3]);
    EXPECT_EQ(u->keywords.empty(), rows[i][2].empty()) << "key words go with the Key Words / Location header";
  }
}

TEST_F(CorpusTest, CaseStudiesHaveTheirSectionsAndLinkageBlock) {
  for (const Unit* u : of_type(kTypeCaseStudy)) {
    SCOPED_TRACE(u->id);
    std::vector<std::string> headings;
    for (const auto& s : u->sections) headings.push_back(s.heading);
    const std::vector<std::string> expected = {"Introduction",       "Context",         "Overview of the practice",
                                               "Key lessons learnt", "Recommendations", "Linkages to the SDGs"};
    // Two stories print no Recommendations section.
    std::vector<std::string> expected_without_rec = expected;
    expected_without_rec.erase(expected_without_rec.begin() + 4);
    EXPECT_TRUE(headings == expected || headings == expected_without_rec) << ::testing::PrintToString(headings);
    EXPECT_EQ(u->sections.back().heading, "Linkages to the SDGs");
    EXPECT_TRUE(std::regex_search(u->sdg_linkage, std::regex("(^|\n)\\d{1,2}\\.?[0-9A-Ca-c]{1,2} \u2013")))
        << u->sdg_linkage;
    for (const auto& s : u->sections) EXPECT_FALSE(s.text.empty()) << s.heading;
  }
  const Unit* upala = find("ss-01");
  ASSERT_NE(upala, nullptr);
  EXPECT_NE(upala->sdg_linkage.find("16.B \u2013 Promote and enforce non-discriminatory laws"), std::string::npos);
  EXPECT_EQ(upala->keywords, (std::vector<std::string>{"Migration", "Mainstreaming", "Economic inclusion",
                                                       "Cross-border migration", "Human rights"}));
}

TEST_F(CorpusTest, TextBoxesCarryTheirProjectAndCountries) {
  const auto rows = read_tsv(source_dir() / "tests/data/text_boxes.tsv");
  ASSERT_EQ(rows.size(), 23u);
  ASSERT_EQ(of_type(kTypeTextBox).size(), 23u);
  for (const auto& row : rows) {
    char id[16];
    std::snprintf(id, sizeof id, "hb-tb-%02d", std::stoi(row[0]));
    SCOPED_TRACE(id);
    const Unit* u = find(id);
    ASSERT_NE(u, nullptr);
    EXPECT_EQ(u->project_id, row[1]);
    EXPECT_EQ(u->countries_printed, row[2]);
    EXPECT_FALSE(u->title.empty());
    EXPECT_GT(u->text.size(), 300u);
    EXPECT_TRUE(u->chapter_id.starts_with("hb-ch"));
    if (row[1].empty()) {
      EXPECT_TRUE(u->related_ids.empty());
    } else {
      ASSERT_EQ(u->related_ids.size(), 1u);
      const Unit* project = find(u->related_ids[0]);
      ASSERT_NE(project, nullptr);
      EXPECT_EQ(project->project_id, row[1]);
      EXPECT_NE(std::find(project->related_ids.begin(), project->related_ids.end(), u->id), project->related_ids.end());
    }
  }
  EXPECT_EQ(find("hb-tb-21")->title, "The JMDI Migration for Development Knowledge Fair");
  EXPECT_EQ(find("hb-tb-20")->title, "Leveraging remittances for socioeconomic development in Sri Lanka");
}

TEST_F(CorpusTest, AnnexGivesFiftyOneProjects) {
  const auto projects = of_type(kTypeProject);
  ASSERT_EQ(projects.size(), 51u);
  const Unit* sl = find("prj-sri-lanka-49");
  ASSERT_NE(sl, nullptr);
  EXPECT_EQ(sl->project_id, "Sri Lanka-49");
  EXPECT_EQ(sl->title, "Leveraging remittances for socioeconomic development in Sri Lanka");
  EXPECT_EQ(sl->countries_printed, "Sri Lanka Bangladesh Netherlands");
  EXPECT_NE(sl->partners.find("Sarvodaya Economic Enterprises Development Services"), std::string::npos);
  for (const Unit* p : projects) {
    EXPECT_TRUE(std::regex_match(p->project_id, std::regex(R"([A-Z][A-Za-z ]+-\d+)"))) << p->project_id;
    EXPECT_FALSE(p->partners.empty()) << p->id;
    EXPECT_EQ(p->partners.find('<'), std::string::npos) << "HTML left in partners of " << p->id;
  }
}

TEST_F(CorpusTest, HandbookSectionsAndChapterLinks) {
  for (std::string id : {"hb-foreword-european-commission", "hb-foreword-united-nations", "hb-intro", "hb-ch3",
                         "hb-3-1", "hb-ch2-rec", "hb-ch5-rec", "hb-ch8-rec", "hb-final-rec"}) {
    const Unit* u = find(id);
    ASSERT_NE(u, nullptr) << id;
    EXPECT_EQ(u->type, kTypeHandbookSection);
    EXPECT_GT(u->text.size(), 200u) << id;
  }
  EXPECT_EQ(find("hb-3-1")->title, "3.1 Improving financial tools and migrants' financial capacity");
  EXPECT_EQ(find("hb-3-1")->chapter_id, "hb-ch3");
  EXPECT_TRUE(find("hb-ch2-rec")->text.starts_with("In order to harness the transnational social capital"));
  EXPECT_NE(find("hb-final-rec")->text.find("Ensure long-term commitment"), std::string::npos);
  EXPECT_EQ(of_type(kTypeArticle).size(), 3u);
}

TEST_F(CorpusTest, PageBreakSplitsAroundTextBoxesAreRepaired) {
  // "A number of JMDI projects" [text box 1, sidebar] "did so by hosting conferences".
  EXPECT_NE(find("hb-2-1")->text.find("A number of JMDI projects did so by hosting conferences"), std::string::npos);
  EXPECT_NE(find("hb-tb-01")->text.find("young second-generation migrants of Cape Verdean origin in Italy"),
            std::string::npos);
}

TEST_F(CorpusTest, HyphenatedWordsAreJoinedAndCompoundsKept) {
  std::string all;
  for (const auto& u : corpus_->units) all += u.title + "\n" + u.text + "\n";
  const std::vector<std::string> whole = {
      "innovative",    "vulnerable",   "accompanied",   "Upala",         "accessible",     "achievement",
      "agreement",     "appreciation", "association",   "awareness",     "categories",     "collaborations",
      "committees",    "complement",   "comprehensive", "connections",   "consolidates",   "consultation",
      "contributed",   "cooperatives", "counterparts",  "disseminated",  "efficiency",     "entrepreneurial",
      "expenditures",  "facilitate",   "formulation",   "heterogeneous", "incorporate",    "legislation",
      "mainstreaming", "nationwide",   "perceptions",   "prospective",   "recommendations"};
  for (const auto& w : whole) EXPECT_TRUE(std::regex_search(all, std::regex("\\b" + w + "\\b"))) << w;
  for (std::string broken : {"inno-vative", "inno- vative", "accompa-nied", "recommen-dations", "develop-ment"})
    EXPECT_EQ(all.find(broken), std::string::npos) << broken;
  // Real compounds broken at a line end in the source keep their hyphen.
  for (std::string compound : {"long-term", "rights-based", "start-up", "one-stop", "first-hand", "psycho-social",
                               "cross-border", "multi-stakeholder"})
    EXPECT_NE(all.find(compound), std::string::npos) << compound;
}

TEST_F(CorpusTest, NoLineBreakHyphenSplitLeftInCaseStudies) {
  // "micro-, small- and medium-sized" is a suspended hyphen, not a split.
  const std::regex split(R"([a-z]- (?!and |or |to )[a-z])");
  for (const Unit* u : of_type(kTypeCaseStudy)) {
    std::smatch m;
    EXPECT_FALSE(std::regex_search(u->text, m, split)) << u->id << ": ..." << m.str() << "...";
    EXPECT_EQ(u->text.find("-\n"), std::string::npos) << u->id;
  }
}

TEST_F(CorpusTest, NoPageFurnitureInAnyUnit) {
  const std::vector<std::string> furniture = {
      "SUCCESS STORIES", "NO POVERTY",      "REDUCED INEQUALITIES", "PARTNERSHIPS FOR THE GOALS",
      "FOR THE GOALS",   "\u00A9 UN Photo", "\u00A9 JMDI",          "DECENT WORK AND",
      "PEACE, JUSTICE"};
  for (const auto& u : corpus_->units) {
    for (const auto& f : furniture) {
      EXPECT_EQ(u.text.find(f), std::string::npos) << u.id << " contains " << f;
      EXPECT_EQ(u.title.find(f), std::string::npos) << u.id << " title contains " << f;
    }
    EXPECT_FALSE(std::regex_search(u.text, std::regex(R"((^|\n)2 [A-Z])"))) << u.id << " keeps a bullet glyph";
    for (const auto& p : {"\n\nhttp", "\n\nwww."})
      EXPECT_EQ(u.text.find(p), std::string::npos) << u.id << " keeps a bare URL";
    EXPECT_EQ(to_nfc(u.text), u.text) << u.id << " is not NFC";
  }
}

TEST_F(CorpusTest, EveryLetterOfTheStoriesAndArticlesLandsOnce) {
  // Letters are never created or dropped: every letter of the file is in a unit
  // (printed title, key words, location, section headings, text), in the front
  // matter, or in removed furniture.
  for (std::size_t i = 0; i < corpus_->publications.size(); ++i) {
    const auto& pub = corpus_->publications[i];
    if (pub.kind == "handbook") continue;  // checked paragraph by paragraph below
    SCOPED_TRACE(pub.file);
    const auto& seg = corpus_->segmentations[i];
    std::size_t letters = 0;
    for (const auto& u : seg.units) {
      const bool printed_title = u.type == kTypeCaseStudy && u.id != "ss-11" && u.id != "ss-19";
      if (printed_title) letters += count_letters(u.title);
      if (!u.location.empty()) letters += count_letters("Key Words Location") + count_letters(u.location);
      for (const auto& k : u.keywords) letters += count_letters(k);
      for (const auto& s : u.sections) letters += count_letters(s.heading) + count_letters(s.text);
      if (u.sections.empty()) letters += count_letters(u.text);
    }
    for (const auto& p : seg.front_matter) letters += count_letters(p);
    for (const auto& f : seg.furniture) letters += count_letters(f);
    EXPECT_EQ(letters, count_letters(m4d::testing::read_file(source_dir() / "corpus" / pub.file)));
  }
}

TEST_F(CorpusTest, EveryHandbookParagraphLandsInOnePlace) {
  std::size_t index = 0;
  while (corpus_->publications[index].kind != "handbook") ++index;
  const auto& seg = corpus_->segmentations[index];
  std::vector<std::string> places;
  for (const auto& u : seg.units) places.push_back(u.text);
  for (const auto& p : seg.front_matter) places.push_back(p);
  const std::string raw = m4d::testing::read_file(source_dir() / "corpus" / corpus_->publications[index].file);
  std::istringstream lines(raw.substr(0, raw.find("Annex - List of JMDI projects\n")));
  std::string line;
  std::size_t checked = 0;
  while (std::getline(lines, line)) {
    const std::string clean = collapse_spaces(line);
    // Text box header fields are checked by TextBoxesCarryTheirProjectAndCountries.
    if (clean.size() < 80 || std::regex_search(clean, std::regex("^(Project|Title|Partners|Countries):"))) continue;
    const std::string head = clean.substr(0, 60);
    std::size_t found = 0;
    for (const auto& p : places) {
      for (std::size_t at = p.find(head); at != std::string::npos; at = p.find(head, at + 1)) ++found;
    }
    // Found at least once, and never more often than the source prints it
    // (the extraction repeats a few page blocks word for word).
    std::size_t printed = 0;
    for (std::size_t at = raw.find(head); at != std::string::npos; at = raw.find(head, at + 1)) ++printed;
    EXPECT_GE(found, 1u) << head;
    EXPECT_LE(found, std::max<std::size_t>(printed, 1)) << head;
    ++checked;
  }
  EXPECT_GT(checked, 600u);
}

TEST_F(CorpusTest, UnitIdsAreShortUrlSafeAndUnique) {
  std::set<std::string> ids;
  for (const auto& u : corpus_->units) {
    EXPECT_TRUE(std::regex_match(u.id, std::regex("[a-z0-9][a-z0-9-]{1,40}"))) << u.id;
    EXPECT_TRUE(ids.insert(u.id).second) << u.id;
    EXPECT_FALSE(u.title.empty()) << u.id;
    EXPECT_EQ(u.lang, "en");
  }
  EXPECT_EQ(ids.size(), 26u + 23u + 51u + 3u + 42u);
}

}  // namespace
}  // namespace m4d::indexer
