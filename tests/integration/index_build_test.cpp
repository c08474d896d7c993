// Building the on-disk index: content, atomic replacement, clear failures.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdio>

#include "m4d/errors.h"
#include "m4d/indexer/index_builder.h"
#include "m4d/record_dictionary.h"
#include "m4d/schema.h"
#include "test_support.h"

namespace m4d::indexer {
namespace {

namespace fs = std::filesystem;
using m4d::testing::source_dir;
using m4d::testing::TempDir;

IndexerConfig config_for(const fs::path& corpus, const fs::path& out) {
  IndexerConfig c;
  c.corpus_dir = corpus;
  c.taxonomy_dir = source_dir() / "taxonomy";
  c.out = out;
  return c;
}

// Copies the bundled corpus into `dir`, so a test can damage it.
fs::path copy_corpus(const fs::path& dir) {
  fs::copy(source_dir() / "corpus", dir / "corpus", fs::copy_options::recursive);
  return dir / "corpus";
}

struct CommandResult {
  int status;
  std::string output;
};

CommandResult run(const std::string& cmd) {
  CommandResult r{0, {}};
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) r.output.append(buf, n);
  r.status = ::pclose(p);
  return r;
}

TEST(IndexBuild, BuildsSearchableIndexOfTheBundledCorpus) {
  TempDir tmp;
  const auto summary = build_index(config_for(source_dir() / "corpus", tmp.path() / "index"), {});
  EXPECT_EQ(summary.units, 145u);
  EXPECT_EQ(summary.units_by_type.at("case_study"), 26);
  EXPECT_EQ(summary.units_by_type.at("text_box"), 23);
  EXPECT_EQ(summary.units_by_type.at("project"), 51);
  EXPECT_EQ(summary.units_by_type.at("article"), 3);

  Xapian::Database db((tmp.path() / "index").string());
  EXPECT_EQ(db.get_doccount(), 145u);
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaSchemaVersion)), schema::kSchemaVersion);

  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("en"));
  qp.add_prefix("title", std::string(schema::kPrefixTitle));
  Xapian::Enquire enquire(db);
  // Phrases work (positions are indexed), across a line break of the source.
  enquire.set_query(qp.parse_query("\"cross-border women\"", Xapian::QueryParser::FLAG_PHRASE));
  Xapian::MSet phrase = enquire.get_mset(0, 10);
  ASSERT_GE(phrase.size(), 1u);
  EXPECT_TRUE(phrase.begin()
                  .get_document()
                  .get_value(schema::kSlotFacets)
                  .ends_with("\x1E"
                             "case_study\x1E"
                             "en"));
  // Function words keep their counts, not their positions (schema 8).
  const Xapian::docid with_the = *db.postlist_begin("the");
  EXPECT_GT(db.postlist_begin("the").get_wdf(), 0u);
  EXPECT_EQ(db.positionlist_begin(with_the, "the"), db.positionlist_end(with_the, "the"));
  const Xapian::docid with_women = *db.postlist_begin("women");
  EXPECT_NE(db.positionlist_begin(with_women, "women"), db.positionlist_end(with_women, "women"));
  // Stems are kept per language: English ones under "ZEN", title stems under "ZSEN".
  const Xapian::Stem english("en");
  auto stem = [&](const std::string& w) { return schema::stem_prefix("en") + english(w); };
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaStemmers)), "en");
  for (auto t = db.allterms_begin("Z"); t != db.allterms_end("Z"); ++t)
    ASSERT_TRUE((*t).starts_with("ZEN") || (*t).starts_with("ZSEN") || (*t).starts_with("ZKEN")) << *t;
  EXPECT_GT(db.get_termfreq(schema::stem_prefix("en", schema::kPrefixTitle) + english("remittances")), 0u);
  // A word broken at a line end in the source is found whole.
  enquire.set_query(Xapian::Query(stem("innovative")));
  EXPECT_GT(enquire.get_mset(0, 200).get_matches_estimated(), 10u);
  // Titles are weighted: a title match ranks first.
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(stem("aquaculture")), Xapian::Query(stem("fisheries"))));
  Xapian::MSet top = enquire.get_mset(0, 1);
  ASSERT_EQ(top.size(), 1u);
  const std::string title = top.begin().get_document().get_value(schema::kSlotTitleSort);
  EXPECT_NE(title.find("aquaculture"), std::string::npos) << title;
  // Boolean filter terms.
  EXPECT_EQ(db.get_termfreq(std::string(spec(Facet::kType).prefix) + "project"), 51u);
  EXPECT_EQ(db.get_termfreq(std::string(schema::kPrefixId) + "prj-sri-lanka-49"), 1u);
  // Stored records decode to the same units.
  const auto units = read_units(tmp.path() / "index");
  ASSERT_EQ(units.size(), 145u);
  // Records are compressed with the index's dictionary (schema 9), learnt
  // from them: all but a few records gain by it.
  EXPECT_NE(RecordDictionary::load(db.get_metadata(std::string(schema::kMetaRecordDictionary))), nullptr);
  std::size_t compressed = 0;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p)
    if (db.get_document(*p).get_data().front() == '\x02') ++compressed;
  EXPECT_GE(compressed, 140u);
  EXPECT_FALSE(units.front().text.empty());
}

