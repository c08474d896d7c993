// The contrib/ folder: atomic writes, history, tombstones, and the overlay
// m4d-index applies when it rebuilds from the corpus.
#include <gtest/gtest.h>

#include <fstream>

#include "m4d/errors.h"
#include "m4d/indexer/contrib.h"
#include "m4d/indexer/index_builder.h"
#include "m4d/indexer/tagging.h"
#include "test_support.h"

namespace m4d::indexer {
namespace {

namespace fs = std::filesystem;

Contribution sample(const std::string& id, const std::string& title) {
  Contribution c;
  c.id = id;
  c.title = title;
  c.text = "The municipality of Sédhiou in Senegal works with diaspora associations in France.";
  c.lang = "en";
  c.type = kTypeCaseStudy;
  c.source.publication_id = kContribPublicationId;
  c.countries = {"SN"};
  c.created = c.updated = utc_timestamp();
  return c;
}

const Taxonomy& bundled_taxonomy() {
  static const Taxonomy t = Taxonomy::parse(read_taxonomy_files(testing::source_dir() / "taxonomy"));
  return t;
}

TEST(WriteFileAtomically, ReplacesWholeFilesAndLeavesNoTemporaries) {
  testing::TempDir tmp;
  const fs::path f = tmp.path() / "a.json";
  write_file_atomically(f, "first");
  write_file_atomically(f, "second version");
  EXPECT_EQ(testing::read_file(f), "second version");
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator{}), 1);
  EXPECT_THROW(write_file_atomically(tmp.path() / "missing-dir" / "b.json", "x"), RuntimeFailure);
}

TEST(ContribStore, SavesVersionsHistoryAndTombstones) {
  testing::TempDir tmp;
  ContribStore store(tmp.path());
  EXPECT_TRUE(store.scan(bundled_taxonomy()).valid.empty());
  Contribution c = sample("ed-one-000001", "First title");
  const std::string d1 = store.save(c);
  c.title = "Second title";
  const std::string d2 = store.save(c);
  EXPECT_NE(d1, d2);
  auto loaded = store.load("ed-one-000001");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->contribution.title, "Second title");
  EXPECT_EQ(loaded->digest, d2);
  const fs::path history = tmp.path() / "contrib" / "history" / "ed-one-000001";
  ASSERT_TRUE(fs::is_directory(history));
  EXPECT_EQ(std::distance(fs::directory_iterator(history), fs::directory_iterator{}), 1);
  EXPECT_NE(testing::read_file(fs::directory_iterator(history)->path()).find("First title"), std::string::npos);

  Contribution tomb;
  tomb.id = "ed-one-000001";
  tomb.deleted = true;
  store.save(tomb);
  EXPECT_TRUE(store.load("ed-one-000001")->contribution.deleted);
  EXPECT_EQ(std::distance(fs::directory_iterator(history), fs::directory_iterator{}), 2);
  EXPECT_FALSE(store.load("ed-none"));
  EXPECT_THROW(store.load("../../etc/passwd"), InvalidInput);
  Contribution bad = sample("Bad/Id", "x");
  EXPECT_THROW(store.save(bad), InvalidInput);
}