TEST(IndexBuild, RebuildSwapsAtomicallyAndKeepsIdsStable) {
  TempDir tmp;
  const fs::path out = tmp.path() / "index";
  build_index(config_for(source_dir() / "corpus", out), {});
  const auto first = read_units(out);
  build_index(config_for(source_dir() / "corpus", out), {});
  const auto second = read_units(out);
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].id, second[i].id);
  EXPECT_TRUE(fs::is_symlink(out));
  // Only the live generation remains beside the link.
  std::size_t generations = 0;
  for (const auto& e : fs::directory_iterator(tmp.path()))
    if (e.path().filename().string().starts_with(".index.gen-")) ++generations;
  EXPECT_EQ(generations, 1u);
}

TEST(IndexBuild, FailedBuildLeavesPreviousIndexIntact) {
  TempDir tmp;
  const fs::path corpus = copy_corpus(tmp.path());
  const fs::path out = tmp.path() / "index";
  build_index(config_for(corpus, out), {});
  // Damage one publication with invalid UTF-8.
  {
    std::ofstream f(corpus / "gfmd-call-for-action-jmdi-2016.txt", std::ios::app | std::ios::binary);
    f << "broken \xFF\xFE bytes";
  }
  try {
    build_index(config_for(corpus, out), {});
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("gfmd-call-for-action-jmdi-2016.txt: invalid UTF-8 at byte"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(read_units(out).size(), 145u);
  for (const auto& e : fs::directory_iterator(tmp.path()))
    EXPECT_EQ(e.path().filename().string().find(".index.gen-") == 0 && !fs::equivalent(e.path(), out), false)
        << "left-over generation " << e.path();
}

TEST(IndexBuild, BadManifestAndMissingFilesGiveClearErrors) {
  TempDir tmp;
  const fs::path corpus = copy_corpus(tmp.path());
  fs::remove(corpus / "jmdi-brief-non-governmental-actors.txt");
  EXPECT_THROW(
      {
        try {
          build_index(config_for(corpus, tmp.path() / "index"), {});
        } catch (const RuntimeFailure& e) {
          EXPECT_NE(std::string(e.what()).find("jmdi-brief-non-governmental-actors.txt: cannot open"),
                    std::string::npos);
          throw;
        }
      },
      RuntimeFailure);
  { std::ofstream(corpus / "manifest.json") << "{\"publications\": [ {\"id\": \"x\"} ]}"; }
  EXPECT_THROW(build_index(config_for(corpus, tmp.path() / "index"), {}), InvalidInput);
  {
    std::ofstream(corpus / "manifest.json")
        << R"j({"publications": [{"id": "x", "title": "t", "publisher": "p", "language": "en", "file": "x.txt",)j"
        << R"j( "kind": "article", "url": "javascript:alert(1)"}]})j";
  }
  EXPECT_THROW(build_index(config_for(corpus, tmp.path() / "index"), {}), InvalidInput);
  { std::ofstream(corpus / "manifest.json") << "{not json"; }
  EXPECT_THROW(build_index(config_for(corpus, tmp.path() / "index"), {}), InvalidInput);
  EXPECT_THROW(build_index(config_for(tmp.path() / "nowhere", tmp.path() / "index"), {}), InvalidInput);
  EXPECT_FALSE(fs::exists(tmp.path() / "index"));
}

TEST(IndexBuild, ProgramReportsProgressListsAndFailsInOneLine) {
  TempDir tmp;
  const std::string bin = M4D_INDEX_BIN;
  const std::string out = (tmp.path() / "idx").string();
  auto built = run(bin + " --corpus " + (source_dir() / "corpus").string() + " --taxonomy " +
                   (source_dir() / "taxonomy").string() + " --out " + out);
  EXPECT_EQ(built.status, 0) << built.output;
  EXPECT_NE(built.output.find("[2/5] jmdi-success-stories-local-authorities.txt: 26 units"), std::string::npos)
      << built.output;
  EXPECT_NE(built.output.find("built 145 units"), std::string::npos) << built.output;
  EXPECT_NE(built.output.find("case_study: 26"), std::string::npos);

  auto listed = run(bin + " --list " + out);
  EXPECT_EQ(listed.status, 0);
  EXPECT_NE(listed.output.find("ss-07\tcase_study\tProtecting the Rights of Migrant and Cross-Border Women\n"),
            std::string::npos);
  EXPECT_NE(listed.output.find("hb-tb-20\ttext_box\t"), std::string::npos);

  auto unknown = run(bin + " --frobnicate");
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.output.find("m4d-index: error:"), std::string::npos) << unknown.output;
  EXPECT_EQ(std::count(unknown.output.begin(), unknown.output.end(), '\n'), 1) << unknown.output;

  auto missing = run(bin + " --corpus " + (tmp.path() / "none").string() + " --out " + out);
  EXPECT_EQ(WEXITSTATUS(missing.status), 2);
  EXPECT_NE(missing.output.find("none: corpus directory not found"), std::string::npos) << missing.output;

  auto not_index = run(bin + " --list " + tmp.path().string());
  EXPECT_NE(not_index.status, 0);
  EXPECT_NE(not_index.output.find("m4d-index: error:"), std::string::npos) << not_index.output;
}

}  // namespace
}  // namespace m4d::indexer