TEST(ContribStore, FilesThatDoNotDecodeOrValidateAreRejectedByNameAndQuarantined) {
  testing::TempDir tmp;
  ContribStore store(tmp.path());
  store.save(sample("ed-good-000001", "A good document"));
  const fs::path dir = tmp.path() / "contrib";
  std::ofstream(dir / "ed-x.json") << "{ not json";
  std::ofstream(dir / "broken.json") << R"({"id":"broken","deleted":"yes"})";
  std::ofstream(dir / "huge.json") << R"({"id":"huge","title":"t","n":1e999})";
  Contribution zz = sample("ed-zz-000002", "Unknown country");
  zz.countries = {"ZZ"};
  Contribution xx = sample("ed-xx-000003", "Unknown language");
  xx.lang = "xx";
  Contribution bogus = sample("ed-bogus-000004", "Unknown type");
  bogus.type = "bogus";
  Contribution tiny = sample("ed-tiny-000005", "Too short");
  tiny.text = "short";
  for (const auto& c : {zz, xx, bogus, tiny}) std::ofstream(dir / (c.id + ".json")) << encode_contribution(c);

  const ContribScan scan = store.scan(bundled_taxonomy());
  ASSERT_EQ(scan.valid.size(), 1u);
  EXPECT_EQ(scan.valid[0].contribution.id, "ed-good-000001");
  ASSERT_EQ(scan.rejected.size(), 7u);
  std::string reasons;
  for (const auto& r : scan.rejected) reasons += r.file.filename().string() + ": " + r.reason + "\n";
  for (const char* expected : {"ed-x.json", "broken.json", "huge.json", "unknown country 'ZZ'", "unknown language 'xx'",
                               "unknown type 'bogus'", "text: must be 50"})
    EXPECT_NE(reasons.find(expected), std::string::npos) << expected << " in\n" << reasons;

  const fs::path moved = store.quarantine(dir / "broken.json");
  EXPECT_EQ(moved, dir / "quarantine" / "broken.json");
  EXPECT_TRUE(fs::exists(moved));
  EXPECT_FALSE(fs::exists(dir / "broken.json"));
  EXPECT_EQ(store.scan(bundled_taxonomy()).rejected.size(), 6u);
}

TEST(OverlayContributions, CorrectsRemovesAndAddsUnits) {
  testing::TempDir tmp;
  ContribStore store(tmp.path());
  Unit a;
  a.id = "ss-01";
  a.title = "Original";
  a.text = "Original text.";
  a.lang = "en";
  a.type = kTypeCaseStudy;
  a.sections = {{"Intro", "Original text."}};
  a.sdg_linkage = "10.7";
  Unit b = a;
  b.id = "ss-02";
  std::vector<Unit> units = {a, b};

  Contribution fix;  // a correction of ss-01: new title, text kept
  fix.id = "ss-01";
  fix.title = "Corrected";
  fix.lang = "en";
  fix.type = kTypeCaseStudy;
  fix.countries = {"NP"};
  store.save(fix);
  Contribution gone;
  gone.id = "ss-02";
  gone.deleted = true;
  store.save(gone);
  store.save(sample("ed-new-000002", "New document"));

  const auto contributions = overlay_contributions(units, tmp.path(), bundled_taxonomy()).valid;
  EXPECT_EQ(contributions.size(), 3u);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].id, "ss-01");
  EXPECT_EQ(units[0].title, "Corrected");
  EXPECT_EQ(units[0].sections.size(), 1u) << "no text given: the publication's sections stay";
  EXPECT_EQ(units[0].sdg_linkage, "10.7");
  EXPECT_EQ(units[1].id, "ed-new-000002");
  EXPECT_EQ(units[1].source.publication_id, kContribPublicationId);
  EXPECT_TRUE(units[1].sections.empty());
}

TEST(BuildIndex, RebuildsWithEditorsContributions) {
  testing::TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus";
  fs::copy(testing::source_dir() / "corpus", corpus, fs::copy_options::recursive);
  ContribStore store(corpus);
  store.save(sample("ed-sedhiou-000003", "Diaspora cooperatives in Sédhiou"));
  Contribution gone;
  gone.id = "ss-02";
  gone.deleted = true;
  store.save(gone);
  IndexerConfig ic;
  ic.corpus_dir = corpus;
  ic.taxonomy_dir = testing::source_dir() / "taxonomy";
  ic.out = tmp.path() / "index";
  build_index(ic, {});
  const auto units = read_units(ic.out);
  auto find = [&](const std::string& id) {
    return std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.id == id; });
  };
  EXPECT_EQ(find("ss-02"), units.end());
  const auto added = find("ed-sedhiou-000003");
  ASSERT_NE(added, units.end());
  ASSERT_FALSE(added->countries.empty());
  EXPECT_EQ(added->countries[0].id, "SN");
  EXPECT_EQ(added->countries[0].provenance, kProvenanceEditor);
  EXPECT_EQ(added->countries[0].role, "primary");
}

}  // namespace
}  // namespace m4d::indexer
